//! `rolelint import`: a first org file from where organisation data already lives, a
//! Backstage catalog (`backstage`) or an HR export (`hr`). Both readers fill one neutral
//! [`Imported`] organisation; this module derives roles from titles (with the resolver that
//! S006 and T006 use, so an import never disagrees with the linter), and writes the org file
//! with a comment on every guess. `merge` keeps what a user wrote by hand on a re-import.
//!
//! Nothing here panics on bad input: every problem becomes a [`Problem`] with the file and
//! line it comes from, printed on standard error by the command.

pub mod backstage;
pub mod hr;
pub mod merge;

use crate::roles::{Resolver, RoleName, TitleRole};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The note above a product whose managers the import derived (a re-import derives them again).
pub const MANAGERS_NOTE: &str = "managers: the product managers among its members";

/// How bad a problem of the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Something was mapped by a guess or left out; the org file is still complete.
    Warning,
    /// Part of the source could not be read at all: the org file lacks it.
    Error,
}

/// A problem of the source, reported on standard error (never silently dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub level: Level,
    /// `path:line` (or just the path) where the problem is.
    pub at: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn warning(at: Option<String>, message: impl Into<String>) -> Problem {
        Problem {
            level: Level::Warning,
            at,
            message: message.into(),
            help: None,
        }
    }
    pub fn error(at: Option<String>, message: impl Into<String>) -> Problem {
        Problem {
            level: Level::Error,
            ..Problem::warning(at, message)
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        match &self.at {
            Some(at) => write!(f, "{level}: {at}: {}", self.message)?,
            None => write!(f, "{level}: {}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Product {
    pub id: String,
    pub name: Option<String>,
    pub managers: Vec<String>,
    /// Kept from the file merged into (`low`, `high`; medium is the default).
    pub complexity: Option<&'static str>,
    /// People whose product-manager role makes them its managers (`fill_managers`).
    pub candidates: Vec<String>,
    /// Comments written above the entity's first key, one per line, without `#`.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Team {
    pub id: String,
    pub name: Option<String>,
    pub product: Option<String>,
    pub members: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub id: String,
    /// Where the person is in the source (`path:line`), for problems.
    pub at: Option<String>,
    /// The source's own id of the person (an employee number), when it has one.
    pub key: Option<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    /// Roles named by the source itself (an annotation, a column): taken as they are.
    pub explicit_roles: Option<Vec<String>>,
    pub roles: Vec<String>,
    pub reports_to: Option<String>,
    /// Where `reports_to` came from, when it was inferred.
    pub reports_to_note: Option<String>,
    pub notes: Vec<String>,
    /// Set by `derive_roles`: the title is ambiguous, written as a comment only (S006).
    pub title_ambiguous: Option<String>,
    pub roles_note: Option<String>,
    /// Text kept verbatim from the file merged into (already indented): responsibilities.
    pub kept: Vec<String>,
    /// Comment lines kept from above the entity in the file merged into (suppressions).
    pub lead: Vec<String>,
    /// A trailing comment kept on the `- id:` line.
    pub id_comment: Option<String>,
}

/// An organisation read from a source, before it is written as an org file.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The header: where the data came from and how it was mapped, one line each.
    pub header: Vec<String>,
    pub organisation: Option<String>,
    pub products: Vec<Product>,
    pub teams: Vec<Team>,
    pub people: Vec<Person>,
    pub problems: Vec<Problem>,
    /// Entities kept verbatim from the file merged into (products, backlogs, and people or
    /// teams the source no longer has), by section, already indented as list items.
    pub verbatim: BTreeMap<&'static str, Vec<String>>,
    /// Ids defined by the kept text (`products`, `people`), so references to them stay.
    pub kept_ids: BTreeSet<(&'static str, String)>,
}

/// A readable, valid rolelint id from any text: ASCII lowercase words joined by `-`,
/// accents dropped (`Léa Fontaine` -> `lea-fontaine`). Empty when nothing is left.
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        // Letters that NFKD does not decompose, spelt as their languages transliterate them.
        let mut buf = [0u8; 4];
        let spelt: &str = match c {
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ø' | 'Ø' => "o",
            'ł' | 'Ł' => "l",
            'đ' | 'Đ' => "d",
            'þ' | 'Þ' => "th",
            _ => c.encode_utf8(&mut buf),
        };
        for c in spelt.chars() {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c.to_ascii_lowercase());
            } else {
                dash = true;
            }
        }
        if out.len() >= 64 {
            break;
        }
    }
    out.trim_matches(['.', '_']).to_string()
}

impl Imported {
    /// Roles from each person's explicit roles, else from the title with the linter's own
    /// resolver. An ambiguous title is kept only as a comment: written as `title:` it would
    /// be an S006 error in a file the user has not touched yet.
    pub fn derive_roles(&mut self, resolver: &Resolver) {
        for p in &mut self.people {
            if let Some(title) = &p.title {
                if let TitleRole::Ambiguous(why) = resolver.title(title) {
                    p.title_ambiguous = Some(why);
                }
            }
            if let Some(explicit) = &p.explicit_roles {
                let mut roles = Vec::new();
                for r in explicit {
                    match resolver.role(r, 2) {
                        RoleName::Ambiguous(why) => self.problems.push(
                            Problem::warning(
                                p.at.clone(),
                                format!("role `{r}` of `{}` is ambiguous ({why}); left out", p.id),
                            )
                            .help("name `product-manager` or `product-owner` in the source"),
                        ),
                        RoleName::Close { suggestion, .. } => self.problems.push(
                            Problem::warning(
                                p.at.clone(),
                                format!("unknown role `{r}` of `{}`; left out", p.id),
                            )
                            .help(format!("did you mean `{suggestion}`?")),
                        ),
                        _ => roles.push(r.trim().to_string()),
                    }
                }
                roles.retain(|r| !r.is_empty());
                p.roles = roles;
                continue;
            }
            if !p.roles.is_empty() {
                continue; // kept from the file merged into
            }
            let Some(title) = &p.title else { continue };
            match resolver.title(title) {
                TitleRole::One(role) => {
                    p.roles = vec![role.canonical().to_string()];
                    p.roles_note = Some(format!("role from title {}", quote(title)));
                }
                TitleRole::Ambiguous(_) => {
                    self.problems.push(
                        Problem::warning(
                            p.at.clone(),
                            format!(
                                "title {} of `{}` is ambiguous; written as a comment",
                                quote(title),
                                p.id
                            ),
                        )
                        .help("set `title` and `roles` by hand in the org file (or in the source)"),
                    );
                }
                TitleRole::None => {}
            }
        }
    }

    /// A product's managers: the product managers among its candidates (its members).
    pub fn fill_managers(&mut self, resolver: &Resolver) {
        let pm = RoleName::Known(crate::roles::Role::ProductManager);
        let pms: BTreeSet<&String> = self
            .people
            .iter()
            .filter(|p| p.roles.iter().any(|r| resolver.role(r, 0) == pm))
            .map(|p| &p.id)
            .collect();
        for p in &mut self.products {
            if !p.managers.is_empty() {
                continue;
            }
            let mut m: Vec<String> = p
                .candidates
                .iter()
                .filter(|c| pms.contains(c))
                .cloned()
                .collect();
            m.sort();
            m.dedup();
            if !m.is_empty() {
                p.notes.push(MANAGERS_NOTE.into());
            }
            p.managers = m;
        }
    }

    /// Drops references to people and products that do not exist (reported), and breaks
    /// reporting loops, so the file written never has an S004 or S005 of the import's making.
    pub fn check_references(&mut self) {
        let kept = |section: &'static str| {
            self.kept_ids
                .iter()
                .filter(move |(s, _)| *s == section)
                .map(|(_, id)| id.clone())
        };
        let people: BTreeSet<String> = self
            .people
            .iter()
            .map(|p| p.id.clone())
            .chain(kept("people"))
            .collect();
        let products: BTreeSet<String> = self
            .products
            .iter()
            .map(|p| p.id.clone())
            .chain(kept("products"))
            .collect();
        for t in &mut self.teams {
            if let Some(p) = &t.product {
                if !products.contains(p) {
                    self.problems.push(Problem::warning(
                        None,
                        format!(
                            "team `{}` belongs to product `{p}`, which is not imported; left out",
                            t.id
                        ),
                    ));
                    t.product = None;
                }
            }
            t.members.retain(|m| people.contains(m));
            t.members.sort();
            t.members.dedup();
        }
        for p in &mut self.products {
            p.managers.retain(|m| people.contains(m));
            p.managers.sort();
            p.managers.dedup();
        }
        let mut boss: BTreeMap<String, String> = BTreeMap::new();
        for p in &mut self.people {
            if let Some(m) = &p.reports_to {
                if m == &p.id || !people.contains(m) {
                    if m != &p.id {
                        self.problems.push(Problem::warning(
                            p.at.clone(),
                            format!("`{}` reports to `{m}`, who is not imported; left out", p.id),
                        ));
                    }
                    p.reports_to = None;
                    p.reports_to_note = None;
                } else {
                    boss.insert(p.id.clone(), m.clone());
                }
            }
        }
        // Reporting loops (S005): walk up from each person; the edge that closes a loop goes.
        let mut cut: BTreeSet<String> = BTreeSet::new();
        let mut done: BTreeSet<String> = BTreeSet::new();
        for start in boss.keys() {
            let mut path: Vec<&String> = Vec::new();
            let mut on_path: BTreeSet<&String> = BTreeSet::new();
            let mut at = start;
            loop {
                if done.contains(at) || cut.contains(at) {
                    break;
                }
                if !on_path.insert(at) {
                    // `path.last()` reports to `at`, which is already on the path: a loop.
                    if let Some(last) = path.last() {
                        cut.insert((*last).clone());
                    }
                    break;
                }
                path.push(at);
                match boss.get(at) {
                    Some(next) => at = next,
                    None => break,
                }
            }
            done.extend(path.into_iter().cloned());
        }
        for p in &mut self.people {
            if cut.contains(&p.id) {
                self.problems.push(Problem::warning(
                    p.at.clone(),
                    format!(
                        "`{}` reports to `{}`, which closes a reporting loop; left out",
                        p.id,
                        p.reports_to.as_deref().unwrap_or("")
                    ),
                ));
                p.reports_to = None;
                p.reports_to_note = None;
            }
        }
    }

    /// Reports people in no team (they are still written).
    pub fn report_teamless(&mut self) {
        let in_team: BTreeSet<&String> = self.teams.iter().flat_map(|t| &t.members).collect();
        let mut teamless: Vec<String> = self
            .people
            .iter()
            .filter(|p| !in_team.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        teamless.sort();
        if !teamless.is_empty() {
            self.problems.push(
                Problem::warning(
                    None,
                    format!(
                        "{} {} in no team: {}",
                        teamless.len(),
                        if teamless.len() == 1 { "person is" } else { "people are" },
                        teamless.join(", ")
                    ),
                )
                .help("add them to a team in the source, or leave them if they work across teams (leaders, specialists)"),
            );
        }
    }

    pub fn sort(&mut self) {
        self.products.sort_by(|a, b| a.id.cmp(&b.id));
        self.teams.sort_by(|a, b| a.id.cmp(&b.id));
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// The org file, in the documented format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.header {
            comment(&mut out, "", line);
        }
        out.push_str("version: 1\n");
        if let Some(name) = &self.organisation {
            let _ = writeln!(out, "organisation: {}", scalar(name));
        }
        let kept = |section: &str| self.verbatim.get(section).map_or(&[][..], |v| &v[..]);
        if !self.products.is_empty() || !kept("products").is_empty() {
            out.push_str("\nproducts:\n");
            for p in &self.products {
                for n in &p.notes {
                    comment(&mut out, "  ", n);
                }
                let _ = writeln!(out, "  - id: {}", id(&p.id));
                if let Some(name) = &p.name {
                    let _ = writeln!(out, "    name: {}", scalar(name));
                }
                if let Some(c) = p.complexity {
                    let _ = writeln!(out, "    complexity: {c}");
                }
                if !p.managers.is_empty() {
                    let _ = writeln!(out, "    managers: {}", list(&p.managers));
                }
            }
            for block in kept("products") {
                out.push_str(block);
            }
        }
        if !self.teams.is_empty() || !kept("teams").is_empty() {
            out.push_str("\nteams:\n");
            for t in &self.teams {
                for n in &t.notes {
                    comment(&mut out, "  ", n);
                }
                let _ = writeln!(out, "  - id: {}", id(&t.id));
                if let Some(name) = &t.name {
                    let _ = writeln!(out, "    name: {}", scalar(name));
                }
                if let Some(p) = &t.product {
                    let _ = writeln!(out, "    product: {}", id(p));
                }
                let _ = writeln!(out, "    members: {}", list(&t.members));
            }
            for block in kept("teams") {
                out.push_str(block);
            }
        }
        if !kept("backlogs").is_empty() {
            out.push_str("\nbacklogs:\n");
            for block in kept("backlogs") {
                out.push_str(block);
            }
        }
        if !self.people.is_empty() || !kept("people").is_empty() {
            out.push_str("\npeople:\n");
            for p in &self.people {
                for l in &p.lead {
                    let _ = writeln!(out, "  {}", l.trim_start());
                }
                let _ = write!(out, "  - id: {}", id(&p.id));
                match &p.id_comment {
                    Some(c) => {
                        let _ = writeln!(out, "  {c}");
                    }
                    None => out.push('\n'),
                }
                for n in &p.notes {
                    comment(&mut out, "    ", n);
                }
                if let Some(name) = &p.name {
                    let _ = writeln!(out, "    name: {}", scalar(name));
                }
                if let Some(title) = &p.title {
                    match &p.title_ambiguous {
                        Some(why) => {
                            comment(
                                &mut out,
                                "    ",
                                &format!(
                                    "title {} is ambiguous ({why}): set title and roles",
                                    quote(title)
                                ),
                            );
                            comment(&mut out, "    ", &format!("title: {}", scalar(title)));
                        }
                        None => {
                            let _ = writeln!(out, "    title: {}", scalar(title));
                        }
                    }
                }
                if !p.roles.is_empty() {
                    let _ = write!(out, "    roles: {}", list(&p.roles));
                    match &p.roles_note {
                        Some(n) => {
                            let _ = writeln!(out, "  # {}", one_line(n));
                        }
                        None => out.push('\n'),
                    }
                }
                if let Some(m) = &p.reports_to {
                    let _ = write!(out, "    reports_to: {}", id(m));
                    match &p.reports_to_note {
                        Some(n) => {
                            let _ = writeln!(out, "  # {}", one_line(n));
                        }
                        None => out.push('\n'),
                    }
                }
                for k in &p.kept {
                    out.push_str(k);
                }
            }
            for block in kept("people") {
                out.push_str(block);
            }
        }
        out
    }
}

/// A comment line: any line break in `text` would end the comment and inject YAML.
fn comment(out: &mut String, indent: &str, text: &str) {
    let _ = writeln!(out, "{indent}# {}", one_line(text));
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A string as a YAML scalar: plain when that reads back as the same string, else double
/// quoted (a JSON string is a valid YAML 1.2 double-quoted scalar).
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_.,'()&/+".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "nan" | "inf"
        );
    if plain {
        s.to_string()
    } else {
        quote(s)
    }
}

/// An id: quoted when YAML would read it as something other than text (`1042`, `true`).
fn id(s: &str) -> String {
    scalar(s)
}

fn list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| id(s)).collect();
    format!("[{}]", v.join(", "))
}

/// Makes ids unique within one kind: every holder of a shared id gets a suffix from its
/// own key (stable across re-imports whatever the order), else from its position.
pub fn unique_ids(ids: &mut [String], keys: &[Option<String>]) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for i in ids.iter() {
        *count.entry(i.clone()).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = count.keys().cloned().collect();
    let mut nth: BTreeMap<String, usize> = BTreeMap::new();
    for (i, key) in ids.iter_mut().zip(keys) {
        if count.get(i.as_str()).copied().unwrap_or(0) < 2 {
            continue;
        }
        let base = i.clone();
        let mut candidate = key
            .as_deref()
            .map(slug)
            .filter(|k| !k.is_empty())
            .map(|k| format!("{base}-{k}"));
        if candidate.as_ref().is_none_or(|c| taken.contains(c)) {
            let n = nth.entry(base.clone()).or_insert(1);
            loop {
                *n += 1;
                let c = format!("{base}-{n}");
                if !taken.contains(&c) {
                    candidate = Some(c);
                    break;
                }
            }
        }
        let c = candidate.unwrap_or(base);
        taken.insert(c.clone());
        *i = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Léa Fontaine"), "lea-fontaine");
        assert_eq!(slug("  Jürgen  O'Brien-Smith "), "jurgen-o-brien-smith");
        assert_eq!(slug("Øystein Ærø"), "oystein-aero");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn scalars_read_back() {
        assert_eq!(scalar("Jane Doe"), "Jane Doe");
        assert_eq!(scalar("1042"), "\"1042\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("Lead: Payments"), "\"Lead: Payments\"");
        assert_eq!(scalar("a # b"), "\"a # b\"");
        assert_eq!(scalar("x\ny"), "\"x\\ny\"");
    }

    #[test]
    fn unique_ids_are_stable() {
        let mut ids = vec!["jane".to_string(), "jane".to_string(), "bob".to_string()];
        unique_ids(&mut ids, &[Some("7".into()), Some("3".into()), None]);
        assert_eq!(ids, ["jane-7", "jane-3", "bob"]);
        let mut ids = vec!["a".to_string(), "a".to_string()];
        unique_ids(&mut ids, &[None, None]);
        assert_eq!(ids, ["a-2", "a-3"]);
    }

    #[test]
    fn reporting_loops_are_cut() {
        let mut org = Imported::default();
        for (id, boss) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
            org.people.push(Person {
                id: id.into(),
                reports_to: Some(boss.into()),
                ..Person::default()
            });
        }
        org.check_references();
        let cut = org.people.iter().filter(|p| p.reports_to.is_none()).count();
        assert_eq!(cut, 1, "{:?}", org.people);
        assert_eq!(org.problems.len(), 1);
    }
}
