//! The call tree agrees with `pgoscope_pprof::top` (itself checked against `go tool pprof`).

use std::collections::HashMap;
use std::path::PathBuf;

use pgoscope_flame::{layout, sandwich, CallTree, ChildOrder, LayoutOptions, NodeId};
use pgoscope_pprof::{decode, sample_total, top, SortBy};

fn fixture(rel: &str) -> pgoscope_pprof::Profile {
    let dir = std::env::var("PGOSCOPE_FIXTURES").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
    });
    decode(&std::fs::read(dir.join(rel)).unwrap()).unwrap()
}

/// cum of a function = total of its nodes that have no ancestor of the same function.
fn cum_from_tree(tree: &CallTree) -> HashMap<String, i64> {
    let mut cum = HashMap::new();
    for i in 1..tree.nodes.len() {
        let id = NodeId(i as u32);
        let f = tree.node(id).function;
        let mut ancestor = tree.node(id).parent;
        let mut outermost = true;
        while let Some(a) = ancestor {
            if tree.node(a).function == f {
                outermost = false;
                break;
            }
            ancestor = tree.node(a).parent;
        }
        if outermost {
            *cum.entry(tree.name(id).to_owned()).or_insert(0) += tree.node(id).total;
        }
    }
    cum
}

#[test]
fn tree_totals_and_cum_equal_the_top_table() {
    for rel in
        ["go/compile-ssa.pprof", "go/websvc-before-1.pprof", "pprof-testdata/proto/java.cpu.pb.gz"]
    {
        let p = fixture(rel);
        let tree = CallTree::build(&p, 1);
        assert_eq!(tree.node(NodeId::ROOT).total, sample_total(&p, 1), "{rel}");
        let self_sum: i64 = tree.nodes.iter().map(|n| n.self_value).sum();
        assert_eq!(self_sum, tree.node(NodeId::ROOT).total, "{rel}");
        let table = top(&p, 1, SortBy::Flat);
        let cum = cum_from_tree(&tree);
        for row in &table.rows {
            assert_eq!(cum.get(&row.function), Some(&row.cum), "{rel}: cum of {}", row.function);
        }
        for (i, n) in tree.nodes.iter().enumerate().skip(1) {
            let parent = n.parent.unwrap().0 as usize;
            assert!(parent < i, "parents come before children");
            assert_eq!(n.depth, tree.nodes[parent].depth + 1);
        }
    }
}

#[test]
fn layout_spans_nest_and_zoom_rescales() {
    let p = fixture("go/compile-ssa.pprof");
    let tree = CallTree::build(&p, 1);
    for order in [ChildOrder::ByName, ChildOrder::ByWeight] {
        let rects = layout(&tree, &LayoutOptions { order, ..LayoutOptions::default() });
        assert_eq!(rects.len(), tree.nodes.len());
        assert_eq!((rects[0].x, rects[0].width), (0.0, 1.0));
        let by_node: HashMap<u32, _> = rects.iter().map(|r| (r.node, *r)).collect();
        for r in &rects[1..] {
            let parent = by_node[&tree.node(NodeId(r.node)).parent.unwrap().0];
            assert!(r.x >= parent.x - 1e-9 && r.x + r.width <= parent.x + parent.width + 1e-9);
            assert_eq!(r.level, parent.level + 1);
        }
    }
    let deep = (1..tree.nodes.len()).max_by_key(|&i| tree.nodes[i].depth).unwrap();
    let zoom = tree.path(NodeId(deep as u32))[2];
    let zoomed = layout(&tree, &LayoutOptions { zoom, ..LayoutOptions::default() });
    assert_eq!((zoomed[0].node, zoomed[0].x, zoomed[0].width), (zoom.0, 0.0, 1.0));
    let culled = layout(&tree, &LayoutOptions { min_width: 0.01, ..LayoutOptions::default() });
    assert!(culled.len() < tree.nodes.len() / 4);
    assert!(culled.iter().all(|r| r.width >= 0.01));
}

#[test]
fn sandwich_totals_match_cum_and_split_over_callers() {
    let p = fixture("go/websvc-before-1.pprof");
    let tree = CallTree::build(&p, 1);
    let table = top(&p, 1, SortBy::Flat);
    for row in table.rows.iter().filter(|r| r.cum > 0).take(40) {
        let s = sandwich(&tree, &row.function);
        assert_eq!(s.total, row.cum, "{}", row.function);
        assert_eq!(s.callers.iter().map(|c| c.value).sum::<i64>(), row.cum, "{}", row.function);
        assert!(s.callees.iter().map(|c| c.value).sum::<i64>() <= row.cum);
    }
    assert_eq!(sandwich(&tree, "no.such.function"), Default::default());
}
