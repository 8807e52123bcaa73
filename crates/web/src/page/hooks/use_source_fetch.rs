//! The source URL template at work: it is remembered in the browser (localStorage), and each file
//! of the source view that no given source matches is fetched through it, once per template.

use gloo::storage::{LocalStorage, Storage};
use pgoscope_pprof::best_source_match;
use yew::prelude::*;

use crate::page::loading::Loader;
use crate::page::state::{SourcesAction, State};

/// Where the template is remembered.
const TEMPLATE_KEY: &str = "pgoscope.sourceUrlTemplate";

#[hook]
pub fn use_source_fetch(state: &UseReducerHandle<State>, loader: &Loader) {
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            if let Ok(template) = LocalStorage::get::<String>(TEMPLATE_KEY) {
                dispatcher.dispatch(SourcesAction::Template(template).into());
            }
        });
    }
    let template = state.sources.url_template.clone();
    use_effect_with(template.clone(), |template| {
        if template.is_empty() {
            LocalStorage::delete(TEMPLATE_KEY);
        } else {
            // Storage refused (private mode, quota): the template still works for this page.
            let _ = LocalStorage::set(TEMPLATE_KEY, template);
        }
    });
    let sources = &state.sources;
    let loader = loader.clone();
    let strip = sources.strip_components;
    let deps =
        (state.view.source.clone(), template, sources.files.clone(), sources.fetched.clone());
    use_effect_with(deps, move |(source, template, files, fetched)| {
        let Some(source) = source.as_ref().filter(|_| !template.is_empty()) else { return };
        for routine in &source.routines {
            let given = best_source_match(&routine.file, files.iter(), |f| f.path.as_str());
            if given.is_none() && !fetched.contains(&routine.file) {
                loader.fetch_source(template.clone(), routine.file.clone(), strip);
            }
        }
    });
}
