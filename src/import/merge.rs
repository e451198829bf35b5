//! `--merge FILE`: a re-import that keeps what the user wrote. People, teams and reporting
//! lines come from the source; from the file merged into come responsibilities, roles set
//! by hand, the title, name or manager where the source has none, backlogs, products the
//! source does not have (with their complexity and managers), and the comments above an
//! entity and on its `- id:` line, which is where suppressions live. What the source no
//! longer has is listed and kept, unless `prune`.
//!
//! Kept parts are copied as text (re-indented), so their comments survive.

use super::{Imported, Problem, MANAGERS_NOTE};
use crate::engine::{self, Input};
use crate::load::walk::Found;
use crate::load::FileKind;
use crate::model::{FileProblem, Head, Org};
use crate::roles::{Resolver, TitleRole};
use crate::span::LineIndex;
use std::collections::BTreeMap;
use std::path::Path;

/// The file merged into, as rolelint reads it.
pub fn read(path: &Path, config: &crate::config::Config) -> Result<Org, String> {
    let found = Found {
        path: path.to_path_buf(),
        display: path.display().to_string(),
        kind: FileKind::Org,
    };
    let read = engine::read_all(vec![Input { found, bytes: None }], config.max_file_size);
    if let Some((_, Err(e))) = read.first() {
        return Err(format!("cannot read {}: {e}", path.display()));
    }
    let parsed = engine::parse_all(read, config.max_file_size)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let org = engine::build_model(parsed, config);
    for (file, p) in &org.problems {
        if let FileProblem::Fatal {
            message, offset, ..
        } = p
        {
            let f = &org.files[*file as usize];
            let line = f.lines.position(&f.text, *offset).line;
            return Err(format!(
                "cannot merge into {}:{line}: {message}; fix it (`rolelint check {}`) and import again",
                path.display(),
                path.display()
            ));
        }
    }
    Ok(org)
}

struct Text<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl Text<'_> {
    fn line(&self, n: usize) -> &str {
        let start = self.lines.line_start(n, self.text.len());
        let rest = &self.text[start.min(self.text.len())..];
        rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
    }
    /// The 0-based line of an offset.
    fn line_of(&self, offset: u32) -> usize {
        self.lines.line_of((offset as usize).min(self.text.len()))
    }
    /// Lines `first..=last`, shifted so that `first` starts at column `indent`.
    fn block(&self, first: usize, last: usize, indent: usize) -> String {
        let own = self.line(first).len() - self.line(first).trim_start().len();
        let mut out = String::new();
        for n in first..=last {
            let l = self.line(n);
            let lead = l.len() - l.trim_start().len();
            let body = l.trim_start();
            if body.is_empty() {
                out.push('\n');
                continue;
            }
            let col = (lead + indent).saturating_sub(own);
            out.push_str(&" ".repeat(col));
            out.push_str(body);
            out.push('\n');
        }
        out
    }
    /// The comment-only lines right above line `n`, oldest first.
    fn lead(&self, n: usize, only_suppressions: bool) -> Vec<String> {
        let mut out = Vec::new();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let own = indent(self.line(n));
        let mut at = n;
        while at > 0 {
            at -= 1;
            let raw = self.line(at);
            let l = raw.trim();
            // A comment indented deeper belongs to the body of the entity above.
            if !l.starts_with('#') || indent(raw) > own {
                break;
            }
            out.push(l.to_string());
        }
        out.reverse();
        if only_suppressions {
            out.retain(|l| l.contains("rolelint:"));
        }
        out
    }
    /// A comment after the id on the entity's first line.
    fn id_comment(&self, head: &Head) -> Option<String> {
        let end = (head.id_span.end as usize).min(self.text.len());
        let rest = self.text[end..].split('\n').next().unwrap_or("");
        let c = rest.trim();
        c.starts_with('#').then(|| c.to_string())
    }
    /// An entity's whole text as a list item at column 2, with the comments above it.
    fn entity(&self, head: &Head) -> String {
        let first = self.line_of(head.span.start);
        let last = self.line_of(head.span.end.saturating_sub(1).max(head.span.start));
        let mut out = String::new();
        for l in self.lead(first, false) {
            out.push_str("  ");
            out.push_str(&l);
            out.push('\n');
        }
        out.push_str(&self.block(first, last, 2));
        out
    }
}

/// Merges `new` (read from the source) with `old` (the file merged into); returns nothing,
/// reports removals as problems.
pub fn merge(new: &mut Imported, old: &Org, prune: bool, resolver: &Resolver) {
    let Some(file) = old.files.first() else {
        return;
    };
    let t = Text {
        text: &file.text,
        lines: LineIndex::new(file.text.as_bytes()),
    };
    let shown = file.display.clone();
    if new.organisation.is_none() {
        new.organisation = old.names.first().map(|(_, n)| n.clone());
    }
    keep_ids(new, old);
    let mut kept_people: Vec<String> = Vec::new();
    let mut gone: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();

    // People.
    let index: BTreeMap<String, usize> = new
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for (_, e) in old.active_people() {
        let Some(&i) = index.get(&e.head.id) else {
            gone.entry("people").or_default().push(e.head.id.clone());
            if !prune {
                kept_people.push(t.entity(&e.head));
            }
            continue;
        };
        let p = &mut new.people[i];
        if p.name.is_none() {
            p.name = e.name.clone();
        }
        if p.title.is_none() {
            p.title = e.title.as_ref().map(|n| n.value.clone());
        }
        if p.reports_to.is_none() {
            p.reports_to = e.reports_to.as_ref().map(|r| r.id.clone());
        }
        // Roles written by hand are kept; roles that only restate the old title (as an
        // import writes them) follow the new title.
        if p.explicit_roles.is_none() && !e.roles.is_empty() {
            let restates_title = match e.title.as_ref().map(|t| resolver.title(&t.value)) {
                Some(TitleRole::One(r)) => {
                    e.roles.len() == 1 && crate::roles::Role::parse(&e.roles[0].text) == Some(r)
                }
                _ => false,
            };
            if !restates_title {
                p.roles = e.roles.iter().map(|r| r.text.clone()).collect();
                p.roles_note = Some("roles kept from the file merged into".into());
            }
        }
        if let (Some(key), Some(last)) = (e.responsibilities_key, e.responsibilities.last()) {
            let first = t.line_of(key.start);
            let end = t.line_of(last.span.end.saturating_sub(1).max(last.span.start));
            p.kept.push(t.block(first, end, 4));
        }
        let first = t.line_of(e.head.span.start);
        p.lead = t.lead(first, false);
        p.id_comment = t.id_comment(&e.head);
    }

    // Teams: the source's, with a product the user set where the source has none.
    let index: BTreeMap<String, usize> = new
        .teams
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect();
    let mut kept_teams = Vec::new();
    for (_, e) in old.active_teams() {
        let Some(&i) = index.get(&e.head.id) else {
            gone.entry("teams").or_default().push(e.head.id.clone());
            if !prune {
                kept_teams.push(t.entity(&e.head));
            }
            continue;
        };
        let x = &mut new.teams[i];
        if x.product.is_none() {
            x.product = e.product.as_ref().map(|r| r.id.clone());
        }
        if x.name.is_none() {
            x.name = e.name.clone();
        }
        x.notes.splice(
            0..0,
            t.lead(t.line_of(e.head.span.start), true)
                .into_iter()
                .map(|l| l.trim_start_matches('#').trim().to_string()),
        );
    }

    // Products: the source's keep the managers the user chose; the user's are kept whole.
    let index: BTreeMap<String, usize> = new
        .products
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect();
    let mut kept_products = Vec::new();
    for (_, e) in old.active_products() {
        match index.get(&e.head.id) {
            Some(&i) => {
                let x = &mut new.products[i];
                // Managers an import derived (its note is above the entity) follow the
                // source; managers the user chose are kept.
                let derived = t
                    .lead(t.line_of(e.head.span.start), false)
                    .iter()
                    .any(|l| l.contains(MANAGERS_NOTE));
                if !e.managers.is_empty() && !derived {
                    x.managers = e.managers.iter().map(|r| r.id.clone()).collect();
                }
                if x.name.is_none() {
                    x.name = e.name.clone();
                }
                x.complexity = match e.complexity {
                    crate::model::Complexity::Low => Some("low"),
                    crate::model::Complexity::Medium => None,
                    crate::model::Complexity::High => Some("high"),
                };
            }
            None => kept_products.push(t.entity(&e.head)),
        }
    }
    let kept_backlogs: Vec<String> = old
        .active_backlogs()
        .map(|(_, b)| t.entity(&b.head))
        .collect();

    for (section, ids) in &gone {
        let what = match (*section, ids.len()) {
            ("people", 1) => "person",
            ("people", _) => "people",
            (_, 1) => "team",
            _ => "teams",
        };
        let msg = if prune {
            format!(
                "{} {what} of {shown} not in the source, removed (--prune): {}",
                ids.len(),
                ids.join(", ")
            )
        } else {
            format!(
                "{} {what} of {shown} not in the source, kept: {}",
                ids.len(),
                ids.join(", ")
            )
        };
        let mut p = Problem::warning(None, msg);
        if !prune {
            p = p.help("remove them by hand, or import again with --prune");
        }
        new.problems.push(p);
    }
    for (section, blocks) in [
        ("products", kept_products),
        ("teams", kept_teams),
        ("backlogs", kept_backlogs),
        ("people", kept_people),
    ] {
        if !blocks.is_empty() {
            new.verbatim.insert(section, blocks);
        }
    }
    // Ids the kept text defines, so that references to them are not dropped.
    for (_, p) in old.active_products() {
        if !new.products.iter().any(|x| x.id == p.head.id) {
            new.kept_ids.insert(("products", p.head.id.clone()));
        }
    }
    if !prune {
        for (_, p) in old.active_people() {
            new.kept_ids.insert(("people", p.head.id.clone()));
        }
    }
}

/// Ids stay as they were: a person the source names differently now (`jane-doe` once the
/// other Jane Doe left, where the file has `jane-doe-110`) keeps the id of the file, when
/// exactly one person of the file that the source does not name has the same name.
fn keep_ids(new: &mut Imported, old: &Org) {
    let new_ids: std::collections::BTreeSet<String> =
        new.people.iter().map(|p| p.id.clone()).collect();
    let mut unmatched: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, e) in old.active_people() {
        if !new_ids.contains(&e.head.id) {
            if let Some(n) = &e.name {
                unmatched
                    .entry(n.to_lowercase())
                    .or_default()
                    .push(e.head.id.clone());
            }
        }
    }
    let old_ids: std::collections::BTreeSet<&str> = old
        .active_people()
        .map(|(_, p)| p.head.id.as_str())
        .collect();
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
    for p in &new.people {
        if old_ids.contains(p.id.as_str()) {
            continue;
        }
        let Some(same_name) = p
            .name
            .as_ref()
            .and_then(|n| unmatched.get(&n.to_lowercase()))
        else {
            continue;
        };
        // Among namesakes, the one whose id carries this person's key (`jane-doe-110`).
        let with_key = p
            .key
            .as_deref()
            .map(|k| format!("{}-{}", p.id, super::slug(k)))
            .filter(|k| same_name.contains(k));
        let pick = match (&same_name[..], with_key) {
            (_, Some(k)) => k,
            ([one], None) => one.clone(),
            _ => continue,
        };
        *claimed.entry(pick.clone()).or_default() += 1;
        rename.insert(p.id.clone(), pick);
    }
    // Two new people with one old name: neither can claim it.
    rename.retain(|_, to| claimed.get(to) == Some(&1));
    if rename.is_empty() {
        return;
    }
    let map = |id: &mut String| {
        if let Some(to) = rename.get(id.as_str()) {
            *id = to.clone();
        }
    };
    for p in &mut new.people {
        map(&mut p.id);
        if let Some(r) = &mut p.reports_to {
            map(r);
        }
    }
    for t in &mut new.teams {
        t.members.iter_mut().for_each(map);
    }
    for p in &mut new.products {
        p.candidates.iter_mut().for_each(map);
        p.managers.iter_mut().for_each(map);
    }
}
