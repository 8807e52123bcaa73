//! The file tray: one compact row per loaded file (name, size, sample types with totals, duration,
//! group, include toggle), or its error beside its name; rows in load order.

use std::rc::Rc;

use pgoscope_pprof::Summary;
use yew::prelude::*;

use crate::page::components::format::{file_count, format_bytes, format_value};
use crate::page::loading::LoadedFile;
use crate::protocol::{FileId, Group};

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
    /// Include (true) or leave out (false) every file given (a group's all / none).
    pub on_include: Callback<(Vec<FileId>, bool)>,
}

/// A group of the tray: the analysis files (in no comparison group), the baseline, the candidate.
const TRAY_GROUPS: [(Option<Group>, &str); 3] = [
    (None, "Analysis"),
    (Some(Group::Baseline), "Baseline"),
    (Some(Group::Candidate), "Candidate"),
];

/// Heights in CSS pixels of a group header and of a file row (the stylesheet gives them exactly
/// these heights, which the windowing below relies on).
const HEADER_PX: f64 = 28.0;
const ROW_PX: f64 = 30.0;
/// Items (headers and rows) in the page at most: the ones in view and some on either side, so a
/// tray of 500 files keeps about sixty elements, and one of 50 has them all.
const WINDOW_ITEMS: usize = 64;

/// A line of the tray.
enum Item<'a> {
    Header { group: Option<Group>, title: &'static str, members: Vec<&'a Rc<LoadedFile>> },
    Row { file: &'a Rc<LoadedFile>, group: Option<Group> },
}

impl Item<'_> {
    fn height_px(&self) -> f64 {
        match self {
            Item::Header { .. } => HEADER_PX,
            Item::Row { .. } => ROW_PX,
        }
    }
}

#[function_component(FileList)]
pub fn file_list(props: &Props) -> Html {
    let by_name = use_state(|| false);
    let collapsed = use_state(Vec::<Option<Group>>::new);
    let first_item = use_state(|| 0usize);
    if props.files.is_empty() {
        return html! {};
    }
    let items = items(props, *by_name, &collapsed);
    // Offsets of each item's top, and the window of items drawn around the first one in view.
    let tops: Vec<f64> = (items.iter())
        .scan(0.0, |top, item| {
            let at = *top;
            *top += item.height_px();
            Some(at)
        })
        .collect();
    let total_px = tops.last().zip(items.last()).map_or(0.0, |(t, i)| t + i.height_px());
    let start = first_item.saturating_sub(WINDOW_ITEMS / 4).min(items.len());
    let end = (start + WINDOW_ITEMS).min(items.len());
    let above_px = tops.get(start).copied().unwrap_or(0.0);
    let below_px = total_px - tops.get(end).copied().unwrap_or(total_px);
    let onscroll = {
        let (first_item, tops) = (first_item.clone(), tops.clone());
        Callback::from(move |e: Event| {
            let top = f64::from(e.target_unchecked_into::<web_sys::Element>().scroll_top());
            let first = tops.partition_point(|&t| t <= top).saturating_sub(1);
            if first.abs_diff(*first_item) >= WINDOW_ITEMS / 8 {
                first_item.set(first);
            }
        })
    };
    let toggle_sort = {
        let by_name = by_name.clone();
        Callback::from(move |_: Event| by_name.set(!*by_name))
    };
    html! {
        <div class="tray-wrap">
            <label class="tray-sort"><input type="checkbox" data-testid="tray-sort-name" checked={*by_name} onchange={toggle_sort} />{ " sort by name" }</label>
            <div class="tray" data-testid="file-tray" {onscroll}>
                <ul class="tray-list">
                    <li class="spacer" style={format!("height:{above_px}px")} />
                    { for items[start..end].iter().map(|item| item_view(item, props, &collapsed)) }
                    <li class="spacer" style={format!("height:{below_px}px")} />
                </ul>
            </div>
        </div>
    }
}

/// The tray's lines: each group with files, its header, then (unless collapsed) its rows in drop
/// order (ids are given as files are dropped; they finish loading in any order) or by name.
fn items<'a>(props: &'a Props, by_name: bool, collapsed: &[Option<Group>]) -> Vec<Item<'a>> {
    let group_of =
        |f: &LoadedFile| props.groups.iter().find(|(id, _)| *id == f.id).map(|(_, g)| *g);
    let mut files: Vec<&Rc<LoadedFile>> = props.files.iter().collect();
    match by_name {
        true => files.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
        false => files.sort_by_key(|f| f.id),
    }
    let mut items = Vec::with_capacity(files.len() + TRAY_GROUPS.len());
    for &(group, title) in &TRAY_GROUPS {
        let members: Vec<&Rc<LoadedFile>> =
            files.iter().copied().filter(|f| group_of(f) == group).collect();
        if members.is_empty() {
            continue;
        }
        let rows: Vec<Item> = match collapsed.contains(&group) {
            true => Vec::new(),
            false => members.iter().map(|&file| Item::Row { file, group }).collect(),
        };
        items.push(Item::Header { group, title, members });
        items.extend(rows);
    }
    items
}

fn item_view(item: &Item, props: &Props, collapsed: &UseStateHandle<Vec<Option<Group>>>) -> Html {
    match item {
        Item::Header { group, title, members } => {
            let group = *group;
            let toggle_open = {
                let collapsed = collapsed.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut next = (*collapsed).clone();
                    match next.iter().position(|g| *g == group) {
                        Some(i) => {
                            next.remove(i);
                        }
                        None => next.push(group),
                    }
                    collapsed.set(next);
                })
            };
            let open = !collapsed.contains(&group);
            group_header(title, members, open, toggle_open, &props.on_include)
        }
        // Keyed rows with their own props: a new file adds one row, the others are not re-rendered
        // (fifty files arriving one by one re-rendered fifty each time).
        Item::Row { file, group } => html! {
            <FileCard key={file.id} file={(*file).clone()} included={!props.excluded.contains(&file.id)}
                group={*group} on_toggle={props.on_toggle.clone()} on_remove={props.on_remove.clone()}
                on_assign={props.on_assign.clone()} />
        },
    }
}

/// "Candidate · 12 files · 2,053 samples · 10.0 min", a collapse toggle, and all / none.
fn group_header(
    title: &str,
    members: &[&Rc<LoadedFile>],
    open: bool,
    on_toggle: Callback<MouseEvent>,
    on_include: &Callback<(Vec<FileId>, bool)>,
) -> Html {
    let summaries: Vec<&Summary> = members.iter().filter_map(|f| f.outcome.as_ref().ok()).collect();
    let samples: i64 = summaries.iter().map(|s| sample_count(s)).sum();
    let seconds = summaries.iter().map(|s| s.duration_ns).sum::<i64>() as f64 / 1e9;
    let mut text = format!("{title} · {} · {samples} samples", file_count(members.len()));
    if seconds > 0.0 {
        text += &if seconds >= 120.0 {
            format!(" · {:.1} min", seconds / 60.0)
        } else {
            format!(" · {seconds:.1} s")
        };
    }
    let ids: Vec<FileId> = members.iter().filter(|f| f.outcome.is_ok()).map(|f| f.id).collect();
    let all = on_include.reform({
        let ids = ids.clone();
        move |_: MouseEvent| (ids.clone(), true)
    });
    let none = on_include.reform(move |_: MouseEvent| (ids.clone(), false));
    html! {
        <li class="group-head" key={format!("group-{title}")} data-testid="group-header">
            <button class="group-toggle" title={if open { "collapse" } else { "expand" }} onclick={on_toggle}>
                { if open { "▾ " } else { "▸ " } }{ text }
            </button>
            <button class="link" data-testid="group-all" onclick={all}>{ "all" }</button>
            <button class="link" data-testid="group-none" onclick={none}>{ "none" }</button>
        </li>
    }
}

/// Samples taken: the `samples/count` total when the profile has it, else its sample records.
fn sample_count(s: &Summary) -> i64 {
    s.sample_types.iter().find(|t| t.r#type == "samples").map_or(s.samples as i64, |t| t.total)
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
    let detail = match &file.outcome {
        Ok(summary) => summary_view(summary),
        Err(message) => html! {
            <span class="error file-detail" data-testid="file-error" title={message.clone()}>{ message }</span>
        },
    };
    let ok = file.outcome.is_ok();
    html! {
        <li class={classes!("file", (!ok).then_some("failed"))} data-testid={ok.then_some("profile-item")}>
            if ok {
                <input type="checkbox" class="include" title="include in the view" checked={included}
                    data-testid="include-toggle" onchange={toggle} />
            } else {
                <span class="include" />
            }
            <span class="file-name" title={file.name.clone()}>{ &file.name }</span>
            { detail }
            <span class="file-size">{ format_bytes(file.size_bytes as i64) }</span>
            if ok {
                <select class="group-select" title="comparison group" data-testid="group-select" onchange={assign}>
                    <option value="" selected={group.is_none()}>{ "analysis" }</option>
                    <option value="baseline" selected={group == Some(Group::Baseline)}>{ "baseline" }</option>
                    <option value="candidate" selected={group == Some(Group::Candidate)}>{ "candidate" }</option>
                </select>
            } else {
                <span />
            }
            <button class="remove" title="Remove" onclick={remove}>{ "×" }</button>
        </li>
    }
}

/// Sample types with their totals, then counts and duration, on one line (cut to the row's width;
/// the whole text in its tooltip).
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
    let (types, counts) = (
        types.join(" · "),
        format!(
            "{} samples · {} functions · {} locations{duration}",
            s.samples, s.functions, s.locations
        ),
    );
    html! {
        <span class="meta file-detail file-summary" title={format!("{types}\n{counts}")}>
            <span class="file-types">{ types }</span>{ " · " }
            <span class="file-counts">{ counts }</span>
        </span>
    }
}
