//! The call tree agrees with `pgoscope_pprof::top` (itself checked against `go tool pprof`).

use std::collections::HashMap;

use pgoscope_flame::{
    layout, resolve_path, sandwich, CallTree, ChildOrder, Frame, LayoutOptions, NodeId, NONE,
};
use pgoscope_pprof::{decode, sample_total, top, SortBy};

fn fixture(rel: &str) -> pgoscope_pprof::Profile {
    decode(&std::fs::read(pgoscope_testkit::fixtures().join(rel)).unwrap()).unwrap()
}

/// cum of a function = total of its nodes that have no ancestor of the same function.
fn cum_from_tree(tree: &CallTree) -> HashMap<String, i64> {
    let mut cum = HashMap::new();
    for id in tree.ids().skip(1) {
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
        let table = top(&p, 1, SortBy::Flat);
        let cum = cum_from_tree(&tree);
        let mut flat: HashMap<&str, i64> = HashMap::new();
        for id in tree.ids().skip(1) {
            *flat.entry(tree.name(id)).or_default() += tree.self_value(id);
        }
        for row in &table.rows {
            assert_eq!(cum.get(&row.function), Some(&row.cum), "{rel}: cum of {}", row.function);
            let self_sum = flat.get(row.function.as_str()).copied().unwrap_or(0);
            assert_eq!(self_sum, row.flat, "{rel}: flat of {}", row.function);
        }
        for id in tree.ids().skip(1) {
            let parent = tree.parent(id).unwrap();
            assert!(parent < id, "parents come before children");
            assert_eq!(tree.depth(id), tree.depth(parent) + 1);
        }
        let deepest = tree.ids().map(|id| tree.depth(id)).max().unwrap();
        assert_eq!(deepest, tree.max_depth, "{rel}");
    }
}

#[test]
fn layout_spans_nest_and_zoom_rescales() {
    let p = fixture("go/compile-ssa.pprof");
    let tree = CallTree::build(&p, 1);
    for order in [ChildOrder::ByName, ChildOrder::ByWeight] {
        let rects = layout(&tree, &LayoutOptions { order, ..LayoutOptions::default() });
        assert_eq!(rects.len(), tree.len());
        assert_eq!((rects[0].x, rects[0].width), (0.0, 1.0));
        let by_node: HashMap<u32, _> = rects.iter().map(|r| (r.node, *r)).collect();
        for r in &rects[1..] {
            let parent = by_node[&tree.node(NodeId(r.node)).parent.unwrap().0];
            assert!(r.x >= parent.x - 1e-9 && r.x + r.width <= parent.x + parent.width + 1e-9);
            assert_eq!(r.level, parent.level + 1);
        }
    }
    let deep = tree.ids().max_by_key(|&id| tree.depth(id)).unwrap();
    let zoom = tree.path(deep)[2];
    let zoomed = layout(&tree, &LayoutOptions { zoom, ..LayoutOptions::default() });
    assert_eq!((zoomed[0].node, zoomed[0].x, zoomed[0].width), (zoom.0, 0.0, 1.0));
    let culled = layout(&tree, &LayoutOptions { min_width: 0.01, ..LayoutOptions::default() });
    assert!(culled.len() < tree.len() / 4);
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

#[test]
fn a_sandwichs_heaviest_path_leads_to_the_functions_heaviest_outermost_frame() {
    let p = fixture("go/websvc-before-1.pprof");
    let tree = CallTree::build(&p, 1);
    let table = top(&p, 1, SortBy::Flat);
    let names_of = |id| -> Vec<String> {
        tree.path(id).into_iter().map(|n| tree.name(n).to_owned()).collect()
    };
    for row in table.rows.iter().filter(|r| r.cum > 0).take(40) {
        let path = sandwich(&tree, &row.function).heaviest_path;
        assert_eq!(path.last(), Some(&row.function));
        // Outermost frames of the function: no ancestor is the function.
        let outermost: Vec<_> = (tree.ids().skip(1))
            .filter(|&id| tree.name(id) == row.function)
            .filter(|&id| tree.path(id).iter().rev().skip(1).all(|&a| tree.name(a) != row.function))
            .collect();
        let heaviest = outermost.iter().map(|&id| tree.total(id)).max().unwrap();
        let at_path = outermost.iter().find(|&&id| names_of(id) == path).expect("path is a frame");
        assert_eq!(tree.total(*at_path), heaviest, "{}", row.function);
    }
}

/// Every stack's total, keyed by its root-first function names, summed straight from the samples.
fn totals_by_path(tree: &CallTree) -> HashMap<Vec<String>, i64> {
    tree.ids()
        .skip(1)
        .map(|id| {
            let path = tree.path(id).into_iter().map(|n| tree.name(n).to_owned()).collect();
            (path, tree.node(id).total)
        })
        .collect()
}

#[test]
fn nodes_are_in_preorder_with_unique_paths_and_subtree_ranges() {
    let p = fixture("go/websvc-before-1.pprof");
    let tree = CallTree::build(&p, 1);
    let paths = totals_by_path(&tree);
    assert_eq!(paths.len(), tree.len() - 1, "one node per distinct path");
    for i in 0..tree.len() {
        let id = NodeId(i as u32);
        let end = tree.subtree_end(id).0 as usize;
        assert!(end > i && end <= tree.len());
        for j in i + 1..end {
            assert!(tree.path(NodeId(j as u32)).contains(&id) || i == 0, "{j} under {i}");
        }
        let children: Vec<NodeId> = tree.children(id).collect();
        let child_sum: i64 = children.iter().map(|c| tree.total(*c)).sum();
        assert!(child_sum <= tree.total(id), "CPU samples are positive: children fit their parent");
        assert!(children.iter().all(|c| tree.node(*c).parent == Some(id)));
    }
}

#[test]
fn a_frame_keeps_paths_and_parent_values_of_what_it_draws() {
    let p = fixture("go/compile-ssa.pprof");
    let tree = CallTree::build(&p, 1);
    // The deepest node wide enough to be drawn at the root (the preview needs it).
    let wide = |id: &NodeId| tree.total(*id) * 1000 >= tree.total(NodeId::ROOT);
    let deep = tree.ids().filter(wide).max_by_key(|&id| tree.depth(id)).unwrap();
    let zoom = tree.path(deep)[2];
    let zoom_path: Vec<String> =
        tree.path(zoom).into_iter().map(|n| tree.name(n).to_owned()).collect();
    let frame = Frame::build(&tree, &zoom_path, 1000.0);
    assert_eq!(frame.zoom_path, zoom_path);
    assert_eq!(frame.rects[0].parent, NONE);
    assert_eq!(frame.rects[0].total, tree.node(zoom).total);
    assert!(frame.rects.iter().all(|r| r.width >= 1.0 / 1000.0));
    for (i, r) in frame.rects.iter().enumerate().skip(1) {
        let node = resolve_path(&tree, &frame.path_of(&tree.names, i));
        assert_eq!(tree.node(node).total, r.total, "rect {i}");
        assert_eq!(tree.depth(node), tree.depth(zoom) + r.level);
        assert_eq!(frame.parent_total(i), tree.node(tree.node(node).parent.unwrap()).total);
    }
    let preview = Frame::build(&tree, &[], 1000.0).zoomed_in(&tree.names, &zoom_path).unwrap();
    assert_eq!(preview.zoom_path, zoom_path);
    assert_eq!((preview.rects[0].x, preview.rects[0].width, preview.rects[0].level), (0.0, 1.0, 0));
    assert_eq!(preview.rects[0].parent, NONE);
    assert!(preview.rects.len() <= frame.rects.len(), "a preview only has what was drawn");
    for (i, r) in preview.rects.iter().enumerate().skip(1) {
        assert_eq!(preview.path_of(&tree.names, i), {
            let node = resolve_path(&tree, &preview.path_of(&tree.names, i));
            assert_eq!(tree.node(node).total, r.total);
            tree.path(node).into_iter().map(|n| tree.name(n).to_owned()).collect::<Vec<_>>()
        });
    }
    let mut missing = zoom_path.clone();
    missing.push("no.such.function".into());
    assert_eq!(Frame::build(&tree, &missing, 1000.0).zoom_path, zoom_path, "cut where it ends");
}
