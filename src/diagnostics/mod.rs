//! Stage 4: findings as plain values. A rule gives the message, the primary place, labels
//! on other places and help; the engine stamps code and severity. Renderers read these
//! values (never miette's text), and the catalogue supplies name and sources.

pub mod baseline;
pub mod suppress;

use crate::catalog::Severity;
use crate::model::{FileId, Loc};
use std::collections::HashMap;

/// The rule that reports a file that cannot be read: always an error, whatever the
/// selection, config, suppressions or baseline say.
pub const UNPARSABLE: &str = "S001";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub loc: Loc,
    pub message: String,
}

/// One replacement: the text at `loc` becomes `text` (an empty span inserts, an empty text
/// deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub loc: Loc,
    pub text: String,
}

/// A fix a rule offers for its finding, as data: `check --fix`, the JSON and SARIF outputs
/// and the language server's quick fixes all read it. Safe fixes keep the file's meaning
/// (a misspelling to the only close spelling); unsafe ones may change it, as ruff marks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor's quick-fix menu shows it.
    pub title: String,
    pub safe: bool,
    /// Non-overlapping edits, all applied or none.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// One replacement of `loc` by `text`.
    pub fn replace(title: impl Into<String>, safe: bool, loc: Loc, text: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            safe,
            edits: vec![Edit {
                loc,
                text: text.into(),
            }],
        }
    }
}

/// `new` written in place of the YAML scalar `original`: in the same quotes when it was
/// quoted, in double quotes when plain text would not read back as the same string.
pub fn yaml_scalar(original: &str, new: &str) -> String {
    let double = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
    if original.starts_with('"') {
        double(new)
    } else if original.starts_with('\'') {
        format!("'{}'", new.replace('\'', "''"))
    } else if new.is_empty()
        || new.contains(": ")
        || new.contains(" #")
        || new.ends_with(':')
        || new.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        || new.ends_with(char::is_whitespace)
        || new.contains('\n')
    {
        double(new)
    } else {
        new.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub primary: Loc,
    /// What the label on the primary span says.
    pub primary_label: String,
    pub labels: Vec<Label>,
    /// The entity path by ids and content plus the key text (`people[bob].responsibilities["Own
    /// the pricing"]`): with the file, code and occurrence, what the fingerprint hashes.
    /// Never a line. A finding of a rule's lower tier ends in `#lower`, so that an entry for
    /// one tier (R001 "fewer than 2") never hides the other ("more than 3").
    pub subject: String,
    /// Fixes offered for this finding (most have none).
    pub fixes: Vec<Fix>,
}

/// A finding as a rule reports it, before the engine stamps code and severity.
#[derive(Debug, Clone)]
pub struct Diag {
    pub message: String,
    pub help: String,
    pub primary: Loc,
    pub primary_label: String,
    pub labels: Vec<Label>,
    pub subject: String,
    /// The rule's lower tier (R001 below `min`, R002 on a small scope): reported at the
    /// rule's lower severity (info by default) instead of its configured one.
    pub lower: bool,
    pub fixes: Vec<Fix>,
}

impl Diag {
    pub fn new(primary: Loc, message: impl Into<String>) -> Diag {
        Diag {
            message: message.into(),
            help: String::new(),
            primary,
            primary_label: String::new(),
            labels: Vec::new(),
            subject: String::new(),
            lower: false,
            fixes: Vec::new(),
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = help.into();
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Diag {
        self.primary_label = label.into();
        self
    }
    pub fn with(mut self, loc: Loc, message: impl Into<String>) -> Diag {
        self.labels.push(Label {
            loc,
            message: message.into(),
        });
        self
    }
    pub fn subject(mut self, subject: impl Into<String>) -> Diag {
        self.subject = subject.into();
        self
    }
    pub fn fix(mut self, fix: Fix) -> Diag {
        self.fixes.push(fix);
        self
    }
    pub fn lower(mut self, lower: bool) -> Diag {
        self.lower = lower;
        self
    }
}

/// The line-independent fingerprint of a finding: SHA-256 of the file path (relative,
/// `/`-separated), the code, the subject and the occurrence (see `occurrences`), each part
/// length-prefixed so no two splits of the same bytes agree, truncated to 128 bits (32 hex
/// digits). A cryptographic hash so that no one can craft a finding whose fingerprint a
/// baseline entry of another one matches (a 64-bit FNV-1a was collided in minutes).
/// Stable across Rust versions and platforms.
pub fn fingerprint(rel_path: &str, code: &str, subject: &str, occurrence: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [rel_path, code, subject] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update((occurrence as u64).to_le_bytes());
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// For each finding, how many findings before it (in the order given, the run's sorted
/// order) have the same file, code and subject: two duplicates of `pam` in one file get
/// occurrences 0 and 1, hence different fingerprints, as GitHub's own fingerprinting does.
pub fn occurrences(findings: &[Finding]) -> Vec<usize> {
    let mut seen: HashMap<(FileId, &str, &str), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen
                .entry((f.primary.file, f.code.as_str(), f.subject.as_str()))
                .or_default();
            *n += 1;
            *n - 1
        })
        .collect()
}

/// Counts by severity, for the summary line, JSON summary and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 2 warnings, 1 info in 4 files`, then `(12 read as context)` when other files
/// of the organisation were read for the linted ones.
pub fn summary_line(c: Counts, files: usize, context: usize) -> String {
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(c.errors, "error", "errors"),
        plural(c.warnings, "warning", "warnings"),
        plural(c.infos, "info", "infos"),
        plural(files, "file", "files")
    );
    if context > 0 {
        line.push_str(&format!(" ({context} read as context)"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(
            fingerprint("a.yaml", "O001", "backlogs[x]", 0),
            fingerprint("a.yaml", "O001", "backlogs[x]", 0)
        );
        assert_ne!(
            fingerprint("a.yaml", "O001", "backlogs[x]", 0),
            fingerprint("a.yaml", "O001", "backlogs[y]", 0)
        );
        assert_ne!(
            fingerprint("a.yaml", "O001", "backlogs[x]", 0),
            fingerprint("a.yaml", "O001", "backlogs[x]", 1)
        );
        // The parts are delimited: moving bytes from one part to the next changes it.
        assert_ne!(
            fingerprint("a.yaml", "O001", "x", 0),
            fingerprint("a.yaml", "O00", "1x", 0)
        );
        // Pinned: baselines written by one version read back in the next.
        assert_eq!(
            fingerprint("org/a.org.yaml", "O001", "backlogs[x]", 0),
            "98077fc376699988f1a330806a7215e7"
        );
        assert_eq!(fingerprint("", "", "", 0).len(), 32);
    }

    #[test]
    fn scalars_keep_their_quotes() {
        assert_eq!(yaml_scalar("bob", "pam"), "pam");
        assert_eq!(yaml_scalar("\"bob\"", "pa\"m"), "\"pa\\\"m\"");
        assert_eq!(yaml_scalar("'bob'", "it's"), "'it''s'");
        assert_eq!(yaml_scalar("x", "a: b"), "\"a: b\"");
    }

    #[test]
    fn summary() {
        let c = Counts {
            errors: 3,
            warnings: 2,
            infos: 1,
        };
        assert_eq!(
            summary_line(c, 4, 0),
            "3 errors, 2 warnings, 1 info in 4 files"
        );
        assert_eq!(
            summary_line(c, 1, 12),
            "3 errors, 2 warnings, 1 info in 1 file (12 read as context)"
        );
    }
}
