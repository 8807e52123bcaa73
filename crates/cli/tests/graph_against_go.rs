//! `pgoscope graph` against `go tool pprof -peek`: unpruned, every caller → callee edge has the
//! weight (and the inline mark) pprof prints; the DOT output renders with Graphviz's `dot`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use pgoscope_testkit::{fixtures, go, pgoscope, run_ok, scratch};
use serde_json::Value;

/// (caller, callee) → (weight, inline).
type Edges = BTreeMap<(String, String), (i64, bool)>;

fn ns(field: &str) -> i64 {
    field.trim_end_matches("ns").parse().unwrap_or_else(|_| panic!("not a value: {field:?}"))
}

/// The edges `-peek .` prints below each node (its callees).
fn pprof_edges(go: &Path, profile: &Path) -> Edges {
    let out = run_ok(
        Command::new(go)
            .args(["tool", "pprof", "-peek", ".", "-nodefraction=0", "-edgefraction=0", "-unit=ns"])
            .arg(profile),
    );
    let mut edges = Edges::new();
    let mut node: Option<String> = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if line.starts_with("---") {
            node = None;
            continue;
        }
        let Some((values, name)) = line.split_once('|') else { continue };
        let fields: Vec<&str> = values.split_whitespace().collect();
        match fields.len() {
            // The node's own line: flat flat% sum% cum cum%.
            5 => node = Some(name.trim().to_owned()),
            // An edge: weight and share; below the node line, a callee.
            2 if node.is_some() => {
                let name = name.trim();
                let (callee, inline) = match name.strip_suffix(" (inline)") {
                    Some(callee) => (callee, true),
                    None => (name, false),
                };
                let key = (node.clone().unwrap(), callee.to_owned());
                edges.insert(key, (ns(fields[0]), inline));
            }
            _ => {}
        }
    }
    edges
}

fn our_edges(profile: &Path) -> Edges {
    let out = run_ok(
        pgoscope!()
            .args(["graph", "--format", "json", "--nodecount", "0", "--nodefraction", "0"])
            .args(["--edgefraction", "0"])
            .arg(profile),
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    (json["edges"].as_array().unwrap().iter())
        .map(|e| {
            let name = |k: &str| e[k].as_str().unwrap().to_owned();
            ((name("caller"), name("callee")), (e["weight"].as_i64().unwrap(), e["inline"] == true))
        })
        .collect()
}

#[test]
fn unpruned_edges_equal_pprofs_peek() {
    let Some(go) = go() else { return };
    for file in ["websvc-before-1.pprof", "websvc-after-2.pprof", "compile-ssa.pprof"] {
        let profile = fixtures().join("go").join(file);
        let (expected, ours) = (pprof_edges(&go, &profile), our_edges(&profile));
        assert!(expected.len() > 50, "{file}: {} edges from pprof", expected.len());
        if ours != expected {
            let diff = pgoscope_testkit::map_differences(&expected, &ours, 10);
            panic!("{file}:\n{}", diff.join("\n"));
        }
    }
}

#[test]
fn the_dot_renders_with_graphviz_and_marks_the_hot_edge() {
    let profile = fixtures().join("go/websvc-before-1.pprof");
    let dir = scratch!("graph_dot");
    let dot_file = dir.join("graph.dot");
    let dot = run_ok(pgoscope!().args(["graph", "--format", "dot"]).arg(&profile));
    std::fs::write(&dot_file, &dot.stdout).unwrap();
    let svg = Command::new("dot").arg("-Tsvg").arg(&dot_file).output();
    let svg = svg.expect("Graphviz's dot (make setup installs it)");
    assert!(svg.status.success(), "{}", String::from_utf8_lossy(&svg.stderr));
    assert!(String::from_utf8_lossy(&svg.stdout).contains("<svg"));
    // The hottest call edge of `pgoscope hot` is drawn hot.
    let hot: Value =
        serde_json::from_slice(&run_ok(pgoscope!().args(["hot", "--json"]).arg(&profile)).stdout)
            .unwrap();
    let first = &hot["hot_edges"][0];
    let graph: Value = serde_json::from_slice(
        &run_ok(pgoscope!().args(["graph", "--format", "json"]).arg(&profile)).stdout,
    )
    .unwrap();
    let edge = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["caller"] == first["caller"] && e["callee"] == first["callee"]);
    assert_eq!(edge.map(|e| e["hot"].clone()), Some(Value::Bool(true)), "{first}");
    // layout-rs draws the SVG on its own.
    let own =
        run_ok(pgoscope!().args(["graph", "--format", "svg", "--nodecount", "20"]).arg(&profile));
    assert!(String::from_utf8_lossy(&own.stdout).contains("<svg"));
}
