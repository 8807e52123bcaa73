//! The view each tab shows, from the page's state.

use yew::prelude::*;

use crate::page::components::binary_check::BinaryCheck;
use crate::page::components::compare::Compare;
use crate::page::components::flamegraph::FlameGraph;
use crate::page::components::graph::GraphPanel;
use crate::page::components::pgo_panel::PgoPanel;
use crate::page::components::sandwich::SandwichPanel;
use crate::page::components::source::{HotLine, SourcePanel};
use crate::page::components::top_table::TopTable;
use crate::page::components::verify_panel::{actual_text, VerifyPanel};
use crate::page::hooks::{FlameControls, PageCallbacks, Picking};
use crate::page::state::{effective_request, State};
use crate::page::tab::Tab;
use crate::protocol::SharedView;

/// The hot call sites of `function` (Go's CDF rule, as the PGO panel lists them) on its lines, with
/// how the candidate shows each call when the groups are compared.
fn hot_lines(state: &State, function: &str) -> Vec<HotLine> {
    let Some(pgo) = &state.view.pgo else { return Vec::new() };
    let start = state
        .view
        .source
        .as_ref()
        .and_then(|s| s.routines.iter().find(|r| r.function == function).map(|r| r.start_line));
    let Some(start) = start.filter(|&s| s > 0) else { return Vec::new() };
    let effect = match &state.compare.result {
        Some(Ok(c)) => c.effect.as_ref().ok().cloned(),
        _ => None,
    };
    (pgo.hot_edges.iter())
        .filter(|(e, _)| e.caller == function)
        .map(|(e, w)| HotLine {
            line: start + e.offset,
            callee: e.callee.clone(),
            weight: *w,
            share_percent: pgoscope_pgo::weight_percent(*w, pgo.total_weight),
            after: effect.as_ref().and_then(|ef| {
                let site = ef.sites.iter().find(|s| s.edge == *e)?;
                Some(format!("{:?}", site.after).to_lowercase())
            }),
            compiler: compiler_did(state, e, start + e.offset),
        })
        .collect()
}

/// What the build log says the compiler did at this hot call (when a log was given and fits).
fn compiler_did(state: &State, edge: &pgoscope_pgo::CallEdge, line: i64) -> Option<String> {
    let (_, Ok(report)) = state.verify.as_deref()? else { return None };
    let site = (report.sites.iter())
        .find(|s| s.caller == edge.caller && s.callee == edge.callee && s.line == line)?;
    Some(actual_text(site))
}

/// In a comparison, the baseline's hot calls the candidate shows inlined where they were calls.
fn inlined_after(state: &State) -> Vec<(String, String)> {
    use pgoscope_pgo::CallForm;
    let Some(Ok(compare)) = &state.compare.result else { return Vec::new() };
    let Ok(effect) = &compare.effect else { return Vec::new() };
    (effect.sites.iter())
        .filter(|s| {
            s.before == CallForm::Call && matches!(s.after, CallForm::Inlined | CallForm::Both)
        })
        .map(|s| (s.edge.caller.clone(), s.edge.callee.clone()))
        .collect()
}

/// What the views read besides the state.
pub struct Views<'a> {
    pub state: &'a State,
    pub flame: &'a FlameControls,
    pub on: &'a PageCallbacks,
    pub picking: &'a Picking,
}

impl Views<'_> {
    /// The shown tab's view.
    pub fn render(&self) -> Html {
        let tab = self.state.tab;
        if tab == Tab::Compare {
            return self.compare();
        }
        let Some(view) = &self.state.view.view else { return self.waiting() };
        match tab {
            Tab::Flame => self.flame_graph(view),
            Tab::Top => self.top(view),
            Tab::Both => html! {
                <div class="views-both" data-testid="views-both">
                    { self.flame_graph(view) }
                    { self.top(view) }
                </div>
            },
            Tab::Sandwich => html! {
                <SandwichPanel view={view.clone()} selected={self.state.view.selected.clone()}
                    sandwich={self.state.view.selected_sandwich().cloned()} on_pick={self.picking.on_pick.clone()} />
            },
            Tab::Pgo => {
                let (state, on) = (self.state, self.on);
                html! {
                    <>
                        <PgoPanel pgo={state.view.pgo.clone()} request={effective_request(state)}
                            files={state.files.loaded.clone()} on_export={on.on_export.clone()} />
                        <VerifyPanel verify={state.verify.clone()} on_files={on.on_build_log.clone()} />
                    </>
                }
            }
            Tab::Compare => self.compare(),
            Tab::Source => self.source(view),
            Tab::Graph => self.graph(),
        }
    }

    fn graph(&self) -> Html {
        let (view, on) = (&self.state.view, self.on);
        html! {
            <GraphPanel graph={view.graph.clone()} node_count={view.graph_request.node_count}
                focus={view.graph_request.focus.clone()} on_focus={on.on_graph_focus.clone()}
                on_node_count={on.on_graph_nodes.clone()} inlined_after={inlined_after(self.state)} />
        }
    }

    fn source(&self, view: &SharedView) -> Html {
        let state = self.state;
        let hot = state.view.selected.as_deref().map(|f| hot_lines(state, f)).unwrap_or_default();
        html! {
            <SourcePanel view={view.clone()} selected={state.view.selected.clone()}
                source={state.view.source.clone()} {hot} sources={state.sources.clone()}
                on_files={self.on.on_source_files.clone()} on_template={self.on.on_source_template.clone()} on_pick={self.picking.on_pick.clone()} />
        }
    }

    /// No view yet: why, and what to do.
    fn waiting(&self) -> Html {
        let state = self.state;
        let text = if state.view.building || !state.files.progress.is_empty() {
            "Building the view…"
        } else if state.files.valid() > 0 {
            "No view: see the message above."
        } else {
            "Drop Go profiles on the page, choose files, or try the demo: this view shows them."
        };
        html! { <p class="meta waiting" data-testid="view-waiting">{ text }</p> }
    }

    fn flame_graph(&self, view: &SharedView) -> Html {
        let (state, flame) = (self.state, self.flame);
        // The frame asked for when cached, else the newest (until the worker answers).
        let flames = &state.view.flames;
        let Some(frame) = flames.iter().find(|f| f.request == flame.request).or(flames.first())
        else {
            return html! {};
        };
        html! {
            <FlameGraph view={view.clone()} flame={frame.clone()} zoom={flame.request.zoom.clone()}
                on_zoom={self.picking.on_flame_zoom.clone()} on_width={flame.on_width.clone()}
                worker_memory_bytes={state.view.worker_memory_bytes()} />
        }
    }

    fn top(&self, view: &SharedView) -> Html {
        html! {
            <TopTable view={view.clone()} selected={self.state.view.selected.clone()}
                on_select={self.picking.on_pick.clone()} />
        }
    }

    fn compare(&self) -> Html {
        let (state, on) = (self.state, self.on);
        let compare = &state.compare;
        html! {
            <>
                <Compare files={state.files.loaded.clone()} groups={compare.groups.clone()}
                    normalization={compare.normalization} compare={compare.result.clone()} comparing={compare.comparing}
                    diff_flame={compare.diff_flame.clone()} on_diff_zoom={on.on_diff_zoom.clone()}
                    on_group_files={on.on_group_files.clone()} on_assign={on.on_assign.clone()}
                    on_normalization={on.on_normalization.clone()} on_export={on.on_export.clone()}
                    typed_work={compare.typed_work} benches={compare.benches.clone()}
                    on_work={on.on_work.clone()} on_bench={on.on_bench.clone()} />
                <BinaryCheck result={state.binary.clone()} on_binary={on.on_binary.clone()} />
            </>
        }
    }
}
