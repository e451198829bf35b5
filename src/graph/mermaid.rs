//! The graph as a Mermaid flowchart that renders in GitHub Markdown (a ```` ```mermaid ````
//! block). Node ids are synthetic; every label is a quoted string in which anything that
//! Mermaid or its HTML labels would read (`"`, `#`, `<`, `>`, `&`, `|`, backticks) is an
//! entity code, so no name or id can end a label or a statement early.

use super::{edge_lines, legend_text, node_lines, Graph, NodeKind, LEGEND};
use crate::catalog::Severity;
use std::fmt::Write;

/// Text for inside a quoted Mermaid label.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
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
        .join("<br/>")
}

fn class(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => ":::error",
        Some(Severity::Warning) => ":::warning",
        Some(Severity::Info) => ":::info",
        None => "",
    }
}

fn link_style(s: Severity) -> &'static str {
    match s {
        Severity::Error => "stroke:#c00,stroke-width:2px,color:#c00",
        Severity::Warning => "stroke:#d97706,stroke-width:2px,color:#b45309",
        Severity::Info => "stroke:#36c,stroke-width:2px,color:#36c",
    }
}

pub fn render(g: &Graph) -> String {
    let keys = g.keys();
    let mut out = String::new();
    out.push_str("flowchart LR\n");
    let _ = writeln!(
        out,
        "  %% rolelint graph{}",
        g.focus
            .as_ref()
            .map_or(String::new(), |f| format!(" --focus {}", escape(f)))
    );
    for (n, key) in g.nodes.iter().zip(&keys) {
        let text = label(&node_lines(n));
        let (open, close) = match n.kind {
            NodeKind::Product => ("[\"", "\"]"),
            NodeKind::Backlog => ("[(\"", "\")]"),
            NodeKind::Team => ("{{\"", "\"}}"),
            NodeKind::Person => ("(\"", "\")"),
        };
        let _ = writeln!(out, "  {key}{open}{text}{close}{}", class(n.problems.worst));
    }
    for e in &g.edges {
        let arrow = if e.kind.dashed() { "-.->" } else { "-->" };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            keys[e.from],
            label(&edge_lines(e)),
            keys[e.to]
        );
    }
    // The legend: one node per style.
    out.push_str("  subgraph legend[\"Legend\"]\n");
    for (i, s) in LEGEND.iter().enumerate() {
        let _ = writeln!(
            out,
            "    l{i}[\"{}\"]{}",
            escape(legend_text(*s)),
            class(Some(*s))
        );
    }
    out.push_str("  end\n");
    out.push_str("  classDef error fill:#fdd,stroke:#c00,stroke-width:2px,color:#000\n");
    out.push_str("  classDef warning fill:#fff3cd,stroke:#d97706,stroke-width:2px,color:#000\n");
    out.push_str("  classDef info fill:#e7f0ff,stroke:#36c,color:#000\n");
    for s in LEGEND {
        let idx: Vec<String> = g
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.problems.worst == Some(s))
            .map(|(i, _)| i.to_string())
            .collect();
        if !idx.is_empty() {
            let _ = writeln!(out, "  linkStyle {} {}", idx.join(","), link_style(s));
        }
    }
    if let Some(note) = g.note() {
        let _ = writeln!(out, "  %% {}", note.replace(['\n', '\r'], " "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_would_end_a_label() {
        assert_eq!(
            escape(r#"a "b" #c <d> & e|f `g`"#),
            "a #quot;b#quot; #35;c #lt;d#gt; #amp; e#124;f #96;g#96;"
        );
        assert_eq!(escape("Zoë 日本\nx"), "Zoë 日本 x");
        assert_eq!(escape("#quot;"), "#35;quot;");
    }
}
