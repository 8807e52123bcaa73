//! The text `go tool preprofile` writes, byte for byte.

use std::fmt::Write;

use crate::graph::EdgeGraph;

/// `GO PREPROFILE V1`, then per edge (in the graph's order) the caller, the callee and
/// "offset weight", one per line.
pub fn preprofile_text(graph: &EdgeGraph) -> String {
    let mut out = String::from("GO PREPROFILE V1\n");
    for (edge, weight) in &graph.edges {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{}\n{}\n{} {}", edge.caller, edge.callee, edge.offset, weight);
    }
    out
}
