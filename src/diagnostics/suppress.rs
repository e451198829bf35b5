//! Suppression comments: `# rolelint: ignore[T001, R003] until=2027-03-31 -- reason` in an
//! org file, `<!-- rolelint: ignore[J002] -- reason -->` in a job description.
//!
//! Comments are found by a scan of each file's bytes (not by the YAML parser: its comment
//! support costs parse time on every file, and only a few files have suppressions). The
//! scan knows just enough YAML to tell a comment from a `#` inside a quoted scalar, a plain
//! scalar (`C#`) or a block scalar (`|`, `>`).
//!
//! Coverage (cli.md, "Precise readings"): a comment after code covers the diagnostics whose
//! primary span starts on its line; a comment alone on its line covers the next line that is
//! neither blank nor itself only a comment (so suppressions can be stacked). When the
//! covered line is where an entity starts (`- id: bob`), every diagnostic whose primary span
//! starts inside that entity is covered too. In a job description the comment goes on the
//! line before the one the diagnostic points at (before the title: J001-J004).
//!
//! Each listed code or name is checked on its own. The X findings point at the comment.

use crate::catalog::{catalog, Severity};
use crate::config::Settings;
use crate::diagnostics::Finding;
use crate::load::{FileKind, SourceFile};
use crate::model::{FileId, Loc, Org};
use crate::span::{LineIndex, Span};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A calendar date (proleptic Gregorian), for `until=` and "today".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Exactly `YYYY-MM-DD`, a real day of a real month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        );
        (month >= 1 && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// The civil date of a count of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today by the system clock, in UTC (no time-zone database is consulted).
    pub fn today_utc() -> Date {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

/// "Today" for `until=`: `ROLELINT_TODAY` (YYYY-MM-DD) when set, else the clock's date (UTC).
/// An `ROLELINT_TODAY` that is not a date is an error, so a test never silently uses the clock.
pub fn today() -> Result<Date, String> {
    match std::env::var("ROLELINT_TODAY") {
        Ok(v) if !v.trim().is_empty() => Date::parse(v.trim()).ok_or_else(|| {
            format!("ROLELINT_TODAY={v:?} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31")
        }),
        _ => Ok(Date::today_utc()),
    }
}

/// A comment found in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawComment {
    /// From `#` (or `<!--`) to the end of the comment, without trailing whitespace.
    pub span: Span,
    /// Something other than whitespace comes before it on its line.
    pub trailing: bool,
    /// Something other than whitespace comes after it on its (last) line (HTML comments).
    pub followed: bool,
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\r'
}

/// Every comment of a YAML text, in order. A `#` starts a comment at the start of a line or
/// after whitespace, outside quoted scalars and block scalars.
pub fn yaml_comments(text: &str) -> Vec<RawComment> {
    #[derive(PartialEq, Clone, Copy)]
    enum Quote {
        No,
        Single,
        Double,
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote = Quote::No;
    let mut flow = 0usize;
    // Inside a block scalar: the indentation of its header line and of its content.
    let mut block: Option<(usize, Option<usize>)> = None;
    let mut pos = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    while pos < b.len() {
        let line_end = b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| pos + i);
        let indent = b[pos..line_end].iter().take_while(|&&c| c == b' ').count();
        let blank = b[pos + indent..line_end].iter().all(|&c| is_blank(c));
        if let Some((header, content)) = block {
            let inside = blank || content.map_or(indent > header, |c| indent >= c);
            if inside {
                if !blank && content.is_none() {
                    block = Some((header, Some(indent)));
                }
                pos = line_end + 1;
                continue;
            }
            block = None;
        }
        let mut i = if quote == Quote::No {
            pos + indent
        } else {
            pos
        };
        let mut content_before = quote != Quote::No;
        let mut plain = false;
        let mut block_header = false;
        while i < line_end {
            let c = b[i];
            match quote {
                Quote::Double => {
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == b'"' {
                        quote = Quote::No;
                    }
                    i += 1;
                    continue;
                }
                Quote::Single => {
                    if c == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        quote = Quote::No;
                    }
                    i += 1;
                    continue;
                }
                Quote::No => {}
            }
            if is_blank(c) {
                i += 1;
                continue;
            }
            if c == b'#' && (i == pos || is_blank(b[i - 1])) {
                let mut end = line_end;
                while end > i && is_blank(b[end - 1]) {
                    end -= 1;
                }
                out.push(RawComment {
                    span: Span::new(i, end),
                    trailing: content_before,
                    followed: false,
                });
                break;
            }
            content_before = true;
            let next_ends = |j: usize| j >= line_end || is_blank(b[j]);
            let flow_char = |c: u8| matches!(c, b',' | b'[' | b']' | b'{' | b'}');
            if plain {
                if c == b':' && (next_ends(i + 1) || (flow > 0 && flow_char(b[i + 1]))) {
                    plain = false;
                } else if flow > 0 && flow_char(c) {
                    plain = false;
                    match c {
                        b'[' | b'{' => flow += 1,
                        b']' | b'}' => flow = flow.saturating_sub(1),
                        _ => {}
                    }
                }
                i += 1;
                continue;
            }
            block_header = false;
            match c {
                b'\'' => quote = Quote::Single,
                b'"' => quote = Quote::Double,
                b'[' | b'{' => flow += 1,
                b']' | b'}' => flow = flow.saturating_sub(1),
                b',' => {}
                b'-' | b'?' | b':' if next_ends(i + 1) => {}
                b'|' | b'>' if flow == 0 => {
                    let mut j = i + 1;
                    while j < line_end && matches!(b[j], b'+' | b'-' | b'0'..=b'9') {
                        j += 1;
                    }
                    if next_ends(j) {
                        block_header = true;
                        i = j;
                        continue;
                    }
                    plain = true;
                }
                b'&' | b'!' | b'*' => {
                    // An anchor, tag or alias: a token up to whitespace (or a flow indicator).
                    while i < line_end && !is_blank(b[i]) && !(flow > 0 && flow_char(b[i])) {
                        i += 1;
                    }
                    continue;
                }
                _ => plain = true,
            }
            i += 1;
        }
        if block_header && quote == Quote::No {
            block = Some((indent, None));
        }
        pos = line_end + 1;
    }
    out
}

/// Every `<!-- ... -->` of a text, in order.
pub fn html_comments(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("<!--") {
        let start = pos + i;
        let Some(j) = text[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + j + 3;
        out.push(Span::new(start, end));
        pos = end;
    }
    out
}

/// A parsed `rolelint: ignore[...]` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The listed codes or names as written, each with its byte range in the comment body.
    pub items: Vec<String>,
    /// `until=` as written, and the date when it is one.
    pub until: Option<(String, Option<Date>)>,
    /// The reason after `--`, when there is a non-empty one.
    pub reason: Option<String>,
    /// The directive without the reason (part of the X findings' subject).
    pub head: String,
}

/// What a comment body says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Not a rolelint comment at all.
    NotOurs,
    /// A `rolelint:` comment that does not follow the syntax: what is wrong.
    Malformed(String),
    Ok(Directive),
}

const SYNTAX: &str = "rolelint: ignore[CODE, ...] until=YYYY-MM-DD -- reason";

/// Reads a comment's body (the text after `#`, or between `<!--` and `-->`).
pub fn parse_body(body: &str) -> Parsed {
    let body = body.trim();
    let Some(rest) = body.strip_prefix("rolelint:") else {
        return Parsed::NotOurs;
    };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix("ignore") else {
        let word: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '[')
            .collect();
        return Parsed::Malformed(if word.is_empty() {
            "nothing follows `rolelint:`".into()
        } else {
            format!("`{word}` is not a rolelint directive (the only one is `ignore[...]`)")
        });
    };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix('[') else {
        return Parsed::Malformed("`ignore` is not followed by a `[...]` list of codes".into());
    };
    let Some(close) = rest.find(']') else {
        return Parsed::Malformed("the list of codes has no closing `]`".into());
    };
    let items: Vec<String> = rest[..close]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Parsed::Malformed("`ignore[]` lists no code".into());
    }
    let after = &rest[close + 1..];
    let (before_reason, reason) = match after.find("--") {
        Some(i) => (&after[..i], Some(after[i + 2..].trim())),
        None => (after, None),
    };
    let mut until = None;
    for word in before_reason.split_whitespace() {
        match word.strip_prefix("until=") {
            Some(_) if until.is_some() => {
                return Parsed::Malformed("`until=` is given twice".into())
            }
            Some(date) => until = Some((date.to_string(), Date::parse(date))),
            None => {
                return Parsed::Malformed(format!(
                    "`{word}` after the list is neither `until=YYYY-MM-DD` nor a reason after `--`"
                ))
            }
        }
    }
    let head_end = before_reason.as_ptr() as usize - body.as_ptr() as usize + before_reason.len();
    Parsed::Ok(Directive {
        items,
        until,
        reason: reason.filter(|r| !r.is_empty()).map(str::to_string),
        head: body[..head_end].trim_end().to_string(),
    })
}

/// One suppression comment of the run.
struct Suppression {
    file: FileId,
    span: Span,
    parsed: Result<Directive, String>,
    /// The 0-based line it covers, if any.
    target: Option<usize>,
    /// The covered line's text (trimmed, without the comment), for the subject.
    target_text: String,
}

/// A listed item, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Rule(String),
    Unknown,
}

fn line_text<'a>(text: &'a str, lines: &LineIndex, line: usize) -> &'a str {
    let start = lines.line_start(line, text.len());
    let end = lines.line_start(line + 1, text.len());
    &text[start..end]
}

/// The first line after `from` that is neither blank nor in `skip` (comment-only lines).
fn next_content_line(text: &str, lines: &LineIndex, from: usize, skip: &[usize]) -> Option<usize> {
    (from + 1..lines.line_count())
        .find(|&l| !line_text(text, lines, l).trim().is_empty() && skip.binary_search(&l).is_err())
}

fn yaml_body(comment: &str) -> &str {
    &comment[1..]
}

fn html_body(comment: &str) -> &str {
    comment
        .get(4..comment.len().saturating_sub(3))
        .unwrap_or("")
}

/// The suppression comments of one file.
fn file_suppressions(id: FileId, file: &SourceFile, org: &Org, out: &mut Vec<Suppression>) {
    let text = &file.text;
    if !text.contains("rolelint:") {
        return;
    }
    let lines = &file.lines;
    let (comments, body_of): (Vec<RawComment>, fn(&str) -> &str) = match file.kind {
        FileKind::Org => (yaml_comments(text), yaml_body),
        FileKind::Job => {
            let spans = match org.jobs.iter().find(|j| j.file == id) {
                Some(j) => j.doc.comments.clone(),
                None => html_comments(text),
            };
            let b = text.as_bytes();
            let comments = spans
                .into_iter()
                .map(|span| {
                    let ls = lines.line_start(lines.line_of(span.start as usize), text.len());
                    let le = lines.line_start(
                        lines.line_of(span.end.saturating_sub(1) as usize) + 1,
                        text.len(),
                    );
                    RawComment {
                        span,
                        trailing: b[ls..span.start as usize]
                            .iter()
                            .any(|c| !c.is_ascii_whitespace()),
                        followed: b[span.end as usize..le]
                            .iter()
                            .any(|c| !c.is_ascii_whitespace()),
                    }
                })
                .collect();
            (comments, html_body)
        }
    };
    // Lines made only of comments: skipped when looking for the line a comment covers.
    let mut only: Vec<usize> = Vec::new();
    for c in comments.iter().filter(|c| !c.trailing && !c.followed) {
        only.extend(
            lines.line_of(c.span.start as usize)
                ..=lines.line_of(c.span.end.saturating_sub(1) as usize),
        );
    }
    only.sort_unstable();
    only.dedup();
    // The last search for a covered line: from which line, and what it found. Comments come
    // in text order, so a stack of comment-only lines all find the same next line; starting
    // inside the stretch the last search crossed, the answer is the same, and each line is
    // crossed once (searching again from every comment of 100,000 stacked ones was
    // quadratic).
    let mut last_search: Option<(usize, Option<usize>)> = None;
    for c in comments {
        let parsed = match parse_body(body_of(&text[c.span.range()])) {
            Parsed::NotOurs => continue,
            Parsed::Malformed(why) => Err(why),
            Parsed::Ok(d) => Ok(d),
        };
        let first = lines.line_of(c.span.start as usize);
        let last = lines.line_of(c.span.end.saturating_sub(1) as usize);
        let target = if c.followed {
            Some(last)
        } else if c.trailing {
            Some(first)
        } else {
            match last_search {
                Some((from, found)) if from <= last && found.is_none_or(|t| last < t) => found,
                _ => {
                    let found = next_content_line(text, lines, last, &only);
                    last_search = Some((last, found));
                    found
                }
            }
        };
        let target_text = target.map_or(String::new(), |l| {
            let t = line_text(text, lines, l);
            let start = lines.line_start(l, text.len());
            // Cut a comment on the covered line (this one, or its own).
            let cut = if c.trailing && l == first {
                c.span.start as usize - start
            } else {
                t.len()
            };
            t[..cut].trim().to_string()
        });
        out.push(Suppression {
            file: id,
            span: c.span,
            parsed,
            target,
            target_text,
        });
    }
}

/// Applies the run's suppression comments to `findings`: drops what they suppress and adds
/// the X001-X003 findings about the comments themselves.
pub fn apply(
    org: &Org,
    mut findings: Vec<Finding>,
    settings: &Settings,
    today: Date,
) -> Vec<Finding> {
    let files = &org.files;
    let mut sups: Vec<Suppression> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        file_suppressions(i as FileId, file, org, &mut sups);
    }
    if sups.is_empty() {
        return findings;
    }

    // Resolve each comment's items; decide which comments are in force.
    let cat = catalog();
    // The codes the run reported, once: looking an unknown item up in every finding made
    // 100,000 trailing suppressions with an unknown code quadratic.
    let reported: HashSet<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    let resolved: Vec<Vec<Item>> = sups
        .iter()
        .map(|s| match &s.parsed {
            Ok(d) => d
                .items
                .iter()
                .map(|item| resolve(item, &reported, settings))
                .collect(),
            Err(_) => Vec::new(),
        })
        .collect();
    let in_force: Vec<bool> = sups
        .iter()
        .zip(&resolved)
        .map(|(s, items)| match &s.parsed {
            Ok(d) => {
                let date_ok = d
                    .until
                    .as_ref()
                    .is_none_or(|(_, date)| date.is_some_and(|u| today <= u));
                date_ok && items.iter().all(|i| *i != Item::Unknown)
            }
            Err(_) => false,
        })
        .collect();

    // Where each comment in force applies: its covered line, and entities starting there.
    // Comments covering one line form a group, with the codes they list: a finding looks up
    // its code in at most two groups (its line's and its entity's), however many comments
    // are stacked over one line (a scan of each comment per finding was quadratic).
    let mut group_of_line: HashMap<(FileId, usize), usize> = HashMap::new();
    let mut group_codes: Vec<HashSet<&str>> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; sups.len()];
    for (k, s) in sups.iter().enumerate() {
        if let (true, Some(line)) = (in_force[k], s.target) {
            let g = *group_of_line.entry((s.file, line)).or_insert_with(|| {
                group_codes.push(HashSet::new());
                group_codes.len() - 1
            });
            group_of[k] = Some(g);
            group_codes[g].extend(resolved[k].iter().filter_map(|i| match i {
                Item::Rule(code) => Some(code.as_str()),
                Item::Unknown => None,
            }));
        }
    }
    // (file, entity span start, end, group), sorted: entity spans of one file do not nest.
    let mut by_entity: Vec<(FileId, u32, u32, usize)> = Vec::new();
    if !group_of_line.is_empty() {
        let heads = org
            .people
            .iter()
            .map(|e| &e.head)
            .chain(org.teams.iter().map(|e| &e.head))
            .chain(org.backlogs.iter().map(|e| &e.head))
            .chain(org.products.iter().map(|e| &e.head));
        for h in heads {
            let f = &files[h.file as usize];
            if let Some(&g) = group_of_line.get(&(h.file, f.lines.line_of(h.span.start as usize))) {
                by_entity.push((h.file, h.span.start, h.span.end, g));
            }
        }
        by_entity.sort_unstable();
        by_entity.dedup();
    }

    // Drop what is suppressed, noting which code of which group was used.
    let mut used: HashSet<(usize, String)> = HashSet::new();
    let mut covering: Vec<usize> = Vec::new();
    findings.retain(|f| {
        if f.code.starts_with('X') && cat.find(&f.code).is_some() {
            return true;
        }
        let file = f.primary.file;
        let start = f.primary.span.start;
        let fl = &files[file as usize];
        covering.clear();
        if let Some(&g) = group_of_line.get(&(file, fl.lines.line_of(start as usize))) {
            covering.push(g);
        }
        let at = by_entity.partition_point(|e| (e.0, e.1) <= (file, start));
        let mut j = at;
        while j > 0 {
            let e = by_entity[j - 1];
            if e.0 != file || e.1 != by_entity[at - 1].1 {
                break;
            }
            if start <= e.2 && !covering.contains(&e.3) {
                covering.push(e.3);
            }
            j -= 1;
        }
        let mut suppressed = false;
        for &g in &covering {
            if group_codes[g].contains(f.code.as_str()) {
                if !used.contains(&(g, f.code.clone())) {
                    used.insert((g, f.code.clone()));
                }
                suppressed = true;
            }
        }
        !suppressed
    });

    // The findings about the comments.
    for (k, s) in sups.iter().enumerate() {
        let loc = Loc {
            file: s.file,
            span: s.span,
        };
        let mut emit = |code: &str, message: String, help: String, label: &str, subject: String| {
            if let Some(severity) = settings.level(code).severity() {
                findings.push(x_finding(
                    code, severity, loc, message, help, label, subject,
                ));
            }
        };
        let d = match &s.parsed {
            Err(why) => {
                let subject = format!(
                    "suppression `{}` on `{}`",
                    s.head_text(files),
                    s.target_text
                );
                emit(
                    "X002",
                    format!("malformed suppression comment: {why}"),
                    format!("write it as `{SYNTAX}` (`until=` and the reason are optional); as written it suppresses nothing"),
                    "malformed suppression",
                    subject,
                );
                continue;
            }
            Ok(d) => d,
        };
        let subject = format!("suppression `{}` on `{}`", d.head, s.target_text);
        let bad_date = d.until.as_ref().filter(|(_, date)| date.is_none());
        let unknown: Vec<&String> = d
            .items
            .iter()
            .zip(&resolved[k])
            .filter(|(_, r)| **r == Item::Unknown)
            .map(|(i, _)| i)
            .collect();
        if let Some((raw, _)) = bad_date {
            emit(
                "X002",
                format!("`until={raw}` is not a date, so this suppression suppresses nothing"),
                "write the date as YYYY-MM-DD, a real day (e.g. `until=2027-03-31`)".into(),
                "malformed date",
                format!("{subject}, until `{raw}`"),
            );
        }
        for item in &unknown {
            emit(
                "X002",
                format!(
                    "`{item}` is not a rule code or name, so this suppression suppresses nothing"
                ),
                unknown_help(item),
                "unknown code",
                format!("{subject}, code `{item}`"),
            );
        }
        if bad_date.is_some() || !unknown.is_empty() {
            continue;
        }
        if let Some((raw, Some(until))) = &d.until {
            if today > *until {
                emit(
                    "X003",
                    format!("this suppression expired on {raw}: it no longer suppresses `{}`", d.items.join("`, `")),
                    "fix the problem it hid (reported again) and delete the comment, or, if the exception still holds, set a new `until=` date and update the reason".into(),
                    "expired suppression",
                    subject,
                );
                continue;
            }
        }
        if d.reason.is_none() {
            emit(
                "X001",
                "this suppression gives no reason".into(),
                format!("say why after `--`, e.g. `rolelint: ignore[{}] -- interim, until the PM is hired`", d.items.join(", ")),
                "no reason given",
                subject.clone(),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for (item, r) in d.items.iter().zip(&resolved[k]) {
            let Item::Rule(code) = r else { continue };
            let item_subject = format!("{subject}, code `{item}`");
            if seen.contains(&code.as_str()) {
                emit(
                    "X002",
                    format!("`{item}` is listed twice in this suppression"),
                    format!("delete the second `{item}` ({code})"),
                    "listed twice",
                    format!("{item_subject}, again"),
                );
                continue;
            }
            seen.push(code);
            if code.starts_with('X') && cat.find(code).is_some() {
                emit(
                    "X002",
                    format!("`{item}` cannot be suppressed by a comment"),
                    format!("the suppression rules report on comments themselves; turn `{code}` off in the config instead, or fix what it reports"),
                    "not suppressible",
                    item_subject,
                );
                continue;
            }
            let was_used = group_of[k].is_some_and(|g| used.contains(&(g, code.clone())));
            if was_used || !judged(code, org, settings) {
                continue;
            }
            let name = cat
                .find(code)
                .map_or(String::new(), |r| format!(" ({})", r.name));
            emit(
                "X002",
                format!("`{item}` suppresses nothing here"),
                format!(
                    "nothing this comment covers reports {code}{name} any more; delete `{item}` from the list, or the whole comment"
                ),
                "unused suppression",
                item_subject,
            );
        }
    }
    findings
}

impl Suppression {
    /// The comment without its reason, for a malformed one's subject.
    fn head_text(&self, files: &[SourceFile]) -> String {
        let t = &files[self.file as usize].text[self.span.range()];
        t.split("--").next().unwrap_or(t).trim().to_string()
    }
}

/// Whether "suppresses nothing" can be judged for `code` in this run: the rule ran. A rule
/// that is off, or a cross-file rule skipped because a file could not be parsed, proves
/// nothing about the comment.
fn judged(code: &str, org: &Org, settings: &Settings) -> bool {
    settings.enabled(code)
        && !(org.incomplete
            && crate::rules::REGISTRY
                .iter()
                .any(|r| r.code == code && r.cross_file))
}

/// A listed code or name: a catalogue code (any case) or name, or a code that the run knows
/// (a custom rule's code). Never a prefix.
fn resolve(item: &str, reported: &HashSet<&str>, settings: &Settings) -> Item {
    if let Some(r) = catalog().find(item) {
        return Item::Rule(r.code.clone());
    }
    if settings.enabled(item) || reported.contains(item) {
        return Item::Rule(item.to_string());
    }
    Item::Unknown
}

fn unknown_help(item: &str) -> String {
    let cat = catalog();
    let upper = item.to_ascii_uppercase();
    let prefixed: Vec<&str> = if item.len() < 4 {
        cat.rules()
            .filter(|r| r.code.starts_with(&upper))
            .map(|r| r.code.as_str())
            .collect()
    } else {
        Vec::new()
    };
    if !prefixed.is_empty() {
        let some: Vec<String> = prefixed.iter().take(3).map(|c| format!("`{c}`")).collect();
        let more = if prefixed.len() > 3 { ", ..." } else { "" };
        return format!(
            "codes are matched in full, never as prefixes: list each code you mean ({}{more}); run `rolelint rules` for the list",
            some.join(", ")
        );
    }
    match cat.closest(item, 1).first() {
        Some(c) => format!("did you mean `{c}`? Codes are full codes (`T001`) or rule names (`po-strategic-duty`)"),
        None => "list full codes (`T001`) or rule names (`po-strategic-duty`); run `rolelint rules` for the list".into(),
    }
}

fn x_finding(
    code: &str,
    severity: Severity,
    loc: Loc,
    message: String,
    help: String,
    label: &str,
    subject: String,
) -> Finding {
    Finding {
        code: code.to_string(),
        severity,
        message,
        help,
        primary: loc,
        primary_label: label.to_string(),
        labels: Vec::new(),
        subject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(text: &str) -> Vec<&str> {
        yaml_comments(text)
            .iter()
            .map(|c| &text[c.span.range()])
            .collect()
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2027-03-31"),
            Some(Date {
                year: 2027,
                month: 3,
                day: 31
            })
        );
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        for bad in [
            "2023-02-29",
            "2027-13-01",
            "2027-3-31",
            "27-03-31",
            "2027-03-32",
            "2027/03/31",
            "2027-00-10",
            "+027-03-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_783).to_string(), "2024-03-01");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
        assert!(Date::parse("2001-01-31") < Date::parse("2001-02-01"));
    }

    #[test]
    fn yaml_comment_scan() {
        let text = "a: 1 # one\n# two\nb: \"x # not\" # three\nc: 'it''s # not' #four\nd: C#sharp\ne: team's # five\n";
        assert_eq!(
            comments(text),
            vec!["# one", "# two", "# three", "#four", "# five"]
        );
        let cs = yaml_comments(text);
        assert!(cs[0].trailing && !cs[1].trailing);
    }

    #[test]
    fn yaml_comment_scan_multiline_and_blocks() {
        let text = "a: \"line one\n  # inside\" # after\nb: |\n  # content\n  more # content\nc: x # real\nd: >-\n\n   # folded\n# top\n";
        assert_eq!(comments(text), vec!["# after", "# real", "# top"]);
        let text = "x: [a, 'b # no', \"c\"] # yes\ny: {k: v} # also\n- &anc 'q # no' # tagged\n";
        assert_eq!(comments(text), vec!["# yes", "# also", "# tagged"]);
        let text = "\u{FEFF}# bom\nk: v\n";
        assert_eq!(comments(text), vec!["# bom"]);
    }

    #[test]
    fn quoted_responsibility_hash_is_not_a_comment() {
        let text = "people:\n  - id: oli\n    responsibilities:\n      - \"Own the pricing # rolelint: ignore[T001]\"\n";
        assert!(comments(text).is_empty());
    }

    #[test]
    fn directive_syntax() {
        let Parsed::Ok(d) = parse_body(" rolelint: ignore[T001, po-multiple-products] until=2027-03-31 -- interim, until the PM") else {
            panic!()
        };
        assert_eq!(d.items, vec!["T001", "po-multiple-products"]);
        assert_eq!(
            d.until,
            Some(("2027-03-31".into(), Date::parse("2027-03-31")))
        );
        assert_eq!(d.reason.as_deref(), Some("interim, until the PM"));
        assert_eq!(
            d.head,
            "rolelint: ignore[T001, po-multiple-products] until=2027-03-31"
        );
        let Parsed::Ok(d) = parse_body("rolelint: ignore[T001]") else {
            panic!()
        };
        assert_eq!((d.reason, d.until), (None, None));
        let Parsed::Ok(d) = parse_body("rolelint: ignore[T001] --  ") else {
            panic!()
        };
        assert_eq!(d.reason, None);
        let Parsed::Ok(d) = parse_body("rolelint: ignore[T001] until=2027-3-1") else {
            panic!()
        };
        assert_eq!(d.until, Some(("2027-3-1".into(), None)));
        assert_eq!(parse_body(" a comment"), Parsed::NotOurs);
        assert!(matches!(
            parse_body("rolelint: ignore T001"),
            Parsed::Malformed(_)
        ));
        assert!(matches!(
            parse_body("rolelint: ignore[T001"),
            Parsed::Malformed(_)
        ));
        assert!(matches!(
            parse_body("rolelint: ignore[]"),
            Parsed::Malformed(_)
        ));
        assert!(matches!(
            parse_body("rolelint: ignore[T001] because"),
            Parsed::Malformed(_)
        ));
        assert!(matches!(
            parse_body("rolelint: disable[T001]"),
            Parsed::Malformed(_)
        ));
    }

    #[test]
    fn unknown_code_help() {
        assert!(
            unknown_help("T01").contains("`T001`"),
            "{}",
            unknown_help("T01")
        );
        assert!(unknown_help("T").contains("never as prefixes"));
        assert!(unknown_help("po-strategic-dut").contains("po-strategic-duty"));
    }

    /// Lints `text` with suppressions applied as of `today`: the rules run on the text with
    /// the directives defused (same length, so same spans), then `apply` runs on the real text.
    fn lint(text: &str, today: &str) -> Vec<(String, usize, String)> {
        use crate::engine::{lint, Input};
        use crate::load::walk::Found;
        let found = Found {
            path: "t.org.yaml".into(),
            display: "t.org.yaml".into(),
            kind: FileKind::Org,
        };
        let settings = Settings::default();
        let defused = text.replace("rolelint:", "rolelinT:");
        let inputs = vec![Input {
            found,
            bytes: Some(defused.into_bytes()),
        }];
        let mut outcome = lint(
            inputs,
            &crate::config::Config::new(settings.clone(), u64::MAX),
        )
        .unwrap();
        outcome.org.files[0].text = text.to_string();
        let out = apply(
            &outcome.org,
            outcome.findings,
            &settings,
            Date::parse(today).unwrap(),
        );
        let f = &outcome.org.files[0];
        let mut v: Vec<_> = out
            .iter()
            .map(|x| {
                (
                    x.code.clone(),
                    f.lines.line_of(x.primary.span.start as usize) + 1,
                    x.message.clone(),
                )
            })
            .collect();
        v.sort();
        v
    }

    fn codes(v: &[(String, usize, String)]) -> Vec<(&str, usize)> {
        v.iter().map(|(c, l, _)| (c.as_str(), *l)).collect()
    }

    const ORG: &str = "products:\n  - id: shop\n    managers: [pam]\nteams:\n  - { id: alpha, product: shop, members: [oli] }\nbacklogs:\n  - { id: a, product: shop, teams: [alpha], owner: oli }\npeople:\n  - id: pam\n    roles: [product-manager]\n  - id: oli\n    roles: [product-owner]\n    reports_to: pam\n    responsibilities:\n      - Own the pricing of the shop\n";

    #[test]
    fn baseline_org_has_one_t001() {
        assert_eq!(
            codes(&lint(ORG, "2026-01-01")),
            vec![("R001", 9), ("T001", 15)]
        );
    }

    #[test]
    fn trailing_and_line_before() {
        let t = ORG.replace("the shop\n", "the shop  # rolelint: ignore[T001] -- ok\n");
        assert_eq!(codes(&lint(&t, "2026-01-01")), vec![("R001", 9)]);
        let t = ORG.replace(
            "      - Own",
            "      # rolelint: ignore[T001] -- ok\n\n      - Own",
        );
        assert_eq!(codes(&lint(&t, "2026-01-01")), vec![("R001", 9)]);
    }

    #[test]
    fn entity_line_covers_the_entity() {
        let t = ORG.replace(
            "  - id: oli\n",
            "  - id: oli # rolelint: ignore[po-strategic-duty] -- ok\n",
        );
        assert_eq!(codes(&lint(&t, "2026-01-01")), vec![("R001", 9)]);
        // Alone on the line before, stacked with another comment.
        let t = ORG.replace("  - id: oli\n", "  # rolelint: ignore[T001] -- ok\n  # rolelint: ignore[R003] -- never mind\n  - id: oli\n");
        let got = lint(&t, "2026-01-01");
        assert_eq!(codes(&got), vec![("R001", 9), ("X002", 12)]);
        assert!(got[1].2.contains("`R003`"));
    }

    #[test]
    fn each_code_on_its_own() {
        let t = ORG.replace(
            "the shop\n",
            "the shop  # rolelint: ignore[T001, R003] -- ok\n",
        );
        let got = lint(&t, "2026-01-01");
        assert_eq!(codes(&got), vec![("R001", 9), ("X002", 15)]);
        assert!(got[1].2.contains("`R003` suppresses nothing"), "{got:?}");
    }

    #[test]
    fn no_reason_is_x001_but_honoured() {
        let t = ORG.replace("the shop\n", "the shop  # rolelint: ignore[T001]\n");
        assert_eq!(
            codes(&lint(&t, "2026-01-01")),
            vec![("R001", 9), ("X001", 15)]
        );
    }

    #[test]
    fn expiry() {
        let t = ORG.replace(
            "the shop\n",
            "the shop  # rolelint: ignore[T001, R003] until=2026-03-31\n",
        );
        assert_eq!(
            codes(&lint(&t, "2026-03-31")),
            vec![("R001", 9), ("X001", 15), ("X002", 15)]
        );
        assert_eq!(
            codes(&lint(&t, "2026-04-01")),
            vec![("R001", 9), ("T001", 15), ("X003", 15)]
        );
    }

    #[test]
    fn malformed() {
        let t = ORG.replace(
            "the shop\n",
            "the shop  # rolelint: ignore[T01, R001] -- typo\n",
        );
        let got = lint(&t, "2026-01-01");
        assert_eq!(codes(&got), vec![("R001", 9), ("T001", 15), ("X002", 15)]);
        assert!(got[2].2.contains("`T01`"));
        let t = ORG.replace(
            "the shop\n",
            "the shop  # rolelint: ignore[T001] until=2026-02-30 -- x\n",
        );
        assert_eq!(
            codes(&lint(&t, "2026-01-01")),
            vec![("R001", 9), ("T001", 15), ("X002", 15)]
        );
        let t = ORG.replace("the shop\n", "the shop  # rolelint: ignore[T] -- prefix\n");
        assert_eq!(
            codes(&lint(&t, "2026-01-01")),
            vec![("R001", 9), ("T001", 15), ("X002", 15)]
        );
    }

    #[test]
    fn x_findings_point_at_the_comment_with_stable_subjects() {
        let t = ORG.replace("the shop\n", "the shop  # rolelint: ignore[T001]\n");
        let settings = Settings::default();
        let found = crate::load::walk::Found {
            path: "t.org.yaml".into(),
            display: "t.org.yaml".into(),
            kind: FileKind::Org,
        };
        let o = crate::engine::lint(
            vec![crate::engine::Input {
                found,
                bytes: Some(t.clone().into_bytes()),
            }],
            &crate::config::Config::new(settings.clone(), u64::MAX),
        )
        .unwrap();
        let x = o.findings.iter().find(|f| f.code == "X001").unwrap();
        assert_eq!(&t[x.primary.span.range()], "# rolelint: ignore[T001]");
        assert_eq!(
            x.subject,
            "suppression `rolelint: ignore[T001]` on `- Own the pricing of the shop`"
        );
    }
}
