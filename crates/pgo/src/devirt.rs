//! Indirect call sites and the callee Go's PGO devirtualization picks for each
//! (`cmd/compile/internal/devirtualize/pgo.go`, `findHotConcreteCallee`).
//!
//! A profile names call sites by (caller, line offset), so two direct calls on one line look like
//! one site with two callees. Go only considers, at an interface call, methods of the called
//! method's name, and at a function-value call, functions of the call's signature. We classify the
//! callees of each site the same way, as far as names allow:
//! - **interface call**: two or more methods with the same method name (`T.Area`, `(*U).Area`);
//! - **function-value call** (a guess, the signature is not in the profile): two or more plain
//!   functions and no method. Go never devirtualizes to a closure. Outside package runtime, runtime
//!   functions are left out: the compiler inserts those calls (`convT`, write barriers, `growslice`)
//!   on the lines of the user's calls.
//!
//! Callees without IR ([`CALLEES_WITHOUT_IR`]) compete with the candidates of every site: when one
//! is the hottest, Go devirtualizes nothing there.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::graph::EdgeGraph;
use crate::symbol::{is_closure, method_name};

/// Functions without IR that appear as callees in CPU profiles. When one is the hottest callee of a
/// call site, Go records it as the hottest and so devirtualizes nothing there. `runtime.asyncPreempt`
/// shows up whenever a preemption signal lands on the call instruction.
pub const CALLEES_WITHOUT_IR: &[&str] =
    &["runtime.asyncPreempt", "runtime.morestack", "runtime.morestack_noctxt"];

/// One callee of a call site and its share of the site's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalleeShare {
    pub callee: String,
    pub weight: i64,
    /// Percent of the call site's weight.
    pub share_percent: f64,
}

/// What kind of indirect call the callees of a site point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// Methods named `method` of two or more receiver types.
    Interface { method: String },
    /// Two or more plain functions: a function-value call, or several direct calls on one line.
    FunctionValue,
}

impl CallKind {
    /// Short words for tables and reports.
    pub fn label(&self) -> &'static str {
        match self {
            CallKind::Interface { .. } => "interface call",
            CallKind::FunctionValue => "function value (probable)",
        }
    }
}

/// An indirect call site with two or more candidate callees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevirtSite {
    pub caller: String,
    pub offset: i64,
    pub kind: CallKind,
    /// The candidates and the callees without IR, hottest first; ties: functions with IR first,
    /// then the lexicographically first name (Go's tie-break).
    pub callees: Vec<CalleeShare>,
    /// The hottest callee with weight > 0.
    pub chosen: Option<String>,
    /// True when Go devirtualizes nothing here: the chosen callee has no IR, or is a closure.
    pub blocked: bool,
}

impl DevirtSite {
    /// What Go does at this site, in words.
    pub fn verdict(&self) -> String {
        match (&self.chosen, self.blocked) {
            (Some(c), true) if is_closure(c) => format!("nothing: {c} is a closure"),
            (Some(c), true) => format!("nothing: {c} has no IR"),
            (Some(c), false) => format!("Go picks {c}"),
            (None, _) => "nothing: no callee with weight".into(),
        }
    }
}

fn no_ir(name: &str) -> bool {
    CALLEES_WITHOUT_IR.contains(&name)
}

/// The candidate groups among the callees of one call site: one per method name with two or more
/// methods, and one of the plain functions when there are two or more and no method.
fn candidate_groups<'a>(
    caller: &str,
    callees: &[(&'a str, i64)],
) -> Vec<(CallKind, Vec<(&'a str, i64)>)> {
    let inserted_by_compiler =
        |callee: &str| callee.starts_with("runtime.") && !caller.starts_with("runtime.");
    let with_ir = callees.iter().copied().filter(|c| !no_ir(c.0) && !inserted_by_compiler(c.0));
    let mut by_method: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    let mut functions = Vec::new();
    for c in with_ir {
        match method_name(c.0) {
            Some(method) => by_method.entry(method).or_default().push(c),
            None => functions.push(c),
        }
    }
    let mut groups: Vec<(CallKind, Vec<(&str, i64)>)> = Vec::new();
    if by_method.is_empty() && functions.len() >= 2 {
        groups.push((CallKind::FunctionValue, functions));
    }
    for (method, group) in by_method.into_iter().filter(|(_, g)| g.len() >= 2) {
        groups.push((CallKind::Interface { method: method.to_owned() }, group));
    }
    groups
}

fn site(caller: &str, offset: i64, kind: CallKind, mut callees: Vec<(&str, i64)>) -> DevirtSite {
    // Go's order: weight, then a callee with IR before one without, then the first name.
    callees.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| no_ir(a.0).cmp(&no_ir(b.0))).then_with(|| a.0.cmp(b.0))
    });
    let total: i64 = callees.iter().map(|c| c.1).sum();
    let chosen = callees.first().filter(|c| c.1 > 0).map(|c| c.0.to_owned());
    let blocked = chosen
        .as_deref()
        .is_some_and(|c| no_ir(c) || (kind == CallKind::FunctionValue && is_closure(c)));
    let share = |weight: i64| if total == 0 { 0.0 } else { 100.0 * weight as f64 / total as f64 };
    let callees = callees
        .into_iter()
        .map(|(callee, weight)| CalleeShare {
            callee: callee.to_owned(),
            weight,
            share_percent: share(weight),
        })
        .collect();
    DevirtSite { caller: caller.to_owned(), offset, kind, callees, chosen, blocked }
}

/// Every indirect call site with two or more candidate callees, heaviest site first.
pub fn devirtualization_sites(graph: &EdgeGraph) -> Vec<DevirtSite> {
    let mut by_site: BTreeMap<(&str, i64), Vec<(&str, i64)>> = BTreeMap::new();
    for (edge, w) in &graph.edges {
        by_site.entry((&edge.caller, edge.offset)).or_default().push((&edge.callee, *w));
    }
    let mut sites: Vec<(i64, DevirtSite)> = Vec::new();
    for ((caller, offset), callees) in by_site {
        let without_ir: Vec<(&str, i64)> = callees.iter().copied().filter(|c| no_ir(c.0)).collect();
        for (kind, mut group) in candidate_groups(caller, &callees) {
            group.extend_from_slice(&without_ir);
            let total = group.iter().map(|c| c.1).sum();
            sites.push((total, site(caller, offset, kind, group)));
        }
    }
    sites.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| (&a.1.caller, a.1.offset).cmp(&(&b.1.caller, b.1.offset)))
    });
    sites.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::CallEdge;

    fn graph(callees: &[(&str, i64)]) -> EdgeGraph {
        let edges: Vec<(CallEdge, i64)> = callees
            .iter()
            .map(|&(callee, w)| {
                (CallEdge { caller: "main.f".into(), callee: callee.into(), offset: 3 }, w)
            })
            .collect();
        let total_weight = edges.iter().map(|e| e.1).sum();
        EdgeGraph { edges, total_weight }
    }

    #[test]
    fn ties_prefer_a_callee_with_ir_then_the_first_name() {
        let g = graph(&[("runtime.asyncPreempt", 5), ("main.B.m", 5), ("main.A.m", 5)]);
        let site = &devirtualization_sites(&g)[0];
        assert_eq!(site.kind, CallKind::Interface { method: "m".into() });
        assert_eq!(site.chosen.as_deref(), Some("main.A.m"));
        assert!(!site.blocked);
        let g = graph(&[("runtime.asyncPreempt", 6), ("main.A.m", 5), ("main.B.m", 1)]);
        assert!(devirtualization_sites(&g)[0].blocked);
    }

    #[test]
    fn direct_calls_on_one_line_are_not_an_indirect_call() {
        // `rx.FindAllString(strings.Repeat(s, 50), -1)`: a method and a function on one line.
        let g = graph(&[("regexp.(*Regexp).FindAllString", 9), ("strings.Repeat", 3)]);
        assert!(devirtualization_sites(&g).is_empty());
        // `fmt.Println(s.Area())` with two shapes: only the `Area` methods are candidates.
        let g = graph(&[("runtime.convTnoptr", 5), ("runtime.gcWriteBarrier2", 5)]);
        assert!(devirtualization_sites(&g).is_empty());
        let g = graph(&[("fmt.Println", 9), ("main.Circle.Area", 2), ("main.Rect.Area", 1)]);
        let sites = devirtualization_sites(&g);
        assert_eq!(sites.len(), 1);
        assert_eq!(sites[0].chosen.as_deref(), Some("main.Circle.Area"));
        assert_eq!(sites[0].callees.len(), 2);
    }

    #[test]
    fn function_values_never_pick_a_closure() {
        let g = graph(&[("main.handleA", 9), ("main.handleB", 1)]);
        let site = &devirtualization_sites(&g)[0];
        assert_eq!((site.kind.clone(), site.blocked), (CallKind::FunctionValue, false));
        let g = graph(&[("main.g.func1", 9), ("main.h.func2", 1)]);
        let site = &devirtualization_sites(&g)[0];
        assert!(site.blocked);
        assert_eq!(site.verdict(), "nothing: main.g.func1 is a closure");
    }
}
