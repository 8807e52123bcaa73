//! `pgoscope drift` agrees with `pgoscope hot` (itself checked against the compiler) on both hot
//! sets, and flags edges that left because the newer build inlines them.

use pgoscope_testkit as common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{fixtures, pgoscope, run_ok};
use serde_json::Value;

fn json(args: &[&str], files: &[&Path]) -> Value {
    serde_json::from_slice(&run_ok(pgoscope!().args(args).args(files)).stdout).unwrap()
}

fn hot_edges(file: &Path) -> BTreeSet<(String, i64, String)> {
    let hot = json(&["hot", "--json"], &[file]);
    hot["hot_edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["caller"].as_str().unwrap().into(),
                e["offset"].as_i64().unwrap(),
                e["callee"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn drift_splits_the_two_hot_sets_of_pgoscope_hot() {
    let dir = fixtures().join("go");
    let (old, new) = (dir.join("websvc-collected.pprof"), dir.join("websvc-after-1.pprof"));
    let d = json(&["drift", "--json"], &[&old, &new]);
    let (old_hot, new_hot) = (hot_edges(&old), hot_edges(&new));
    let by_status = |status: &str| -> BTreeSet<(String, i64, String)> {
        d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == status)
            .map(|r| {
                let e = &r["edge"];
                (
                    e["caller"].as_str().unwrap().into(),
                    e["offset"].as_i64().unwrap(),
                    e["callee"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(by_status("stayed"), &old_hot & &new_hot);
    assert_eq!(by_status("left"), &old_hot - &new_hot);
    assert_eq!(by_status("entered"), &new_hot - &old_hot);
    assert_eq!(d["old_hot"], old_hot.len());
    assert_eq!(d["new_hot"], new_hot.len());
    let left_inlined = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["status"] == "left" && matches!(r["new_form"].as_str(), Some("inlined" | "both"))
        })
        .count();
    assert_eq!(d["left_inlined"], left_inlined);
    let text =
        String::from_utf8(run_ok(pgoscope!().arg("drift").arg(&old).arg(&new)).stdout).unwrap();
    if left_inlined > 0 {
        assert!(text.contains("may undo those optimizations"), "{text}");
    }

    let same = json(&["drift", "--json"], &[&old, &old]);
    assert_eq!(same["stayed"], same["old_hot"]);
    assert_eq!(same["weight_kept_percent"], 100.0);
    assert_eq!(same["left_inlined"], 0);
}
