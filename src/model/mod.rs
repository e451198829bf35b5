//! Stage 2: all org files of one run become one organisation. Ids resolve across files,
//! roles and titles resolve to canonical roles, every field keeps its file and span, and
//! the relations the rules ask about (who owns which backlog, which teams a backlog serves)
//! are computed once here instead of in every rule.

mod ids;
pub use ids::IdIndex;

use crate::load::yaml::{self, Document, Entry, List, Node, Owner, ReadProblem, Scalar, Shape};
use crate::load::SourceFile;
use crate::roles::{Resolver, Role, RoleName, TitleRole};
use crate::span::Span;
use std::collections::HashMap;

pub type FileId = u32;

/// A place in one of the run's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

/// A reference to an entity by id; `target` is the index of the first entity of that id.
#[derive(Debug, Clone)]
pub struct Ref {
    pub id: String,
    pub span: Span,
    pub target: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complexity {
    Low,
    Medium,
    High,
}

/// What a team is for (issue 17, reading 9). Only delivery and platform teams work from a
/// backlog that a product owner orders; enabling teams, chapters and operations teams
/// serve other teams and are not expected to (O004, O005, R004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TeamKind {
    #[default]
    Delivery,
    Platform,
    Enabling,
    Chapter,
    Operations,
}

impl TeamKind {
    pub const NAMES: &'static [&'static str] =
        &["delivery", "platform", "enabling", "chapter", "operations"];
    pub fn parse(s: &str) -> Option<TeamKind> {
        Some(match s {
            "delivery" => TeamKind::Delivery,
            "platform" => TeamKind::Platform,
            "enabling" => TeamKind::Enabling,
            "chapter" => TeamKind::Chapter,
            "operations" => TeamKind::Operations,
            _ => return None,
        })
    }
    /// Whether the team builds a product from a backlog (delivery and platform teams).
    pub fn has_backlog(self) -> bool {
        matches!(self, TeamKind::Delivery | TeamKind::Platform)
    }
}

/// The level of a backlog (issue 17, reading 5): team and product backlogs are product
/// owner work; program (ART) and portfolio backlogs, as in SAFe, product manager work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BacklogLevel {
    Team,
    #[default]
    Product,
    Program,
    Portfolio,
}

impl BacklogLevel {
    pub const NAMES: &'static [&'static str] = &["team", "product", "program", "portfolio"];
    pub fn parse(s: &str) -> Option<BacklogLevel> {
        Some(match s {
            "team" => BacklogLevel::Team,
            "product" => BacklogLevel::Product,
            "program" => BacklogLevel::Program,
            "portfolio" => BacklogLevel::Portfolio,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            BacklogLevel::Team => "team",
            BacklogLevel::Product => "product",
            BacklogLevel::Program => "program",
            BacklogLevel::Portfolio => "portfolio",
        }
    }
    /// Whether a product owner owns it (team and product backlogs); program and portfolio
    /// backlogs are the product manager's.
    pub fn is_po_level(self) -> bool {
        matches!(self, BacklogLevel::Team | BacklogLevel::Product)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Product,
    Team,
    Backlog,
    Person,
}

impl Kind {
    pub fn section(self) -> &'static str {
        match self {
            Kind::Product => "products",
            Kind::Team => "teams",
            Kind::Backlog => "backlogs",
            Kind::Person => "people",
        }
    }
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::Team => "team",
            Kind::Backlog => "backlog",
            Kind::Person => "person",
        }
    }
}

/// What every entity has: its file, its id and the span of the whole mapping.
#[derive(Debug, Clone)]
pub struct Head {
    pub file: FileId,
    pub id: String,
    pub id_span: Span,
    pub span: Span,
    /// Index of the first entity with this id, when this one is a later duplicate (S003).
    pub duplicate_of: Option<u32>,
}

impl Head {
    pub fn id_loc(&self) -> Loc {
        Loc {
            file: self.file,
            span: self.id_span,
        }
    }
    pub fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Product {
    pub head: Head,
    pub name: Option<String>,
    pub complexity: Complexity,
    pub managers: Vec<Ref>,
    pub managers_span: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub head: Head,
    pub name: Option<String>,
    pub product: Option<Ref>,
    pub members: Vec<Ref>,
    pub members_span: Option<Span>,
    pub kind: TeamKind,
}

#[derive(Debug, Clone)]
pub struct Backlog {
    pub head: Head,
    pub name: Option<String>,
    pub product: Option<Ref>,
    pub teams: Vec<Ref>,
    pub owners: Vec<Ref>,
    /// The whole `owner` value (a scalar or a list).
    pub owner_span: Option<Span>,
    pub level: BacklogLevel,
}

#[derive(Debug, Clone)]
pub struct RoleItem {
    pub text: String,
    pub span: Span,
    pub name: RoleName,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub head: Head,
    pub name: Option<String>,
    pub title: Option<Node<String>>,
    pub title_role: TitleRole,
    pub roles: Vec<RoleItem>,
    pub roles_span: Option<Span>,
    pub reports_to: Option<Ref>,
    pub responsibilities: Vec<Node<String>>,
    pub responsibilities_key: Option<Span>,
    pub is_pm: bool,
    pub is_po: bool,
    pub email: Option<String>,
    /// An open position (`vacant: true`): it holds roles and can be referenced, but has
    /// no duties of its own to check (issue 17, reading 10).
    pub vacant: bool,
    /// `roles` is there but has the wrong shape (S007): the roles are unknown, not empty,
    /// so rules say nothing about what the person does not hold.
    pub roles_unknown: bool,
}

impl Person {
    pub fn only_po(&self) -> bool {
        self.is_po && !self.is_pm
    }
    pub fn only_pm(&self) -> bool {
        self.is_pm && !self.is_po
    }
    pub fn holds(&self, role: Role) -> bool {
        match role {
            Role::ProductManager => self.is_pm,
            Role::ProductOwner => self.is_po,
        }
    }
}

/// A job description of the run.
#[derive(Debug)]
pub struct Job {
    pub file: FileId,
    pub doc: crate::load::jobs::JobDoc,
    pub title_role: TitleRole,
}

/// A structural problem found while reading or modelling a file (S001, S002, S007).
#[derive(Debug, Clone)]
pub enum FileProblem {
    Read(ReadProblem),
    /// The file cannot be parsed at all: no rule runs on it.
    Fatal {
        message: String,
        help: Option<String>,
        offset: usize,
    },
}

/// The whole organisation of one run, plus the job descriptions.
#[derive(Debug, Default)]
pub struct Org {
    pub files: Vec<SourceFile>,
    pub problems: Vec<(FileId, FileProblem)>,
    pub names: Vec<(FileId, String)>,
    pub products: Vec<Product>,
    pub teams: Vec<Team>,
    pub backlogs: Vec<Backlog>,
    pub people: Vec<Person>,
    product_ids: IdIndex,
    team_ids: IdIndex,
    backlog_ids: IdIndex,
    person_ids: IdIndex,
    /// Set when a file could not be parsed: cross-file rules are skipped for the run.
    pub incomplete: bool,
    pub rel: Relations,
    pub jobs: Vec<Job>,
    /// Titles and role strings repeat across thousands of people: each distinct one is
    /// resolved once.
    name_cache: NameCache,
}

#[derive(Debug, Default)]
struct NameCache {
    titles: HashMap<String, TitleRole>,
    roles: HashMap<String, RoleName>,
}

/// Relations derived once from resolved references (first occurrences only).
#[derive(Debug, Default)]
pub struct Relations {
    pub backlogs_of_product: Vec<Vec<u32>>,
    pub teams_of_product: Vec<Vec<u32>>,
    pub backlogs_of_team: Vec<Vec<u32>>,
    pub backlogs_owned: Vec<Vec<u32>>,
    pub teams_of_person: Vec<Vec<u32>>,
    pub products_managed: Vec<Vec<u32>>,
}

/// An empty span (a block list or map starts at its first `-` or key) grows to the end of
/// its line, so a report underlines something.
fn to_line_end(text: &str, span: Span) -> Span {
    if !span.is_empty() {
        return span;
    }
    let start = span.start as usize;
    let rest = &text[start.min(text.len())..];
    let end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    Span::new(start, end.max(start))
}

pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// The entities that are not later duplicates of an id, with their indices.
fn active<T>(items: &[T], head: impl Fn(&T) -> &Head) -> impl Iterator<Item = (u32, &T)> {
    items
        .iter()
        .enumerate()
        .filter(move |(_, e)| head(e).duplicate_of.is_none())
        .map(|(i, e)| (i as u32, e))
}

/// Builds the model of one org file into `org`.
struct FileBuilder<'a> {
    org: &'a mut Org,
    file: FileId,
    text: &'a str,
    resolver: &'a Resolver,
    max_distance: usize,
}

impl FileBuilder<'_> {
    fn problem(&mut self, p: ReadProblem) {
        self.org.problems.push((self.file, FileProblem::Read(p)));
    }

    fn wrong(&mut self, span: Span, field: &str, expected: &'static str, found: String) {
        self.problem(ReadProblem::WrongType {
            span,
            field: field.to_string(),
            expected,
            found,
        });
    }

    /// Extends a flow list or map span through its closing bracket.
    fn close(&self, span: Span) -> Span {
        let bytes = self.text.as_bytes();
        let close = match bytes.get(span.start as usize) {
            Some(b'[') => b']',
            Some(b'{') => b'}',
            _ => return span,
        };
        let mut i = span.end as usize;
        while let Some(b) = bytes.get(i) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
                b if *b == close => return Span::new(span.start as usize, i + 1),
                _ => return span,
            }
        }
        span
    }

    fn text(&mut self, node: Option<Node<Scalar>>, field: &str) -> Option<Node<String>> {
        let node = node?;
        match node.value {
            Scalar::Text(s) => Some(Node::new(s, node.span)),
            Scalar::Other(Shape::Number | Shape::Boolean, s) => Some(Node::new(s, node.span)),
            Scalar::Other(Shape::Null, _) => None,
            Scalar::Other(shape, _) => {
                self.wrong(node.span, field, "text", shape.describe().into());
                None
            }
        }
    }

    /// One of a fixed set of lower-case words (`kind`, `level`); another value is S007,
    /// with "did you mean" when it is close to one (see `structure::wrong_type`).
    fn choice<T>(
        &mut self,
        node: Option<Node<Scalar>>,
        field: &str,
        names: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let node = self.text(node, field)?;
        if let Some(v) = parse(&node.value) {
            return Some(v);
        }
        let expected: &'static str = match field {
            "kind" => "delivery, platform, enabling, chapter or operations",
            "level" => "team, product, program or portfolio",
            _ => "one of the listed words",
        };
        debug_assert!(names.iter().all(|n| expected.contains(n)));
        self.wrong(node.span, field, expected, format!("{:?}", node.value));
        None
    }

    /// `true` or `false`; null or absent is false.
    fn flag(&mut self, node: Option<Node<Scalar>>, field: &str) -> bool {
        let Some(node) = node else { return false };
        match node.value {
            Scalar::Other(Shape::Boolean, v) => v == "true",
            Scalar::Other(Shape::Null, _) => false,
            Scalar::Text(t) => {
                self.wrong(node.span, field, "true or false", format!("{t:?}"));
                false
            }
            Scalar::Other(shape, _) => {
                self.wrong(node.span, field, "true or false", shape.describe().into());
                false
            }
        }
    }

    /// An id or reference: a non-empty string of letters, digits, `-`, `_`, `.`.
    fn id(&mut self, value: Scalar, span: Span, field: &str) -> Option<String> {
        match value {
            Scalar::Text(s) if is_valid_id(&s) => Some(s),
            Scalar::Text(s) if s.is_empty() => {
                self.wrong(span, field, "an id", "an empty string".into());
                None
            }
            Scalar::Text(s) => {
                let bad: String = s
                    .chars()
                    .filter(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_' || *c == '.'))
                    .take(3)
                    .collect();
                self.wrong(
                    span,
                    field,
                    "an id (letters, digits, `-`, `_`, `.`)",
                    format!("text with {:?}", bad),
                );
                None
            }
            Scalar::Other(shape, _) => {
                self.wrong(span, field, "an id", shape.describe().into());
                None
            }
        }
    }

    fn reference(&mut self, node: Option<Node<Scalar>>, field: &str) -> Option<Ref> {
        let node = node?;
        if let Scalar::Other(Shape::Null, _) = node.value {
            return None;
        }
        let id = self.id(node.value, node.span, field)?;
        Some(Ref {
            id,
            span: node.span,
            target: None,
        })
    }

    fn refs(&mut self, node: Option<Node<List<Scalar>>>, field: &str) -> (Vec<Ref>, Option<Span>) {
        let Some(node) = node else {
            return (Vec::new(), None);
        };
        match node.value.into_items() {
            Ok((count, items)) => {
                let span = self.close(node.span);
                let mut out = Vec::with_capacity(count);
                for (v, s) in items {
                    if let Some(id) = self.id(v, s, field) {
                        out.push(Ref {
                            id,
                            span: s,
                            target: None,
                        });
                    }
                }
                (out, Some(span))
            }
            Err(Shape::Null) => (Vec::new(), Some(node.span)),
            Err(shape) => {
                let hint = if shape == Shape::Text {
                    "a list of ids (write `[id]` for a single one)"
                } else {
                    "a list of ids"
                };
                self.wrong(node.span, field, hint, shape.describe().into());
                (Vec::new(), None)
            }
        }
    }

    fn texts(
        &mut self,
        node: Option<Node<List<Scalar>>>,
        field: &str,
    ) -> (Vec<Node<String>>, Option<Span>) {
        let Some(node) = node else {
            return (Vec::new(), None);
        };
        match node.value.into_items() {
            Ok((count, items)) => {
                let span = self.close(node.span);
                let mut out = Vec::with_capacity(count);
                for (v, s) in items {
                    if let Some(t) = self.text(Some(Node::new(v, s)), field) {
                        out.push(t);
                    }
                }
                (out, Some(span))
            }
            Err(Shape::Null) => (Vec::new(), Some(node.span)),
            Err(shape) => {
                self.wrong(node.span, field, "a list of text", shape.describe().into());
                (Vec::new(), None)
            }
        }
    }

    /// The entries of one section, in file order (moved, not copied: at 100,000 people a
    /// copy is tens of megabytes at the peak), and how many; `entity` then keeps the
    /// mappings.
    fn section<E>(
        &mut self,
        node: Option<Node<List<Entry<E>>>>,
        section: &str,
    ) -> (usize, Option<yaml::ListItems<Entry<E>>>) {
        let Some(node) = node else {
            return (0, None);
        };
        match node.value.into_items() {
            Ok((count, items)) => (count, Some(items)),
            Err(Shape::Null) => (0, None),
            Err(shape) => {
                self.wrong(node.span, section, "a list", shape.describe().into());
                (0, None)
            }
        }
    }

    /// A section's entry as an entity; a non-map entry is S007 and left out of the model
    /// (nothing can refer to it).
    fn entity<E>(&mut self, entry: Entry<E>, span: Span, section: &str) -> Option<E> {
        match entry {
            Entry::Map(m) => Some(m),
            Entry::Not(shape) => {
                self.wrong(
                    span,
                    section,
                    "a mapping with an `id`",
                    shape.describe().into(),
                );
                None
            }
        }
    }

    fn head(&mut self, id: Option<Node<Scalar>>, span: Span, noun: &str) -> Option<Head> {
        let Some(id) = id else {
            self.wrong(
                to_line_end(self.text, Span::at(span.start as usize)),
                "id",
                "an `id`",
                format!("a {noun} without one"),
            );
            return None;
        };
        let text = self.id(id.value, id.span, "id")?;
        Some(Head {
            file: self.file,
            id: text,
            id_span: id.span,
            span: Span::new(span.start as usize, span.end.max(id.span.end) as usize),
            duplicate_of: None,
        })
    }

    fn build(&mut self, raw: yaml::RawOrg) {
        if let Some(v) = raw.version {
            let ok = matches!(&v.value, Scalar::Other(Shape::Number, n) if n == "1");
            if !ok {
                let found = match &v.value {
                    Scalar::Text(s) => format!("{s:?}"),
                    Scalar::Other(Shape::Number, n) => n.clone(),
                    Scalar::Other(s, _) => s.describe().into(),
                };
                self.wrong(
                    v.span,
                    "version",
                    "1 (the only version of the format)",
                    found,
                );
            }
        }
        if let Some(name) = self.text(raw.organisation, "organisation") {
            self.org.names.push((self.file, name.value));
        }
        let (count, entries) = self.section(raw.products, "products");
        self.org.products.reserve(count);
        for (entry, span) in entries.into_iter().flatten() {
            let Some(p) = self.entity(entry, span, "products") else {
                continue;
            };
            let Some(head) = self.head(p.id, span, "product") else {
                continue;
            };
            let name = self.text(p.name, "name").map(|n| n.value);
            let complexity = match self.text(p.complexity, "complexity") {
                None => Complexity::Medium,
                Some(c) => match c.value.as_str() {
                    "low" => Complexity::Low,
                    "medium" => Complexity::Medium,
                    "high" => Complexity::High,
                    other => {
                        self.wrong(
                            c.span,
                            "complexity",
                            "low, medium or high",
                            format!("{other:?}"),
                        );
                        Complexity::Medium
                    }
                },
            };
            let (managers, managers_span) = self.refs(p.managers, "managers");
            self.org.products.push(Product {
                head,
                name,
                complexity,
                managers,
                managers_span,
            });
        }
        let (count, entries) = self.section(raw.teams, "teams");
        self.org.teams.reserve(count);
        for (entry, span) in entries.into_iter().flatten() {
            let Some(t) = self.entity(entry, span, "teams") else {
                continue;
            };
            let Some(head) = self.head(t.id, span, "team") else {
                continue;
            };
            let name = self.text(t.name, "name").map(|n| n.value);
            let product = self.reference(t.product, "product");
            let (members, members_span) = self.refs(t.members, "members");
            let kind = self
                .choice(t.kind, "kind", TeamKind::NAMES, TeamKind::parse)
                .unwrap_or_default();
            self.org.teams.push(Team {
                head,
                name,
                product,
                members,
                members_span,
                kind,
            });
        }
        let (count, entries) = self.section(raw.backlogs, "backlogs");
        self.org.backlogs.reserve(count);
        for (entry, span) in entries.into_iter().flatten() {
            let Some(b) = self.entity(entry, span, "backlogs") else {
                continue;
            };
            let Some(head) = self.head(b.id, span, "backlog") else {
                continue;
            };
            let name = self.text(b.name, "name").map(|n| n.value);
            let product = self.reference(b.product, "product");
            let (teams, _) = self.refs(b.teams, "teams");
            let level = self
                .choice(b.level, "level", BacklogLevel::NAMES, BacklogLevel::parse)
                .unwrap_or_default();
            let (owners, owner_span) = match b.owner {
                None => (Vec::new(), None),
                Some(Node {
                    value: Owner::One(v),
                    span,
                }) => {
                    let r = self.reference(Some(Node::new(v, span)), "owner");
                    (r.into_iter().collect(), Some(span))
                }
                Some(Node {
                    value: Owner::Many(items),
                    span,
                }) => {
                    let list = Node::new(List::Items(items), span);
                    self.refs(Some(list), "owner")
                }
            };
            self.org.backlogs.push(Backlog {
                head,
                name,
                product,
                teams,
                owners,
                owner_span,
                level,
            });
        }
        let (count, entries) = self.section(raw.people, "people");
        self.org.people.reserve(count);
        for (entry, span) in entries.into_iter().flatten() {
            let Some(p) = self.entity(entry, span, "people") else {
                continue;
            };
            let Some(head) = self.head(p.id, span, "person") else {
                continue;
            };
            let name = self.text(p.name, "name").map(|n| n.value);
            let title = self.text(p.title, "title");
            let mut title_role = title.as_ref().map_or(TitleRole::None, |t| {
                let cache = &mut self.org.name_cache.titles;
                match cache.get(&t.value) {
                    Some(r) => r.clone(),
                    None => {
                        let r = self.resolver.title(&t.value);
                        cache.insert(t.value.clone(), r.clone());
                        r
                    }
                }
            });
            let roles_given = p.roles.is_some();
            let (role_texts, roles_span) = self.texts(p.roles, "roles");
            let roles_unknown = roles_given && roles_span.is_none();
            let mut roles: Vec<RoleItem> = role_texts
                .into_iter()
                .map(|t| RoleItem {
                    name: {
                        let cache = &mut self.org.name_cache.roles;
                        match cache.get(&t.value) {
                            Some(r) => r.clone(),
                            None => {
                                let r = self.resolver.role(&t.value, self.max_distance);
                                cache.insert(t.value.clone(), r.clone());
                                r
                            }
                        }
                    },
                    text: t.value,
                    span: t.span,
                })
                .collect();
            settle_abbreviations(self.resolver, title.as_ref(), &mut title_role, &mut roles);
            let is_pm = roles
                .iter()
                .any(|r| r.name == RoleName::Known(Role::ProductManager));
            let is_po = roles
                .iter()
                .any(|r| r.name == RoleName::Known(Role::ProductOwner));
            let reports_to = self.reference(p.reports_to, "reports_to");
            let responsibilities_key = p
                .responsibilities
                .as_ref()
                .map(|n| yaml::key_span_before(self.text, n.span.start, "responsibilities"));
            let (responsibilities, _) = self.texts(p.responsibilities, "responsibilities");
            let email = self.text(p.email, "email").map(|n| n.value);
            let vacant = self.flag(p.vacant, "vacant");
            self.org.people.push(Person {
                head,
                name,
                title,
                title_role,
                roles,
                roles_span,
                reports_to,
                responsibilities,
                responsibilities_key,
                is_pm,
                is_po,
                email,
                vacant,
                roles_unknown,
            });
        }
    }
}

/// A person's title and roles settle an ambiguous abbreviation (`PM`) for each other
/// (issue 17, reading 2): role `pm` with title `Project Manager` is a project manager, and
/// title `PM` with role `product-manager` a product manager's title. When both are the
/// abbreviation, both stay ambiguous and S006 reports it once, at the role.
fn settle_abbreviations(
    resolver: &Resolver,
    title: Option<&Node<String>>,
    title_role: &mut TitleRole,
    roles: &mut [RoleItem],
) {
    let abbreviated =
        |n: &RoleName| matches!(n, RoleName::Ambiguous(why) if resolver.is_abbreviation(why));
    if let Some(t) = title {
        if roles.iter().any(|r| abbreviated(&r.name)) {
            let settled = match title_role {
                TitleRole::One(r) => Some(RoleName::Known(*r)),
                TitleRole::None if resolver.title_names_other(&t.value) => Some(RoleName::Other),
                _ => None,
            };
            if let Some(settled) = settled {
                for r in roles.iter_mut().filter(|r| abbreviated(&r.name)) {
                    r.name = settled.clone();
                }
            }
        }
    }
    if let TitleRole::Ambiguous(why) = &*title_role {
        if !resolver.is_abbreviation(why) {
            return;
        }
        let mut known = roles.iter().filter_map(|r| match r.name {
            RoleName::Known(k) => Some(k),
            _ => None,
        });
        let first = known.next();
        if let Some(k) = first {
            if known.all(|o| o == k) {
                *title_role = TitleRole::One(k);
            }
        } else if roles.iter().any(|r| {
            r.name == RoleName::Other
                && resolver.is_other_role(&r.text)
                && crate::roles::normalise_name(&r.text).ends_with("manager")
        }) {
            *title_role = TitleRole::None;
        }
    }
}

/// A parsed input file on its way into the model.
pub enum Parsed {
    Org(Result<Document, yaml::SyntaxError>, Vec<ReadProblem>),
    Job(crate::load::jobs::JobDoc),
    Unreadable(crate::load::EncodingError),
    Other,
}

impl Org {
    /// Adds one file's parse to the organisation.
    pub fn add_file(
        &mut self,
        file: SourceFile,
        parsed: Parsed,
        resolver: &Resolver,
        max_distance: usize,
    ) -> FileId {
        let id = self.files.len() as FileId;
        self.files.push(file);
        let text = std::mem::take(&mut self.files[id as usize].text);
        match parsed {
            Parsed::Org(doc, problems) => {
                for p in problems {
                    self.problems.push((id, FileProblem::Read(p)));
                }
                match doc {
                    Ok(Document::Org(raw)) => {
                        let mut b = FileBuilder {
                            org: self,
                            file: id,
                            text: &text,
                            resolver,
                            max_distance,
                        };
                        b.build(*raw);
                    }
                    Ok(Document::Empty) => {}
                    Ok(Document::NotAMap(shape, span)) => {
                        let span = to_line_end(&text, span);
                        self.problems.push((
                            id,
                            FileProblem::Read(ReadProblem::WrongType {
                                span,
                                field: String::new(),
                                expected:
                                    "a mapping with `products`, `teams`, `backlogs` or `people`",
                                found: shape.describe().into(),
                            }),
                        ));
                    }
                    Err(e) => {
                        self.incomplete = true;
                        self.problems.push((
                            id,
                            FileProblem::Fatal {
                                message: e.message,
                                help: e.help,
                                offset: e.offset,
                            },
                        ));
                    }
                }
            }
            Parsed::Unreadable(e) => {
                self.incomplete = true;
                self.problems.push((
                    id,
                    FileProblem::Fatal {
                        message: e.message,
                        help: Some(e.help),
                        offset: e.offset,
                    },
                ));
            }
            Parsed::Job(doc) => {
                let title_role = doc
                    .title
                    .as_ref()
                    .map_or(TitleRole::None, |t| resolver.title(&t.value));
                self.jobs.push(Job {
                    file: id,
                    doc,
                    title_role,
                });
            }
            Parsed::Other => {}
        }
        self.files[id as usize].text = text;
        id
    }

    pub fn text(&self, file: FileId) -> &str {
        &self.files[file as usize].text
    }

    /// Resolves ids (first occurrence wins) and computes the relations. Call once, after
    /// every file is added.
    pub fn resolve(&mut self) {
        fn index<T>(items: &mut [T], head: impl Fn(&mut T) -> &mut Head) -> IdIndex {
            let mut heads: Vec<&mut Head> = items.iter_mut().map(head).collect();
            let (index, first) = IdIndex::build(heads.iter().map(|h| h.id.as_str()));
            for (h, f) in heads.iter_mut().zip(first) {
                h.duplicate_of = f;
            }
            index
        }
        self.product_ids = index(&mut self.products, |p| &mut p.head);
        self.team_ids = index(&mut self.teams, |t| &mut t.head);
        self.backlog_ids = index(&mut self.backlogs, |b| &mut b.head);
        self.person_ids = index(&mut self.people, |p| &mut p.head);

        // Targets are found first (reading ids) and stored after, so that the people's own
        // references can be resolved against the people.
        let targets: Vec<Option<u32>> = {
            let org = &*self;
            let mut t = Vec::new();
            for p in &org.products {
                t.extend(p.managers.iter().map(|r| org.person_index(&r.id)));
            }
            for tm in &org.teams {
                t.extend(tm.product.iter().map(|r| org.product_index(&r.id)));
                t.extend(tm.members.iter().map(|r| org.person_index(&r.id)));
            }
            for b in &org.backlogs {
                t.extend(b.product.iter().map(|r| org.product_index(&r.id)));
                t.extend(b.teams.iter().map(|r| org.team_index(&r.id)));
                t.extend(b.owners.iter().map(|r| org.person_index(&r.id)));
            }
            for p in &org.people {
                t.extend(p.reports_to.iter().map(|r| org.person_index(&r.id)));
            }
            t
        };
        let mut targets = targets.into_iter();
        let mut link = |r: &mut Ref| r.target = targets.next().flatten();
        for p in &mut self.products {
            p.managers.iter_mut().for_each(&mut link);
        }
        for t in &mut self.teams {
            t.product.iter_mut().for_each(&mut link);
            t.members.iter_mut().for_each(&mut link);
        }
        for b in &mut self.backlogs {
            b.product.iter_mut().for_each(&mut link);
            b.teams.iter_mut().for_each(&mut link);
            b.owners.iter_mut().for_each(&mut link);
        }
        for p in &mut self.people {
            p.reports_to.iter_mut().for_each(&mut link);
        }

        let mut rel = Relations {
            backlogs_of_product: vec![Vec::new(); self.products.len()],
            teams_of_product: vec![Vec::new(); self.products.len()],
            backlogs_of_team: vec![Vec::new(); self.teams.len()],
            backlogs_owned: vec![Vec::new(); self.people.len()],
            teams_of_person: vec![Vec::new(); self.people.len()],
            products_managed: vec![Vec::new(); self.people.len()],
        };
        // Each list is filled in increasing `x` (the loops below run over the entities in
        // order), so a repeat of `x` can only be the last element: checking it keeps the
        // lists sorted and distinct in constant time (a person in 200,000 teams made the
        // search of the whole list quadratic).
        fn push_unique(v: &mut Vec<u32>, x: u32) {
            if v.last() != Some(&x) {
                v.push(x);
            }
        }
        for (i, p) in self.products.iter().enumerate() {
            if p.head.duplicate_of.is_some() {
                continue;
            }
            for m in p.managers.iter().filter_map(|r| r.target) {
                push_unique(&mut rel.products_managed[m as usize], i as u32);
            }
        }
        for (i, t) in self.teams.iter().enumerate() {
            if t.head.duplicate_of.is_some() {
                continue;
            }
            if let Some(p) = t.product.as_ref().and_then(|r| r.target) {
                rel.teams_of_product[p as usize].push(i as u32);
            }
            for m in t.members.iter().filter_map(|r| r.target) {
                push_unique(&mut rel.teams_of_person[m as usize], i as u32);
            }
        }
        for (i, b) in self.backlogs.iter().enumerate() {
            if b.head.duplicate_of.is_some() {
                continue;
            }
            if let Some(p) = b.product.as_ref().and_then(|r| r.target) {
                rel.backlogs_of_product[p as usize].push(i as u32);
            }
            for t in b.teams.iter().filter_map(|r| r.target) {
                push_unique(&mut rel.backlogs_of_team[t as usize], i as u32);
            }
            for o in b.owners.iter().filter_map(|r| r.target) {
                push_unique(&mut rel.backlogs_owned[o as usize], i as u32);
            }
        }
        self.rel = rel;
    }

    /// The first product with this id.
    pub fn product_index(&self, id: &str) -> Option<u32> {
        self.product_ids
            .get(id, |i| &self.products[i as usize].head.id)
    }
    pub fn team_index(&self, id: &str) -> Option<u32> {
        self.team_ids.get(id, |i| &self.teams[i as usize].head.id)
    }
    pub fn backlog_index(&self, id: &str) -> Option<u32> {
        self.backlog_ids
            .get(id, |i| &self.backlogs[i as usize].head.id)
    }
    pub fn person_index(&self, id: &str) -> Option<u32> {
        self.person_ids
            .get(id, |i| &self.people[i as usize].head.id)
    }

    /// The distinct ids of one kind (first occurrences), for "did you mean".
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        fn firsts<'a, T>(items: &'a [T], head: impl Fn(&'a T) -> &'a Head) -> Vec<&'a str> {
            items
                .iter()
                .map(head)
                .filter(|h| h.duplicate_of.is_none())
                .map(|h| h.id.as_str())
                .collect()
        }
        match kind {
            Kind::Product => firsts(&self.products, |e| &e.head),
            Kind::Team => firsts(&self.teams, |e| &e.head),
            Kind::Backlog => firsts(&self.backlogs, |e| &e.head),
            Kind::Person => firsts(&self.people, |e| &e.head),
        }
    }

    /// First occurrences only: what the non-structure rules see.
    pub fn active_products(&self) -> impl Iterator<Item = (u32, &Product)> {
        active(&self.products, |p| &p.head)
    }
    pub fn active_teams(&self) -> impl Iterator<Item = (u32, &Team)> {
        active(&self.teams, |t| &t.head)
    }
    pub fn active_backlogs(&self) -> impl Iterator<Item = (u32, &Backlog)> {
        active(&self.backlogs, |b| &b.head)
    }
    pub fn active_people(&self) -> impl Iterator<Item = (u32, &Person)> {
        active(&self.people, |p| &p.head)
    }

    /// The product a backlog belongs to, resolved.
    pub fn backlog_product(&self, b: &Backlog) -> Option<u32> {
        b.product.as_ref().and_then(|r| r.target)
    }

    /// Products a person works on: those of the backlogs they own and of the teams they are in.
    pub fn products_worked_on(&self, person: u32) -> Vec<u32> {
        let mut out = Distinct::default();
        for &b in &self.rel.backlogs_owned[person as usize] {
            if let Some(p) = self.backlog_product(&self.backlogs[b as usize]) {
                out.push(p);
            }
        }
        for &t in &self.rel.teams_of_person[person as usize] {
            if let Some(p) = self.teams[t as usize]
                .product
                .as_ref()
                .and_then(|r| r.target)
            {
                out.push(p);
            }
        }
        out.items
    }

    /// The people holding the PM role among a product's managers.
    pub fn pms_of_product(&self, product: u32) -> Vec<u32> {
        let mut out = Distinct::default();
        for r in &self.products[product as usize].managers {
            if let Some(t) = r.target {
                if self.people[t as usize].is_pm {
                    out.push(t);
                }
            }
        }
        out.items
    }
}

/// Distinct indices in first-seen order, each addition in constant time (a list searched
/// on every push is quadratic on a product with 50,000 owners).
#[derive(Debug, Default)]
pub struct Distinct {
    seen: std::collections::HashSet<u32>,
    pub items: Vec<u32>,
}

impl Distinct {
    /// Adds `x` unless already there; whether it was added.
    pub fn push(&mut self, x: u32) -> bool {
        let new = self.seen.insert(x);
        if new {
            self.items.push(x);
        }
        new
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
