//! Backstage software catalog: `User`, `Group` and `Location` entities from catalog YAML
//! files (several documents a file), folders, and the `targets` of `Location` entities,
//! followed relative to the file that names them. Never the network: a URL target is
//! reported and skipped.
//!
//! Entities are read into a generic tree that keeps every node's span, with the same
//! budgets as org files (an alias bomb or deep nesting fails fast), so each problem can
//! name the file and line of the value at fault.
//!
//! Backstage has no title, role or manager field, so these come from annotations (or a
//! metadata field, or the group's leader) as the options say. Entity references are
//! resolved as Backstage resolves them: `[kind:][namespace/]name`, with the kind the field
//! implies (`memberOf`, `parent`, `children`: group; `members`, `leader`: user) and the
//! namespace of the entity that holds the reference, compared case-insensitively.

use super::{unique_ids, Imported, Person, Problem, Product, Team};
use crate::load::yaml::span_of;
use crate::span::{LineIndex, Span};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// At most this many catalog files in one import (a `Location` glob over a huge tree, or
/// locations that keep naming new files, stop here with a clear error).
pub const MAX_FILES: usize = 10_000;
/// At most this many entities in one import.
pub const MAX_ENTITIES: usize = 1_000_000;
/// Group hierarchies deeper than this are read as loops.
const MAX_DEPTH: usize = 256;

/// How the catalog maps to an org file.
#[derive(Debug, Clone)]
pub struct Options {
    /// Group types that are teams (`team`).
    pub team_types: Vec<String>,
    /// Group types that are products (none by default).
    pub product_types: Vec<String>,
    /// Where a user's title is: an annotation key, or a path such as `metadata.description`.
    pub title_from: String,
    /// The annotation with a user's roles, comma-separated.
    pub roles_annotation: String,
    /// The annotation with a user's manager (a user reference).
    pub reports_to_annotation: String,
    /// The byte limit of one file.
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            team_types: vec!["team".into()],
            product_types: Vec::new(),
            title_from: "rolelint.dev/title".into(),
            roles_annotation: "rolelint.dev/roles".into(),
            reports_to_annotation: "rolelint.dev/reports-to".into(),
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

/// A YAML node of any shape.
#[derive(Debug)]
pub enum Y {
    Null,
    Str(String),
    /// A number or boolean, as its text.
    Other(String),
    Seq(Vec<Spanned<Y>>),
    Map(Vec<(String, Spanned<Y>)>),
}

struct YVisitor;

impl<'de> Visitor<'de> for YVisitor {
    type Value = Y;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Y, E> {
        Ok(Y::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Y, E> {
        Ok(Y::Str(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Y, E> {
        Ok(Y::Other(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Y, E> {
        Ok(Y::Other(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Y, E> {
        Ok(Y::Other(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Y, E> {
        Ok(Y::Other(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Y, E> {
        Ok(Y::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Y, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Y>>()? {
            items.push(item);
        }
        Ok(Y::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Y, A::Error> {
        let mut entries: Vec<(String, Spanned<Y>)> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<Y>()? {
            let value = map.next_value::<Spanned<Y>>()?;
            let key = match key {
                Y::Str(s) | Y::Other(s) => s,
                _ => continue,
            };
            // A repeated key keeps its first value, as in org files.
            if seen.insert(key.clone()) {
                entries.push((key, value));
            }
        }
        Ok(Y::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Y {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YVisitor)
    }
}

impl Y {
    pub fn get(&self, key: &str) -> Option<&Spanned<Y>> {
        match self {
            Y::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// A dotted path of map keys (`spec.profile.displayName`).
    pub fn path(&self, path: &str) -> Option<&Spanned<Y>> {
        let mut parts = path.split('.');
        let mut at = self.get(parts.next()?)?;
        for p in parts {
            at = at.value.get(p)?;
        }
        Some(at)
    }
    pub fn str(&self) -> Option<&str> {
        match self {
            Y::Str(s) | Y::Other(s) => Some(s.as_str()).filter(|s| !s.trim().is_empty()),
            _ => None,
        }
    }
}

/// One entity reference as written, with where it is.
#[derive(Debug, Clone)]
struct RefAt {
    text: String,
    at: String,
}

/// A catalog entity of a kind the import uses.
#[derive(Debug)]
struct Entity {
    kind: String,
    namespace: String,
    name: String,
    at: String,
    doc: Y,
}

/// `kind:namespace/name`, lowercased: the key Backstage compares entities by.
fn key(kind: &str, namespace: &str, name: &str) -> String {
    format!(
        "{}:{}/{}",
        kind.to_ascii_lowercase(),
        namespace.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    )
}

/// Parses `[kind:][namespace/]name` with defaults; `None` when the text is no reference.
pub fn parse_ref(text: &str, default_kind: &str, default_namespace: &str) -> Option<String> {
    let text = text.trim();
    let (kind, rest) = match text.split_once(':') {
        Some((k, r)) if !k.contains('/') => (k, r),
        _ => (default_kind, text),
    };
    let (namespace, name) = match rest.split_once('/') {
        Some((n, r)) => (n, r),
        None => (default_namespace, rest),
    };
    if kind.is_empty() || namespace.is_empty() || name.is_empty() || name.contains('/') {
        return None;
    }
    Some(key(kind, namespace, name))
}

struct Reader<'a> {
    opts: &'a Options,
    problems: Vec<Problem>,
    entities: Vec<Entity>,
    seen_files: BTreeSet<PathBuf>,
    files: usize,
}

impl Reader<'_> {
    fn read_path(&mut self, path: &Path, named: bool) {
        if path.is_dir() {
            let mut found = Vec::new();
            walk_yaml(path, &mut found, &mut self.problems);
            found.sort();
            for f in found {
                self.read_file(&f, false);
            }
        } else {
            self.read_file(path, named);
        }
    }

    fn read_file(&mut self, path: &Path, named: bool) {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !self.seen_files.insert(canonical) {
            return; // named twice, or by two locations: read once
        }
        let shown = path.display().to_string();
        self.files += 1;
        if self.files > MAX_FILES {
            if self.files == MAX_FILES + 1 {
                self.problems.push(Problem::error(
                    Some(shown),
                    format!("more than {MAX_FILES} catalog files; the rest are not read"),
                ));
            }
            return;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.problems
                    .push(Problem::error(Some(shown), format!("cannot read: {e}")));
                return;
            }
        };
        let (text, err) = crate::load::decode(bytes, self.opts.max_file_size);
        if let Some(e) = err {
            let lines = LineIndex::new(text.as_bytes());
            self.problems.push(
                Problem::error(Some(at(&shown, &text, &lines, e.offset)), e.message).help(e.help),
            );
            return;
        }
        let lines = LineIndex::new(text.as_bytes());
        let docs = match serde_saphyr::from_multiple_with_options::<Spanned<Y>>(
            &text,
            crate::load::yaml::options(text.len()),
        ) {
            Ok(docs) => docs,
            Err(e) => {
                let offset = crate::load::yaml::error_offset(&e, &text);
                let message = crate::load::yaml::error_message(&e);
                let help = if message.contains("budget") {
                    "the file expands aliases or nests deeper than a catalog needs; the limits guard against hostile input"
                } else {
                    "fix the YAML at this position; the file's entities are not imported until it parses"
                };
                self.problems.push(
                    Problem::error(
                        Some(at(&shown, &text, &lines, offset)),
                        format!("not valid YAML: {message}"),
                    )
                    .help(help),
                );
                return;
            }
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for doc in docs {
            let span = span_of(&doc);
            let here = at(&shown, &text, &lines, span.start as usize);
            let Some(kind) = doc.value.get("kind").and_then(|k| k.value.str()) else {
                if named {
                    self.problems.push(
                        Problem::warning(
                            Some(here),
                            "a document without `kind`: not a catalog entity; skipped",
                        )
                        .help("each entity needs `apiVersion`, `kind`, `metadata.name` and `spec`"),
                    );
                }
                continue;
            };
            let kind = kind.to_ascii_lowercase();
            if !matches!(kind.as_str(), "user" | "group" | "location") {
                continue; // components, systems, APIs: not part of the organisation
            }
            let Some(name) = doc.value.path("metadata.name").and_then(|n| n.value.str()) else {
                self.problems.push(
                    Problem::warning(
                        Some(here),
                        format!("a {kind} entity without `metadata.name`; skipped"),
                    )
                    .help("give it `metadata: {name: ...}`, as Backstage requires"),
                );
                continue;
            };
            let name = name.trim().to_string();
            let namespace = doc
                .value
                .path("metadata.namespace")
                .and_then(|n| n.value.str())
                .unwrap_or("default")
                .trim()
                .to_string();
            if kind == "location" {
                self.follow(&doc.value, &dir, &shown, &text, &lines);
                continue;
            }
            if self.entities.len() >= MAX_ENTITIES {
                self.problems.push(Problem::error(
                    Some(here),
                    format!("more than {MAX_ENTITIES} entities; the rest are not read"),
                ));
                return;
            }
            self.entities.push(Entity {
                kind,
                namespace,
                name,
                at: here,
                doc: doc.value,
            });
        }
    }

    /// A `Location`'s `target` and `targets`, relative to its own file; globs allowed.
    fn follow(&mut self, doc: &Y, dir: &Path, shown: &str, text: &str, lines: &LineIndex) {
        let mut targets: Vec<(&str, Span)> = Vec::new();
        if let Some(t) = doc.path("spec.target") {
            if let Some(s) = t.value.str() {
                targets.push((s, span_of(t)));
            }
        }
        if let Some(Y::Seq(items)) = doc.path("spec.targets").map(|t| &t.value) {
            for t in items {
                if let Some(s) = t.value.str() {
                    targets.push((s, span_of(t)));
                }
            }
        }
        for (target, span) in targets {
            let here = at(shown, text, lines, span.start as usize);
            if target.contains("://") {
                self.problems.push(
                    Problem::warning(Some(here), format!("location target `{target}` is a URL; not followed (import reads no network)"))
                        .help("check the repository out and pass its catalog files or folder to `rolelint import backstage`"),
                );
                continue;
            }
            let relative = target.trim_start_matches("./");
            if target.contains(['*', '?', '[']) {
                let matched = glob(dir, relative, &mut self.problems);
                if matched.is_empty() {
                    self.problems.push(Problem::warning(
                        Some(here),
                        format!("location target `{target}` matches no file"),
                    ));
                }
                for f in matched {
                    self.read_file(&f, true);
                }
                continue;
            }
            let path = dir.join(relative);
            if !path.exists() {
                self.problems.push(
                    Problem::error(
                        Some(here),
                        format!(
                            "location target `{target}` does not exist ({})",
                            path.display()
                        ),
                    )
                    .help("targets are relative to the file of the Location entity"),
                );
                continue;
            }
            self.read_path(&path, true);
        }
    }
}

fn at(shown: &str, text: &str, lines: &LineIndex, offset: usize) -> String {
    let line = lines.position(text, offset.min(text.len())).line;
    format!("{shown}:{line}")
}

/// Catalog files under a folder (`.yaml`, `.yml`), hidden folders skipped, bounded.
fn walk_yaml(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            problems.push(Problem::error(
                Some(d.display().to_string()),
                "cannot read the folder",
            ));
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() && !hidden && depth < 32 {
                stack.push((p, depth + 1));
            } else if t.is_file()
                && p.extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml")
                })
            {
                if out.len() >= MAX_FILES {
                    return;
                }
                out.push(p);
            }
        }
    }
}

fn glob(dir: &Path, pattern: &str, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let matcher = match globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            problems.push(Problem::warning(None, format!("bad glob `{pattern}`: {e}")));
            return Vec::new();
        }
    };
    let mut all = Vec::new();
    walk_yaml(dir, &mut all, problems);
    let mut out: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| p.strip_prefix(dir).is_ok_and(|r| matcher.is_match(r)))
        .collect();
    out.sort();
    out
}

/// Reads the catalog at `paths` and maps it to an organisation.
pub fn import(paths: &[PathBuf], opts: &Options) -> Imported {
    let mut reader = Reader {
        opts,
        problems: Vec::new(),
        entities: Vec::new(),
        seen_files: BTreeSet::new(),
        files: 0,
    };
    for p in paths {
        if !p.exists() {
            reader.problems.push(Problem::error(
                Some(p.display().to_string()),
                "no such file or folder",
            ));
            continue;
        }
        reader.read_path(p, true);
    }
    let files = reader.files.min(MAX_FILES);
    let mut org = map(reader.entities, opts, &mut reader.problems);
    org.header = vec![
        format!(
            "Imported by `rolelint import backstage` from {} ({} catalog file{}).",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            files,
            if files == 1 { "" } else { "s" }
        ),
        format!(
            "Teams: groups of type {}; products: {}.",
            opts.team_types.join(", "),
            if opts.product_types.is_empty() {
                "none (--products-from)".to_string()
            } else {
                format!("groups of type {}", opts.product_types.join(", "))
            }
        ),
        format!(
            "Titles: {}; roles: annotation {}, else from the title; reports_to: annotation {}, else the leader of the person's group.",
            describe_source(&opts.title_from),
            opts.roles_annotation,
            opts.reports_to_annotation
        ),
        "Re-import with --merge FILE: responsibilities, backlogs, products and suppressions written here are kept.".into(),
    ];
    org.problems.splice(0..0, reader.problems);
    org
}

fn describe_source(s: &str) -> String {
    if s.starts_with("metadata.") || s.starts_with("spec.") {
        format!("field {s}")
    } else {
        format!("annotation {s}")
    }
}

struct Group {
    id: String,
    name: Option<String>,
    gtype: String,
    parent: Option<String>,
    leaders: Vec<String>,
    members: BTreeSet<String>,
}

/// The entity graph as an organisation.
fn map(entities: Vec<Entity>, opts: &Options, problems: &mut Vec<Problem>) -> Imported {
    // Entities by key; a duplicate keeps the first, as the catalog does.
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut live: Vec<&Entity> = Vec::new();
    for e in &entities {
        let k = key(&e.kind, &e.namespace, &e.name);
        if let Some(first) = by_key.get(&k) {
            problems.push(
                Problem::warning(
                    Some(e.at.clone()),
                    format!(
                        "duplicate entity `{k}`; the first, at {}, is kept",
                        live[*first].at
                    ),
                )
                .help("each entity needs a unique kind, namespace and name"),
            );
            continue;
        }
        by_key.insert(k, live.len());
        live.push(e);
    }
    // Ids: the name, with its namespace when not `default`, made valid and unique per kind.
    let id_of = |e: &Entity| -> String {
        let base = if e.namespace.eq_ignore_ascii_case("default") {
            e.name.clone()
        } else {
            format!("{}.{}", e.namespace, e.name)
        };
        if crate::model::is_valid_id(&base) {
            base
        } else {
            let s = super::slug(&base);
            if s.is_empty() {
                "unnamed".into()
            } else {
                s
            }
        }
    };
    let mut ids: Vec<String> = live.iter().map(|e| id_of(e)).collect();
    for kind in ["user", "group"] {
        let idx: Vec<usize> = (0..live.len()).filter(|i| live[*i].kind == kind).collect();
        let mut sub: Vec<String> = idx.iter().map(|i| ids[*i].clone()).collect();
        let keys: Vec<Option<String>> = idx
            .iter()
            .map(|i| Some(live[*i].namespace.clone()))
            .collect();
        unique_ids(&mut sub, &keys);
        for (i, s) in idx.into_iter().zip(sub) {
            ids[i] = s;
        }
    }
    let suggested = std::cell::Cell::new(0usize);
    let resolve = |r: &RefAt, kind: &str, ns: &str, problems: &mut Vec<Problem>| -> Option<usize> {
        let Some(k) = parse_ref(&r.text, kind, ns) else {
            problems.push(Problem::warning(
                Some(r.at.clone()),
                format!("`{}` is not an entity reference; left out", r.text),
            ));
            return None;
        };
        match by_key.get(&k) {
            Some(i) if live[*i].kind == kind => Some(*i),
            Some(_) => {
                problems.push(Problem::warning(
                    Some(r.at.clone()),
                    format!(
                        "`{}` names a {} where a {kind} is expected; left out",
                        r.text,
                        k.split(':').next().unwrap_or("")
                    ),
                ));
                None
            }
            None => {
                // Suggestions compare with every entity: only for the first few unknown
                // references, so a hostile catalog cannot make this quadratic.
                suggested.set(suggested.get() + 1);
                let suggestion = by_key
                    .keys()
                    .take(if suggested.get() <= 50 { usize::MAX } else { 0 })
                    .filter(|c| c.starts_with(&format!("{kind}:")))
                    .map(|c| (strsim::levenshtein(c, &k), c))
                    .filter(|(d, _)| *d <= 2)
                    .min()
                    .map(|(_, c)| format!("did you mean `{c}`?"));
                let mut p = Problem::warning(
                    Some(r.at.clone()),
                    format!("`{}` ({k}) is not in the catalog; left out", r.text),
                );
                p.help = Some(suggestion.unwrap_or_else(|| {
                    "add the entity, or pass the file or folder that defines it".into()
                }));
                problems.push(p);
                None
            }
        }
    };
    let refs = |e: &Entity, path: &str| -> Vec<RefAt> {
        let mut out = Vec::new();
        let Some(v) = e.doc.path(path) else {
            return out;
        };
        let here = |sp: &Spanned<Y>| {
            format!(
                "{} ({path})",
                e.at.rsplit_once(':')
                    .map_or(e.at.clone(), |(f, _)| format!("{f}:{}", line_of_span(sp)))
            )
        };
        match &v.value {
            Y::Seq(items) => {
                for item in items {
                    if let Some(s) = item.value.str() {
                        out.push(RefAt {
                            text: s.to_string(),
                            at: here(item),
                        });
                    }
                }
            }
            other => {
                if let Some(s) = other.str() {
                    out.push(RefAt {
                        text: s.to_string(),
                        at: here(v),
                    });
                }
            }
        }
        out
    };

    // Groups: parent from `spec.parent` and from the parent's `spec.children`.
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    let mut parent_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, e) in live.iter().enumerate().filter(|(_, e)| e.kind == "group") {
        let gtype = e
            .doc
            .path("spec.type")
            .and_then(|t| t.value.str())
            .unwrap_or("")
            .to_string();
        let name = e
            .doc
            .path("spec.profile.displayName")
            .or_else(|| e.doc.path("metadata.title"))
            .and_then(|n| n.value.str())
            .map(str::to_string);
        let mut leaders = Vec::new();
        for field in ["spec.leader", "spec.leaders"] {
            for r in refs(e, field) {
                if let Some(u) = resolve(&r, "user", &e.namespace, problems) {
                    leaders.push(ids[u].clone());
                }
            }
        }
        let mut members = BTreeSet::new();
        for r in refs(e, "spec.members") {
            if let Some(u) = resolve(&r, "user", &e.namespace, problems) {
                members.insert(u);
            }
        }
        for r in refs(e, "spec.parent") {
            if let Some(p) = resolve(&r, "group", &e.namespace, problems) {
                parent_of.insert(i, p);
            }
        }
        for r in refs(e, "spec.children") {
            if let Some(c) = resolve(&r, "group", &e.namespace, problems) {
                match parent_of.get(&c) {
                    Some(p) if *p != i => problems.push(Problem::warning(
                        Some(r.at.clone()),
                        format!(
                            "group `{}` is a child of `{}` and of `{}`; the first is kept",
                            ids[c], ids[*p], ids[i]
                        ),
                    )),
                    _ => {
                        parent_of.insert(c, i);
                    }
                }
            }
        }
        groups.insert(
            i,
            Group {
                id: ids[i].clone(),
                name,
                gtype,
                parent: None,
                leaders,
                members: members.into_iter().map(|u| ids[u].clone()).collect(),
            },
        );
    }
    // The parents as ids, loops cut (a group cannot be its own ancestor).
    for (c, p) in &parent_of {
        let mut at = *p;
        let mut steps = 0;
        let mut loops = false;
        while let Some(next) = parent_of.get(&at) {
            // Deeper than any organisation: read as a loop (and bounds the walk).
            if at == *c || steps > MAX_DEPTH {
                loops = true;
                break;
            }
            at = *next;
            steps += 1;
        }
        if loops || *p == *c {
            problems.push(Problem::warning(
                Some(live[*c].at.clone()),
                format!(
                    "group `{}` is its own ancestor; its parent is left out",
                    ids[*c]
                ),
            ));
            continue;
        }
        if let Some(g) = groups.get_mut(c) {
            g.parent = Some(ids[*p].clone());
        }
    }

    // Users: profile, memberships, title, roles, manager.
    let mut people: Vec<Person> = Vec::new();
    let mut groups_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for g in groups.values() {
        for m in &g.members {
            groups_of.entry(m.clone()).or_default().insert(g.id.clone());
        }
    }
    let group_idx: BTreeMap<String, usize> =
        groups.iter().map(|(i, g)| (g.id.clone(), *i)).collect();
    for (i, e) in live.iter().enumerate().filter(|(_, e)| e.kind == "user") {
        let id = ids[i].clone();
        for r in refs(e, "spec.memberOf") {
            if let Some(g) = resolve(&r, "group", &e.namespace, problems) {
                groups_of
                    .entry(id.clone())
                    .or_default()
                    .insert(ids[g].clone());
            }
        }
        let annotation = |k: &str| {
            e.doc
                .get("metadata")
                .and_then(|m| m.value.get("annotations"))
                .and_then(|a| a.value.get(k))
                .and_then(|v| v.value.str())
                .map(|s| s.trim().to_string())
        };
        let title =
            if opts.title_from.starts_with("metadata.") || opts.title_from.starts_with("spec.") {
                e.doc
                    .path(&opts.title_from)
                    .and_then(|v| v.value.str())
                    .map(|s| s.trim().to_string())
            } else {
                annotation(&opts.title_from)
            };
        let explicit_roles = annotation(&opts.roles_annotation).map(|r| {
            r.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        });
        let mut reports_to = None;
        let mut reports_to_note = None;
        if let Some(m) = annotation(&opts.reports_to_annotation) {
            let r = RefAt {
                text: m,
                at: format!("{} (annotation {})", e.at, opts.reports_to_annotation),
            };
            if let Some(u) = resolve(&r, "user", &e.namespace, problems) {
                reports_to = Some(ids[u].clone());
            }
        }
        if reports_to.is_none() {
            // The leader of the nearest group up from each of the person's groups that is
            // led by someone else; teams first.
            let mut mine: Vec<&String> = groups_of
                .get(&id)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            mine.sort_by_key(|g| {
                let t = group_idx
                    .get(*g)
                    .and_then(|i| groups.get(i))
                    .map(|g| &g.gtype);
                (
                    !t.is_some_and(|t| opts.team_types.contains(t)),
                    (*g).clone(),
                )
            });
            'outer: for g in mine {
                let mut at = Some(g.clone());
                let mut steps = 0;
                while let Some(gid) = at {
                    steps += 1;
                    let Some(grp) = group_idx.get(&gid).and_then(|i| groups.get(i)) else {
                        break;
                    };
                    // A leader of this group reports further up, to the next leader.
                    if !grp.leaders.contains(&id) {
                        if let Some(l) = grp.leaders.first() {
                            reports_to = Some(l.clone());
                            reports_to_note = Some(format!("leader of group {gid}"));
                            break 'outer;
                        }
                    }
                    if steps > MAX_DEPTH {
                        break;
                    }
                    at = grp.parent.clone();
                }
            }
        }
        people.push(Person {
            id,
            at: Some(e.at.clone()),
            name: e
                .doc
                .path("spec.profile.displayName")
                .or_else(|| e.doc.path("metadata.title"))
                .and_then(|n| n.value.str())
                .map(|s| s.trim().to_string()),
            title,
            explicit_roles,
            reports_to,
            reports_to_note,
            ..Person::default()
        });
    }

    // Products: groups of a product type; a team's product is its nearest such ancestor.
    let is_product = |g: &Group| {
        opts.product_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&g.gtype))
    };
    let is_team = |g: &Group| {
        opts.team_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&g.gtype))
    };
    let ancestor_product = |g: &Group| -> Option<String> {
        let mut at = g.parent.clone();
        let mut steps = 0;
        while let Some(pid) = at {
            let p = group_idx.get(&pid).and_then(|i| groups.get(i))?;
            if is_product(p) {
                return Some(p.id.clone());
            }
            steps += 1;
            if steps > MAX_DEPTH {
                return None;
            }
            at = p.parent.clone();
        }
        None
    };
    let mut org = Imported::default();
    let mut members_by_group: BTreeMap<&String, Vec<String>> = BTreeMap::new();
    for (person, gs) in &groups_of {
        for g in gs {
            members_by_group.entry(g).or_default().push(person.clone());
        }
    }
    let members_of =
        |g: &Group| -> Vec<String> { members_by_group.get(&g.id).cloned().unwrap_or_default() };
    let team_product: BTreeMap<&String, String> = groups
        .values()
        .filter(|t| is_team(t))
        .filter_map(|t| ancestor_product(t).map(|p| (&t.id, p)))
        .collect();
    for g in groups.values() {
        if is_team(g) {
            let product = team_product.get(&g.id).cloned();
            org.teams.push(Team {
                id: g.id.clone(),
                name: g.name.clone(),
                product,
                members: members_of(g),
                notes: Vec::new(),
            });
        } else if is_product(g) {
            // Its managers are the product managers among its own members and those of
            // the teams under it (known once roles are derived from titles).
            let mut candidates = members_of(g);
            for (t, _) in team_product.iter().filter(|(_, p)| **p == g.id) {
                candidates.extend(members_by_group.get(t).into_iter().flatten().cloned());
            }
            org.products.push(Product {
                id: g.id.clone(),
                name: g.name.clone(),
                candidates,
                ..Product::default()
            });
        }
    }
    // The organisation's name: the one group of type organization, if there is one.
    let orgs: Vec<&Group> = groups
        .values()
        .filter(|g| {
            matches!(
                g.gtype.to_ascii_lowercase().as_str(),
                "organization" | "organisation"
            )
        })
        .collect();
    if let [o] = orgs[..] {
        org.organisation = Some(o.name.clone().unwrap_or_else(|| o.id.clone()));
    }
    org.people = people;
    org.problems = std::mem::take(problems);
    org
}

/// The line of a value, as the parser counts it (the entity does not keep its file's text).
fn line_of_span(sp: &Spanned<Y>) -> usize {
    sp.referenced.line() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_take_backstage_defaults() {
        assert_eq!(
            parse_ref("team-a", "group", "default").unwrap(),
            "group:default/team-a"
        );
        assert_eq!(
            parse_ref("user:jdoe", "group", "default").unwrap(),
            "user:default/jdoe"
        );
        assert_eq!(
            parse_ref("Group:Default/Team-A", "user", "x").unwrap(),
            "group:default/team-a"
        );
        // The namespace of the referring entity is the default.
        assert_eq!(
            parse_ref("team-a", "group", "ops").unwrap(),
            "group:ops/team-a"
        );
        assert_eq!(
            parse_ref("ops/team-a", "group", "default").unwrap(),
            "group:ops/team-a"
        );
        assert!(parse_ref("", "group", "default").is_none());
        assert!(parse_ref("a/b/c", "group", "default").is_none());
        assert!(parse_ref("group:", "group", "default").is_none());
    }

    #[test]
    fn repeated_keys_keep_the_first_value() {
        let docs = serde_saphyr::from_multiple_with_options::<Spanned<Y>>(
            "kind: User\nkind: Group\n---\nkind: Location\n",
            crate::load::yaml::options(100),
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].value.get("kind").unwrap().value.str(), Some("User"));
        assert_eq!(
            docs[1].value.get("kind").unwrap().value.str(),
            Some("Location")
        );
    }
}
