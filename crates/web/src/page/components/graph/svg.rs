//! The drawn call graph as a standalone SVG file (names escaped: they come from the profile).

use std::fmt::Write;

use pgoscope_pgo::callgraph::{GraphLayout, PgoCallGraph};

use super::draw::{edge_width, node_fill, HOT_COLOUR};

/// `&`, `<`, `>`, `"` and `'` as entities.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn svg(graph: &PgoCallGraph, layout: &GraphLayout) -> String {
    let (w, h) = (layout.width + 20.0, layout.height + 20.0);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"-10 -10 {w:.0} {h:.0}\" font-family=\"Helvetica, sans-serif\" font-size=\"12\">\n"
    );
    let max_weight = graph.edges.iter().map(|e| e.weight).max().unwrap_or(1);
    for (e, laid) in graph.edges.iter().zip(&layout.edges) {
        let mut d = String::new();
        for (i, &(p, c)) in laid.path.iter().enumerate() {
            let _ = match i {
                0 => write!(d, "M {} {} C {} {}, ", p.0, p.1, c.0, c.1),
                1 => write!(d, "{} {}, {} {} ", p.0, p.1, c.0, c.1),
                _ => write!(d, "S {} {}, {} {} ", p.0, p.1, c.0, c.1),
            };
        }
        let colour = if e.hot { HOT_COLOUR } else { "#8c8c8c" };
        let dash = if e.inline { " stroke-dasharray=\"6 4\"" } else { "" };
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\"{dash}><title>{} → {} {}{}</title></path>",
            edge_width(e.weight, max_weight) + if e.hot { 1.5 } else { 0.0 },
            escaped(&e.caller),
            escaped(&e.callee),
            e.weight,
            if e.hot { " (hot for Go's PGO)" } else { "" }
        );
    }
    let max_flat = graph.nodes.iter().map(|n| n.flat).max().unwrap_or(1);
    for (i, (n, b)) in graph.nodes.iter().zip(&layout.nodes).enumerate() {
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#555\"/>",
            escaped(&n.function),
            b.x,
            b.y,
            b.width,
            b.height,
            node_fill(n.flat, max_flat)
        );
        for (k, line) in pgoscope_pgo::callgraph::label(graph, i).lines().enumerate() {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                b.x + 6.0,
                b.y + 16.0 + 16.0 * k as f64,
                escaped(line)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}
