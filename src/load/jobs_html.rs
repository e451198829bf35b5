//! HTML job descriptions (`.jd.html`, and the HTML inside applicant-tracking JSON): the
//! same reading as Markdown (title, duty sections by heading text, each `<li>` a bullet)
//! with byte spans into the HTML source at the bullet's text.
//!
//! A small hand-rolled tokenizer rather than an HTML crate: job postings need only tags,
//! text, comments, raw-text elements and entities, every position it reports is a byte
//! offset of the input by construction, and it costs no dependency. Every step advances, so
//! hostile input is read in linear time and never panics (proptest in tests/jobs_formats.rs).

use super::jobs::{is_duty_heading, JobDoc};
use crate::load::yaml::Node;
use crate::span::Span;
use std::borrow::Cow;

/// What the reader found, in document order; the caller maps spans and assembles a doc.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `<h1>`..`<h6>` (level 1-6), or a bold line standing alone (`<p><strong>What you'll
    /// do</strong></p>`, level 7) as boards and applicant-tracking systems write headings.
    Heading {
        level: u8,
        text: String,
        span: Span,
    },
    Item {
        text: String,
        span: Span,
    },
    /// The `<title>` element.
    Title {
        text: String,
        span: Span,
    },
    Comment(Span),
}

/// Text gathered for one item, heading or title, with the source extent of its
/// non-whitespace text.
#[derive(Default)]
struct Buf {
    text: String,
    start: usize,
    end: usize,
    any: bool,
}

impl Buf {
    fn push(&mut self, decoded: &str, raw_start: usize, raw: &str) {
        self.text.push_str(decoded);
        if decoded.trim().is_empty() {
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        let s = raw_start + lead;
        let e = raw_start + raw.trim_end().len();
        if !self.any {
            self.start = s;
            self.any = true;
        }
        self.end = self.end.max(e);
    }

    fn sep(&mut self) {
        self.text.push(' ');
    }

    /// Whitespace collapsed and trimmed; `None` when there is no text.
    fn finish(self) -> Option<(String, Span)> {
        if !self.any {
            return None;
        }
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then(|| (text, Span::new(self.start, self.end.max(self.start))))
    }
}

/// Elements whose content is not text (scripts, styles) or is text up to their end tag.
const RAW: &[&str] = &[
    "script", "style", "template", "noscript", "textarea", "xmp", "iframe", "noembed", "noframes",
    "title",
];

/// Elements that start a new line of text: a word never runs on across them.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Reads HTML into events.
pub fn events(html: &str) -> Vec<Event> {
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut out = Vec::new();
    // Open items: (text, list depth when opened).
    let mut items: Vec<(Buf, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<(u8, Buf)> = None;
    // A bold run that starts a line outside items and headings: a heading candidate.
    let mut bold: Option<Buf> = None;
    let mut bold_depth = 0usize;
    let mut line_has_text = false;
    let mut pos = 0usize;

    let close_item = |items: &mut Vec<(Buf, usize)>, out: &mut Vec<Event>| {
        if let Some((buf, _)) = items.pop() {
            if let Some((text, span)) = buf.finish() {
                out.push(Event::Item { text, span });
            }
            if let Some((parent, _)) = items.last_mut() {
                parent.sep();
            }
        }
    };

    while pos < b.len() {
        if b[pos] != b'<' {
            let end = memchr::memchr(b'<', &b[pos..]).map_or(b.len(), |i| pos + i);
            let raw = &html[pos..end];
            let decoded = decode_entities(raw);
            if !decoded.trim().is_empty() {
                line_has_text = true;
            }
            if let Some((_, h)) = heading.as_mut() {
                h.push(&decoded, pos, raw);
            } else if let Some((it, _)) = items.last_mut() {
                it.push(&decoded, pos, raw);
            } else if let Some(bb) = bold.as_mut() {
                bb.push(&decoded, pos, raw);
            }
            pos = end;
            continue;
        }
        let rest = &b[pos..];
        if rest.starts_with(b"<!--") {
            let end = html[pos + 4..]
                .find("-->")
                .map_or(b.len(), |i| pos + 4 + i + 3);
            out.push(Event::Comment(Span::new(pos, end)));
            pos = end;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            pos = memchr::memchr(b'>', rest).map_or(b.len(), |i| pos + i + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_at = pos + 1 + usize::from(closing);
        if !b.get(name_at).is_some_and(|c| c.is_ascii_alphabetic()) {
            // A `<` that opens no tag is text.
            let raw = &html[pos..pos + 1];
            if let Some((_, h)) = heading.as_mut() {
                h.push("<", pos, raw);
            } else if let Some((it, _)) = items.last_mut() {
                it.push("<", pos, raw);
            }
            line_has_text = true;
            pos += 1;
            continue;
        }
        let name_end = b[name_at..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |i| name_at + i);
        let name = &lower[name_at..name_end];
        let tag_end = tag_end(b, name_end);
        pos = tag_end;

        if BLOCK.contains(&name) {
            line_has_text = false;
            if let Some((it, _)) = items.last_mut() {
                it.sep();
            }
            if let Some(bb) = bold.take() {
                // A bold run that a block ends is a heading if nothing followed it.
                if let Some((text, span)) = bb.finish() {
                    out.push(Event::Heading {
                        level: 7,
                        text,
                        span,
                    });
                }
            }
        }
        if closing {
            // An inline element closing after the item's text: its end tag is part of it.
            if !BLOCK.contains(&name) {
                if let Some((it, _)) = items.last_mut().filter(|(it, _)| it.any) {
                    it.end = it.end.max(tag_end);
                }
            }
            match name {
                "li" => {
                    if items.last().is_some_and(|(_, d)| *d == depth) {
                        close_item(&mut items, &mut out);
                    }
                }
                "ul" | "ol" => {
                    while items.last().is_some_and(|(_, d)| *d >= depth && depth > 0) {
                        close_item(&mut items, &mut out);
                    }
                    depth = depth.saturating_sub(1);
                }
                "strong" | "b" => {
                    bold_depth = bold_depth.saturating_sub(1);
                    if bold_depth == 0 {
                        if let Some(bb) = bold.take() {
                            if let Some((text, span)) = bb.finish() {
                                if text.chars().count() <= 80 {
                                    out.push(Event::Heading {
                                        level: 7,
                                        text,
                                        span,
                                    });
                                }
                            }
                        }
                    }
                }
                n => {
                    if let Some(level) = heading_level(n) {
                        if let Some((l, h)) = heading.take() {
                            if let Some((text, span)) = h.finish() {
                                out.push(Event::Heading {
                                    level: l.min(level),
                                    text,
                                    span,
                                });
                            }
                        }
                    }
                }
            }
            continue;
        }
        match name {
            "li" => {
                if items.last().is_some_and(|(_, d)| *d == depth) {
                    close_item(&mut items, &mut out);
                }
                items.push((Buf::default(), depth));
            }
            "ul" | "ol" => depth += 1,
            "strong" | "b" => {
                bold_depth += 1;
                if bold_depth == 1
                    && !line_has_text
                    && items.is_empty()
                    && heading.is_none()
                    && bold.is_none()
                {
                    bold = Some(Buf::default());
                }
            }
            n if heading_level(n).is_some() => {
                // A heading closes the items of a list left open.
                while !items.is_empty() {
                    close_item(&mut items, &mut out);
                }
                heading = Some((heading_level(n).unwrap_or(6), Buf::default()));
            }
            n if RAW.contains(&n) && b[tag_end.saturating_sub(2)..tag_end] != *b"/>" => {
                let close = format!("</{n}");
                let end = lower[tag_end..]
                    .find(&close)
                    .map_or(b.len(), |i| tag_end + i);
                if n == "title" {
                    let raw = &html[tag_end..end];
                    let mut t = Buf::default();
                    t.push(&decode_entities(raw), tag_end, raw);
                    if let Some((text, span)) = t.finish() {
                        out.push(Event::Title { text, span });
                    }
                }
                pos = end;
            }
            _ => {}
        }
    }
    while !items.is_empty() {
        close_item(&mut items, &mut out);
    }
    if let Some((l, h)) = heading.take() {
        if let Some((text, span)) = h.finish() {
            out.push(Event::Heading {
                level: l,
                text,
                span,
            });
        }
    }
    if let Some(bb) = bold.take() {
        if let Some((text, span)) = bb.finish() {
            out.push(Event::Heading {
                level: 7,
                text,
                span,
            });
        }
    }
    out
}

/// The end of a tag whose name ends at `from`: after its `>`, skipping quoted attribute
/// values; the end of the input when it is not closed.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            q @ (b'"' | b'\'') => {
                i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |j| i + 1 + j + 1);
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Decodes character references: numeric ones and the named ones postings use. Unknown
/// names are left as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let body = &rest[1..];
        let semi = body
            .bytes()
            .take(32)
            .position(|c| c == b';')
            .filter(|&n| n > 0);
        let decoded = semi.and_then(|n| {
            let name = &body[..n];
            let c = if let Some(num) = name.strip_prefix('#') {
                let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                    Some(h) => (h, 16),
                    None => (num, 10),
                };
                u32::from_str_radix(digits, radix).ok().map(|v| {
                    char::from_u32(v)
                        .filter(|c| *c != '\0')
                        .unwrap_or('\u{FFFD}')
                })
            } else {
                named_entity(name)
            };
            c.map(|c| (c, n + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "sbquo" => '‚',
        "bdquo" => '„',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "times" => '×',
        "rarr" => '→',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "oacute" => 'ó',
        "iacute" => 'í',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        _ => return None,
    })
}

/// Puts headings and items together as the Markdown reader does: items under a duty
/// heading are the statements when there is one, else all items.
#[derive(Default)]
pub struct Assembler {
    items: Vec<(Node<String>, bool)>,
    duty_level: Option<u8>,
    any_duty: bool,
    pub comments: Vec<Span>,
}

impl Assembler {
    pub fn heading(&mut self, level: u8, text: &str) {
        if self.duty_level.is_some_and(|d| level <= d) {
            self.duty_level = None;
        }
        if is_duty_heading(text) {
            self.any_duty = true;
            self.duty_level.get_or_insert(level);
        }
    }

    pub fn item(&mut self, node: Node<String>) {
        self.items.push((node, self.duty_level.is_some()));
    }

    /// Feeds events, each span passed through `map` (into the file's coordinates).
    pub fn feed(&mut self, events: &[Event], map: &dyn Fn(Span) -> Span) {
        for e in events {
            match e {
                Event::Heading { level, text, .. } => self.heading(*level, text),
                Event::Item { text, span } => self.item(Node::new(text.clone(), map(*span))),
                Event::Comment(span) => self.comments.push(map(*span)),
                Event::Title { .. } => {}
            }
        }
    }

    pub fn finish(self, title: Option<Node<String>>) -> JobDoc {
        let any = self.any_duty;
        JobDoc {
            title,
            statements: self
                .items
                .into_iter()
                .filter(|(_, under)| !any || *under)
                .map(|(n, _)| n)
                .collect(),
            comments: self.comments,
        }
    }
}

/// Reads an HTML job description. The title is the first `<h1>`-`<h6>`, else `<title>`,
/// else the first bold line standing alone.
pub fn parse_html(html: &str) -> JobDoc {
    let ev = events(html);
    let pick = |want: fn(&Event) -> Option<(&String, &Span)>| {
        ev.iter()
            .find_map(want)
            .map(|(t, s)| Node::new(t.clone(), *s))
    };
    let title = pick(|e| match e {
        Event::Heading { level, text, span } if *level <= 6 => Some((text, span)),
        _ => None,
    })
    .or_else(|| {
        pick(|e| match e {
            Event::Title { text, span } => Some((text, span)),
            _ => None,
        })
    })
    .or_else(|| {
        pick(|e| match e {
            Event::Heading { text, span, .. } => Some((text, span)),
            _ => None,
        })
    });
    let mut a = Assembler::default();
    a.feed(&ev, &|s| s);
    a.finish(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmts(html: &str) -> Vec<(String, String)> {
        parse_html(html)
            .statements
            .iter()
            .map(|n| (n.value.clone(), html[n.span.range()].to_string()))
            .collect()
    }

    #[test]
    fn items_under_duty_headings_with_spans() {
        let h = "<html><head><title>PO - Acme</title><style>li{}</style></head><body>\
                 <h1>Product Owner</h1><ul><li>Perk</li></ul><h2>Responsibilities</h2>\
                 <ul><li>Own the <b>product backlog</b></li><li>Write &amp; refine stories\n</li>\
                 <script>var x='<li>no</li>';</script></ul><h2>Benefits</h2><ul><li>Snacks</ul>";
        let d = parse_html(h);
        assert_eq!(d.title.as_ref().unwrap().value, "Product Owner");
        assert_eq!(
            stmts(h),
            vec![
                (
                    "Own the product backlog".into(),
                    "Own the <b>product backlog</b>".into()
                ),
                (
                    "Write & refine stories".into(),
                    "Write &amp; refine stories".into()
                ),
            ]
        );
    }

    #[test]
    fn nested_lists_and_implicit_closes() {
        let h = "<h2>Duties</h2><ul><li>Own it<ul><li>Order it<li>Weekly</ul> too<li>Accept</ul>";
        let got: Vec<String> = stmts(h).into_iter().map(|s| s.0).collect();
        assert_eq!(got, ["Order it", "Weekly", "Own it too", "Accept"]);
    }

    #[test]
    fn bold_lines_are_headings_and_title_falls_back() {
        let h =
            "<title>Product Owner</title><p><strong>About us</strong></p><ul><li>Nice</li></ul>\
                 <p><strong>What you&#39;ll do</strong></p><ul><li>Refine the backlog</li></ul>\
                 <p><b>Requirements</b></p><ul><li>Scrum</li></ul><!-- rolelint: x -->";
        let d = parse_html(h);
        assert_eq!(d.title.unwrap().value, "Product Owner");
        assert_eq!(d.statements.len(), 1);
        assert_eq!(d.statements[0].value, "Refine the backlog");
        assert_eq!(d.comments.len(), 1);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#x41;&#66; &rsquo; &bogus; &"),
            "a & b AB ’ &bogus; &"
        );
        assert_eq!(
            decode_entities("&#99999999999;&#0;"),
            "&#99999999999;\u{FFFD}"
        );
    }

    #[test]
    fn broken_input_does_not_panic() {
        for h in [
            "<",
            "<li",
            "<li>a<",
            "</",
            "<!--",
            "<a href='x>",
            "<script>",
            "<h1>t",
            "&#x;",
            "<b>x",
            "é<li>é",
        ] {
            let _ = parse_html(h);
        }
    }
}
