//! The call tree, stored as sorted stacks, reads exactly like a plain trie built from the samples:
//! same nodes in the same preorder (children by name), values, parents, depths and subtrees, and
//! per-side values of a comparison.

use std::collections::BTreeMap;

use pgoscope_flame::{CallTree, DiffTree, NodeId};
use pgoscope_pprof::proto::{Profile, Sample};
use pgoscope_pprof::{decode, FunctionFrames};

fn fixture(rel: &str) -> Profile {
    decode(&std::fs::read(pgoscope_testkit::fixtures().join(rel)).unwrap()).unwrap()
}

/// Per path of function names (root first), its (total, self) values; a `BTreeMap` lists paths
/// in preorder with children by name, as the tree must.
type Trie = BTreeMap<Vec<String>, (i64, i64)>;

fn trie(p: &Profile, sample_index: usize) -> Trie {
    let frames = FunctionFrames::new(p);
    let mut trie = Trie::new();
    trie.insert(Vec::new(), (0, 0));
    for s in &p.sample {
        let value = s.value[sample_index];
        if value == 0 {
            continue;
        }
        let mut path = Vec::new();
        let mut add_total = |path: &Vec<String>| {
            let entry = trie.entry(path.clone()).or_default();
            entry.0 = entry.0.wrapping_add(value);
        };
        add_total(&path);
        for &loc in s.location_id.iter().rev() {
            for &f in frames.location_nodes(loc).iter().rev() {
                path.push(frames.names[f].clone());
                add_total(&path);
            }
        }
        let entry = trie.get_mut(&path).unwrap();
        entry.1 = entry.1.wrapping_add(value);
    }
    trie
}

fn path_names(tree: &CallTree, id: NodeId) -> Vec<String> {
    tree.path(id).into_iter().map(|n| tree.name(n).to_owned()).collect()
}

fn assert_reads_like(tree: &CallTree, trie: &Trie, what: &str) {
    assert_eq!(tree.len(), trie.len(), "{what}: one node per path");
    for (id, (path, &(total, self_value))) in tree.ids().zip(trie) {
        assert_eq!(&path_names(tree, id), path, "{what}: node {} in preorder", id.0);
        assert_eq!((tree.total(id), tree.self_value(id)), (total, self_value), "{what}: {path:?}");
        assert_eq!(tree.depth(id) as usize, path.len());
        let descendants: Vec<&Vec<String>> = trie
            .range(path.clone()..)
            .skip(1)
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(path))
            .collect();
        let end = tree.subtree_end(id).0;
        assert_eq!(end - id.0 - 1, descendants.len() as u32, "{what}: subtree of {path:?}");
        let children: Vec<NodeId> = tree.children(id).collect();
        assert!(children.iter().all(|c| tree.parent(*c) == Some(id)));
        let child_names: Vec<&str> = children.iter().map(|c| tree.name(*c)).collect();
        let expected: Vec<&str> = descendants
            .iter()
            .filter(|p| p.len() == path.len() + 1)
            .map(|p| p.last().unwrap().as_str())
            .collect();
        assert_eq!(child_names, expected, "{what}: children of {path:?}");
    }
    let deepest = trie.keys().map(Vec::len).max().unwrap_or(0);
    assert_eq!(tree.max_depth as usize, deepest, "{what}");
}

#[test]
fn the_tree_reads_like_a_trie_of_the_samples() {
    for rel in
        ["go/compile-ssa.pprof", "go/websvc-after-1.pprof", "pprof-testdata/proto/java.cpu.pb.gz"]
    {
        let p = fixture(rel);
        for index in 0..p.sample_type.len() {
            assert_reads_like(&CallTree::build(&p, index), &trie(&p, index), rel);
        }
    }
}

#[test]
fn samples_without_frames_count_at_the_root_and_cancelling_values_keep_their_nodes() {
    let mut p = fixture("go/websvc-before-1.pprof");
    let some_stack = p.sample[3].location_id.clone();
    let extra =
        |location_id: Vec<u64>, v: i64| Sample { location_id, value: vec![v, v], label: vec![] };
    p.sample.push(extra(Vec::new(), 7));
    p.sample.push(extra(Vec::new(), 5));
    // A stack only these two samples have, whose values cancel.
    let mut lone = some_stack.clone();
    lone.insert(0, p.location[0].id);
    p.sample.push(extra(lone.clone(), 9));
    p.sample.push(extra(lone, -9));
    let tree = CallTree::build(&p, 1);
    assert_reads_like(&tree, &trie(&p, 1), "extra samples");
    assert_eq!(tree.self_value(NodeId::ROOT), 12);
}

#[test]
fn a_comparison_tree_keeps_each_sides_value_per_node() {
    let (base, new) = (fixture("go/websvc-before-1.pprof"), fixture("go/websvc-after-1.pprof"));
    let diff = DiffTree::build(&base, &new, 1);
    let (before, after) = (trie(&base, 1), trie(&new, 1));
    let mut both = before.clone();
    for (path, (total, self_value)) in &after {
        let entry = both.entry(path.clone()).or_default();
        *entry = (entry.0 + total, entry.1 + self_value);
    }
    assert_reads_like(&diff.tree, &both, "diff");
    for id in diff.tree.ids() {
        let path = path_names(&diff.tree, id);
        let side = |trie: &Trie| trie.get(&path).map_or(0, |v| v.0);
        assert_eq!((diff.before(id), diff.after(id)), (side(&before), side(&after)), "{path:?}");
    }
}

/// More functions than two bytes number: the tree stores four-byte ids.
#[test]
fn a_profile_with_more_than_65536_functions_reads_like_a_trie() {
    use pgoscope_pprof::proto::{Function, Line, Location, ValueType};
    let n: u64 = 70_000;
    let mut p = Profile {
        string_table: vec![String::new(), "samples".into(), "count".into()],
        sample_type: vec![ValueType { r#type: 1, unit: 2 }],
        ..Profile::default()
    };
    for i in 1..=n {
        // Names out of id order, so name order and id order differ.
        p.string_table.push(format!("pkg.f{:05}", (i * 7919) % n));
        let name = p.string_table.len() as i64 - 1;
        p.function.push(Function { id: i, name, start_line: 1, ..Function::default() });
        let line = vec![Line { function_id: i, line: 2, column: 0 }];
        p.location.push(Location { id: i, line, ..Location::default() });
    }
    for i in (1..n - 2).step_by(97) {
        p.sample.push(Sample { location_id: vec![i, i + 1, n], value: vec![1], label: vec![] });
        p.sample.push(Sample { location_id: vec![i + 2, n], value: vec![3], label: vec![] });
    }
    let tree = CallTree::build(&p, 0);
    assert!(tree.names.len() > 65_536);
    assert_reads_like(&tree, &trie(&p, 0), "70,000 functions");
}

/// The structure costs two bytes a node (functions fit `u16`) and 16 bytes (and a little) a stack:
/// a tree of millions of nodes stays a fraction of its profile (docs/perf.md, "Worker memory").
#[test]
fn the_tree_costs_two_bytes_a_node_and_sixteen_a_stack() {
    let p = fixture("go/compile-ssa.pprof");
    let tree = CallTree::build(&p, 1);
    let distinct: std::collections::HashSet<&[u64]> =
        p.sample.iter().filter(|s| s.value[1] != 0).map(|s| s.location_id.as_slice()).collect();
    let stacks = distinct.len() + 2;
    let budget = 2 * tree.len() + 17 * stacks;
    assert!(tree.len() > 10_000, "a tree big enough to measure");
    assert!(tree.structure_bytes() <= budget, "{} > {budget}", tree.structure_bytes());
}
