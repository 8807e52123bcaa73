//! The call graph laid out for the page: every node has a box, boxes do not overlap, every edge has
//! a path from its caller's box to its callee's.

use pgoscope_pgo::callgraph::{lay_out, with_hot_marks};
use pgoscope_pgo::{hot_set, EdgeGraph, DEFAULT_CDF_THRESHOLD_PERCENT};
use pgoscope_pprof::{call_graph, remove_uninteresting, GraphPruning};
use pgoscope_testkit::read_fixture;

#[test]
fn every_node_gets_its_own_box_and_every_edge_a_path() {
    for file in ["go/websvc-before-1.pprof", "go/compile-ssa.pprof"] {
        let mut p = pgoscope_pprof::decode(&read_fixture(file)).unwrap();
        let hot = hot_set(&EdgeGraph::build(&p).unwrap(), DEFAULT_CDF_THRESHOLD_PERCENT);
        remove_uninteresting(&mut p);
        let graph = with_hot_marks(&call_graph(&p, 1).pruned(&GraphPruning::default()), Some(&hot));
        assert!(graph.nodes.len() > 20 && graph.edges.iter().any(|e| e.hot), "{file}");
        let laid = lay_out(&graph);
        assert_eq!((laid.nodes.len(), laid.edges.len()), (graph.nodes.len(), graph.edges.len()));
        for (i, a) in laid.nodes.iter().enumerate() {
            assert!(a.width > 0.0 && a.height > 0.0, "{file}: node {i} has no box");
            for b in &laid.nodes[i + 1..] {
                let apart = a.x + a.width <= b.x
                    || b.x + b.width <= a.x
                    || a.y + a.height <= b.y
                    || b.y + b.height <= a.y;
                assert!(apart, "{file}: boxes overlap: {a:?} {b:?}");
            }
        }
        let near = |(x, y): (f64, f64), n: &pgoscope_pgo::callgraph::LaidNode| {
            x >= n.x - 20.0
                && x <= n.x + n.width + 20.0
                && y >= n.y - 20.0
                && y <= n.y + n.height + 20.0
        };
        let index = |name: &str| graph.nodes.iter().position(|n| n.function == name).unwrap();
        for (e, path) in graph.edges.iter().zip(&laid.edges) {
            let (first, last) = (path.path.first().unwrap().0, path.path.last().unwrap().1);
            let (from, to) = (&laid.nodes[index(&e.caller)], &laid.nodes[index(&e.callee)]);
            assert!(
                near(first, from) || near(first, to),
                "{file}: {} → {} starts away from both",
                e.caller,
                e.callee
            );
            assert!(
                near(last, to) || near(last, from),
                "{file}: {} → {} ends away from both: {:?} {from:?} {to:?}",
                e.caller,
                e.callee,
                path.path
            );
        }
        assert!(laid.width > 0.0 && laid.height > 0.0);
    }
}
