//! `--format json`: the document of cli.md. Offsets in bytes, lines 1-based, columns in
//! characters, `end` exclusive.

use super::Report;
use crate::catalog::catalog;
use crate::model::Loc;
use crate::span::Position;
use serde::Serialize;

#[derive(Serialize)]
struct SpanJson {
    offset: u32,
    length: u32,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    message: &'a str,
    file: &'a str,
    span: SpanJson,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct DiagJson<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    file: &'a str,
    span: SpanJson,
    start: Position,
    end: Position,
    labels: Vec<LabelJson<'a>>,
    sources: &'a [String],
    /// The fixes offered (absent when none is): what `check --fix` would apply.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<FixJson<'a>>,
}

#[derive(Serialize)]
struct FixJson<'a> {
    title: &'a str,
    /// `safe` (`--fix` applies it) or `unsafe` (only with `--unsafe-fixes`).
    applicability: &'a str,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    file: &'a str,
    span: SpanJson,
    start: Position,
    end: Position,
    content: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    /// Files read only as context for the linted ones (absent when none was).
    #[serde(skip_serializing_if = "is_zero")]
    context_files: usize,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    diagnostics: Vec<DiagJson<'a>>,
    summary: Summary<'a>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn span(loc: Loc) -> SpanJson {
    SpanJson {
        offset: loc.span.start,
        length: loc.span.end - loc.span.start,
    }
}

pub fn render(r: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cat = catalog();
    static NONE: &[String] = &[];
    let diagnostics = r
        .findings
        .iter()
        .map(|f| {
            let rule = cat.find(&f.code);
            DiagJson {
                code: &f.code,
                // A custom rule (config `custom:`) is not in the catalogue: its name is its code.
                name: rule.map_or(f.code.as_str(), |r| r.name.as_str()),
                severity: f.severity.as_str(),
                message: &f.message,
                help: &f.help,
                file: &r.file(f.primary).display,
                span: span(f.primary),
                start: r.start(f.primary),
                end: r.end(f.primary),
                labels: f
                    .labels
                    .iter()
                    .map(|l| LabelJson {
                        message: &l.message,
                        file: &r.file(l.loc).display,
                        span: span(l.loc),
                        start: r.start(l.loc),
                        end: r.end(l.loc),
                    })
                    .collect(),
                sources: rule.map_or(NONE, |r| r.sources.as_slice()),
                fixes: f
                    .fixes
                    .iter()
                    .map(|x| FixJson {
                        title: &x.title,
                        applicability: if x.safe { "safe" } else { "unsafe" },
                        edits: x
                            .edits
                            .iter()
                            .map(|e| EditJson {
                                file: &r.file(e.loc).display,
                                span: span(e.loc),
                                start: r.start(e.loc),
                                end: r.end(e.loc),
                                content: &e.text,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let doc = Doc {
        version: 1,
        diagnostics,
        summary: Summary {
            errors: r.counts.errors,
            warnings: r.counts.warnings,
            infos: r.counts.infos,
            files: r.linted_files(),
            context_files: r.context_files(),
            notes: r.notes,
            statistics: r.statistics,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
