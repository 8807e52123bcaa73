//! The call graph as Graphviz DOT (pprof's look: node size follows flat, edges' width follows
//! weight, Go's hot edges red and bold), and as SVG laid out by layout-rs from that DOT.

use std::fmt::Write;

use layout::backends::svg::SVGWriter;
use layout::gv::{DotParser, GraphBuilder};

use super::PgoCallGraph;

/// Text inside a DOT string literal: quotes and backslashes escaped, no raw line breaks.
fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace(['\n', '\r'], " ")
}

/// A DOT string literal.
fn quoted(s: &str) -> String {
    format!("\"{}\"", escaped(s))
}

fn percent(v: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * v as f64 / total as f64
    }
}

pub fn dot(g: &PgoCallGraph) -> String {
    let mut out = String::from("digraph \"call graph\" {\n  node [shape=box style=filled fillcolor=\"#f8f8f8\" fontname=\"Helvetica\"];\n");
    if let Some(t) = g.hot_threshold_percent {
        let label =
            format!("Go PGO hot edges (red, bold): weight above the CDF cut, {t:.2}% of all");
        let _ = writeln!(out, "  label={}; labelloc=t;", quoted(&label));
    }
    let max_flat = g.nodes.iter().map(|n| n.flat).max().unwrap_or(0).max(1);
    for (i, n) in g.nodes.iter().enumerate() {
        let label = format!(
            "{}\\n{} ({:.2}%)\\nof {} ({:.2}%)",
            escaped(&n.function),
            n.flat,
            percent(n.flat, g.total),
            n.cum,
            percent(n.cum, g.total)
        );
        let size = 8.0 + 16.0 * (n.flat as f64 / max_flat as f64).sqrt();
        let _ = writeln!(
            out,
            "  N{i} [label=\"{label}\" fontsize={size:.0} tooltip={}];",
            quoted(&n.function)
        );
    }
    let index = |name: &str| g.nodes.iter().position(|n| n.function == name).unwrap_or(0);
    let max_weight = g.edges.iter().map(|e| e.weight).max().unwrap_or(0).max(1);
    for e in &g.edges {
        let width = 1.0 + 5.0 * e.weight as f64 / max_weight as f64;
        let style = match (e.hot, e.inline) {
            (true, _) => " color=\"#d62728\" style=bold",
            (false, true) => " style=dashed",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  N{} -> N{} [label=\" {}\" penwidth={width:.1}{style}];",
            index(&e.caller),
            index(&e.callee),
            e.weight
        );
    }
    out.push_str("}\n");
    out
}

/// The DOT laid out and drawn by layout-rs.
pub fn svg(g: &PgoCallGraph) -> Result<String, String> {
    let text = dot(g);
    let mut parser = DotParser::new(&text);
    let graph = parser.process().map_err(|e| format!("laying out the graph: {e}"))?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    let mut svg = SVGWriter::new();
    visual.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}
