//! What the renderers' unit tests share: sources, spans and findings built by hand.

use crate::catalog::Severity;
use crate::diagnostics::{Counts, Finding};
use crate::load::{FileKind, SourceFile};
use crate::model::Loc;
use crate::span::{LineIndex, Span};
use std::path::PathBuf;

pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        display: path.to_owned(),
        kind: FileKind::Org,
        text: text.to_owned(),
        lines: LineIndex::new(text.as_bytes()),
    }
}

pub fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap();
    Span::new(start, start + needle.len())
}

pub fn finding(code: &str, severity: Severity, file: u32, span: Span) -> Finding {
    Finding {
        code: code.to_owned(),
        severity,
        message: format!("{code} message"),
        help: String::new(),
        primary: Loc { file, span },
        primary_label: String::new(),
        labels: Vec::new(),
        subject: format!("subject of {code}"),
        fixes: Vec::new(),
    }
}

/// Sorts the findings and renders them with `render`, as the CLI does.
pub fn render_text(
    files: &[SourceFile],
    findings: &mut [Finding],
    render: fn(&super::Report, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    super::sort(findings, files);
    let report = super::Report {
        files,
        findings,
        counts: Counts::of(findings),
        notes: &[],
        statistics: None,
        context: &[],
    };
    let mut out = Vec::new();
    render(&report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
