//! Baselines: `--write-baseline FILE` records every current problem, `--baseline FILE`
//! reports only problems not recorded.
//!
//! An entry is the file (relative to the baseline file's directory, `/`-separated, from
//! canonical paths so that `check org/` and `check ./org` agree), the code, the finding's
//! subject (entity path and key text) and the fingerprint (`diagnostics::fingerprint`: a
//! SHA-256 of those three and the occurrence, 32 hex digits). A finding is hidden by an
//! entry with its file, code and fingerprint. No line or offset takes part, so edits
//! elsewhere in a file do not resurface a baselined problem. Two identical findings have
//! different occurrences, hence need two entries.
//!
//! S001 (a file that does not parse) is never recorded, and an S001 entry is ignored: a
//! broken file must never be silenced (issue 16).
//!
//! Baselines written with the older 64-bit fingerprints (16 hex digits) are still read:
//! such an entry hides one finding with its file, code and subject (plain text, so nothing
//! can be crafted to collide), and the run says to write the baseline again.

use crate::diagnostics::{fingerprint, occurrences, Finding};
use crate::load::SourceFile;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One recorded problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    pub code: String,
    pub subject: String,
    pub fingerprint: String,
}

/// An absolute path with symbolic links and `.`/`..` resolved as far as the file system
/// allows: a file that does not exist (standard input under `--stdin-filename`) resolves
/// through its directory, else lexically against the current directory.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(p) = std::fs::canonicalize(parent) {
            return p.join(name);
        }
    }
    let abs = std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `file` relative to the directory `base` (both canonical), `/`-separated, with `..` where
/// the file lies outside it. On another drive or prefix, the absolute path.
pub fn relative(base: &Path, file: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let f: Vec<Component> = file.components().collect();
    let common = b.iter().zip(&f).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return file.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The canonical directory of a baseline file (which need not exist yet).
fn base_dir(path: &Path) -> PathBuf {
    let abs = canonical(path);
    abs.parent().map_or(abs.clone(), Path::to_path_buf)
}

/// The code of findings a baseline never records nor hides.
pub const NEVER_BASELINED: &str = "S001";

/// The entries of `findings`, sorted, for a baseline file at `path` (S001 left out).
pub fn entries(path: &Path, files: &[SourceFile], findings: &[Finding]) -> Vec<Entry> {
    let dir = base_dir(path);
    let mut rel: HashMap<u32, String> = HashMap::new();
    let mut out: Vec<Entry> = findings
        .iter()
        .zip(occurrences(findings))
        .filter(|(f, _)| f.code != NEVER_BASELINED)
        .map(|(f, occurrence)| {
            let file = rel
                .entry(f.primary.file)
                .or_insert_with(|| relative(&dir, &canonical(&files[f.primary.file as usize].path)))
                .clone();
            Entry {
                fingerprint: fingerprint(&file, &f.code, &f.subject, occurrence),
                file,
                code: f.code.clone(),
                subject: f.subject.clone(),
            }
        })
        .collect();
    out.sort();
    out
}

/// A string as a YAML double-quoted scalar (JSON's escapes are valid YAML ones).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a baseline file.
pub fn to_yaml(entries: &[Entry]) -> String {
    let mut out = String::from(
        "# rolelint baseline: known problems that `rolelint check --baseline <this file>` does not report.\n\
         # Written by `rolelint check --write-baseline <this file>`; paths are relative to this file.\n",
    );
    if entries.is_empty() {
        out.push_str("[]\n");
    }
    for e in entries {
        out.push_str(&format!(
            "- file: {}\n  code: {}\n  subject: {}\n  fingerprint: {}\n",
            quoted(&e.file),
            quoted(&e.code),
            quoted(&e.subject),
            quoted(&e.fingerprint)
        ));
    }
    out
}

/// What `write` did: entries recorded, and S001 findings left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub recorded: usize,
    pub left_out: usize,
}

/// Writes the baseline of `findings` to `path`, whole or not at all.
pub fn write(path: &Path, files: &[SourceFile], findings: &[Finding]) -> Result<Written, String> {
    let entries = entries(path, files, findings);
    crate::io::write_whole(path, to_yaml(&entries).as_bytes())?;
    Ok(Written {
        recorded: entries.len(),
        left_out: findings
            .iter()
            .filter(|f| f.code == NEVER_BASELINED)
            .count(),
    })
}

/// The length of a fingerprint, in hex digits (128 bits); 16 in older baselines.
const FINGERPRINT_DIGITS: usize = 32;
const OLD_FINGERPRINT_DIGITS: usize = 16;

/// A loaded baseline: how many times each (file, code, fingerprint) is recorded, and each
/// (file, code, subject) of older entries.
#[derive(Debug, Clone)]
pub struct Baseline {
    dir: PathBuf,
    counts: HashMap<(String, String, String), usize>,
    old: HashMap<(String, String, String), usize>,
    /// Entries in the older format: the run says to write the baseline again.
    pub old_entries: usize,
}

impl Baseline {
    /// Reads a baseline file; a missing or invalid one is an error saying which and why.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let cap =
            crate::load::max_file_size_from_env().unwrap_or(crate::load::DEFAULT_MAX_FILE_SIZE);
        let bytes = crate::io::read_limited(path, cap, "the baseline")?;
        let text = String::from_utf8(bytes)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let entries = Baseline::parse(&text).map_err(|e| {
            format!(
                "{} is not a valid baseline: {e}; write one with `rolelint check --write-baseline {}`",
                path.display(),
                path.display()
            )
        })?;
        Ok(Baseline::new(base_dir(path), &entries))
    }

    /// The entries of a baseline file's text: a YAML list of `file`, `code`, `subject`,
    /// `fingerprint` (an empty or comment-only file is an empty list). The parser's budgets
    /// scale with the text as for org files, so every baseline rolelint writes reads back.
    pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
        let empty = text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        });
        if empty {
            return Ok(Vec::new());
        }
        let entries: Vec<Entry> =
            serde_saphyr::from_str_with_options(text, crate::load::yaml::options(text.len()))
                .map_err(|e| e.to_string())?;
        if let Some(e) = entries.iter().find(|e| {
            !matches!(
                e.fingerprint.len(),
                FINGERPRINT_DIGITS | OLD_FINGERPRINT_DIGITS
            ) || !e.fingerprint.bytes().all(|b| b.is_ascii_hexdigit())
        }) {
            return Err(format!(
                "`{}` is not a fingerprint ({FINGERPRINT_DIGITS} hexadecimal digits)",
                e.fingerprint
            ));
        }
        Ok(entries)
    }

    pub fn new(dir: PathBuf, entries: &[Entry]) -> Baseline {
        let mut counts: HashMap<(String, String, String), usize> = HashMap::new();
        let mut old: HashMap<(String, String, String), usize> = HashMap::new();
        let mut old_entries = 0;
        for e in entries.iter().filter(|e| e.code != NEVER_BASELINED) {
            if e.fingerprint.len() == OLD_FINGERPRINT_DIGITS {
                old_entries += 1;
                *old.entry((e.file.clone(), e.code.clone(), e.subject.clone()))
                    .or_default() += 1;
            } else {
                *counts
                    .entry((
                        e.file.clone(),
                        e.code.clone(),
                        e.fingerprint.to_ascii_lowercase(),
                    ))
                    .or_default() += 1;
            }
        }
        Baseline {
            dir,
            counts,
            old,
            old_entries,
        }
    }

    /// What to say on standard error about this baseline, if anything.
    pub fn warning(&self, path: &Path) -> Option<String> {
        (self.old_entries > 0).then(|| {
            format!(
                "rolelint: {} entr{} of the baseline {} have the older 16-digit fingerprint and are matched by file, code and subject; write the baseline again with `rolelint check --write-baseline {}`",
                self.old_entries,
                if self.old_entries == 1 { "y" } else { "ies" },
                path.display(),
                path.display()
            )
        })
    }

    /// Drops the findings the baseline records (each entry hides one finding, never an
    /// S001); the number hidden.
    pub fn filter(&self, files: &[SourceFile], findings: &mut Vec<Finding>) -> usize {
        let mut left = self.counts.clone();
        let mut old = self.old.clone();
        let mut rel: HashMap<u32, String> = HashMap::new();
        let occurrence = occurrences(findings);
        let before = findings.len();
        let mut i = 0;
        findings.retain(|f| {
            let occ = occurrence[i];
            i += 1;
            if f.code == NEVER_BASELINED {
                return true;
            }
            let file = rel
                .entry(f.primary.file)
                .or_insert_with(|| {
                    relative(&self.dir, &canonical(&files[f.primary.file as usize].path))
                })
                .clone();
            let print = fingerprint(&file, &f.code, &f.subject, occ);
            let take =
                |map: &mut HashMap<(String, String, String), usize>, key| match map.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                };
            let hidden = take(&mut left, (file.clone(), f.code.clone(), print))
                || take(&mut old, (file, f.code.clone(), f.subject.clone()));
            !hidden
        });
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/org/x.yaml")),
            "org/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/c/x.yaml")),
            "../c/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/x.yaml")),
            "x.yaml"
        );
    }

    #[test]
    fn canonical_without_the_file() {
        let here = std::fs::canonicalize(".").unwrap();
        assert_eq!(
            canonical(Path::new("./no-such-file.yaml")),
            here.join("no-such-file.yaml")
        );
        assert_eq!(
            canonical(Path::new("no/such/../dir.yaml")),
            here.join("no/dir.yaml")
        );
    }

    #[test]
    fn round_trip_and_multiset() {
        let e = |s: &str| Entry {
            file: "org/a \"b\".yaml".into(),
            code: "O001".into(),
            subject: s.into(),
            fingerprint: fingerprint("org/a \"b\".yaml", "O001", s, 0),
        };
        let entries = vec![e("backlogs[x]"), e("backlogs[x]"), e("people[é]: « x »\n")];
        let text = to_yaml(&entries);
        assert_eq!(Baseline::parse(&text).unwrap(), entries);
        assert_eq!(Baseline::parse(&to_yaml(&[])).unwrap(), vec![]);
        assert_eq!(Baseline::parse("").unwrap(), vec![]);
        assert!(Baseline::parse("entries: 3\n").is_err());
        assert!(
            Baseline::parse("- file: a\n  code: b\n  subject: c\n  fingerprint: zz\n").is_err()
        );
        let b = Baseline::new(PathBuf::from("/"), &entries);
        assert_eq!(b.counts.values().sum::<usize>(), 3);
        assert_eq!(b.counts.len(), 2);
        assert_eq!(b.old_entries, 0);
    }
}
