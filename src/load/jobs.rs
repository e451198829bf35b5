//! Job descriptions (`.md`, `.txt`): the title, the duty statements (list items) and the
//! HTML comments where suppressions live, each with a byte span into the original text.
//! The reading follows "Job descriptions" in spec/format.md.
//!
//! Markdown is read with pulldown-cmark's offset iterator. What its offsets look like (and
//! what this module corrects for):
//! - an `Item`'s range runs from its marker through its nested lists and trailing blank
//!   lines, so an item's span is built from its own inline events instead (min start .. max
//!   end), with the `Start` ranges of emphasis, links and images counted so that markup
//!   delimiters are inside the span;
//! - a `Text` event after a backslash escape starts at the escaped character, not at `\`;
//!   an entity's `Text` range covers `&amp;` while its text is `&`;
//! - `Text` ranges exclude the `\r` of CRLF and the trailing spaces of a line, but a text
//!   run followed by inline HTML keeps its trailing space, so spans are trimmed;
//! - there is no BOM handling and front matter would read as a thematic break plus a setext
//!   heading, so both are cut off here and the rest is parsed with an offset.

use crate::load::yaml::Node;
use crate::span::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A job description as the rules see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobDoc {
    /// The title text (with a leading `Title:` stripped, trimmed) and the span of that text in
    /// the original bytes.
    pub title: Option<Node<String>>,
    /// Duty statements: list items, each with its own text (the item's text only, without
    /// the marker and without nested items' text, inline markup flattened to plain text, soft
    /// line breaks as spaces) and a span covering the item's text in the original bytes (from
    /// the first character after the marker to the end of the item's own text, excluding
    /// nested lists and the trailing newline), so that `&text[span.range()]` is the bullet's
    /// text as written. Only items under duty headings when the document has one.
    pub statements: Vec<Node<String>>,
    /// Spans of HTML comments `<!-- ... -->` (where suppression comments live), in order.
    pub comments: Vec<Span>,
}

/// Reads a job description: Markdown for `.md`, plain text for `.txt`.
pub fn parse(text: &str, markdown: bool) -> JobDoc {
    if markdown {
        parse_markdown(text)
    } else {
        parse_plain(text)
    }
}

/// A heading that names duties: its list items are the statements (format.md).
pub(crate) fn is_duty_heading(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // format.md's pattern, with the typographic apostrophe real postings use and "What
        // you'll be doing" as well.
        Regex::new(r"(?i)responsibilit|duties|tasks|what you(['’]ll| will) (be )?do")
            .expect("valid regex")
    })
    .is_match(text)
}

fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

/// The line starting at `pos`: its end without the line break (and without a `\r` before
/// it), and where the next line starts.
fn line_at(text: &str, pos: usize) -> (usize, usize) {
    match text[pos..].find('\n') {
        Some(i) => {
            let nl = pos + i;
            let end = if nl > pos && text.as_bytes()[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            (end, nl + 1)
        }
        None => {
            let end = if text.ends_with('\r') && text.len() > pos {
                text.len() - 1
            } else {
                text.len()
            };
            (end, text.len())
        }
    }
}

/// The end (start of the next line) of a YAML front-matter block that opens at `from`: a
/// line `---`, then anything, then a line `---` or `...`. `None` when there is none.
fn front_matter_end(text: &str, from: usize) -> Option<usize> {
    let (end, mut pos) = line_at(text, from);
    if text[from..end].trim_end() != "---" || pos >= text.len() {
        return None;
    }
    while pos < text.len() {
        let (end, next) = line_at(text, pos);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some(next);
        }
        pos = next;
    }
    None
}

/// Every complete `<!-- ... -->` in `text[range]`, in order.
fn scan_comments(text: &str, range: Range<usize>, out: &mut Vec<Span>) {
    let mut pos = range.start;
    while pos < range.end {
        let Some(i) = text[pos..range.end].find("<!--") else {
            return;
        };
        let start = pos + i;
        let Some(j) = text[start + 4..range.end].find("-->") else {
            return;
        };
        let end = start + 4 + j + 3;
        out.push(Span::new(start, end));
        pos = end;
    }
}

/// Shrinks a range to exclude surrounding whitespace of the source.
fn trim_range(src: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let b = src.as_bytes();
    while start < end && b[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (start, end)
}

/// Strips a leading `Title:` (any case) and surrounding whitespace: the byte offset in `s`
/// where the title starts, and the title.
fn strip_title_prefix(s: &str) -> (usize, &str) {
    let lead = s.len() - s.trim_start().len();
    let mut k = lead;
    if s.get(k..k + 6)
        .is_some_and(|p| p.eq_ignore_ascii_case("title:"))
    {
        k += 6;
        k += s[k..].len() - s[k..].trim_start().len();
    }
    (k, s[k..].trim_end())
}

/// One piece of flattened text and where it came from, to map a position in the flattened
/// text back to the source (used for the title after `Title:` is stripped).
struct Piece {
    at: usize,
    src: usize,
    /// The source bytes equal the text (no escape, entity or code backticks).
    exact: bool,
    /// Where markup that opens just before this piece starts (`**` of `**Owner**`).
    open: Option<usize>,
}

/// The inline content of one item, heading or title line: flattened text and source extent.
struct Inline {
    text: String,
    start: usize,
    end: usize,
    sep: bool,
    track: bool,
    pieces: Vec<Piece>,
    open: Option<usize>,
}

impl Inline {
    fn new(track: bool) -> Self {
        Inline {
            text: String::new(),
            start: usize::MAX,
            end: 0,
            sep: false,
            track,
            pieces: Vec::new(),
            open: None,
        }
    }

    fn cover(&mut self, r: &Range<usize>) {
        self.start = self.start.min(r.start);
        self.end = self.end.max(r.end);
    }

    /// Markup that opens here (emphasis, link, image): its delimiters belong to the span.
    fn open_markup(&mut self, r: &Range<usize>) {
        self.cover(r);
        if self.track {
            self.open = Some(self.open.map_or(r.start, |o| o.min(r.start)));
        }
    }

    fn push(&mut self, s: &str, r: Range<usize>, src: &str) {
        if self.sep && !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
        self.sep = false;
        let mut r = r;
        // `\*`: the text event starts at the escaped character; the backslash is written too.
        if r.start > 0
            && src.as_bytes()[r.start - 1] == b'\\'
            && s.starts_with(|c: char| c.is_ascii_punctuation())
            && src[r.start..].starts_with(s.chars().next().unwrap_or(' '))
        {
            r.start -= 1;
        }
        if self.track {
            self.pieces.push(Piece {
                at: self.text.len(),
                src: r.start,
                exact: src.get(r.clone()) == Some(s),
                open: self.open.take(),
            });
        }
        self.text.push_str(s);
        self.cover(&r);
    }

    fn brk(&mut self) {
        self.sep = true;
    }

    /// The source offset of byte `k` of the flattened text.
    fn source_of(&self, k: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= k);
        if i == 0 {
            return self.start;
        }
        let p = &self.pieces[i - 1];
        if k == p.at {
            p.open.unwrap_or(p.src)
        } else if p.exact {
            p.src + (k - p.at)
        } else {
            p.src
        }
    }

    fn is_empty(&self) -> bool {
        self.start == usize::MAX || self.text.trim().is_empty()
    }

    /// The statement: trimmed text and trimmed span.
    fn statement(&self, src: &str) -> Option<Node<String>> {
        if self.is_empty() {
            return None;
        }
        let (s, e) = trim_range(src, self.start, self.end);
        Some(Node::new(self.text.trim().to_string(), Span::new(s, e)))
    }

    /// The title: `Title:` stripped, trimmed; `None` when nothing is left.
    fn title(&self, src: &str) -> Option<Node<String>> {
        if self.is_empty() {
            return None;
        }
        let (k, value) = strip_title_prefix(&self.text);
        if value.is_empty() {
            return None;
        }
        let lead = self.text.len() - self.text.trim_start().len();
        let start = if k == lead {
            self.start
        } else {
            self.source_of(k)
        };
        let (s, e) = trim_range(src, start, self.end);
        Some(Node::new(value.to_string(), Span::new(s, e)))
    }
}

/// Reads a Markdown job description.
pub fn parse_markdown(text: &str) -> JobDoc {
    let mut base = bom_len(text);
    if let Some(end) = front_matter_end(text, base) {
        base = end;
    }
    let body = &text[base..];
    let at = |r: Range<usize>| r.start + base..r.end + base;

    let mut doc = JobDoc::default();
    // Every item in document order, with whether a duty heading covers it.
    let mut items: Vec<(Inline, bool)> = Vec::new();
    let mut open_items: Vec<usize> = Vec::new();
    let mut heading: Option<Inline> = None;
    let mut duty_level: Option<usize> = None;
    let mut any_duty = false;
    let mut title_done = false;
    // The first line of a top-level paragraph before any heading: the title candidate.
    let mut para_title: Option<Inline> = None;
    let mut para_line_open = false;
    // Inside a code block or HTML block: its text is not text.
    let mut opaque = 0usize;

    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let r = at(range);
        // Where inline content goes: the heading, else the innermost item, else the title line.
        macro_rules! target {
            () => {
                if opaque > 0 {
                    None
                } else if let Some(h) = heading.as_mut() {
                    Some(h)
                } else if let Some(&i) = open_items.last() {
                    Some(&mut items[i].0)
                } else if para_line_open {
                    para_title.as_mut()
                } else {
                    None
                }
            };
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Item => {
                    items.push((Inline::new(false), duty_level.is_some()));
                    open_items.push(items.len() - 1);
                }
                Tag::Heading { .. } => heading = Some(Inline::new(!title_done)),
                Tag::Paragraph if !title_done && open_items.is_empty() && heading.is_none() => {
                    para_title = Some(Inline::new(true));
                    para_line_open = true;
                }
                Tag::HtmlBlock => {
                    scan_comments(text, r, &mut doc.comments);
                    opaque += 1;
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => opaque += 1,
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. } => {
                    if let Some(t) = target!() {
                        t.open_markup(&r);
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Item => {
                    open_items.pop();
                    if let Some(&i) = open_items.last() {
                        items[i].0.brk();
                    }
                }
                TagEnd::Heading(level) => {
                    let h = heading.take().unwrap_or_else(|| Inline::new(false));
                    let level = level as usize;
                    if duty_level.is_some_and(|d| level <= d) {
                        duty_level = None;
                    }
                    if is_duty_heading(&h.text) {
                        any_duty = true;
                        duty_level.get_or_insert(level);
                    }
                    if !title_done {
                        if let Some(t) = h.title(text) {
                            doc.title = Some(t);
                            title_done = true;
                        }
                    }
                }
                TagEnd::Paragraph => {
                    if let Some(p) = para_title.take() {
                        para_line_open = false;
                        if !title_done {
                            if let Some(t) = p.title(text) {
                                doc.title = Some(t);
                                title_done = true;
                            }
                        }
                    } else if heading.is_none() {
                        if let Some(&i) = open_items.last() {
                            items[i].0.brk();
                        }
                    }
                }
                TagEnd::List(_) | TagEnd::BlockQuote(_) => {
                    if let Some(&i) = open_items.last() {
                        items[i].0.brk();
                    }
                }
                TagEnd::HtmlBlock | TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                    opaque = opaque.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(s) | Event::Code(s) => {
                if let Some(t) = target!() {
                    t.push(&s, r, text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if para_line_open && heading.is_none() && open_items.is_empty() {
                    // The title is the first line of the paragraph only.
                    para_line_open = false;
                } else if let Some(t) = target!() {
                    t.brk();
                }
            }
            Event::InlineHtml(_) | Event::Html(_) if opaque == 0 => {
                scan_comments(text, r, &mut doc.comments);
            }
            _ => {}
        }
    }

    doc.statements = items
        .iter()
        .filter(|(_, under)| !any_duty || *under)
        .filter_map(|(inl, _)| inl.statement(text))
        .collect();
    doc
}

/// The length of a plain-text list marker at the start of `s` (`-`, `*`, `+`, `•`, `1.`,
/// `1)`), not counting the whitespace after it.
fn plain_marker(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let ws_or_end = |i: usize| b.get(i).is_none_or(|c| *c == b' ' || *c == b'\t');
    if s.starts_with('•') {
        return Some('•'.len_utf8());
    }
    match b.first() {
        Some(b'-' | b'*' | b'+') if ws_or_end(1) => Some(1),
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits <= 9 && matches!(b.get(digits), Some(b'.' | b')')) && ws_or_end(digits + 1))
                .then_some(digits + 1)
        }
        _ => None,
    }
}

/// Reads a plain-text job description.
pub fn parse_plain(text: &str) -> JobDoc {
    let mut doc = JobDoc::default();
    scan_comments(text, 0..text.len(), &mut doc.comments);
    let comments = std::mem::take(&mut doc.comments);
    let mut ci = 0usize;

    let is_ws = |c: u8| c == b' ' || c == b'\t';
    let bytes = text.as_bytes();
    // (text, start, end, under a duty heading)
    let mut items: Vec<(String, usize, usize, bool)> = Vec::new();
    // The item that an indented next line continues, and its marker's indentation.
    let mut open_item: Option<(usize, usize)> = None;
    let mut duty = false;
    let mut any_duty = false;

    let mut pos = bom_len(text);
    while pos < text.len() {
        let line_start = pos;
        let (line_end, next) = line_at(text, pos);
        pos = next;

        // The line's content, with comments at its start skipped and from a comment on cut.
        let mut s = line_start;
        let mut had_comment = false;
        loop {
            while s < line_end && is_ws(bytes[s]) {
                s += 1;
            }
            while ci < comments.len() && comments[ci].end as usize <= s {
                ci += 1;
            }
            match comments.get(ci) {
                Some(c) if (c.start as usize) <= s && s < c.end as usize => {
                    had_comment = true;
                    s = c.end as usize;
                }
                _ => break,
            }
        }
        if s >= line_end {
            if !had_comment {
                open_item = None; // a blank line ends a wrapped item
            }
            continue;
        }
        let mut e = line_end;
        if let Some(c) = comments.get(ci) {
            if (c.start as usize) < e {
                e = c.start as usize;
            }
        }
        while e > s && bytes[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        if e <= s {
            continue;
        }
        let indent = text[line_start..s]
            .bytes()
            .take_while(|c| is_ws(*c))
            .count();
        let content = &text[s..e];

        if let Some(m) = plain_marker(content) {
            let mut ts = s + m;
            while ts < e && is_ws(bytes[ts]) {
                ts += 1;
            }
            if ts < e {
                items.push((text[ts..e].to_string(), ts, e, duty));
                open_item = Some((items.len() - 1, indent));
            } else {
                open_item = None;
            }
            continue;
        }
        if let Some((i, marker_indent)) = open_item {
            if indent > marker_indent {
                let item = &mut items[i];
                item.0.push(' ');
                item.0.push_str(content);
                item.2 = e;
                continue;
            }
        }
        open_item = None;
        let is_heading = content.ends_with(':');
        if doc.title.is_none() {
            let (k, mut value) = strip_title_prefix(content);
            if is_heading {
                value = value.trim_end_matches(':').trim_end();
            }
            if !value.is_empty() {
                let start = s + k;
                doc.title = Some(Node::new(
                    value.to_string(),
                    Span::new(start, start + value.len()),
                ));
            }
        }
        if is_heading {
            duty = is_duty_heading(content);
            any_duty |= duty;
        }
    }

    doc.comments = comments;
    doc.statements = items
        .into_iter()
        .filter(|item| !any_duty || item.3)
        .map(|(t, s, e, _)| Node::new(t, Span::new(s, e)))
        .collect();
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_headings_as_postings_write_them() {
        for h in [
            "Responsibilities",
            "Key duties",
            "Your tasks",
            "What you'll do",
            "What you’ll do",
            "What you will be doing",
        ] {
            assert!(is_duty_heading(h), "{h}");
        }
        for h in ["What you bring", "Requirements", "About us"] {
            assert!(!is_duty_heading(h), "{h}");
        }
    }

    /// Each statement as (text, source slice); also checks the title span slices to the title.
    fn stmts<'a>(text: &'a str, doc: &JobDoc) -> Vec<(String, &'a str)> {
        doc.statements
            .iter()
            .map(|n| (n.value.clone(), &text[n.span.range()]))
            .collect()
    }

    fn title<'a>(text: &'a str, doc: &JobDoc) -> Option<(String, &'a str)> {
        doc.title
            .as_ref()
            .map(|t| (t.value.clone(), &text[t.span.range()]))
    }

    /// Asserts the title (its span slicing to exactly its text) and that every statement's
    /// span slices to its text as written.
    fn check(text: &str, doc: &JobDoc, want_title: Option<&str>, want: &[(&str, &str)]) {
        match (title(text, doc), want_title) {
            (Some((v, raw)), Some(w)) => {
                assert_eq!(v, w, "title of {text:?}");
                assert_eq!(raw, w, "title span of {text:?}");
            }
            (got, w) => assert_eq!(got.map(|g| g.0), w.map(String::from), "title of {text:?}"),
        }
        let got = stmts(text, doc);
        let want: Vec<(String, &str)> = want.iter().map(|(v, r)| (v.to_string(), *r)).collect();
        assert_eq!(got, want, "statements of {text:?}");
    }

    /// Plain items: the span slices to exactly the text.
    fn plain(items: &[&'static str]) -> Vec<(&'static str, &'static str)> {
        items.iter().map(|s| (*s, *s)).collect()
    }

    #[test]
    fn no_duty_heading_all_items_count() {
        let t = "# Product Owner\n\nAbout us.\n\n- Own the backlog\n- Write stories\n\n## Benefits\n\n* Remote work\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &plain(&["Own the backlog", "Write stories", "Remote work"]),
        );
        assert!(d.comments.is_empty());
    }

    #[test]
    fn only_items_under_duty_heading() {
        let t = "# Product Manager\n\n## About\n\n- Great team\n- Snacks\n\n## Responsibilities\n\n- Set the vision\n- Own the roadmap\n\n## Benefits\n\n- Remote\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Manager"),
            &plain(&["Set the vision", "Own the roadmap"]),
        );
    }

    #[test]
    fn sub_headings_inside_duty_section() {
        let t = "# Product Owner\n\n## Responsibilities\n\n### With the team\n\n- Refine the backlog\n\n### With stakeholders\n\n- Demo increments\n\n## Benefits\n\n- Remote\n\n# Other\n\n- Nope\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &plain(&["Refine the backlog", "Demo increments"]),
        );
        // A duty heading at a lower level covers only until its next sibling.
        let t = "# PO\n\n## Intro\n\n- no\n\n### Your tasks\n\n- yes\n\n### Perks\n\n- no either\n";
        let d = parse_markdown(t);
        check(t, &d, Some("PO"), &plain(&["yes"]));
    }

    #[test]
    fn nested_bullets_are_statements() {
        let t = "# Product Owner\n\n## Responsibilities\n\n- Own the backlog\n  - Order it by value\n    - Weekly\n- Accept work\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &plain(&[
                "Own the backlog",
                "Order it by value",
                "Weekly",
                "Accept work",
            ]),
        );
    }

    #[test]
    fn title_only() {
        let t = "# Product Owner\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &[]);
        let t = "Product Owner";
        check(t, &parse_plain(t), Some("Product Owner"), &[]);
        check(t, &parse_markdown(t), Some("Product Owner"), &[]);
        // Closing hashes and setext headings.
        let t = "# Product Owner ##\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &[]);
        let t = "Product Owner\n=============\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &[]);
    }

    #[test]
    fn empty_file() {
        for t in ["", "\n\n", "\u{FEFF}", "   \r\n"] {
            assert_eq!(parse_markdown(t), JobDoc::default(), "{t:?}");
            assert_eq!(parse_plain(t), JobDoc::default(), "{t:?}");
        }
    }

    #[test]
    fn crlf() {
        let t = "# Product Owner\r\n\r\n## Responsibilities\r\n\r\n- Own the backlog\r\n- Write stories\r\n  with the team\r\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &[
                ("Own the backlog", "Own the backlog"),
                (
                    "Write stories with the team",
                    "Write stories\r\n  with the team",
                ),
            ],
        );
        let t = "Product Owner\r\n\r\nResponsibilities:\r\n- Own the backlog\r\n- Write stories\r\n  with the team\r\n";
        let d = parse_plain(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &[
                ("Own the backlog", "Own the backlog"),
                (
                    "Write stories with the team",
                    "Write stories\r\n  with the team",
                ),
            ],
        );
    }

    #[test]
    fn bom() {
        let t = "\u{FEFF}# Product Owner\n\n- Own the backlog\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["Own the backlog"]));
        assert_eq!(d.title.as_ref().unwrap().span.start, 5);
        let t = "\u{FEFF}Title: Product Owner\n- Own the backlog\n";
        let d = parse_plain(t);
        check(t, &d, Some("Product Owner"), &plain(&["Own the backlog"]));
        assert_eq!(d.title.as_ref().unwrap().span.start, 10);
        // Front matter after a BOM.
        let t = "\u{FEFF}---\ntitle: x\n---\n# Product Owner\n- a\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &plain(&["a"]));
    }

    #[test]
    fn html_comment_before_title() {
        let t = "<!-- source: x -->\n# Product Owner\n\n- Own the backlog <!-- rolelint-disable J001 -- ok -->\n\n<!-- a -->\n<!-- b\n  c -->\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["Own the backlog"]));
        let c: Vec<&str> = d.comments.iter().map(|s| &t[s.range()]).collect();
        assert_eq!(
            c,
            [
                "<!-- source: x -->",
                "<!-- rolelint-disable J001 -- ok -->",
                "<!-- a -->",
                "<!-- b\n  c -->"
            ]
        );
        // A comment before a paragraph title, and a comment inside a code block (not one).
        let t = "<!-- x -->\nTitle: Product Owner\n\n```\n<!-- not -->\n- not an item\n```\n\n    <!-- code -->\n- a\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["a"]));
        assert_eq!(d.comments, vec![Span::new(0, 10)]);
        // Plain text: comment lines are neither the title nor statements.
        let t = "<!-- rolelint-disable J004 -->\nProduct Owner\n- Own it <!-- x -->\n<!-- multi\nline -->\n- Next\n";
        let d = parse_plain(t);
        check(t, &d, Some("Product Owner"), &plain(&["Own it", "Next"]));
        assert_eq!(d.comments.len(), 3);
    }

    #[test]
    fn yaml_front_matter() {
        let t = "---\ntitle: Not this\nlist:\n  - nor this\n---\n# Product Owner\n\n- Own the backlog\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["Own the backlog"]));
        let t = "---\r\nfoo: 1\r\n...\r\nProduct Owner\r\n- a\r\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &plain(&["a"]));
        // Not closed: not front matter (a thematic break).
        let t = "---\n# Product Owner\n- a\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &plain(&["a"]));
    }

    #[test]
    fn title_prefix_plain() {
        let t = "Title: Product Owner\n\nWhat you will do:\n- Own the backlog\n- Accept work\n\nBenefits:\n- Remote\n";
        let d = parse_plain(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &plain(&["Own the backlog", "Accept work"]),
        );
        let t = "title:   Product Owner  \n* a\n";
        check(t, &parse_plain(t), Some("Product Owner"), &plain(&["a"]));
        // `Title:` alone: the next line.
        let t = "Title:\nProduct Owner\n";
        check(t, &parse_plain(t), Some("Product Owner"), &[]);
        // Markdown too, in a heading or a first line, even with markup.
        let t = "# Title: Product Owner\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &[]);
        let t = "TITLE: Product Owner\nAcme Inc.\n\n- a\n";
        check(t, &parse_markdown(t), Some("Product Owner"), &plain(&["a"]));
        let t = "# **Title:** Product *Owner*\n";
        let d = parse_markdown(t);
        assert_eq!(
            title(t, &d),
            Some(("Product Owner".into(), "Product *Owner*"))
        );
        let t = "# Title: **Product Owner**\n";
        let d = parse_markdown(t);
        assert_eq!(
            title(t, &d),
            Some(("Product Owner".into(), "**Product Owner**"))
        );
    }

    #[test]
    fn multi_line_item() {
        let t = "# PO\n\n- Own the product backlog\n  and order it by value\n- Accept\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("PO"),
            &[
                (
                    "Own the product backlog and order it by value",
                    "Own the product backlog\n  and order it by value",
                ),
                ("Accept", "Accept"),
            ],
        );
        // Lazy continuation, and a wrapped item with a nested list after it.
        let t = "# PO\n\n- Own the\nbacklog\n  - nested\n    too\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("PO"),
            &[
                ("Own the backlog", "Own the\nbacklog"),
                ("nested too", "nested\n    too"),
            ],
        );
        // Loose items with two paragraphs.
        let t = "# PO\n\n- First\n\n  second\n\n- Next\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("PO"),
            &[("First second", "First\n\n  second"), ("Next", "Next")],
        );
        // Plain text: an indented continuation line; an unindented line ends the item.
        let t = "Product Owner\n- Own the product backlog\n  and order it\n- Accept\nNot part\n";
        let d = parse_plain(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &[
                (
                    "Own the product backlog and order it",
                    "Own the product backlog\n  and order it",
                ),
                ("Accept", "Accept"),
            ],
        );
    }

    #[test]
    fn inline_markup() {
        let t = "# PO\n\n- **Own** the *backlog*\n- Use `Jira` and [Confluence](https://x.example)\n- Fish \\& chips &amp; \\*stars\\*\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("PO"),
            &[
                ("Own the backlog", "**Own** the *backlog*"),
                (
                    "Use Jira and Confluence",
                    "Use `Jira` and [Confluence](https://x.example)",
                ),
                ("Fish & chips & *stars*", "Fish \\& chips &amp; \\*stars\\*"),
            ],
        );
        let t = "# PO\n\n- \\*starred\n";
        let d = parse_markdown(t);
        check(t, &d, Some("PO"), &[("*starred", "\\*starred")]);
    }

    #[test]
    fn numbered_and_other_markers() {
        let t = "# PO\n\n## Responsibilities\n\n1. Own the backlog\n2. Write stories\n\n* Star\n+ Plus\n10) Ten\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("PO"),
            &plain(&["Own the backlog", "Write stories", "Star", "Plus", "Ten"]),
        );
        let t = "PO\nDuties:\n1. One\n2) Two\n• Bullet\n   * Star\n+ Plus\n-5% is not an item\n-\n**bold** is not one either\n";
        let d = parse_plain(t);
        check(
            t,
            &d,
            Some("PO"),
            &plain(&["One", "Two", "Bullet", "Star", "Plus"]),
        );
    }

    #[test]
    fn what_youll_do_heading() {
        let t = "# Product Owner\n\n- Not this\n\n## What you'll do\n\n- Own the backlog\n- Accept work\n\n## What we offer\n\n- Snacks\n";
        let d = parse_markdown(t);
        check(
            t,
            &d,
            Some("Product Owner"),
            &plain(&["Own the backlog", "Accept work"]),
        );
        for h in [
            "What you will do",
            "Your Tasks",
            "Key duties",
            "RESPONSIBILITIES",
        ] {
            let t = format!("# PO\n\n- no\n\n## {h}\n\n- yes\n");
            let d = parse_markdown(&t);
            check(&t, &d, Some("PO"), &plain(&["yes"]));
        }
    }

    #[test]
    fn title_is_first_line_before_heading() {
        let t = "Product Owner\nAcme Inc, Berlin\n\n# About\n\n- a\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["a"]));
        // A list before the first line does not make an item the title.
        let t = "- a\n\n# Product Owner\n";
        let d = parse_markdown(t);
        check(t, &d, Some("Product Owner"), &plain(&["a"]));
        let t = "- a\n- b\n";
        check(t, &parse_markdown(t), None, &plain(&["a", "b"]));
        check(t, &parse_plain(t), None, &plain(&["a", "b"]));
    }

    #[test]
    fn conformance_cases() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/conformance/cases");
        let dir = if std::path::Path::new(dir).is_dir() {
            dir.to_string()
        } else {
            "/work/shared/conformance/cases".to_string()
        };
        for (name, n) in [("mislabel.jd.md", 4), ("fine.jd.md", 3)] {
            let path = format!("{dir}/{name}");
            let Ok(t) = std::fs::read_to_string(&path) else {
                panic!("cannot read {path}");
            };
            let d = parse(&t, true);
            assert_eq!(
                title(&t, &d),
                Some(("Product Owner".into(), "Product Owner"))
            );
            assert_eq!(d.statements.len(), n, "{name}");
            for s in &d.statements {
                assert_eq!(&t[s.span.range()], s.value);
            }
        }
    }
}
