//! The graph in Graphviz DOT (`dot -Tsvg`). Node ids are synthetic; every label is a quoted
//! string with `"` and `\` escaped and `&` as `&amp;`, so a name can neither end it nor
//! start an escape sequence (`\N`, `\l`) or an entity (`&lt;`) of Graphviz's own.

use super::{edge_lines, legend_text, node_lines, Graph, NodeKind, LEGEND};
use crate::catalog::Severity;
use std::fmt::Write;

/// Text for inside a quoted DOT string; line breaks become spaces (the renderer joins
/// label lines with `\n` itself).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Graphviz reads HTML entities (`&amp;`, `&#35;`) even in plain labels.
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

fn node_style(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => ", fillcolor=\"#ffdddd\", color=\"#cc0000\", penwidth=2",
        Some(Severity::Warning) => ", fillcolor=\"#fff3cd\", color=\"#d97706\", penwidth=2",
        Some(Severity::Info) => ", fillcolor=\"#e7f0ff\", color=\"#3366cc\"",
        None => "",
    }
}

fn edge_style(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => ", color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2",
        Some(Severity::Warning) => ", color=\"#d97706\", fontcolor=\"#b45309\", penwidth=2",
        Some(Severity::Info) => ", color=\"#3366cc\", fontcolor=\"#3366cc\"",
        None => "",
    }
}

pub fn render(g: &Graph) -> String {
    let keys = g.keys();
    let mut out = String::new();
    out.push_str("digraph rolelint {\n");
    if let Some(f) = &g.focus {
        let _ = writeln!(out, "  // rolelint graph --focus {}", escape(f));
    }
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\", color=\"#555555\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n");
    for (n, key) in g.nodes.iter().zip(&keys) {
        let shape = match n.kind {
            NodeKind::Product => "shape=box",
            NodeKind::Backlog => "shape=cylinder",
            NodeKind::Team => "shape=hexagon",
            NodeKind::Person => "shape=box, style=\"rounded,filled\"",
        };
        let _ = writeln!(
            out,
            "  {key} [{shape}, label=\"{}\"{}];",
            label(&node_lines(n)),
            node_style(n.problems.worst)
        );
    }
    for e in &g.edges {
        let dashed = if e.kind.dashed() {
            ", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\"{dashed}{}];",
            keys[e.from],
            keys[e.to],
            label(&edge_lines(e)),
            edge_style(e.problems.worst)
        );
    }
    out.push_str("  subgraph cluster_legend {\n    label=\"Legend\";\n    style=dashed;\n    color=\"#999999\";\n");
    for (i, s) in LEGEND.iter().enumerate() {
        let _ = writeln!(
            out,
            "    l{i} [shape=box, label=\"{}\"{}];",
            escape(legend_text(*s)),
            node_style(Some(*s))
        );
    }
    out.push_str("  }\n");
    if let Some(note) = g.note() {
        let _ = writeln!(out, "  // {}", note.replace(['\n', '\r'], " "));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_quotes_backslashes_and_entities() {
        assert_eq!(
            escape(r#"a "b" \N &amp; Zoë"#),
            r#"a \"b\" \\N &amp;amp; Zoë"#
        );
        assert_eq!(escape("x\ny"), "x y");
    }
}
