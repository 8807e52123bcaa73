//! The file tray: one compact row per loaded file (name, size, sample types with totals, duration,
//! group, include toggle), or its error beside its name; rows in load order.

use std::rc::Rc;

use pgoscope_pprof::Summary;
use yew::prelude::*;

use crate::components::format::{format_bytes, format_value};
use crate::loading::LoadedFile;
use crate::protocol::FileId;
use crate::protocol::Group;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<Rc<LoadedFile>>,
    /// Ids of files left out of the view.
    pub excluded: Vec<FileId>,
    pub on_toggle: Callback<FileId>,
    pub on_remove: Callback<FileId>,
    /// Comparison groups of files; a file's select puts it in one or takes it out.
    pub groups: Vec<(FileId, Group)>,
    pub on_assign: Callback<(FileId, Option<Group>)>,
}

#[function_component(FileList)]
pub fn file_list(props: &Props) -> Html {
    if props.files.is_empty() {
        return html! {};
    }
    // Keyed cards with their own props: a new file adds one card, the others are not re-rendered
    // (fifty files arriving one by one re-rendered fifty cards each time).
    // Rows in drop order (ids are given as files are dropped; they finish loading in any order).
    let mut files: Vec<&Rc<LoadedFile>> = props.files.iter().collect();
    files.sort_by_key(|f| f.id);
    html! {
        <ul class="files" data-testid="file-tray">
            { for files.into_iter().map(|f| {
                let group = props.groups.iter().find(|(id, _)| *id == f.id).map(|(_, g)| *g);
                html! {
                    <FileCard key={f.id} file={f.clone()} included={!props.excluded.contains(&f.id)} {group}
                        on_toggle={props.on_toggle.clone()} on_remove={props.on_remove.clone()}
                        on_assign={props.on_assign.clone()} />
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    file: Rc<LoadedFile>,
    included: bool,
    group: Option<Group>,
    on_toggle: Callback<FileId>,
    on_remove: Callback<FileId>,
    on_assign: Callback<(FileId, Option<Group>)>,
}

#[function_component(FileCard)]
fn file_card(props: &CardProps) -> Html {
    let (file, included, group) = (&props.file, props.included, props.group);
    let id = file.id;
    let remove = props.on_remove.reform(move |_: MouseEvent| id);
    let toggle = props.on_toggle.reform(move |_: Event| id);
    let assign = props.on_assign.reform(move |e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        let group = match value.as_str() {
            "baseline" => Some(Group::Baseline),
            "candidate" => Some(Group::Candidate),
            _ => None,
        };
        (id, group)
    });
    let header = html! {
        <div class="file-head">
            if file.outcome.is_ok() {
                <input type="checkbox" class="include" title="include in the view" checked={included}
                    data-testid="include-toggle" onchange={toggle} />
            }
            <span class="file-name" title={file.name.clone()}>{ &file.name }</span>
            <span class="file-size">{ format_bytes(file.size_bytes as i64) }</span>
            if file.outcome.is_ok() {
                <select class="group-select" title="comparison group" data-testid="group-select" onchange={assign}>
                    <option value="" selected={group.is_none()}>{ "analysis" }</option>
                    <option value="baseline" selected={group == Some(Group::Baseline)}>{ "baseline" }</option>
                    <option value="candidate" selected={group == Some(Group::Candidate)}>{ "candidate" }</option>
                </select>
            }
            <button class="remove" title="Remove" onclick={remove}>{ "×" }</button>
        </div>
    };
    match &file.outcome {
        Ok(summary) => html! {
            <li class="file" data-testid="profile-item">
                { header }
                { summary_view(summary) }
            </li>
        },
        Err(message) => html! {
            <li class="file failed">
                { header }
                <p class="error" data-testid="file-error">{ message }</p>
            </li>
        },
    }
}

/// Sample types with their totals, then counts and duration, on one line.
fn summary_view(s: &Summary) -> Html {
    let types: Vec<String> = s
        .sample_types
        .iter()
        .map(|t| format!("{}/{} {}", t.r#type, t.unit, format_value(t.total, &t.unit)))
        .collect();
    let duration = if s.duration_ns > 0 {
        format!(" · {:.2} s", s.duration_ns as f64 / 1e9)
    } else {
        String::new()
    };
    html! {
        <p class="meta file-summary">
            <span class="file-types">{ types.join(" · ") }</span>
            <span class="file-counts">
                { format!("{} samples · {} functions · {} locations{duration}", s.samples, s.functions, s.locations) }
            </span>
        </p>
    }
}
