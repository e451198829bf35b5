//! One large org file parsed on every core: the largest top-level list (`people:` in a big
//! org) is cut at item lines into pieces that are parsed as standalone YAML on separate
//! threads, with spans shifted back to the file's offsets, then joined in file order.
//!
//! Why: parsing is three quarters of a large run and serde-saphyr is single-threaded, so a
//! 100,000-person file would otherwise use one core of two while CI waits.
//!
//! The result must be exactly what the sequential parse gives, so the split is taken only
//! where a piece means the same alone as in the file, and anything else falls back to the
//! sequential parse (which then reports the problem at its real position):
//!
//! - the file is one document: no `---` (except as its first line), `...` or `%` directive
//!   at the start of a line, and no tab at the start of a line;
//! - the list is a block sequence under a plain top-level key that occurs once; its items
//!   start at one indentation `n`, and every other line of the list is blank, a comment, or
//!   indented deeper than `n` (checked by each piece for its own lines). Then a line with
//!   `n` spaces and `- ` starts an item in both readings: no block scalar, plain scalar or
//!   mapping of an item can reach it;
//! - the file has no `*` at all, so no alias can expand past the budgets, which count the
//!   whole file (a piece's root sits one level deeper, and its depth limit with it);
//! - a cut that still lands inside a multi-line quoted scalar or flow collection leaves the
//!   piece before it unterminated, which is a parse error, so it falls back too, as does
//!   any YAML error, or a top-level key found both before and after the list.

use super::{
    with_problems, Document, Entity, Entry, HasEnd, List, ListField, RawBacklog, RawOrg, RawPerson,
    RawProduct, RawTeam, ReadProblem, Shape,
};
use crate::span::Span;
use rayon::prelude::*;
use serde_saphyr::Spanned;
use std::cell::Cell;
use std::ops::Range;

/// Below this size a file parses in a few milliseconds and threads would cost more than
/// they save (and the 50-person target is whole-process).
const MIN_SPLIT_BYTES: usize = 256 * 1024;

/// How many pieces files have been parsed in, for `check --timings` (and the tests that
/// must know a file was split).
static PIECES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub fn pieces_so_far() -> usize {
    PIECES.load(std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    /// Where the piece being parsed on this thread starts in its file: `span_of` adds it.
    static BASE: Cell<u32> = const { Cell::new(0) };
}

pub(super) fn base() -> u32 {
    BASE.with(Cell::get)
}

fn with_base<R>(base: usize, f: impl FnOnce() -> R) -> R {
    BASE.with(|b| b.set(base as u32));
    let r = f();
    BASE.with(|b| b.set(0));
    r
}

/// The lists that can be split: the four entity lists of an org file.
const LISTS: &[&str] = &["products", "teams", "backlogs", "people"];

/// Where to cut one file.
#[derive(Debug, PartialEq)]
struct Plan {
    key: &'static str,
    /// Indentation of the list's `-` lines.
    indent: usize,
    /// From the first item line to the start of the next top-level line (or the end).
    items: Range<usize>,
    /// Starts of the item lines where pieces begin, increasing, inside `items`.
    cuts: Vec<usize>,
}

/// Parses `text` on several threads when it is large and its shape allows, else `None`
/// (the caller then parses it sequentially). Problems still need `place_keys`.
pub(super) fn parse(text: &str) -> Option<(Document, Vec<ReadProblem>)> {
    parse_from_size(text, MIN_SPLIT_BYTES)
}

fn parse_from_size(text: &str, min_bytes: usize) -> Option<(Document, Vec<ReadProblem>)> {
    let threads = rayon::current_num_threads();
    if threads < 2 || text.len() < min_bytes {
        return None;
    }
    // An alias can expand far beyond its text, and the parser's budgets count the whole
    // file: pieces each under budget could add up to a file over it. Org files hardly
    // ever use aliases, so any `*` keeps the file whole.
    if memchr::memchr(b'*', text.as_bytes()).is_some() {
        return None;
    }
    // Twice the threads, so that a thread that finishes early takes another piece.
    let plan = plan(text, 2 * threads)?;
    match plan.key {
        "products" => run::<RawProduct>(text, &plan, |o| &mut o.products),
        "teams" => run::<RawTeam>(text, &plan, |o| &mut o.teams),
        "backlogs" => run::<RawBacklog>(text, &plan, |o| &mut o.backlogs),
        _ => run::<RawPerson>(text, &plan, |o| &mut o.people),
    }
}

type Items<E> = Vec<(Entry<E>, Span)>;

enum Piece<E> {
    Doc(Option<Box<RawOrg>>),
    Items(Items<E>),
}

fn run<E: Entity + Send>(
    text: &str,
    plan: &Plan,
    list: fn(&mut RawOrg) -> &mut ListField<Entry<E>>,
) -> Option<(Document, Vec<ReadProblem>)> {
    // Head: everything before the first cut (other lists and the list's first items).
    // Middle: one piece per cut. Tail: the top-level keys after the list.
    // A piece that stops before an item line keeps that line's indentation: the parser
    // ends a block scalar's span where the next line's content starts, so without the
    // spaces the last scalar of a piece would end two bytes early.
    let lookahead = |cut: usize| cut + plan.indent;
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(plan.cuts.len() + 2);
    ranges.push(0..lookahead(plan.cuts[0]));
    for (i, &cut) in plan.cuts.iter().enumerate() {
        let end = plan
            .cuts
            .get(i + 1)
            .map_or(plan.items.end, |&c| lookahead(c));
        ranges.push(cut..end);
    }
    ranges.push(plan.items.end..text.len());
    let last = ranges.len() - 1;
    let results: Vec<Option<(Piece<E>, Vec<ReadProblem>)>> = ranges
        .into_par_iter()
        .enumerate()
        .map(|(i, range)| {
            let own = range.start.max(plan.items.start)..range.end.min(plan.items.end);
            if !own.is_empty() && !lines_stay_in_list(&text[own], plan.indent) {
                return None;
            }
            let piece = &text[range.clone()];
            let (parsed, problems) = with_base(range.start, || {
                with_problems(|| {
                    // A middle piece's root is the list, one level inside the file's root.
                    let depth = usize::from(i != 0 && i != last);
                    let opts = super::options_nested(piece.len(), depth);
                    if i == 0 || i == last {
                        match serde_saphyr::from_str_with_options::<Option<Spanned<Entry<RawOrg>>>>(
                            piece, opts,
                        ) {
                            Ok(Some(Spanned {
                                value: Entry::Map(org),
                                ..
                            })) => Some(Piece::Doc(Some(Box::new(org)))),
                            Ok(None) if i == last => Some(Piece::Doc(None)),
                            _ => None,
                        }
                    } else {
                        match serde_saphyr::from_str_with_options::<List<Entry<E>>>(piece, opts) {
                            Ok(List::Items(items)) => Some(Piece::Items(items)),
                            _ => None,
                        }
                    }
                })
            });
            Some((parsed?, problems))
        })
        .collect();
    let joined = join(results.into_iter().collect::<Option<Vec<_>>>()?, list)?;
    PIECES.fetch_add(plan.cuts.len() + 2, std::sync::atomic::Ordering::Relaxed);
    Some(joined)
}

/// The pieces back into one org, in file order; `None` when they disagree with a
/// sequential reading (the list is not in the head, or a key is on both sides of it).
fn join<E>(
    pieces: Vec<(Piece<E>, Vec<ReadProblem>)>,
    list: fn(&mut RawOrg) -> &mut ListField<Entry<E>>,
) -> Option<(Document, Vec<ReadProblem>)> {
    let mut pieces = pieces.into_iter();
    let (Piece::Doc(Some(mut org)), mut problems) = pieces.next()? else {
        return None;
    };
    let mut middle: Vec<Items<E>> = Vec::new();
    let mut tail = None;
    for (piece, p) in pieces {
        problems.extend(p);
        match piece {
            Piece::Items(items) => middle.push(items),
            Piece::Doc(doc) => tail = doc,
        }
    }
    {
        let node = list(&mut org).as_mut()?;
        let List::Items(first) = std::mem::replace(&mut node.value, List::Not(Shape::Null)) else {
            return None;
        };
        middle.insert(0, first);
        node.value = List::Split(middle);
        let end = node.value.end().unwrap_or(node.span.end);
        node.span.end = node.span.end.max(end);
        org.end = org.end.max(end);
    }
    if let Some(tail) = tail {
        merge_tail(&mut org, *tail)?;
    }
    Some((Document::Org(org), problems))
}

/// Moves the tail's keys into the head's org; `None` if one is set on both sides (a
/// repeated key, which the sequential parse reports against its first occurrence).
fn merge_tail(org: &mut RawOrg, tail: RawOrg) -> Option<()> {
    fn take<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
        match (slot.is_some(), value) {
            (true, Some(_)) => None,
            (_, Some(v)) => {
                *slot = Some(v);
                Some(())
            }
            (_, None) => Some(()),
        }
    }
    take(&mut org.version, tail.version)?;
    take(&mut org.organisation, tail.organisation)?;
    take(&mut org.products, tail.products)?;
    take(&mut org.teams, tail.teams)?;
    take(&mut org.backlogs, tail.backlogs)?;
    take(&mut org.people, tail.people)?;
    org.end = org.end.max(tail.end);
    Some(())
}

/// Every line is blank, a comment, an item line at `indent`, or deeper than `indent`.
fn lines_stay_in_list(region: &str, indent: usize) -> bool {
    lines(region.as_bytes()).all(|line| {
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[spaces..];
        match rest.first() {
            None | Some(b'#' | b'\n' | b'\r') => true,
            Some(_) if spaces > indent => true,
            Some(_) => spaces == indent && is_item(rest),
        }
    })
}

/// `-` followed by a space or the end of the line: a block sequence entry.
fn is_item(rest: &[u8]) -> bool {
    rest.first() == Some(&b'-') && matches!(rest.get(1), None | Some(b' ' | b'\n' | b'\r'))
}

/// The lines of `bytes`, each with its newline.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        at = end;
        Some(line)
    })
}

/// Finds the largest splittable list and `pieces - 1` cuts that balance the file's bytes.
fn plan(text: &str, pieces: usize) -> Option<Plan> {
    let bytes = text.as_bytes();
    // Starts of the top-level lines (a key at column 0), in order.
    let mut tops: Vec<usize> = Vec::new();
    let mut at = 0;
    for (n, line) in lines(bytes).enumerate() {
        let start = at;
        at += line.len();
        match line.first() {
            None | Some(b' ' | b'#' | b'\n' | b'\r') => {}
            Some(b'\t' | b'%') => return None,
            Some(b'-') if line.starts_with(b"---") => {
                if n > 0 {
                    return None;
                }
            }
            Some(b'-') if is_item(line) => {}
            Some(b'.') if line.starts_with(b"...") => return None,
            Some(_) => tops.push(start),
        }
    }
    let mut best: Option<(&'static str, Range<usize>)> = None;
    for (i, &top) in tops.iter().enumerate() {
        let Some(key) = list_key(&bytes[top..]) else {
            continue;
        };
        // A key given twice is reported by the sequential parse against its first value.
        if tops
            .iter()
            .filter(|&&t| list_key(&bytes[t..]) == Some(key))
            .count()
            > 1
        {
            return None;
        }
        let body = next_line(bytes, top)..tops.get(i + 1).copied().unwrap_or(bytes.len());
        if best.as_ref().is_none_or(|(_, b)| body.len() > b.len()) {
            best = Some((key, body));
        }
    }
    let (key, body) = best?;
    // The first line of the list that is not blank or a comment must be an item.
    let mut first_item = None;
    let mut at = body.start;
    for line in lines(&bytes[body.clone()]) {
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        match line.get(spaces) {
            None | Some(b'#' | b'\n' | b'\r') => at += line.len(),
            _ if is_item(&line[spaces..]) => {
                first_item = Some((at, spaces));
                break;
            }
            _ => return None,
        }
    }
    let (items_start, indent) = first_item?;
    let items = items_start..body.end;
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let target = bytes.len() * k / pieces;
        if target <= items.start || target >= items.end {
            continue;
        }
        let Some(cut) = next_item_line(bytes, next_line(bytes, target), items.end, indent) else {
            continue;
        };
        if cuts.last().is_none_or(|&c| cut > c) {
            cuts.push(cut);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    Some(Plan {
        key,
        indent,
        items,
        cuts,
    })
}

/// `people:` (or another list key) alone on its line, with at most a comment after it.
fn list_key(line: &[u8]) -> Option<&'static str> {
    let key = LISTS
        .iter()
        .find(|k| line.starts_with(k.as_bytes()) && line.get(k.len()) == Some(&b':'))?;
    let rest = &line[key.len() + 1..];
    let rest = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    let rest = rest.trim_ascii();
    (rest.is_empty() || rest.starts_with(b"#") && line.get(key.len() + 1) != Some(&b'#'))
        .then_some(*key)
}

/// The start of the line after the one containing `at`.
fn next_line(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1)
}

/// The first line starting at or after `from` (a line start) and before `end` that is an
/// item line at `indent`.
fn next_item_line(bytes: &[u8], from: usize, end: usize, indent: usize) -> Option<usize> {
    let mut at = from;
    for line in lines(&bytes[from..end]) {
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        if spaces == indent && is_item(&line[spaces..]) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{parse_document, place_keys, with_problems};
    use super::*;

    /// A generated org large enough to split, with every kind of line the split must
    /// respect.
    fn org(people: usize, extra: &str) -> String {
        let mut s = String::from("---\nversion: 1\nproducts:\n  - id: p\n    name: P\n");
        s.push_str("people:\n");
        for i in 0..people {
            s.push_str(&format!(
                "  - id: person-{i}\n    name: \"Person {i}\"\n    roles: [product-owner]\n\
                 \x20   # a comment\n    responsibilities:\n      - Own the backlog of team {i}\n\
                 \x20     - {}\n        a block scalar\n\n        with a blank line\n\n",
                ["|", "|+", ">-", "|2"][i % 4]
            ));
            if i == people / 2 {
                s.push_str(extra);
            }
        }
        s.push_str("organisation: Tail Org\n");
        s
    }

    fn sequential(text: &str) -> (String, Vec<ReadProblem>) {
        let (doc, mut problems) = with_problems(|| parse_document(text));
        place_keys(text, &mut problems);
        (format!("{:?}", doc.map_err(|_| ())), problems)
    }

    fn split(text: &str) -> Option<(String, Vec<ReadProblem>)> {
        split_from_size(text, MIN_SPLIT_BYTES)
    }

    fn split_from_size(text: &str, min_bytes: usize) -> Option<(String, Vec<ReadProblem>)> {
        let (mut doc, mut problems) = parse_from_size(text, min_bytes)?;
        place_keys(text, &mut problems);
        // The pieces as one list, as the sequential parse reads them.
        fn join<T>(list: &mut ListField<T>) {
            if let Some(node) = list {
                if let List::Split(pieces) = &mut node.value {
                    node.value =
                        List::Items(std::mem::take(pieces).into_iter().flatten().collect());
                }
            }
        }
        if let Document::Org(org) = &mut doc {
            join(&mut org.products);
            join(&mut org.teams);
            join(&mut org.backlogs);
            join(&mut org.people);
        }
        Some((format!("{:?}", Ok::<_, ()>(doc)), problems))
    }

    /// Equal readings, or the first place they differ (the whole Debug text is megabytes).
    fn same(got: &(String, Vec<ReadProblem>), want: &(String, Vec<ReadProblem>), case: &str) {
        if let Some(at) = got.0.bytes().zip(want.0.bytes()).position(|(a, b)| a != b) {
            let from = at.saturating_sub(200);
            panic!(
                "{case}: differs at {at}:\n got  ..{}\n want ..{}",
                &got.0[from..(at + 200).min(got.0.len())],
                &want.0[from..(at + 200).min(want.0.len())]
            );
        }
        assert_eq!(got.0.len(), want.0.len(), "{case}");
        assert_eq!(got.1, want.1, "{case}");
    }

    fn in_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(f)
    }

    #[test]
    fn a_split_parse_equals_the_sequential_one() {
        let text = org(
            3000,
            "  - id: odd\n    nickname: x\n    id: again\n    roles: 3\n",
        );
        assert!(text.len() > MIN_SPLIT_BYTES);
        let plan = plan(&text, 4).expect("splits");
        assert_eq!((plan.key, plan.indent, plan.cuts.len()), ("people", 2, 3));
        let got = in_pool(|| split(&text)).expect("splits");
        same(&got, &sequential(&text), "split");
        assert_eq!(got.1.len(), 2, "{:?}", got.1);
    }

    #[test]
    fn falls_back_where_a_piece_would_read_differently() {
        // An anchor used in another piece, a key before and after the list, a second
        // document, a quoted scalar running over lines at the item indentation, a line
        // less indented than the items.
        for extra in [
            "  - &anchor\n    id: a\n",
            "version: 2\n",
            "---\npeople: []\n",
            "  - name: \"one\n  - two\"\n",
            " - id: shallow\n",
        ] {
            let mut text = org(3000, "");
            if extra.starts_with("  - &") {
                text = org(3000, extra).replace("organisation: Tail Org", "organisation: *anchor");
            } else if extra == "version: 2\n" {
                text.push_str(extra);
            } else {
                text = org(3000, extra);
            }
            let got = in_pool(|| split(&text));
            if let Some(got) = got {
                // Only acceptable when it equals the sequential reading.
                same(&got, &sequential(&text), extra);
            }
        }
    }

    #[test]
    fn a_compact_list_at_column_zero_splits_too() {
        let mut text = String::from("people:\n");
        for i in 0..12000 {
            text.push_str(&format!(
                "- id: p{i}\n  roles: [product-owner]\n  # note\n  responsibilities:\n  - Own it\n"
            ));
        }
        text.push_str("teams:\n- id: t\n  members: [p1]\n");
        let plan = plan(&text, 4).expect("plans");
        assert_eq!((plan.key, plan.indent), ("people", 0));
        let got = in_pool(|| split(&text)).expect("splits");
        same(&got, &sequential(&text), "compact");
    }

    #[test]
    fn the_depth_limit_falls_where_it_falls_for_the_whole_file() {
        for depth in 58..68 {
            let nested = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
            let text = org(3000, &format!("  - id: deep\n    roles: {nested}\n"));
            let got = in_pool(|| split_from_size(&text, 0));
            let want = sequential(&text);
            match got {
                Some(got) => same(&got, &want, &format!("depth {depth}")),
                None => assert!(want.0.starts_with("Err"), "depth {depth}: fell back"),
            }
        }
    }

    #[test]
    fn cuts_inside_quoted_scalars_fall_back() {
        // Every item has a quoted scalar whose second line looks like an item line, so
        // some cuts land inside one.
        let mut text = String::from("people:\n");
        for i in 0..12000 {
            text.push_str(&format!("  - id: p{i}\n    name: \"one\n  - two {i}\"\n"));
        }
        let plan = plan(&text, 4).expect("plans");
        assert!(plan.cuts.iter().any(|&c| text[c..].starts_with("  - two")));
        assert!(in_pool(|| split(&text)).is_none());
        let anchored = org(3000, "  - &anchor\n    id: a\n")
            .replace("organisation: Tail Org", "organisation: *anchor");
        assert!(in_pool(|| split(&anchored)).is_none());
    }

    /// Every fixture, however small, cut into pieces: the odd YAML of the failing
    /// fixtures (syntax errors, repeated keys, wrong shapes, documents, anchors) either
    /// falls back or reads exactly as the sequential parse does.
    #[test]
    fn every_fixture_split_reads_as_the_sequential_parse() {
        let mut split_files = 0;
        let mut dirs = vec![std::path::PathBuf::from("tests/fixtures")];
        dirs.push("tests/orgs".into());
        dirs.push("examples".into());
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if !path.to_string_lossy().ends_with(".yaml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let name = path.display().to_string();
                if let Some(got) = in_pool(|| split_from_size(&text, 0)) {
                    same(&got, &sequential(&text), &name);
                    split_files += 1;
                }
            }
        }
        assert!(split_files > 20, "only {split_files} fixtures were split");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..Default::default()
        })]

        /// A healthy org with lines deleted, repeated, re-indented or replaced by YAML that
        /// changes how the lines around it read (quotes, flow brackets, anchors, aliases,
        /// block scalars, document markers): still the sequential reading, or a fallback.
        #[test]
        fn mutated_orgs_split_as_they_read(
            edits in proptest::collection::vec((0usize..10_000, 0usize..12), 1..6)
        ) {
            let text = std::fs::read_to_string("tests/orgs/healthy.org.yaml").unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (at, kind) in edits {
                let i = at % lines.len();
                let line = lines[i].clone();
                match kind {
                    0 => { lines.remove(i); }
                    1 => lines.insert(i, line),
                    2 => lines[i] = format!(" {line}"),
                    3 => lines[i] = line.trim_start().to_string(),
                    4 => lines[i] = format!("{line} \"open"),
                    5 => lines[i] = format!("{line} [open"),
                    6 => lines[i] = line.replacen(": ", ": &anchor ", 1),
                    7 => lines[i] = line.replacen(": ", ": *anchor ", 1),
                    8 => lines.insert(i, "---".into()),
                    9 => lines[i] = line.replacen(": ", ": |\n", 1),
                    10 => lines[i] = format!("{line} # comment: with - dash"),
                    _ => lines.insert(i, "  - id: inserted".into()),
                }
                if lines.is_empty() {
                    lines.push(String::new());
                }
            }
            let text = lines.join("\n") + "\n";
            if let Some(got) = in_pool(|| split_from_size(&text, 0)) {
                same(&got, &sequential(&text), "mutated");
            }
        }
    }

    #[test]
    fn small_files_and_one_thread_are_not_split() {
        assert!(in_pool(|| parse(&org(10, ""))).is_none());
        let text = org(3000, "");
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        assert!(one.install(|| parse(&text)).is_none());
    }

    #[test]
    fn list_keys_alone_on_their_line() {
        assert_eq!(list_key(b"people:\n"), Some("people"));
        assert_eq!(list_key(b"people:   # all of them\r\n"), Some("people"));
        assert_eq!(list_key(b"people: []\n"), None);
        assert_eq!(list_key(b"peoples:\n"), None);
        assert_eq!(list_key(b"people:#x\n"), None);
    }
}
