//! The Web Worker: decodes files, keeps the valid ones, and computes views (merge → refine → top
//! table and call tree) off the UI thread.

use gloo::worker::{HandlerId, Worker, WorkerScope};
use pgoscope_flame::CallTree;
use pgoscope_pprof::{
    decode, default_sample_index, filter_samples_by_name, find_sample_index, merge,
    remove_uninteresting, sample_total, summarize, top, MergeOptions, NameFilter, Profile, SortBy,
};

use crate::protocol::{Request, Response, ViewData, ViewRequest};

/// Worker state: the decoded profiles, in load order.
pub struct ProfileWorker {
    profiles: Vec<(u32, Profile)>,
}

impl Worker for ProfileWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        ProfileWorker { profiles: Vec::new() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Request, id: HandlerId) {
        match msg {
            Request::Load { file_id, name, bytes } => {
                let size_bytes = bytes.len();
                let outcome = match decode(&bytes) {
                    Ok(profile) => {
                        let summary = Box::new(summarize(&profile));
                        self.profiles.push((file_id, profile));
                        Ok(summary)
                    }
                    Err(e) => Err(e.to_string()),
                };
                scope.respond(id, Response::Loaded { file_id, name, size_bytes, outcome });
            }
            Request::Remove { file_id } => self.profiles.retain(|(f, _)| *f != file_id),
            Request::View(request) => {
                let response = match compute_view(&self.profiles, &request) {
                    Ok(view) => Response::View(Box::new(view)),
                    Err(e) => Response::ViewError(e),
                };
                scope.respond(id, response);
            }
        }
    }
}

/// The view of the included profiles: merged, `drop_frames` applied, refined, summarised.
pub fn compute_view(
    profiles: &[(u32, Profile)],
    request: &ViewRequest,
) -> Result<ViewData, String> {
    let started = js_sys::Date::now();
    let included: Vec<&Profile> =
        profiles.iter().filter(|(id, _)| !request.excluded.contains(id)).map(|(_, p)| p).collect();
    let mut profile = match included.as_slice() {
        [] => return Err("no profile is included: load or include a profile".into()),
        [one] => (*one).clone(),
        many => {
            let owned: Vec<Profile> = many.iter().map(|p| (*p).clone()).collect();
            merge(&owned, &MergeOptions::default()).map_err(|e| e.to_string())?
        }
    };
    let sample_index = match &request.sample_type {
        Some(name) => find_sample_index(&profile, name)
            .ok_or_else(|| format!("sample type {name} is not in the included profiles"))?,
        None => default_sample_index(&profile).ok_or("the profiles have no sample types")?,
    };
    remove_uninteresting(&mut profile);
    let total = sample_total(&profile, sample_index);
    filter_samples_by_name(&mut profile, &name_filter(request)?);
    let vt = profile.sample_type[sample_index];
    Ok(ViewData {
        sample_types: profile.sample_type.iter().map(|vt| profile.value_type_name(vt)).collect(),
        sample_index,
        unit: profile.str(vt.unit).to_owned(),
        total,
        top: top(&profile, sample_index, SortBy::Flat).rows,
        tree: CallTree::build(&profile, sample_index),
        files: included.len(),
        build_ms: js_sys::Date::now() - started,
    })
}

fn name_filter(request: &ViewRequest) -> Result<NameFilter, String> {
    let compile = |what: &str, src: &str| -> Result<Option<regex::Regex>, String> {
        if src.is_empty() {
            return Ok(None);
        }
        regex::Regex::new(src).map(Some).map_err(|e| format!("invalid {what} regex: {e}"))
    };
    Ok(NameFilter {
        focus: compile("focus", &request.focus)?,
        ignore: compile("ignore", &request.ignore)?,
        hide: compile("hide", &request.hide)?,
    })
}
