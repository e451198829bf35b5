//! `rolelint graph`: the role structure of a linted organisation as a diagram. The model
//! and its findings become a small intermediate graph (nodes, edges, the worst severity
//! and the rule codes on each); one renderer per format ([`mermaid`], [`dot`]) writes it.
//!
//! Node ids in the output are synthetic (`p0`, `b1`, `t2`, `h3`): a real id may be a
//! keyword of the format (`end`, `graph`, `node`) and a name may hold anything, so real
//! ids and names only ever appear inside quoted, escaped labels.

pub mod dot;
pub mod mermaid;
pub mod svg;

use crate::catalog::Severity;
use crate::diagnostics::Finding;
use crate::model::{Kind, Org, Person};
use crate::span::Span;
use std::collections::HashMap;

/// Above this many nodes without `--focus`, the command suggests focusing.
pub const LARGE_GRAPH: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Product,
    Backlog,
    Team,
    Person,
}

impl NodeKind {
    /// The prefix of the synthetic ids of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            NodeKind::Product => "p",
            NodeKind::Backlog => "b",
            NodeKind::Team => "t",
            NodeKind::Person => "h",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// PM -> product.
    Manages,
    /// Product -> backlog.
    Has,
    /// Backlog -> team.
    Serves,
    /// Owner -> backlog.
    Owns,
    /// Person -> the person they report to.
    ReportsTo,
    /// Product -> a team of the product that none of the product's backlogs serves.
    TeamOf,
    /// Person -> team (`--all-people` only).
    MemberOf,
}

impl EdgeKind {
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Manages => "manages",
            EdgeKind::Has => "has",
            EdgeKind::Serves => "serves",
            EdgeKind::Owns => "owns",
            EdgeKind::ReportsTo => "reports to",
            EdgeKind::TeamOf => "team, no backlog",
            EdgeKind::MemberOf => "member of",
        }
    }
    /// Drawn dashed: the relations that are not the product-to-team chain.
    pub fn dashed(self) -> bool {
        matches!(
            self,
            EdgeKind::ReportsTo | EdgeKind::TeamOf | EdgeKind::MemberOf
        )
    }
}

/// The problems on one node or edge: the worst severity and the distinct codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    pub worst: Option<Severity>,
    /// Sorted by severity (worst first), then code; each code once.
    pub codes: Vec<(Severity, String)>,
}

impl Problems {
    fn add(&mut self, severity: Severity, code: &str) {
        self.worst = self.worst.max(Some(severity));
        match self.codes.iter_mut().find(|(_, c)| c == code) {
            Some(entry) => entry.0 = entry.0.max(severity),
            None => self.codes.push((severity, code.to_string())),
        }
    }
    fn finish(&mut self) {
        self.codes
            .sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    }
    /// `O002, O005`, or empty.
    pub fn code_list(&self) -> String {
        self.codes
            .iter()
            .map(|(_, c)| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// The entity's real id.
    pub id: String,
    /// The label, one line each, unescaped (renderers escape). The codes are not included.
    pub lines: Vec<String>,
    pub problems: Problems,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub problems: Problems,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Findings of the run on nothing in the whole graph (a file, a job description, a
    /// person left out): counted so the output can say `rolelint check` has more.
    pub not_shown: usize,
    /// Set when the graph is the neighbourhood of these ids.
    pub focus: Option<String>,
}

impl Graph {
    /// The synthetic id of each node: kind prefix and the node's rank among its kind.
    pub fn keys(&self) -> Vec<String> {
        let mut counts = [0usize; 4];
        self.nodes
            .iter()
            .map(|n| {
                let i = n.kind as usize;
                let key = format!("{}{}", n.kind.prefix(), counts[i]);
                counts[i] += 1;
                key
            })
            .collect()
    }

    /// The note written as a comment at the end of the output, if any.
    pub fn note(&self) -> Option<String> {
        (self.not_shown > 0 && self.focus.is_none()).then(|| {
            format!(
                "{} problem{} on nothing shown here (files, job descriptions, people without a product role): `rolelint check` lists every problem",
                self.not_shown,
                if self.not_shown == 1 { " is" } else { "s are" }
            )
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only the neighbourhood of this product, team, backlog or person.
    pub focus: Option<String>,
    /// Also people who hold no product role.
    pub all_people: bool,
}

/// `--focus` names no entity of the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFocus {
    pub id: String,
    pub suggestion: Option<String>,
}

impl std::fmt::Display for UnknownFocus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--focus `{}`: no product, team, backlog or person has this id",
            self.id
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// A person takes part in the role structure: they hold PM or PO, manage a product or own a
/// backlog.
fn has_product_role(org: &Org, i: u32, p: &Person) -> bool {
    p.is_pm
        || p.is_po
        || !org.rel.products_managed[i as usize].is_empty()
        || !org.rel.backlogs_owned[i as usize].is_empty()
}

fn display_name(name: &Option<String>, id: &str) -> String {
    name.as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(id)
        .to_string()
}

fn role_words(p: &Person) -> &'static str {
    match (p.is_pm, p.is_po) {
        (true, true) => "PM + PO",
        (true, false) => "PM",
        (false, true) => "PO",
        (false, false) => "",
    }
}

/// Node index of each model entity (first occurrences), `None` when not drawn.
struct Index {
    products: Vec<Option<usize>>,
    teams: Vec<Option<usize>>,
    backlogs: Vec<Option<usize>>,
    people: Vec<Option<usize>>,
}

/// Builds the graph of the organisation with its findings, then narrows it to `--focus`.
pub fn build(org: &Org, findings: &[Finding], opts: &Options) -> Result<Graph, UnknownFocus> {
    let focus_people: Vec<u32> = match &opts.focus {
        Some(id) => org.person_index(id).into_iter().collect(),
        None => Vec::new(),
    };
    if let Some(id) = &opts.focus {
        let known = org.product_index(id).is_some()
            || org.team_index(id).is_some()
            || org.backlog_index(id).is_some()
            || !focus_people.is_empty();
        if !known {
            return Err(unknown_focus(org, id));
        }
    }

    let mut g = Graph {
        focus: opts.focus.clone(),
        ..Graph::default()
    };
    let mut ix = Index {
        products: vec![None; org.products.len()],
        teams: vec![None; org.teams.len()],
        backlogs: vec![None; org.backlogs.len()],
        people: vec![None; org.people.len()],
    };
    let name_of = |i: u32| {
        let p = &org.people[i as usize];
        display_name(&p.name, &p.head.id)
    };

    for (i, p) in org.active_products() {
        let mut lines = Vec::new();
        if let Some(n) = p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            lines.push(n.to_string());
        }
        lines.push(format!("product {}", p.head.id));
        let pms: Vec<String> = {
            let mut seen = crate::model::Distinct::default();
            for t in p.managers.iter().filter_map(|r| r.target) {
                seen.push(t);
            }
            seen.items.into_iter().map(name_of).collect()
        };
        lines.push(if pms.is_empty() {
            "no PM".to_string()
        } else {
            format!("PM: {}", pms.join(", "))
        });
        ix.products[i as usize] = Some(g.nodes.len());
        g.nodes.push(Node {
            kind: NodeKind::Product,
            id: p.head.id.clone(),
            lines,
            problems: Problems::default(),
        });
    }
    for (i, b) in org.active_backlogs() {
        let mut lines = Vec::new();
        if let Some(n) = b.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            lines.push(n.to_string());
        }
        lines.push(format!("backlog {}", b.head.id));
        let owners: Vec<String> = b
            .owners
            .iter()
            .map(|r| match r.target {
                Some(t) => name_of(t),
                None => r.id.clone(),
            })
            .collect();
        lines.push(if owners.is_empty() {
            "no owner".to_string()
        } else {
            format!("owner: {}", owners.join(", "))
        });
        ix.backlogs[i as usize] = Some(g.nodes.len());
        g.nodes.push(Node {
            kind: NodeKind::Backlog,
            id: b.head.id.clone(),
            lines,
            problems: Problems::default(),
        });
    }
    for (i, t) in org.active_teams() {
        let mut lines = Vec::new();
        if let Some(n) = t.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            lines.push(n.to_string());
        }
        lines.push(format!("team {}", t.head.id));
        let n = t.members.len();
        lines.push(format!("{n} member{}", if n == 1 { "" } else { "s" }));
        ix.teams[i as usize] = Some(g.nodes.len());
        g.nodes.push(Node {
            kind: NodeKind::Team,
            id: t.head.id.clone(),
            lines,
            problems: Problems::default(),
        });
    }
    for (i, p) in org.active_people() {
        if !(opts.all_people || has_product_role(org, i, p) || focus_people.contains(&i)) {
            continue;
        }
        let mut lines = Vec::new();
        if let Some(n) = p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            lines.push(n.to_string());
        }
        let roles = role_words(p);
        lines.push(if roles.is_empty() {
            p.head.id.clone()
        } else {
            format!("{} · {roles}", p.head.id)
        });
        ix.people[i as usize] = Some(g.nodes.len());
        g.nodes.push(Node {
            kind: NodeKind::Person,
            id: p.head.id.clone(),
            lines,
            problems: Problems::default(),
        });
    }

    // Edges, each once, keyed for the findings that point at the reference behind one.
    let mut edge_at: HashMap<(EdgeKind, usize, usize), usize> = HashMap::new();
    let mut add = |g: &mut Graph, kind: EdgeKind, from: Option<usize>, to: Option<usize>| {
        if let (Some(from), Some(to)) = (from, to) {
            edge_at.entry((kind, from, to)).or_insert_with(|| {
                g.edges.push(Edge {
                    from,
                    to,
                    kind,
                    problems: Problems::default(),
                });
                g.edges.len() - 1
            });
        }
    };
    let target = |v: &[Option<usize>], t: Option<u32>| t.and_then(|t| v[t as usize]);
    for (i, p) in org.active_products() {
        for r in &p.managers {
            add(
                &mut g,
                EdgeKind::Manages,
                target(&ix.people, r.target),
                ix.products[i as usize],
            );
        }
    }
    for (i, b) in org.active_backlogs() {
        let node = ix.backlogs[i as usize];
        if let Some(r) = &b.product {
            add(&mut g, EdgeKind::Has, target(&ix.products, r.target), node);
        }
        for r in &b.teams {
            add(&mut g, EdgeKind::Serves, node, target(&ix.teams, r.target));
        }
        for r in &b.owners {
            add(&mut g, EdgeKind::Owns, target(&ix.people, r.target), node);
        }
    }
    for (i, t) in org.active_teams() {
        if let Some(p) = t.product.as_ref().and_then(|r| r.target) {
            let served = org.rel.backlogs_of_team[i as usize]
                .iter()
                .any(|&b| org.backlog_product(&org.backlogs[b as usize]) == Some(p));
            if !served {
                add(
                    &mut g,
                    EdgeKind::TeamOf,
                    ix.products[p as usize],
                    ix.teams[i as usize],
                );
            }
        }
        // Membership with --all-people, and of a person focused on.
        for r in &t.members {
            if opts.all_people || r.target.is_some_and(|m| focus_people.contains(&m)) {
                add(
                    &mut g,
                    EdgeKind::MemberOf,
                    target(&ix.people, r.target),
                    ix.teams[i as usize],
                );
            }
        }
    }
    for (i, p) in org.active_people() {
        if let Some(r) = &p.reports_to {
            if r.target != Some(i) {
                add(
                    &mut g,
                    EdgeKind::ReportsTo,
                    ix.people[i as usize],
                    target(&ix.people, r.target),
                );
            }
        }
    }

    g.not_shown = place_findings(org, findings, &ix, &edge_at, &mut g);
    for n in &mut g.nodes {
        n.problems.finish();
    }
    for e in &mut g.edges {
        e.problems.finish();
    }

    if let Some(id) = &opts.focus {
        g = narrow(g, org, &ix, id);
    }
    Ok(g)
}

fn unknown_focus(org: &Org, id: &str) -> UnknownFocus {
    let mut all: Vec<&str> = [Kind::Product, Kind::Team, Kind::Backlog, Kind::Person]
        .into_iter()
        .flat_map(|k| org.ids(k))
        .collect();
    all.sort_unstable();
    // A typo is a few edits away; a short name (`rider` for `rider-app`) is a word of the id.
    let suggestion = crate::rules::suggest::closest(all.iter().copied(), id, 2).or_else(|| {
        let lower = id.to_lowercase();
        all.iter()
            .copied()
            .filter(|c| {
                let c = c.to_lowercase();
                c.split(['-', '_', '.']).any(|w| w == lower)
                    || (lower.len() >= 3 && c.starts_with(&lower))
            })
            .min_by_key(|c| (c.len(), *c))
    });
    UnknownFocus {
        id: id.to_string(),
        suggestion: suggestion.map(str::to_string),
    }
}

/// Where a finding lands: the edge whose reference holds its primary span, else the node
/// of the entity whose span holds it. Returns how many findings landed on nothing drawn.
fn place_findings(
    org: &Org,
    findings: &[Finding],
    ix: &Index,
    edge_at: &HashMap<(EdgeKind, usize, usize), usize>,
    g: &mut Graph,
) -> usize {
    // Per file, every entity's span (duplicates point at their first occurrence), by start.
    let mut spans: Vec<Vec<(Span, Kind, u32, u32)>> = vec![Vec::new(); org.files.len()];
    let heads = org
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.head, Kind::Product, i))
        .chain(
            org.teams
                .iter()
                .enumerate()
                .map(|(i, t)| (&t.head, Kind::Team, i)),
        )
        .chain(
            org.backlogs
                .iter()
                .enumerate()
                .map(|(i, b)| (&b.head, Kind::Backlog, i)),
        )
        .chain(
            org.people
                .iter()
                .enumerate()
                .map(|(i, p)| (&p.head, Kind::Person, i)),
        );
    for (head, kind, i) in heads {
        let first = head.duplicate_of.unwrap_or(i as u32);
        spans[head.file as usize].push((head.span, kind, i as u32, first));
    }
    for s in &mut spans {
        s.sort_unstable_by_key(|(span, ..)| (span.start, std::cmp::Reverse(span.end)));
    }

    let mut not_shown = 0;
    for f in findings {
        let Some(list) = spans.get(f.primary.file as usize) else {
            not_shown += 1;
            continue;
        };
        let at = f.primary.span;
        let pos = list.partition_point(|(s, ..)| s.start <= at.start);
        // The entity in which the primary span starts (a flow list's span may end past the
        // entity's own, which stops at its last value before the closing bracket).
        let hit = pos
            .checked_sub(1)
            .map(|p| list[p])
            .filter(|(s, ..)| starts_in(*s, at));
        let Some((_, kind, own, first)) = hit else {
            not_shown += 1;
            continue;
        };
        let placed = match edge_of(org, ix, edge_at, kind, own, first, at) {
            Some(e) => {
                g.edges[e].problems.add(f.severity, &f.code);
                true
            }
            None => {
                let node = match kind {
                    Kind::Product => ix.products[first as usize],
                    Kind::Team => ix.teams[first as usize],
                    Kind::Backlog => ix.backlogs[first as usize],
                    Kind::Person => ix.people[first as usize],
                };
                match node {
                    Some(n) => {
                        g.nodes[n].problems.add(f.severity, &f.code);
                        true
                    }
                    None => false,
                }
            }
        };
        if !placed {
            not_shown += 1;
        }
    }
    not_shown
}

/// `at` starts inside `span` (or at its end, for an empty `at`).
fn starts_in(span: Span, at: Span) -> bool {
    span.start <= at.start && (at.start < span.end || (at.start == span.end && at.is_empty()))
}

/// The drawn edge whose reference (inside entity `own`, first occurrence `first`) holds `at`.
fn edge_of(
    org: &Org,
    ix: &Index,
    edge_at: &HashMap<(EdgeKind, usize, usize), usize>,
    kind: Kind,
    own: u32,
    first: u32,
    at: Span,
) -> Option<usize> {
    if own != first {
        return None; // a later duplicate draws no edge of its own
    }
    let node = |v: &[Option<usize>], t: Option<u32>| t.and_then(|t| v[t as usize]);
    let (edge, from, to) = match kind {
        Kind::Product => {
            let p = &org.products[own as usize];
            let r = p.managers.iter().find(|r| starts_in(r.span, at))?;
            (
                EdgeKind::Manages,
                node(&ix.people, r.target),
                ix.products[own as usize],
            )
        }
        Kind::Backlog => {
            let b = &org.backlogs[own as usize];
            let me = ix.backlogs[own as usize];
            if let Some(r) = b.product.as_ref().filter(|r| starts_in(r.span, at)) {
                (EdgeKind::Has, node(&ix.products, r.target), me)
            } else if let Some(r) = b.teams.iter().find(|r| starts_in(r.span, at)) {
                (EdgeKind::Serves, me, node(&ix.teams, r.target))
            } else {
                let r = b.owners.iter().find(|r| starts_in(r.span, at))?;
                (EdgeKind::Owns, node(&ix.people, r.target), me)
            }
        }
        Kind::Team => {
            let t = &org.teams[own as usize];
            let me = ix.teams[own as usize];
            if let Some(r) = t.product.as_ref().filter(|r| starts_in(r.span, at)) {
                (EdgeKind::TeamOf, node(&ix.products, r.target), me)
            } else {
                let r = t.members.iter().find(|r| starts_in(r.span, at))?;
                (EdgeKind::MemberOf, node(&ix.people, r.target), me)
            }
        }
        Kind::Person => {
            let r = org.people[own as usize]
                .reports_to
                .as_ref()
                .filter(|r| starts_in(r.span, at))?;
            (
                EdgeKind::ReportsTo,
                ix.people[own as usize],
                node(&ix.people, r.target),
            )
        }
    };
    edge_at.get(&(edge, from?, to?)).copied()
}

/// The neighbourhood of `id`: the entities directly connected to it; for a product also
/// its backlogs' owners and teams, for a team also its backlogs' owners and products.
fn narrow(g: Graph, org: &Org, ix: &Index, id: &str) -> Graph {
    let mut keep = vec![false; g.nodes.len()];
    let mut centres = Vec::new();
    let lookups = [
        org.product_index(id).and_then(|i| ix.products[i as usize]),
        org.team_index(id).and_then(|i| ix.teams[i as usize]),
        org.backlog_index(id).and_then(|i| ix.backlogs[i as usize]),
        org.person_index(id).and_then(|i| ix.people[i as usize]),
    ];
    for n in lookups.into_iter().flatten() {
        keep[n] = true;
        centres.push(n);
    }
    // Out- and in-neighbours, per node.
    let mut around: Vec<Vec<(usize, EdgeKind)>> = vec![Vec::new(); g.nodes.len()];
    for e in &g.edges {
        around[e.from].push((e.to, e.kind));
        around[e.to].push((e.from, e.kind));
    }
    for &c in &centres {
        for &(n, kind) in &around[c] {
            keep[n] = true;
            // One more step through a backlog, for products and teams.
            let through_backlog = matches!(g.nodes[c].kind, NodeKind::Product | NodeKind::Team)
                && kind != EdgeKind::MemberOf;
            if through_backlog && g.nodes[n].kind == NodeKind::Backlog {
                for &(m, k2) in &around[n] {
                    if matches!(k2, EdgeKind::Owns | EdgeKind::Serves | EdgeKind::Has) {
                        keep[m] = true;
                    }
                }
            }
        }
    }
    let mut new_index = vec![usize::MAX; g.nodes.len()];
    let mut nodes = Vec::new();
    for (i, n) in g.nodes.into_iter().enumerate() {
        if keep[i] {
            new_index[i] = nodes.len();
            nodes.push(n);
        }
    }
    let edges = g
        .edges
        .into_iter()
        .filter(|e| keep[e.from] && keep[e.to])
        .map(|e| Edge {
            from: new_index[e.from],
            to: new_index[e.to],
            ..e
        })
        .collect();
    Graph {
        nodes,
        edges,
        not_shown: g.not_shown,
        focus: g.focus,
    }
}

/// The label lines of a node with its codes as the last line.
pub fn node_lines(n: &Node) -> Vec<String> {
    let mut lines = n.lines.clone();
    if !n.problems.codes.is_empty() {
        lines.push(n.problems.code_list());
    }
    lines
}

/// The label of an edge: its relation, and its codes.
pub fn edge_lines(e: &Edge) -> Vec<String> {
    let mut lines = vec![e.kind.label().to_string()];
    if !e.problems.codes.is_empty() {
        lines.push(e.problems.code_list());
    }
    lines
}

/// The severities the legend explains, worst first.
pub const LEGEND: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// What the legend says about each severity's style.
pub fn legend_text(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error: a rule at error level fails here",
        Severity::Warning => "warning: a rule at warning level fails here",
        Severity::Info => "info: a rule reports something to know here",
    }
}

/// The graph in `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
}

pub fn render(g: &Graph, format: Format) -> String {
    match format {
        Format::Mermaid => mermaid::render(g),
        Format::Dot => dot::render(g),
    }
}
