//! Text from inputs made safe for a terminal: C0 and C1 control characters and the bidi
//! controls (U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F, U+061C) would clear
//! the screen, forge links (OSC 8) or reorder what a reviewer reads. Everything
//! human-readable that quotes an input goes through here; JSON, SARIF, JUnit, GitHub, DOT
//! and Mermaid have their own escaping.
//!
//! Two forms: messages, names and tables get `\u{1b}` (exact, longer); source snippets get
//! one visible character per control (a Control Picture such as `␛` for C0 and DEL,
//! `�` for C1 and bidi controls), so each shown line keeps one column per character, and
//! byte offsets are mapped from the file to the escaped text ([`Escaped::map`]).

use crate::span::LineIndex;
use std::borrow::Cow;

/// A control that must not reach a terminal raw. `\n` and `\t` lay text out and stay;
/// `\r` is handled by the callers (kept only before `\n`).
fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// `s` with every control written as `\u{..}` (a lone `\r` too, `\r\n` kept).
pub fn escape(s: &str) -> Cow<'_, str> {
    let needs = |(i, c): (usize, char)| {
        is_control(c) || (c == '\r' && s.as_bytes().get(i + 1) != Some(&b'\n'))
    };
    if !s.char_indices().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, c) in s.char_indices() {
        if needs((i, c)) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The control starting at byte `i` of `b`, as (its length in bytes, the visible character
/// shown instead). Works from any byte offset, even inside a character: no continuation
/// byte starts a match.
fn control_at(b: &[u8], i: usize) -> Option<(usize, char)> {
    let x = b[i];
    let next = |k: usize| b.get(i + k).copied();
    match x {
        b'\n' | b'\t' => None,
        b'\r' if next(1) == Some(b'\n') => None,
        0x00..=0x1f => Some((1, char::from_u32(0x2400 + x as u32).unwrap_or('\u{fffd}'))),
        0x7f => Some((1, '\u{2421}')),
        // U+0080-U+009F (C1) and U+061C.
        0xc2 if matches!(next(1), Some(0x80..=0x9f)) => Some((2, '\u{fffd}')),
        0xd8 if next(1) == Some(0x9c) => Some((2, '\u{fffd}')),
        // U+200E, U+200F, U+202A-U+202E, U+2066-U+2069.
        0xe2 => match (next(1), next(2)) {
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => {
                Some((3, '\u{fffd}'))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether a byte may start a control: a cheap test that lets scans skip plain text.
fn suspicious(x: u8) -> bool {
    (x < 0x20 && x != b'\n' && x != b'\t') || x == 0x7f || x == 0xc2 || x == 0xd8 || x == 0xe2
}

/// The offset of the first control at or after `from`.
fn next_control(b: &[u8], from: usize) -> Option<usize> {
    next_control_before(b, from, b.len())
}

/// The offset of the first control starting in `from..end` (read in the whole `b`, so a
/// `\r` just before `end` is still seen with the `\n` after it).
fn next_control_before(b: &[u8], from: usize, end: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let j = i + b.get(i..end)?.iter().position(|&x| suspicious(x))?;
        if control_at(b, j).is_some() {
            return Some(j);
        }
        i = j + 1;
    }
}

/// Bytes between checkpoints of the offset map: mapping an offset scans at most this many.
const BLOCK: usize = 1024;

/// A file's text with every control replaced by one visible character, and the map from
/// the file's byte offsets to the escaped text's. Built only for files that hold a control.
pub struct Escaped {
    pub text: String,
    pub lines: LineIndex,
    /// Bytes the escaped text has grown by before each multiple of [`BLOCK`] (of the
    /// original offsets): 4 bytes per KiB, whatever the file holds.
    grown: Vec<u64>,
}

impl Escaped {
    /// `None` when the text has nothing to escape (the common case: one pass, no copy).
    pub fn of(text: &str) -> Option<Escaped> {
        let b = text.as_bytes();
        let first = next_control(b, 0)?;
        let mut out = String::with_capacity(b.len() + b.len() / 8);
        let mut grown = Vec::with_capacity(b.len() / BLOCK + 1);
        let mut growth = 0u64;
        // The next checkpoint to record: it gets the growth of the controls before it.
        let mut next_block = 0;
        let mut copied = 0;
        let mut at = Some(first);
        while let Some(j) = at {
            let (len, shown) = control_at(b, j).expect("next_control finds controls");
            while next_block <= j {
                grown.push(growth);
                next_block += BLOCK;
            }
            out.push_str(&text[copied..j]);
            out.push(shown);
            // A control straddling a checkpoint counts before it (pushed after this).
            growth += (shown.len_utf8() - len) as u64;
            copied = j + len;
            at = next_control(b, copied);
        }
        while next_block < b.len() {
            grown.push(growth);
            next_block += BLOCK;
        }
        out.push_str(&text[copied..]);
        let lines = LineIndex::new(out.as_bytes());
        Some(Escaped {
            text: out,
            lines,
            grown,
        })
    }

    /// The escaped offset of byte `offset` of the original text (a control's start maps to
    /// its replacement's start, its end to the replacement's end).
    pub fn map(&self, original: &str, offset: usize) -> usize {
        let b = original.as_bytes();
        let offset = offset.min(b.len());
        let block = (offset / BLOCK).min(self.grown.len().saturating_sub(1));
        let mut growth = self.grown.get(block).copied().unwrap_or(0);
        let mut i = block * BLOCK;
        // A control straddling the checkpoint was counted before it: skip its tail.
        while i > 0 && i < b.len() && i < offset && (b[i] & 0xc0) == 0x80 {
            let start = (i.saturating_sub(2)..i)
                .find(|&k| control_at(b, k).is_some_and(|(l, _)| k + l > i));
            match start {
                Some(k) => i = k + control_at(b, k).map_or(1, |(l, _)| l),
                None => break,
            }
        }
        while let Some(j) = next_control_before(b, i, offset) {
            let (len, shown) = control_at(b, j).expect("next_control finds controls");
            growth += (shown.len_utf8() - len) as u64;
            i = j + len;
        }
        offset + growth as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_controls_as_escapes() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(escape("line\r\nnext\tz"), "line\r\nnext\tz");
        assert_eq!(escape("over\rwrite"), "over\\u{d}write");
        assert!(matches!(escape("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn snippets_keep_one_character_per_control_and_offsets_map() {
        let text = "ab\u{1b}[2Jc\u{202e}d\u{85}e\r\nf";
        let e = Escaped::of(text).unwrap();
        assert_eq!(e.text, "ab\u{241b}[2Jc\u{fffd}d\u{fffd}e\r\nf");
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let mapped = e.map(text, i);
            assert_eq!(
                &e.text[mapped..].chars().next(),
                &text[i..].chars().next().map(|c| match c {
                    '\u{1b}' => '\u{241b}',
                    '\u{202e}' | '\u{85}' => '\u{fffd}',
                    c => c,
                }),
                "offset {i}"
            );
        }
        assert!(Escaped::of("clean café\r\n").is_none());
    }

    #[test]
    fn offsets_map_across_checkpoints() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push(if i % 7 == 0 { '\u{1b}' } else { 'x' });
            if i % 11 == 0 {
                text.push('\u{85}');
            }
        }
        let e = Escaped::of(&text).unwrap();
        let mut growth = 0;
        for (i, c) in text.char_indices() {
            assert_eq!(e.map(&text, i), i + growth, "offset {i}");
            growth += match c {
                '\u{1b}' => 2,
                '\u{85}' => 1,
                _ => 0,
            };
        }
    }
}
