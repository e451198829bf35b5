//! The YAML parser's messages say what the parser was doing ("while scanning a plain scalar,
//! found a tab"); a user needs what they did and how to fix it. This turns the common ones
//! into that, and moves the position to the character to edit where the parser's position
//! is elsewhere (a tab is reported at the scalar before it). Only the neighbourhood of the
//! error is read: a bounded number of lines, never the whole file.

/// A parser error told in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub message: String,
    pub help: Option<String>,
    pub offset: usize,
}

/// How many lines after the parser's position are searched for the tab it complains about.
const TAB_LOOKAHEAD_LINES: usize = 4;

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i)
}

/// The first tab in the indentation of the line holding `offset` or one of the few after it.
fn tab_in_indentation(text: &str, offset: usize) -> Option<usize> {
    let mut start = line_start(text, offset);
    for _ in 0..=TAB_LOOKAHEAD_LINES {
        let end = line_end(text, start);
        let line = &text[start..end];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        if end >= text.len() {
            break;
        }
        start = end + 1;
    }
    // A tab after a value (`id: alice\t`) also stops a plain scalar.
    let end = line_end(text, offset);
    text[offset..end].find('\t').map(|i| offset + i)
}

/// The previous non-blank, non-comment line before the one holding `offset`: (its start, text).
fn previous_line(text: &str, offset: usize) -> Option<(usize, &str)> {
    let mut start = line_start(text, offset);
    // Bounded: blank and comment lines are skipped for at most this many lines.
    for _ in 0..64 {
        if start == 0 {
            return None;
        }
        let prev = line_start(text, start - 1);
        let line = &text[prev..start - 1];
        let t = line.trim();
        if !t.is_empty() && !t.starts_with('#') {
            return Some((prev, line));
        }
        start = prev;
    }
    None
}

/// The column (0-based) where the keys of the mapping on `line` start: after `- ` items.
fn key_column(line: &str) -> usize {
    let mut col = 0;
    let bytes = line.as_bytes();
    loop {
        while col < bytes.len() && bytes[col] == b' ' {
            col += 1;
        }
        if col + 1 < bytes.len() && bytes[col] == b'-' && bytes[col + 1] == b' ' {
            col += 1;
        } else {
            return col;
        }
    }
}

/// The key a line starts with, if it looks like `key: ...` (after any `- `).
fn key_of(line: &str) -> Option<&str> {
    let rest = &line[key_column(line).min(line.len())..];
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    (!key.is_empty() && !key.contains([' ', '"', '\'', '[', '{'])).then_some(key)
}

/// Says what a parser error means for the user. `message` is the parser's text (without
/// position), `offset` its byte position in `text`.
pub fn explain(text: &str, message: &str, offset: usize) -> Explained {
    let offset = offset.min(text.len());
    // A position inside a character would make slicing panic: back to its start.
    let offset = (0..=offset)
        .rev()
        .find(|o| text.is_char_boundary(*o))
        .unwrap_or(0);
    let same = |help: Option<String>| Explained {
        message: message.to_string(),
        help,
        offset,
    };
    let lower = message.to_ascii_lowercase();
    if lower.contains("tab") {
        if let Some(at) = tab_in_indentation(text, offset) {
            return Explained {
                message: "a tab character in the indentation".into(),
                help: Some("YAML does not allow tabs for indentation; use spaces".into()),
                offset: at,
            };
        }
        return same(Some("YAML does not allow tabs here; use spaces".into()));
    }
    let start = line_start(text, offset);
    let line = &text[start..line_end(text, offset)];
    if lower.contains("mapping values are not allowed") {
        // `title: Head: Product`: the second `: ` would start a key inside a plain value.
        let quoted = key_of(line).and_then(|k| {
            let col = line.find(':')?;
            let value = line[col + 1..].trim();
            (!value.is_empty()).then(|| format!("`{k}: \"{}\"`", value.replace('"', "\\\"")))
        });
        return Explained {
            message: "a `: ` inside a value: YAML reads it as the start of another key".into(),
            help: Some(match quoted {
                Some(q) => format!(
                    "quote the value ({q}); or, if a new key starts here, put it on its own line"
                ),
                None => "quote the value that contains `: `; or, if a new key starts here, put it on its own line".into(),
            }),
            offset,
        };
    }
    let expected_key = lower.contains("did not find expected key");
    let expected_dash = lower.contains("did not find expected '-' indicator");
    if expected_key || expected_dash {
        let hint = previous_line(text, start).and_then(|(_, prev)| {
            let key = key_of(prev)?;
            Some((key.to_string(), key_column(prev)))
        });
        let here = line.len() - line.trim_start().len();
        let what = match &hint {
            Some((key, col)) if *col != here => format!(
                "line it up with `{key}` on the line above (column {}), or start a new list item with `- `",
                col + 1
            ),
            _ => "line it up with the keys it belongs with: in YAML, the indentation says which mapping a key is in".into(),
        };
        return Explained {
            message: "this line is not indented like the lines around it".into(),
            help: Some(format!(
                "{what}; a value with `: ` or ` #` in it must be quoted"
            )),
            offset: start + here,
        };
    }
    if lower.contains("unexpected character") {
        let c = text[offset..].chars().next().unwrap_or(' ');
        if matches!(c, '@' | '`' | '%' | '!' | '&' | '*' | '|' | '>') {
            return same(Some(format!(
                "`{c}` has a meaning in YAML at the start of a value: quote the value (`\"{c}...\"`)"
            )));
        }
        return same(Some("quote the value that holds this character".into()));
    }
    if lower.contains("unclosed quote") {
        return same(Some(
            "the quote that starts here is never closed: add the closing quote".into(),
        ));
    }
    if lower.contains("unclosed bracket") {
        return same(Some("close the bracket that starts here".into()));
    }
    if lower.contains("trailing content after") && lower.contains("quoted") {
        return same(Some(
            "text follows the closing quote: quote the whole value, or remove what follows".into(),
        ));
    }
    if lower.contains("unknown escape") {
        return same(Some(
            "inside double quotes `\\` starts an escape: write `\\\\` for a backslash, or use single quotes".into(),
        ));
    }
    if lower.contains("unknown anchor") {
        return same(Some(
            "`*` starts an alias to an `&anchor`: quote the value if the `*` is meant as text"
                .into(),
        ));
    }
    same(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_is_pointed_at_on_its_own_line() {
        let text = "people:\n  - id: alice\n\troles: [a]\n";
        let e = explain(text, "while scanning a plain scalar, found a tab", 16);
        assert_eq!(e.offset, text.find('\t').unwrap());
        assert!(e.help.unwrap().contains("use spaces"));
    }

    #[test]
    fn a_colon_in_a_value_suggests_quotes() {
        let text = "people:\n  - id: a\n    title: Head: Product\n";
        let e = explain(text, "mapping values are not allowed in this context", 33);
        assert!(e.help.unwrap().contains("`title: \"Head: Product\"`"));
    }

    #[test]
    fn a_misindented_key_names_the_column() {
        let text = "people:\n  - id: a\n  roles: [a]\n";
        let e = explain(
            text,
            "while parsing a block collection, did not find expected '-' indicator",
            19,
        );
        assert!(e.help.as_deref().unwrap().contains("`id`"), "{e:?}");
        assert_eq!(e.offset, 20);
    }

    #[test]
    fn offsets_anywhere_never_panic() {
        let text = "é:\t\n  - x\n";
        for o in 0..=text.len() + 2 {
            for m in [
                "found a tab",
                "did not find expected key",
                "mapping values are not allowed",
                "unexpected character",
            ] {
                let _ = explain(text, m, o);
            }
        }
    }
}
