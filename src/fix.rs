//! The fix engine: applies the fixes findings carry (as data) to file texts, and lints
//! again until nothing changes. `check --fix`, `check --diff` and the language server's
//! quick fixes all read the same fixes.

use crate::config::Config;
use crate::diagnostics::{Edit, Finding, Fix};
use crate::engine::{self, Input, Outcome};
use crate::model::FileId;

/// At most this many lint-and-fix passes: a fix that makes another finding fixable gets
/// its turn, and two fixes that undo each other cannot loop for ever.
pub const MAX_PASSES: usize = 10;

/// Whether a fix applies in this run: safe ones always, unsafe ones when asked for.
pub fn wanted(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.safe || unsafe_fixes
}

/// Applies `fixes` to `text` (the text of `file`): a fix is all of its edits or none, and
/// one whose edits overlap an earlier fix's, leave `file` or fall outside the text (or
/// between the bytes of a character) is left for a later pass. Returns the new text and
/// how many fixes were applied.
pub fn apply<'a>(
    text: &str,
    file: FileId,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let valid = !fix.edits.is_empty()
            && fix.edits.iter().all(|e| {
                e.loc.file == file
                    && (e.loc.span.end as usize) <= text.len()
                    && text.is_char_boundary(e.loc.span.start as usize)
                    && text.is_char_boundary(e.loc.span.end as usize)
            });
        let overlaps = |e: &Edit| {
            chosen.iter().any(|c| {
                let (a, b) = (c.loc.span, e.loc.span);
                // Two insertions at one place, or ranges that share a byte.
                (a.start < b.end && b.start < a.end) || (a.start == b.start)
            })
        };
        if !valid || fix.edits.iter().any(overlaps) {
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.loc.span.start, e.loc.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in chosen {
        out.push_str(&text[at..e.loc.span.start as usize]);
        out.push_str(&e.text);
        at = e.loc.span.end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// One file a fix run changed.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Index of the file in the run's inputs (and in `outcome.org.files`).
    pub index: usize,
    pub before: String,
    pub after: String,
}

pub struct FixRun {
    /// The lint of the fixed texts: what is left.
    pub outcome: Outcome,
    pub changed: Vec<Changed>,
    /// Fixes applied, over all passes.
    pub fixed: usize,
}

/// The fixes of the findings in one file, in report order.
pub fn fixes_in(
    findings: &[Finding],
    file: FileId,
    unsafe_fixes: bool,
) -> impl Iterator<Item = &Fix> {
    findings
        .iter()
        .filter(move |f| f.primary.file == file)
        .flat_map(|f| f.fixes.iter())
        .filter(move |fix| wanted(fix, unsafe_fixes))
}

/// Lints, applies the wanted fixes to the files that are not context, and lints again,
/// until a pass changes nothing or `MAX_PASSES` passes were made. Nothing is written:
/// the caller decides (write, diff, or a code action).
pub fn fix_loop(
    inputs: Vec<Input>,
    context: Vec<bool>,
    config: &Config,
    unsafe_fixes: bool,
) -> std::io::Result<FixRun> {
    let founds: Vec<_> = inputs.iter().map(|i| i.found.clone()).collect();
    let mut bytes: Vec<Option<Vec<u8>>> = inputs.into_iter().map(|i| i.bytes).collect();
    let mut originals: Vec<Option<String>> = vec![None; founds.len()];
    let mut fixed = 0;
    let mut pass = 0;
    loop {
        let inputs = founds
            .iter()
            .zip(&bytes)
            .map(|(found, b)| Input {
                found: found.clone(),
                bytes: b.clone(),
            })
            .collect();
        let outcome = engine::lint_in_context(inputs, context.clone(), config)?;
        if pass == MAX_PASSES {
            return Ok(finish(outcome, originals, fixed));
        }
        pass += 1;
        let mut any = false;
        for (i, file) in outcome.org.files.iter().enumerate() {
            if context.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (after, n) = apply(
                &file.text,
                i as FileId,
                fixes_in(&outcome.findings, i as FileId, unsafe_fixes),
            );
            if n == 0 || after == file.text {
                continue;
            }
            if originals[i].is_none() {
                originals[i] = Some(file.text.clone());
            }
            fixed += n;
            any = true;
            bytes[i] = Some(after.into_bytes());
        }
        if !any {
            return Ok(finish(outcome, originals, fixed));
        }
    }
}

fn finish(outcome: Outcome, originals: Vec<Option<String>>, fixed: usize) -> FixRun {
    let changed = originals
        .into_iter()
        .enumerate()
        .filter_map(|(index, before)| {
            let before = before?;
            let after = outcome.org.files.get(index)?.text.clone();
            (before != after).then_some(Changed {
                index,
                before,
                after,
            })
        })
        .collect();
    FixRun {
        outcome,
        changed,
        fixed,
    }
}

/// A unified diff of one file, as `diff -u` and `ruff --diff` print it.
pub fn unified_diff(display: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(display, display)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;
    use crate::span::Span;

    fn fix(start: usize, end: usize, text: &str) -> Fix {
        Fix::replace(
            "t",
            true,
            Loc {
                file: 0,
                span: Span::new(start, end),
            },
            text,
        )
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let fixes = [
            fix(0, 3, "xyz"),
            fix(2, 4, "!"),
            fix(4, 5, ""),
            fix(9, 9, "?"),
        ];
        let (out, n) = apply("abc defg", 0, &fixes);
        // The overlapping fix waits; the one past the end is refused.
        assert_eq!(out, "xyz efg");
        assert_eq!(n, 2);
    }

    #[test]
    fn refuses_edits_inside_a_character() {
        let (out, n) = apply("é", 0, &[fix(1, 2, "e")]);
        assert_eq!((out.as_str(), n), ("é", 0));
    }
}
