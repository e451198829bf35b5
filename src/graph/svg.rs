//! The role structure as inline SVG, for the HTML report: laid out here, in lanes, with no
//! external renderer.
//!
//! The structure has a fixed shape (PM -> product -> backlog <- owner, backlog -> team), so
//! a lane per role and one block of rows per product read better than a general graph
//! layout, and cost time linear in the graph: a 10,000-person organisation lays out in a
//! few milliseconds, where a general layered layout (`layout-rs`) took seconds and
//! crossed more edges on these shapes.

use super::{EdgeKind, Graph, NodeKind, Problems};
use crate::catalog::Severity;
use std::fmt::Write;

const LANES: usize = 5;
const NODE_W: usize = 165;
const NODE_H: usize = 52;
const GAP_X: usize = 44;
const GAP_Y: usize = 14;
const MARGIN: usize = 10;
/// Characters of a label line shown in a box; the whole text is in the tooltip.
const LINE_CHARS: usize = 23;

/// The lane of each node: PMs, products, backlogs, owners and POs, teams.
fn lanes(graph: &Graph) -> Vec<usize> {
    let mut lane: Vec<usize> = graph
        .nodes
        .iter()
        .map(|n| match n.kind {
            NodeKind::Product => 1,
            NodeKind::Backlog => 2,
            NodeKind::Team => 4,
            NodeKind::Person => 3,
        })
        .collect();
    for e in &graph.edges {
        if e.kind == EdgeKind::Manages {
            lane[e.from] = 0;
        }
    }
    lane
}

/// Rows: one block per product (its PMs, backlogs, owners and teams beside it), then
/// whatever no product reaches, in graph order.
fn rows(graph: &Graph, lane: &[usize]) -> Vec<usize> {
    let n = graph.nodes.len();
    let mut out: Vec<Edges> = vec![Edges::default(); n];
    for (k, e) in graph.edges.iter().enumerate() {
        out[e.from].list.push(k);
        out[e.to].list.push(k);
    }
    let mut row = vec![usize::MAX; n];
    let mut next = [0usize; LANES];
    let place = |i: usize, row: &mut Vec<usize>, next: &mut [usize; LANES]| {
        if row[i] == usize::MAX {
            row[i] = next[lane[i]];
            next[lane[i]] += 1;
        }
    };
    for p in (0..n).filter(|&i| graph.nodes[i].kind == NodeKind::Product) {
        let top = *next.iter().max().unwrap_or(&0);
        next.iter_mut().for_each(|r| *r = top);
        place(p, &mut row, &mut next);
        // The product's neighbours, then their neighbours once (owners of its backlogs,
        // teams its backlogs serve), never through another product or a reporting line.
        let mut frontier = vec![p];
        for _ in 0..2 {
            let mut further = Vec::new();
            for &i in &frontier {
                for &k in &out[i].list {
                    let e = &graph.edges[k];
                    if e.kind == EdgeKind::ReportsTo {
                        continue;
                    }
                    let j = if e.from == i { e.to } else { e.from };
                    if graph.nodes[j].kind == NodeKind::Product || row[j] != usize::MAX {
                        continue;
                    }
                    place(j, &mut row, &mut next);
                    further.push(j);
                }
            }
            frontier = further;
        }
    }
    let top = *next.iter().max().unwrap_or(&0);
    next.iter_mut().for_each(|r| *r = top);
    for i in 0..n {
        place(i, &mut row, &mut next);
    }
    row
}

#[derive(Clone, Default)]
struct Edges {
    list: Vec<usize>,
}

fn colour(problems: &Problems) -> (&'static str, &'static str) {
    match problems.worst {
        Some(Severity::Error) => ("#fde8e8", "#c81e1e"),
        Some(Severity::Warning) => ("#fdf6e3", "#b45309"),
        Some(Severity::Info) => ("#e8f0fd", "#1d4ed8"),
        None => ("#f8fafc", "#64748b"),
    }
}

/// Text for SVG/HTML: markup characters as entities, control and bidi characters as
/// visible escapes so that no input can change what is drawn or how it reads.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= LINE_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(LINE_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// One `<svg>` element of the graph, `aria-label`led by `title`.
pub fn render(graph: &Graph, title: &str) -> String {
    let lane = lanes(graph);
    let row = rows(graph, &lane);
    let height_rows = row.iter().max().map_or(0, |r| r + 1);
    let used: Vec<bool> = (0..LANES).map(|l| lane.contains(&l)).collect();
    // Lanes nobody is in take no width.
    let mut x_of = [0usize; LANES];
    let mut x = MARGIN;
    for l in 0..LANES {
        x_of[l] = x;
        if used[l] {
            x += NODE_W + GAP_X;
        }
    }
    let width = (x + MARGIN).saturating_sub(GAP_X).max(NODE_W + 2 * MARGIN);
    let height = 2 * MARGIN + height_rows * (NODE_H + GAP_Y);
    let pos = |i: usize| (x_of[lane[i]], MARGIN + row[i] * (NODE_H + GAP_Y));
    let mut s = String::with_capacity(256 * (graph.nodes.len() + graph.edges.len()));
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="structure" role="img" aria-label="{}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#,
        escape(title)
    );
    s.push_str(r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>"#);
    // Reporting lines cross every lane: drawn only where a rule finds a problem (H001).
    for e in graph
        .edges
        .iter()
        .filter(|e| e.kind != EdgeKind::ReportsTo || e.problems.worst.is_some())
    {
        let (fx, fy) = pos(e.from);
        let (tx, ty) = pos(e.to);
        let (x1, x2) = if tx >= fx {
            (fx + NODE_W, tx)
        } else {
            (fx, tx + NODE_W)
        };
        let (y1, y2) = (fy + NODE_H / 2, ty + NODE_H / 2);
        let bend = (x2 as isize - x1 as isize).abs().max(40) / 2;
        let dir = if x2 >= x1 { 1 } else { -1 };
        let stroke = match e.problems.worst {
            None => "#94a3b8",
            Some(_) => colour(&e.problems).1,
        };
        let dash = if e.kind.dashed() {
            r#" stroke-dasharray="5 4""#
        } else {
            ""
        };
        let codes = e.problems.code_list();
        let _ = write!(
            s,
            r#"<path class="edge" d="M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}" fill="none" stroke="{stroke}" stroke-width="1.5"{dash} marker-end="url(#arrow)"><title>{}{}</title></path>"#,
            x1 as isize + dir * bend,
            x2 as isize - dir * bend,
            escape(e.kind.label()),
            if codes.is_empty() {
                String::new()
            } else {
                format!(" ({})", escape(&codes))
            }
        );
    }
    for (i, n) in graph.nodes.iter().enumerate() {
        let (x, y) = pos(i);
        let (fill, stroke) = colour(&n.problems);
        let kind = match n.kind {
            NodeKind::Product => "product",
            NodeKind::Backlog => "backlog",
            NodeKind::Team => "team",
            NodeKind::Person => "person",
        };
        let codes = n.problems.code_list();
        let tooltip = n
            .lines
            .iter()
            .map(|l| escape(l))
            .chain((!codes.is_empty()).then(|| escape(&codes)))
            .collect::<Vec<_>>()
            .join("&#10;");
        let _ = write!(
            s,
            r#"<g class="node {kind}" data-id="{}"><title>{tooltip}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
            escape(&n.id),
            if n.problems.worst.is_some() { 2 } else { 1 }
        );
        let mut lines: Vec<(String, &str)> = n
            .lines
            .iter()
            .take(2)
            .enumerate()
            .map(|(k, l)| (shorten(l), if k == 0 { "name" } else { "sub" }))
            .collect();
        if !codes.is_empty() {
            lines.truncate(1);
            lines.push((shorten(&codes), "codes"));
        }
        for (k, (text, class)) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<text class="{class}" x="{}" y="{}">{}</text>"#,
                x + 8,
                y + 20 + k * 18,
                escape(text)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// The graph cut into one diagram per product (the product with its PMs, backlogs,
/// owners and teams), for organisations too large to read as one; the people and teams
/// no product reaches form a last diagram.
pub fn per_product(graph: &Graph) -> Vec<(String, Graph)> {
    let n = graph.nodes.len();
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, e) in graph.edges.iter().enumerate() {
        outgoing[e.from].push(k);
        if e.kind != EdgeKind::ReportsTo {
            adjacent[e.from].push(k);
            adjacent[e.to].push(k);
        }
    }
    let mut reached = vec![false; n];
    let mut out = Vec::new();
    let mut local = vec![usize::MAX; n];
    for p in (0..n).filter(|&i| graph.nodes[i].kind == NodeKind::Product) {
        let mut members = vec![p];
        let mut frontier = vec![p];
        local[p] = 0;
        for _ in 0..2 {
            let mut further = Vec::new();
            for &i in &frontier {
                for &k in &adjacent[i] {
                    let e = &graph.edges[k];
                    let j = if e.from == i { e.to } else { e.from };
                    if graph.nodes[j].kind == NodeKind::Product || local[j] != usize::MAX {
                        continue;
                    }
                    local[j] = members.len();
                    members.push(j);
                    further.push(j);
                }
            }
            frontier = further;
        }
        let sub = subgraph(graph, &outgoing, &members, &local);
        for &i in &members {
            reached[i] = true;
            local[i] = usize::MAX;
        }
        let title = graph.nodes[p].lines.first().cloned().unwrap_or_default();
        out.push((title, sub));
    }
    let rest: Vec<usize> = (0..n).filter(|&i| !reached[i]).collect();
    if !rest.is_empty() {
        for (k, &i) in rest.iter().enumerate() {
            local[i] = k;
        }
        out.push((
            "Not linked to a product".to_string(),
            subgraph(graph, &outgoing, &rest, &local),
        ));
    }
    out
}

/// The nodes `members` (their new indices in `local`) and the edges between them.
fn subgraph(graph: &Graph, outgoing: &[Vec<usize>], members: &[usize], local: &[usize]) -> Graph {
    let nodes = members.iter().map(|&i| graph.nodes[i].clone()).collect();
    let mut edges = Vec::new();
    for &i in members {
        // Each edge once: from its `from` end.
        for e in outgoing[i].iter().map(|&k| &graph.edges[k]) {
            if local[e.to] != usize::MAX {
                let mut e = e.clone();
                e.from = local[e.from];
                e.to = local[e.to];
                edges.push(e);
            }
        }
    }
    Graph {
        nodes,
        edges,
        not_shown: 0,
        focus: None,
    }
}
