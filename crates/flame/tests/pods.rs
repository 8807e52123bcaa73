//! A fleet merge keeps one sample per (stack, pod label): the same stack many times. The call tree
//! and the top table group samples by stack first; their numbers must be those of the samples.

use std::collections::HashMap;

use pgoscope_flame::{CallTree, NodeId};
use pgoscope_pprof::proto::Label;
use pgoscope_pprof::{decode, merge, top, MergeOptions, Profile, SortBy};

/// (total, self value) of every node, keyed by its path of function names.
fn by_path(tree: &CallTree) -> HashMap<Vec<String>, (i64, i64)> {
    let mut paths: HashMap<NodeId, Vec<String>> = HashMap::from([(NodeId::ROOT, Vec::new())]);
    let mut out = HashMap::new();
    // Preorder: a parent's path is known before its children's.
    for id in tree.ids() {
        let path = paths[&id].clone();
        for child in tree.children(id) {
            let mut p = path.clone();
            p.push(tree.name(child).to_owned());
            paths.insert(child, p);
        }
        out.insert(path, (tree.total(id), tree.self_value(id)));
    }
    out
}

/// `p` as pod `pod`: every sample labelled `pod=<pod>`.
fn as_pod(p: &Profile, pod: &str) -> Profile {
    let mut p = p.clone();
    let key = p.string_table.len() as i64;
    p.string_table.extend(["pod".to_owned(), pod.to_owned()]);
    for s in &mut p.sample {
        s.label.push(Label { key, str: key + 1, ..Label::default() });
    }
    p
}

#[test]
fn samples_that_differ_only_in_their_pod_count_like_one_sample_per_pod() {
    let path = pgoscope_testkit::fixtures().join("go/websvc-before-1.pprof");
    let one = decode(&std::fs::read(path).unwrap()).unwrap();
    let pods: Vec<Profile> = ["a", "b", "c"].iter().map(|pod| as_pod(&one, pod)).collect();
    let fleet = merge(&pods, &MergeOptions::default()).unwrap();
    assert_eq!(fleet.sample.len(), 3 * one.sample.len(), "one sample per stack and pod");

    let (single, merged) = (top(&one, 1, SortBy::Flat), top(&fleet, 1, SortBy::Flat));
    assert_eq!(merged.total, 3 * single.total);
    let tripled: Vec<_> =
        single.rows.iter().map(|r| (r.function.clone(), 3 * r.flat, 3 * r.cum)).collect();
    let rows: Vec<_> = merged.rows.iter().map(|r| (r.function.clone(), r.flat, r.cum)).collect();
    assert_eq!(rows, tripled);

    let (single, merged) = (CallTree::build(&one, 1), CallTree::build(&fleet, 1));
    assert_eq!(merged.len(), single.len(), "the pods share every path");
    let tripled: HashMap<Vec<String>, (i64, i64)> =
        by_path(&single).into_iter().map(|(path, (t, s))| (path, (3 * t, 3 * s))).collect();
    assert_eq!(by_path(&merged), tripled);
    assert_eq!(merged.total(NodeId::ROOT), 3 * single.total(NodeId::ROOT));
}
