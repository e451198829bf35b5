//! Job descriptions exported from applicant-tracking systems (`.jd.json`), recognised by
//! shape: Greenhouse job-board JSON (`title`, `content` as entity-escaped HTML) and Lever
//! postings JSON (`text` the title, `description` HTML, `lists[].text` section headings,
//! `lists[].content` `<li>` HTML, `additional` HTML). The HTML is read as `.jd.html` is;
//! every span is that of the JSON string holding the text (quotes included), since one
//! string holds many bullets and escapes make offsets inside it not the file's.
//!
//! serde_json keeps no positions, so a small reader with spans: strings, arrays, objects,
//! scalars skipped; nesting is capped so hostile input cannot overflow the stack.

use super::jobs::JobDoc;
use super::jobs_html::{events, Assembler, Event};
use crate::load::yaml::Node;
use crate::span::Span;

/// A JSON value with the spans of its strings.
#[derive(Debug)]
enum J {
    Str(String, Span),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
    Other,
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<(&str, Span)> {
        match self {
            J::Str(s, span) => Some((s, *span)),
            _ => None,
        }
    }
}

const MAX_DEPTH: usize = 128;

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

type Err = (String, usize);

impl Reader<'_> {
    fn ws(&mut self) {
        while self
            .b
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T, Err> {
        Err((
            format!("not valid JSON: {what}"),
            self.pos.min(self.b.len()),
        ))
    }

    fn value(&mut self, depth: usize) -> Result<J, Err> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.ws();
        match self.b.get(self.pos) {
            None => self.fail("unexpected end of file"),
            Some(b'"') => self.string().map(|(s, span)| J::Str(s, span)),
            Some(b'[') => {
                self.pos += 1;
                let mut v = Vec::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(J::Arr(v));
                }
                loop {
                    v.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(J::Arr(v));
                        }
                        _ => return self.fail("expected `,` or `]`"),
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                let mut m = Vec::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(J::Obj(m));
                }
                loop {
                    self.ws();
                    if self.b.get(self.pos) != Some(&b'"') {
                        return self.fail("expected a key");
                    }
                    let (k, _) = self.string()?;
                    self.ws();
                    if self.b.get(self.pos) != Some(&b':') {
                        return self.fail("expected `:`");
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    m.push((k, v));
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(J::Obj(m));
                        }
                        _ => return self.fail("expected `,` or `}`"),
                    }
                }
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == b'-' => {
                while self
                    .b
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
                {
                    self.pos += 1;
                }
                Ok(J::Other)
            }
            Some(_) => self.fail("unexpected character"),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    fn string(&mut self) -> Result<(String, Span), Err> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                self.pos = start;
                return self.fail("a string is not closed");
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.b.get(self.pos) else {
                        return self.fail("a string is not closed");
                    };
                    self.pos += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{C}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let Some(hi) = self.hex4() else {
                                return self.fail("bad \\u escape");
                            };
                            if (0xD800..0xDC00).contains(&hi)
                                && self.b.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4().unwrap_or(0);
                                char::from_u32(
                                    0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF),
                                )
                                .unwrap_or('\u{FFFD}')
                            } else {
                                char::from_u32(hi).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => return self.fail("bad escape"),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c => out.push(c),
            }
        }
        // The input is UTF-8 and escapes add whole characters, so this cannot fail; be
        // lossy rather than panic all the same.
        let s = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok((s, Span::new(start, self.pos)))
    }
}

/// Feeds the HTML of one JSON string to the assembler, every span that of the string.
/// Greenhouse escapes its HTML as entities (`&lt;p&gt;`): such content is decoded first.
fn feed_html(a: &mut Assembler, html: &str, span: Span) {
    let decoded;
    let html = if !html.contains('<') && html.contains("&lt;") {
        decoded = super::jobs_html::decode_entities(html).into_owned();
        decoded.as_str()
    } else {
        html
    };
    let ev: Vec<Event> = events(html)
        .into_iter()
        .filter(|e| !matches!(e, Event::Comment(_) | Event::Title { .. }))
        .collect();
    a.feed(&ev, &|_| span);
}

/// Reads a Greenhouse or Lever posting; an error (message, offset) when the file is not
/// JSON or is neither shape.
pub fn parse_json(text: &str) -> Result<JobDoc, (String, usize)> {
    let mut r = Reader {
        b: text.as_bytes(),
        pos: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
    };
    let v = r.value(0)?;
    r.ws();
    if r.pos < text.len() {
        return r.fail("more after the end of the value");
    }
    // One posting, perhaps as the only element of an array.
    let v = match &v {
        J::Arr(items) if items.len() == 1 => &items[0],
        _ => &v,
    };
    let node = |(s, span): (&str, Span)| Node::new(s.trim().to_string(), span);
    let mut a = Assembler::default();
    if let (Some(title), Some(content)) = (
        v.get("title").and_then(J::str),
        v.get("content").and_then(J::str),
    ) {
        // Greenhouse.
        feed_html(&mut a, content.0, content.1);
        return Ok(a.finish(Some(node(title)).filter(|n| !n.value.is_empty())));
    }
    if let Some(title) = v.get("text").and_then(J::str) {
        if v.get("lists").is_some() || v.get("description").is_some() {
            // Lever.
            if let Some((d, span)) = v.get("description").and_then(J::str) {
                feed_html(&mut a, d, span);
            }
            if let Some(J::Arr(lists)) = v.get("lists") {
                for l in lists {
                    if let Some((h, _)) = l.get("text").and_then(J::str) {
                        a.heading(2, h);
                    }
                    if let Some((c, span)) = l.get("content").and_then(J::str) {
                        feed_html(&mut a, c, span);
                    }
                }
            }
            if let Some((d, span)) = v.get("additional").and_then(J::str) {
                a.heading(2, "");
                feed_html(&mut a, d, span);
            }
            return Ok(a.finish(Some(node(title)).filter(|n| !n.value.is_empty())));
        }
    }
    Err((
        "not a posting this tool reads: expected Greenhouse JSON (`title` and `content`) or \
         Lever JSON (`text` with `lists` or `description`)"
            .into(),
        0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greenhouse_and_lever() {
        let g = r#"{"id": 1, "title": "Product Owner", "content": "&lt;h2&gt;Responsibilities&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Own the backlog&lt;/li&gt;&lt;/ul&gt;"}"#;
        let d = parse_json(g).unwrap();
        assert_eq!(d.title.as_ref().unwrap().value, "Product Owner");
        assert_eq!(d.statements.len(), 1);
        assert_eq!(&g[d.statements[0].span.range()][..5], "\"&lt;");
        let l = r#"{"text": "PO", "description": "<p>Hi</p>", "lists": [{"text": "Benefits", "content": "<li>Snacks</li>"}, {"text": "What you\u2019ll do", "content": "<li>Refine \"stories\"</li><li>Accept</li>"}]}"#;
        let d = parse_json(l).unwrap();
        let v: Vec<&str> = d.statements.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(v, ["Refine \"stories\"", "Accept"]);
    }

    #[test]
    fn errors() {
        for t in [
            "",
            "{",
            "[1,",
            "{\"a\":}",
            "\"\\u12",
            "{} x",
            "{\"text\": 1}",
            "[[[[",
            "\"\\ud800\\u",
        ] {
            assert!(parse_json(t).is_err(), "{t}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse_json(&deep).is_err());
    }
}
