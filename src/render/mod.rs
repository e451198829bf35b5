//! Stage 5: one module per output format. Every renderer reads the same sorted findings
//! and the catalogue; none of them reads another's text.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
#[cfg(test)]
mod testing;

use crate::diagnostics::{Counts, Finding};
use crate::load::SourceFile;
use crate::model::Loc;
use crate::span::Position;

/// Everything a renderer needs about one run.
pub struct Report<'a> {
    pub files: &'a [SourceFile],
    pub findings: &'a [Finding],
    pub counts: Counts,
    /// Notes for the summary (e.g. cross-file rules skipped because a file did not parse).
    pub notes: &'a [String],
    pub statistics: Option<&'a serde_json::Value>,
    /// Per file: read only as context (empty when no file was).
    pub context: &'a [bool],
}

impl Report<'_> {
    /// Whether a file was read only as context for the others (no finding is about it).
    pub fn is_context(&self, file: usize) -> bool {
        self.context.get(file).copied().unwrap_or(false)
    }
    /// Files read as context only.
    pub fn context_files(&self) -> usize {
        self.context.iter().filter(|c| **c).count()
    }
    /// Files linted: every file of the report but those read as context.
    pub fn linted_files(&self) -> usize {
        self.files.len() - self.context_files()
    }
    pub fn file(&self, loc: Loc) -> &SourceFile {
        &self.files[loc.file as usize]
    }
    pub fn start(&self, loc: Loc) -> Position {
        let f = self.file(loc);
        f.lines.position(&f.text, loc.span.start as usize)
    }
    pub fn end(&self, loc: Loc) -> Position {
        let f = self.file(loc);
        f.lines.position(&f.text, loc.span.end as usize)
    }
}

/// Sorts by file, offset, code, then message, so output is the same whatever the order of
/// work or parallelism.
pub fn sort(findings: &mut [Finding], files: &[SourceFile]) {
    findings.sort_by(|a, b| {
        files[a.primary.file as usize]
            .display
            .cmp(&files[b.primary.file as usize].display)
            .then(a.primary.file.cmp(&b.primary.file))
            .then(a.primary.span.start.cmp(&b.primary.span.start))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}
