//! Structure (S): the file can be trusted. Every other family reads ids, references and
//! roles; these rules make sure a typo, a wrong shape or a broken reference is reported
//! where it is, instead of silently making another rule go quiet.

use super::suggest::{closest_each, closest_key};
use super::Cx;
use crate::diagnostics::{Diag, Fix};
use crate::load::yaml::ReadProblem;
use crate::model::{FileId, FileProblem, Head, Kind, Loc, Ref};
use crate::roles::{RoleName, TitleRole};
use crate::span::Span;

fn loc(file: FileId, span: Span) -> Loc {
    Loc { file, span }
}

/// S001: bytes that are not YAML (or not UTF-8), and repeated keys.
pub fn invalid_yaml(cx: &mut Cx) {
    for (file, p) in &cx.org.problems {
        let d = match p {
            FileProblem::Fatal {
                message,
                help,
                offset,
            } => {
                let text = cx.org.text(*file);
                let end = text[*offset.min(&text.len())..]
                    .chars()
                    .next()
                    .map_or(0, |c| c.len_utf8());
                Diag::new(loc(*file, Span::new(*offset, offset + end)), format!("the file cannot be read: {message}"))
                    .label("here")
                    .help(help.clone().unwrap_or_else(|| {
                        "fix the YAML syntax at this position; no other rule runs on this file until it parses".into()
                    }))
            }
            FileProblem::Read(ReadProblem::DuplicateKey { key, span, first }) => Diag::new(
                loc(*file, *span),
                format!("key `{key}` appears twice in one mapping"),
            )
            .label("repeated here")
            .with(loc(*file, *first), "first used here (this value is kept)")
            .help(format!("remove one of the two `{key}` entries")),
            _ => continue,
        };
        cx.emit(d);
    }
}

/// S002: a key the format does not define.
pub fn unknown_field(cx: &mut Cx) {
    for (file, p) in &cx.org.problems {
        let FileProblem::Read(ReadProblem::UnknownKey {
            key,
            span,
            place,
            known,
        }) = p
        else {
            continue;
        };
        let shown = if key.is_empty() {
            "a key that is not text".to_string()
        } else {
            format!("`{key}`")
        };
        let split = comma_split(cx.org.text(*file), *span);
        let help = match (split, closest_key(key, known)) {
            // One cause, one report: the key is the tail of a value an unquoted comma cut
            // in two (issue 17, reading 12).
            (Some((field, value)), _) => format!(
                "an unquoted comma probably split the value: `{field}: {value}, {key}` reads as `{field}: {value}` and a key `{key}`; quote it: `{field}: \"{value}, {key}\"`"
            ),
            (None, Some(k)) => format!("did you mean `{k}`?"),
            (None, None) => format!(
                "remove it, or use one of the keys {} accepts: {}",
                place,
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut d = Diag::new(loc(*file, *span), format!("unknown key {shown} in {place}"))
            .label("not a key of the org format")
            .help(help)
            .subject(format!("{place}.{key}"));
        if let Some(k) = closest_key(key, known) {
            // Safe only when no other key of the place is as plausible a reading.
            let close = known
                .iter()
                .filter(|other| closest_key(key, std::slice::from_ref(*other)).is_some())
                .count();
            d = d.fix(Fix::replace(
                format!("Rename `{key}` to `{k}`"),
                close == 1,
                loc(*file, *span),
                crate::diagnostics::yaml_scalar(&cx.org.text(*file)[span.range()], k),
            ));
        }
        cx.emit(d);
    }
}

/// S007: a value of the wrong type or shape.
pub fn wrong_type(cx: &mut Cx) {
    for (file, p) in &cx.org.problems {
        let d = match p {
            FileProblem::Read(ReadProblem::WrongType { span, field, expected, found }) => {
                let what = if field.is_empty() { "the document".to_string() } else { format!("`{field}`") };
                Diag::new(loc(*file, *span), format!("{what} should be {expected}, found {found}"))
                    .label(format!("expected {expected}"))
                    .help(wrong_type_help(field, expected, found))
                    .subject(format!("{field}:{found}"))
            }
            FileProblem::Read(ReadProblem::ExtraDocument { span }) => {
                Diag::new(loc(*file, *span), "a second YAML document in one org file")
                    .label("a new document starts here")
                    .help("keep one document per file: move this part into a file of its own (all org files of a run form one organisation)")
                    .subject("second-document")
            }
            _ => continue,
        };
        cx.emit(d);
    }
}

/// Whether an id reads as a stand-in for a person not yet hired (`tbd`, `po-tbd`,
/// `open-position`, `hiring`).
fn is_placeholder(id: &str) -> bool {
    const WORDS: &[&str] = &[
        "tbd",
        "tbc",
        "tba",
        "vacant",
        "vacancy",
        "open",
        "hiring",
        "todo",
        "none",
        "nobody",
        "unknown",
        "na",
        "placeholder",
        "new",
        "hire",
    ];
    id.split(['-', '_', '.'])
        .any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// When the unknown key at `span` has no value and follows a plain scalar in a flow
/// mapping on the same line (`{ title: Director, Product }`), the field and value before it.
fn comma_split(text: &str, span: crate::span::Span) -> Option<(String, String)> {
    let (s, e) = (span.start as usize, span.end as usize);
    if e > text.len() || s > e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return None;
    }
    let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[e..].find('\n').map_or(text.len(), |i| e + i);
    let after = text[e..line_end].trim_start();
    if !(after.starts_with(',') || after.starts_with('}')) {
        return None;
    }
    let before = text[line_start..s].trim_end().strip_suffix(',')?.trim_end();
    if before.ends_with([']', '}', '"', '\'']) || !before.contains('{') {
        return None;
    }
    let cut = before.rfind([',', '{'])?;
    let (field, value) = before[cut + 1..].split_once(':')?;
    let (field, value) = (field.trim(), value.trim());
    if field.is_empty() || value.is_empty() || value.contains([':', '[', '{']) {
        return None;
    }
    Some((field.to_string(), value.to_string()))
}

fn wrong_type_help(field: &str, expected: &str, found: &str) -> String {
    let choose = |names: &[&str], example: &str| {
        let written = found.trim_matches('"').to_lowercase();
        match names
            .iter()
            .filter(|n| strsim::levenshtein(&written, n) <= 2)
            .min_by_key(|n| strsim::levenshtein(&written, n))
        {
            Some(n) => format!("did you mean `{field}: {n}`?"),
            None => format!("write {example} (one of {expected})"),
        }
    };
    match field {
        "kind" => choose(
            crate::model::TeamKind::NAMES,
            "`kind: platform` for a team that builds for other teams, `chapter` for a practice group",
        ),
        "level" => choose(
            crate::model::BacklogLevel::NAMES,
            "`level: program` for an ART backlog, `team` for one team's",
        ),
        "vacant" => "write `vacant: true` for an open position, or remove the line".into(),
        "" => "an org file is a mapping with any of `version`, `organisation`, `products`, `teams`, `backlogs`, `people`".into(),
        "id" => "give every entity an `id`: a non-empty string of letters, digits, `-`, `_` or `.` (quote it if it looks like a number)".into(),
        "version" => "write `version: 1`, or remove the line".into(),
        "complexity" => "write `complexity: low`, `medium` or `high`".into(),
        "owner" => "write one person id (`owner: bob`); a list is only for reporting several owners".into(),
        _ => format!("write {expected} here"),
    }
}

/// S008: two different ids of one kind that differ only by look-alike characters.
pub fn homoglyph_id(cx: &mut Cx) {
    use std::collections::hash_map::{Entry, HashMap};
    for (kind, list) in heads(cx) {
        // Plain ASCII pairs are never reported: an all-ASCII kind (nearly every org) costs
        // one scan and no skeleton.
        if list.iter().all(|h| h.id.is_ascii()) {
            continue;
        }
        // Skeleton -> the first id holding it: one skeleton per id, linear in the ids.
        let mut seen: HashMap<String, &Head> = HashMap::with_capacity(list.len());
        for h in list {
            if h.duplicate_of.is_some() {
                continue;
            }
            let skeleton: String = unicode_security::skeleton(&h.id).collect();
            let first = match seen.entry(skeleton) {
                Entry::Vacant(v) => {
                    v.insert(h);
                    continue;
                }
                Entry::Occupied(o) => *o.get(),
            };
            if first.id == h.id || (first.id.is_ascii() && h.id.is_ascii()) {
                continue;
            }
            let odd: Vec<String> =
                h.id.chars()
                    .chain(first.id.chars())
                    .filter(|c| !c.is_ascii())
                    .map(|c| format!("`{c}` (U+{:04X})", c as u32))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
            let d = Diag::new(
                h.id_loc(),
                format!(
                    "{} id `{}` differs from `{}` only by look-alike characters: {}",
                    kind.noun(),
                    h.id,
                    first.id,
                    odd.join(", ")
                ),
            )
            .label(format!("looks like `{}`", first.id))
            .with(first.id_loc(), "the look-alike id")
            .help(format!(
                "rename one of them so they differ visibly, or, if they are the same {}, keep one id and retype the look-alike characters in every reference",
                kind.noun()
            ))
            .subject(format!("{}[{}]#homoglyph", kind.section(), h.id));
            cx.emit(d);
        }
    }
}

fn heads<'a>(cx: &Cx<'a>) -> [(Kind, Vec<&'a Head>); 4] {
    let org = cx.org;
    [
        (
            Kind::Product,
            org.products.iter().map(|e| &e.head).collect(),
        ),
        (Kind::Team, org.teams.iter().map(|e| &e.head).collect()),
        (
            Kind::Backlog,
            org.backlogs.iter().map(|e| &e.head).collect(),
        ),
        (Kind::Person, org.people.iter().map(|e| &e.head).collect()),
    ]
}

/// S003: two entities of one kind share an id.
pub fn duplicate_id(cx: &mut Cx) {
    for (kind, list) in heads(cx) {
        for h in &list {
            let Some(first) = h.duplicate_of else {
                continue;
            };
            let first = list[first as usize];
            let same_file = first.file == h.file;
            let d = Diag::new(
                h.id_loc(),
                format!("duplicate {} id `{}`", kind.noun(), h.id),
            )
            .label("used again here")
            .with(first.id_loc(), "first defined here")
            .help(format!(
                "give this {} an id of its own{}; references to `{}` resolve to the first one",
                kind.noun(),
                if same_file {
                    ""
                } else {
                    " (the first is in another file)"
                },
                h.id
            ))
            .subject(format!("{}[{}]#dup", kind.section(), h.id));
            cx.emit(d);
        }
    }
}

/// S004: a reference that names nothing. While a file of the organisation does not parse,
/// none is reported: the broken file may define the id (the summary counts them instead).
pub fn dangling_reference(cx: &mut Cx) {
    if cx.org.incomplete {
        return;
    }
    dangling_in(cx, cx.org);
}

/// References that name no entity of their kind.
pub fn unresolved_references(org: &crate::model::Org) -> usize {
    let mut n = 0;
    each_reference(org, |_, _, r, _, _, _| n += usize::from(r.target.is_none()));
    n
}

/// Every reference of the organisation: the kind it names, the file and field it is in,
/// and the entity that holds it.
fn each_reference<'a>(
    org: &'a crate::model::Org,
    mut visit: impl FnMut(Kind, FileId, &'a Ref, &'static str, Kind, &'a str),
) {
    for p in &org.products {
        for r in &p.managers {
            visit(
                Kind::Person,
                p.head.file,
                r,
                "managers",
                Kind::Product,
                &p.head.id,
            );
        }
    }
    for t in &org.teams {
        for r in t.product.iter() {
            visit(
                Kind::Product,
                t.head.file,
                r,
                "product",
                Kind::Team,
                &t.head.id,
            );
        }
        for r in &t.members {
            visit(
                Kind::Person,
                t.head.file,
                r,
                "members",
                Kind::Team,
                &t.head.id,
            );
        }
    }
    for b in &org.backlogs {
        for r in b.product.iter() {
            visit(
                Kind::Product,
                b.head.file,
                r,
                "product",
                Kind::Backlog,
                &b.head.id,
            );
        }
        for r in &b.teams {
            visit(
                Kind::Team,
                b.head.file,
                r,
                "teams",
                Kind::Backlog,
                &b.head.id,
            );
        }
        for r in &b.owners {
            visit(
                Kind::Person,
                b.head.file,
                r,
                "owner",
                Kind::Backlog,
                &b.head.id,
            );
        }
    }
    for p in &org.people {
        for r in p.reports_to.iter() {
            visit(
                Kind::Person,
                p.head.file,
                r,
                "reports_to",
                Kind::Person,
                &p.head.id,
            );
        }
    }
}

fn dangling_in(cx: &mut Cx, org: &crate::model::Org) {
    // Collected first and described later: formatting an entity path for each of a
    // million references that resolve would cost more than the whole rule.
    let mut found: Vec<(Kind, FileId, &Ref, &'static str, Kind, &str)> = Vec::new();
    each_reference(org, |kind, file, r, field, owner_kind, owner| {
        if r.target.is_none() {
            found.push((kind, file, r, field, owner_kind, owner));
        }
    });
    if found.is_empty() {
        return;
    }
    // One pass over the ids of each kind that has a dangling reference, for all of them.
    let mut suggestions: Vec<Option<&str>> = vec![None; found.len()];
    for kind in [Kind::Product, Kind::Team, Kind::Backlog, Kind::Person] {
        let at: Vec<usize> = (0..found.len()).filter(|&i| found[i].0 == kind).collect();
        if at.is_empty() {
            continue;
        }
        let queries: Vec<&str> = at.iter().map(|&i| found[i].2.id.as_str()).collect();
        for (i, s) in at.into_iter().zip(closest_each(org.ids(kind), &queries, 2)) {
            suggestions[i] = s;
        }
    }
    for ((kind, file, r, field, owner_kind, owner), suggestion) in
        found.into_iter().zip(suggestions)
    {
        let path = format!("{}[{owner}]", owner_kind.section());
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            // A placeholder such as `tbd` usually stands for an open position.
            None if kind == Kind::Person && is_placeholder(&r.id) => format!(
                "add a person with id `{}` to `people`, or fix the id; for an open position, add it as a person with `vacant: true` and the position's roles (`- {{ id: {}, vacant: true, roles: [...] }}`)",
                r.id, r.id
            ),
            None => format!(
                "add a {} with id `{}` to `{}`, or fix the id",
                kind.noun(),
                r.id,
                kind.section()
            ),
        };
        let d = Diag::new(
            loc(file, r.span),
            format!(
                "`{field}` names `{}`, but no {} has that id",
                r.id,
                kind.noun()
            ),
        )
        .label(format!("no {} `{}`", kind.noun(), r.id))
        .help(help)
        .subject(format!("{path}.{field}[{}]", r.id));
        // Unsafe: the closest id may be another entity than the one meant.
        let d = match suggestion {
            Some(s) => d.fix(Fix::replace(
                format!("Replace `{}` with `{s}`", r.id),
                false,
                loc(file, r.span),
                crate::diagnostics::yaml_scalar(&cx.org.text(file)[r.span.range()], s),
            )),
            None => d,
        };
        cx.emit(d);
    }
}

/// S005: `reports_to` links that form a loop.
pub fn reporting_cycle(cx: &mut Cx) {
    let org = cx.org;
    let n = org.people.len();
    let next = |i: usize| -> Option<usize> {
        let p = &org.people[i];
        if p.head.duplicate_of.is_some() {
            return None;
        }
        p.reports_to
            .as_ref()
            .and_then(|r| r.target)
            .map(|t| t as usize)
    };
    // 0 = unvisited, else the walk number that first reached the person; iterative, so a
    // long chain cannot overflow the stack.
    let mut walk_of = vec![0u32; n];
    for start in 0..n {
        if walk_of[start] != 0 {
            continue;
        }
        let walk = start as u32 + 1;
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            if walk_of[i] == walk {
                let from = path
                    .iter()
                    .position(|&p| p == i)
                    .expect("on this walk's path");
                report_cycle(cx, &path[from..]);
                break;
            }
            if walk_of[i] != 0 {
                break;
            }
            walk_of[i] = walk;
            path.push(i);
            cur = next(i);
        }
    }
}

fn report_cycle(cx: &mut Cx, members: &[usize]) {
    let org = cx.org;
    let link = |i: usize| {
        let p = &org.people[i];
        let r = p
            .reports_to
            .as_ref()
            .expect("a member of a loop reports to someone");
        (
            p.head.file,
            r.span.start,
            i,
            Loc {
                file: p.head.file,
                span: r.span,
            },
        )
    };
    let first = members
        .iter()
        .map(|&i| link(i))
        .min()
        .expect("a loop has a member");
    let names: Vec<&str> = {
        let pos = members.iter().position(|&m| m == first.2).unwrap_or(0);
        members[pos..]
            .iter()
            .chain(&members[..pos])
            .map(|&i| org.people[i].head.id.as_str())
            .collect()
    };
    let loop_text = names
        .iter()
        .chain(names.first())
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" -> ");
    let mut d = Diag::new(first.3, format!("`reports_to` forms a loop: {loop_text}"))
        .help("break the loop: someone in it must report to a person outside it, or to nobody")
        .subject(format!("loop[{}]", {
            let mut s = names.clone();
            s.sort_unstable();
            s.join(",")
        }));
    let first_person = &org.people[first.2];
    d = d.label(format!(
        "`{}` reports to `{}`",
        first_person.head.id,
        first_person
            .reports_to
            .as_ref()
            .map_or("", |r| r.id.as_str())
    ));
    for &m in members {
        if m == first.2 {
            continue;
        }
        let p = &org.people[m];
        let r = p.reports_to.as_ref().expect("member reports");
        d = d.with(link(m).3, format!("`{}` reports to `{}`", p.head.id, r.id));
    }
    cx.emit(d);
}

/// S006: a role or title that cannot be mapped to one canonical role.
pub fn ambiguous_role(cx: &mut Cx) {
    let org = cx.org;
    for p in &org.people {
        let file = p.head.file;
        // One ambiguity, one report: when a role is the same abbreviation as the title
        // (`pm` and `PM`), it is reported at the role, labelled at the title.
        let same_at_role = |why: &str| {
            p.roles
                .iter()
                .any(|r| matches!(&r.name, RoleName::Ambiguous(w) if w == why))
        };
        // A title naming both roles is no puzzle when `roles` lists both: the help would
        // suggest what the file already says (R002 judges the combination).
        let settled = |why: &str| why == crate::roles::NAMES_BOTH_ROLES && p.is_pm && p.is_po;
        if let (Some(title), TitleRole::Ambiguous(why)) = (&p.title, &p.title_role) {
            if settled(why) || same_at_role(why) {
                // nothing to say, or reported with the role below
            } else {
                let d = Diag::new(loc(file, title.span), format!("title `{}` of `{}` is ambiguous: {why}", title.value, p.head.id))
                .label("cannot be mapped to one role")
                .help("name one role in the title (`Product Manager` or `Product Owner`); if the person really holds both, list both in `roles` and see R002")
                .subject(format!("people[{}].title", p.head.id));
                cx.emit(d);
            }
        }
        for r in &p.roles {
            let d = match &r.name {
                RoleName::Ambiguous(why) => {
                    let mut d = Diag::new(loc(file, r.span), format!("role `{}` of `{}` is ambiguous: {why}", r.text, p.head.id))
                    .label("cannot be mapped to one role")
                    .help("write `product-manager` or `product-owner` (or `project-manager` if that is meant); list both roles separately if the person holds both");
                    if let (Some(title), TitleRole::Ambiguous(tw)) = (&p.title, &p.title_role) {
                        if tw == why {
                            d = d.with(loc(file, title.span), "the title is just as ambiguous");
                        }
                    }
                    d
                }
                RoleName::Close { suggestion, .. } => Diag::new(loc(file, r.span), format!("unknown role `{}` of `{}`", r.text, p.head.id))
                    .label("not a known role")
                    .help(format!("did you mean `{suggestion}`?"))
                    .fix(Fix::replace(format!("Replace `{}` with `{suggestion}`", r.text), true, loc(file, r.span), crate::diagnostics::yaml_scalar(&org.text(file)[r.span.range()], suggestion))),
                RoleName::Qualified { named, .. } => Diag::new(loc(file, r.span), format!("unknown role `{}` of `{}`: it names `{named}` but is not that role", r.text, p.head.id))
                    .label(format!("not counted as `{named}`"))
                    .help(format!("role strings must equal a role name or alias; write `{named}` if `{}` holds the role now, or move the qualifier (former, aspiring, acting) to `title` or a comment", p.head.id)),
                _ => continue,
            };
            cx.emit(d.subject(format!("people[{}].roles[{}]", p.head.id, r.text)));
        }
    }
}
