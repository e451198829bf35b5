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
