//! Call sites with several callees (interface or function-value calls): which callee Go's PGO
//! devirtualization picks (`cmd/compile/internal/devirtualize/pgo.go`, `findHotConcreteCallee`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::graph::EdgeGraph;

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

/// A call site with more than one callee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevirtSite {
    pub caller: String,
    pub offset: i64,
    /// Hottest first; ties: functions with IR first, then the lexicographically first name (Go's
    /// tie-break).
    pub callees: Vec<CalleeShare>,
    /// The callee Go picks: the hottest with weight > 0.
    pub chosen: Option<String>,
    /// True when the chosen callee has no IR, so Go devirtualizes nothing at this site.
    pub blocked: bool,
}

impl DevirtSite {
    /// Whether this looks like an indirect call: two or more callees with IR. A direct call has
    /// one; the runtime's preemption and stack-growth entries ([`CALLEES_WITHOUT_IR`]) can appear
    /// under any call site as a second "callee".
    pub fn indirect_candidate(&self) -> bool {
        self.callees.iter().filter(|c| !CALLEES_WITHOUT_IR.contains(&c.callee.as_str())).count()
            >= 2
    }
}

/// Every call site with two or more callees, heaviest site first.
pub fn devirtualization_sites(graph: &EdgeGraph) -> Vec<DevirtSite> {
    let mut by_site: BTreeMap<(&str, i64), Vec<(&str, i64)>> = BTreeMap::new();
    for (edge, w) in &graph.edges {
        by_site.entry((&edge.caller, edge.offset)).or_default().push((&edge.callee, *w));
    }
    let mut sites: Vec<(i64, DevirtSite)> = by_site
        .into_iter()
        .filter(|(_, callees)| callees.len() > 1)
        .map(|((caller, offset), mut callees)| {
            // Go's order: weight, then a callee with IR before one without, then the first name.
            let no_ir = |name: &str| CALLEES_WITHOUT_IR.contains(&name);
            callees.sort_by(|a, b| {
                b.1.cmp(&a.1).then_with(|| no_ir(a.0).cmp(&no_ir(b.0))).then_with(|| a.0.cmp(b.0))
            });
            let total: i64 = callees.iter().map(|c| c.1).sum();
            let chosen = callees.first().filter(|c| c.1 > 0).map(|c| c.0.to_owned());
            let blocked = chosen.as_deref().is_some_and(no_ir);
            let callees = callees
                .into_iter()
                .map(|(callee, weight)| CalleeShare {
                    callee: callee.to_owned(),
                    weight,
                    share_percent: if total == 0 {
                        0.0
                    } else {
                        100.0 * weight as f64 / total as f64
                    },
                })
                .collect();
            (total, DevirtSite { caller: caller.to_owned(), offset, callees, chosen, blocked })
        })
        .collect();
    sites.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| (&a.1.caller, a.1.offset).cmp(&(&b.1.caller, b.1.offset)))
    });
    sites.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::CallEdge;

    fn edge(callee: &str, w: i64) -> (CallEdge, i64) {
        (CallEdge { caller: "main.f".into(), callee: callee.into(), offset: 3 }, w)
    }

    #[test]
    fn ties_prefer_a_callee_with_ir_then_the_first_name() {
        let graph = EdgeGraph {
            edges: vec![edge("runtime.asyncPreempt", 5), edge("main.B.m", 5), edge("main.A.m", 5)],
            total_weight: 15,
        };
        let site = &devirtualization_sites(&graph)[0];
        assert_eq!(site.chosen.as_deref(), Some("main.A.m"));
        assert!(!site.blocked);
        let graph = EdgeGraph {
            edges: vec![edge("runtime.asyncPreempt", 6), edge("main.A.m", 5)],
            total_weight: 11,
        };
        assert!(devirtualization_sites(&graph)[0].blocked);
    }
}
