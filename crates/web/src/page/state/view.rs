//! The view area: what the analysis view shows (files included, sample type, refinements), the
//! view the worker built for it, its flame graph frames, PGO analysis and sandwich.

use std::rc::Rc;

use pgoscope_flame::Sandwich;

use crate::protocol::{
    FileId, FlameView, GraphRequest, GraphView, PgoView, Shared, SharedView, SourceView, ViewData,
    ViewRequest,
};

/// Flame graph frames kept per view.
const FLAME_CACHE: usize = 8;

#[derive(Clone, Default, PartialEq)]
pub struct ViewState {
    pub request: ViewRequest,
    /// A view was requested and has not arrived yet.
    pub building: bool,
    pub view: Option<SharedView>,
    /// Flame graph frames of `view`, newest first (a few are kept so going back, e.g. to the root,
    /// needs no worker round trip; dropped when a new view arrives).
    pub flames: Vec<Shared<FlameView>>,
    pub pgo: Option<Shared<PgoView>>,
    /// Callers and callees of the function picked in the top table.
    pub sandwich: Option<Shared<(String, Sandwich)>>,
    pub error: Option<String>,
    /// The function picked in the top table or the flame graph (kept across views: a refined view
    /// usually still has it).
    pub selected: Option<String>,
    /// The flame graph should zoom to the selected function once its sandwich (which names the
    /// path to its heaviest frame) arrives.
    pub follow: bool,
    /// The lines of a function of this view, as the worker sent them last.
    pub source: Option<Shared<SourceView>>,
    /// The call graph asked for (node count, focus) and the last one the worker sent.
    pub graph_request: GraphRequest,
    pub graph: Option<Shared<GraphView>>,
}

pub enum ViewAction {
    /// A view was requested from the worker.
    Building,
    Built(Box<ViewData>),
    Flame(Box<FlameView>),
    Pgo(Box<PgoView>),
    Sandwich(String, Sandwich),
    Source(Box<SourceView>),
    Graph(Box<GraphView>),
    /// The call graph around a function (and how far), or the whole graph again (None).
    FocusGraph(Option<(String, usize)>),
    SetGraphNodes(usize),
    Failed(String),
    /// The user changed files included, sample type or refinements.
    SetRequest(ViewRequest),
    /// Include a file in the view, or leave it out: applied to the request as it is then, so
    /// quick toggles in a row all count.
    ToggleIncluded(FileId),
    /// Include these files in the view (true) or leave them out (false).
    SetIncluded(Vec<FileId>, bool),
    /// A function was picked; with `follow`, the flame graph zooms to it when its sandwich arrives.
    Select {
        function: String,
        follow: bool,
    },
    /// The flame graph zoomed to the selected function.
    Followed,
}

impl ViewState {
    pub fn reduce(&mut self, action: ViewAction) {
        match action {
            ViewAction::Building => self.building = true,
            ViewAction::Built(view) => {
                self.clear();
                self.view = Some(Shared(Rc::from(view)));
            }
            ViewAction::Flame(flame) => {
                // A frame of an older view would index names it does not have.
                if self.view.as_ref().is_some_and(|v| v.generation == flame.generation) {
                    self.flames.retain(|f| f.request != flame.request);
                    self.flames.insert(0, Shared(Rc::from(flame)));
                    self.flames.truncate(FLAME_CACHE);
                }
            }
            ViewAction::Pgo(pgo) => self.pgo = Some(Shared(Rc::from(pgo))),
            ViewAction::Sandwich(function, sandwich) => {
                self.sandwich = Some(Shared::new((function, sandwich)));
            }
            ViewAction::Source(source) => {
                // Lines of an older view would not match this one's numbers.
                if self.view.as_ref().is_some_and(|v| v.generation == source.generation) {
                    self.source = Some(Shared(Rc::from(source)));
                }
            }
            ViewAction::Graph(graph) => {
                if self.view.as_ref().is_some_and(|v| v.generation == graph.generation) {
                    self.graph = Some(Shared(Rc::from(graph)));
                }
            }
            ViewAction::FocusGraph(focus) => self.graph_request.focus = focus,
            ViewAction::SetGraphNodes(n) => self.graph_request.node_count = n.max(1),
            ViewAction::Failed(e) => {
                // The old view no longer matches the files and request: it goes with the error.
                self.clear();
                self.error = Some(e);
            }
            ViewAction::SetRequest(request) => self.request = request,
            ViewAction::ToggleIncluded(id) => {
                let excluded = &mut self.request.excluded;
                match excluded.iter().position(|&x| x == id) {
                    Some(i) => {
                        excluded.remove(i);
                    }
                    None => excluded.push(id),
                }
            }
            ViewAction::Select { function, follow } => {
                self.selected = Some(function);
                self.follow = follow;
            }
            ViewAction::Followed => self.follow = false,
            ViewAction::SetIncluded(ids, include) => {
                let excluded = &mut self.request.excluded;
                excluded.retain(|id| !ids.contains(id));
                if !include {
                    excluded.extend(ids);
                }
            }
        }
    }

    /// Drops the view and what was computed from it (a new one or an error replaces it).
    fn clear(&mut self) {
        self.view = None;
        self.error = None;
        self.building = false;
        self.pgo = None;
        self.sandwich = None;
        self.follow = false;
        self.source = None;
        self.graph = None;
        self.flames.clear();
    }

    /// The sandwich of the selected function, once the worker sent it.
    pub fn selected_sandwich(&self) -> Option<&(String, Sandwich)> {
        let sandwich = self.sandwich.as_deref()?;
        (self.selected.as_deref() == Some(sandwich.0.as_str())).then_some(sandwich)
    }

    /// The worker's memory as last reported for the current view: after the PGO analysis once it
    /// is done (wasm memory never shrinks, so the later figure is the peak).
    pub fn worker_memory_bytes(&self) -> u64 {
        let view = self.view.as_ref().map_or(0, |v| v.0.worker_memory_bytes);
        self.pgo.as_ref().map_or(view, |p| p.0.worker_memory_bytes.max(view))
    }
}
