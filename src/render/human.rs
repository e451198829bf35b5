//! `--format human`: one miette graphical report per finding (code and name, message,
//! labels on the exact spans, help, sources), then the summary line. Labels in another
//! file are shown as related reports on that file's source.

use super::Report;
use crate::catalog::{catalog, Severity};
use crate::diagnostics::{summary_line, Finding};
use crate::load::SourceFile;
use crate::model::{FileId, Loc};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// A file's text seen through its line index: `read_span` slices out only the lines around
/// the span, so rendering thousands of findings in a 40 MB file never scans from byte 0.
struct Windowed<'a> {
    file: &'a SourceFile,
}

impl fmt::Debug for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file.display)
    }
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.file.text.as_str();
        let lines = &self.file.lines;
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first_line = lines.line_of(start).saturating_sub(before);
        let last_line = lines.line_of(end.saturating_sub(1).max(start)) + after + 1;
        let win_start = lines.line_start(first_line, text.len());
        let win_end = lines.line_start(last_line, text.len());
        let window = &text.as_bytes()[win_start..win_end];
        let shifted = SourceSpan::new((start - win_start).into(), end - start);
        let inner = window.read_span(&shifted, before, after)?;
        let data: &'b [u8] = inner.data();
        let data_start = data.as_ptr() as usize - window.as_ptr() as usize;
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display.clone(),
            data,
            SourceSpan::new((win_start + data_start).into(), data.len()),
            first_line + inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct Human<'a> {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Windowed<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<Human<'a>>,
}

impl fmt::Debug for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Human<'_> {}

impl Diagnostic for Human<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn labeled(loc: Loc, message: &str, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new((loc.span.start as usize).into(), loc.span.len());
    let text = (!message.is_empty()).then(|| message.to_string());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// The secondary labels a human report shows; the rest are counted in the help. Drawing
/// labels costs the renderer time quadratic in their number (a 100,000-person
/// `reports_to` cycle never finished), and a screen of arrows helps no one; the machine
/// formats keep every label.
pub const MAX_LABELS: usize = 20;

/// How many lines a label may be from the primary span and still share its snippet (one
/// line of context each side makes miette merge snippets up to three lines apart).
const NEAR_LINES: usize = 3;

fn to_human<'a>(r: &'a Report, f: &Finding) -> Human<'a> {
    let rule = catalog().find(&f.code);
    let file: FileId = f.primary.file;
    let mut labels = vec![labeled(f.primary, &f.primary_label, true)];
    let mut related = Vec::new();
    // miette heads each separate snippet with the location of its first label: a label well
    // before the primary span would get a snippet (and a header) of its own above the
    // finding's. Such labels are shown as related reports, so the first header is always the
    // primary span; labels after it or near it stay in its snippet.
    // Labels before the primary join its snippet as miette would merge them: walking up from
    // the primary, each one close enough to the snippet so far extends it.
    let shown = &f.labels[..f.labels.len().min(MAX_LABELS)];
    let mut inline = vec![false; shown.len()];
    let mut before: Vec<usize> = Vec::new();
    let first = r.start(f.primary).line;
    for (i, l) in shown.iter().enumerate() {
        if l.loc.file != file {
            continue;
        }
        if r.start(l.loc).line >= first {
            inline[i] = true;
        } else {
            before.push(i);
        }
    }
    before.sort_by_key(|i| std::cmp::Reverse(r.end(shown[*i].loc).line));
    let mut top = first;
    for i in before {
        let loc = shown[i].loc;
        if r.end(loc).line + NEAR_LINES >= top {
            inline[i] = true;
            top = top.min(r.start(loc).line);
        }
    }
    for (i, l) in shown.iter().enumerate() {
        if inline[i] {
            labels.push(labeled(l.loc, &l.message, false));
        } else {
            related.push(Human {
                code: String::new(),
                message: l.message.clone(),
                severity: miette::Severity::Advice,
                help: None,
                source: Windowed {
                    file: r.file(l.loc),
                },
                labels: vec![labeled(l.loc, "", true)],
                related: Vec::new(),
            });
        }
    }
    let mut help = f.help.clone();
    if f.labels.len() > MAX_LABELS {
        if !help.is_empty() {
            help.push('\n');
        }
        let more = f.labels.len() - MAX_LABELS;
        help.push_str(&format!(
            "... and {more} more place{} not shown here (`--format json` lists them all)",
            if more == 1 { "" } else { "s" }
        ));
    }
    if let Some(rule) = rule {
        if !rule.sources.is_empty() {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&format!("sources: {}", rule.sources.join(", ")));
        }
    }
    Human {
        code: match rule {
            Some(rule) => format!("{} {}", f.code, rule.name),
            None => f.code.clone(),
        },
        message: f.message.clone(),
        severity: miette_severity(f.severity),
        help: (!help.is_empty()).then_some(help),
        source: Windowed {
            file: r.file(f.primary),
        },
        labels,
        related,
    }
}

pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn render(r: &Report, style: &Style, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1)
        .with_show_related_as_nested(true)
        // Lines break at spaces only: never inside an id such as `priya-raman` or a code.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut buf = String::new();
    for f in r.findings {
        buf.clear();
        let h = to_human(r, f);
        if handler.render_report(&mut buf, &h).is_err() {
            buf = format!(
                "{}: {} ({}:{})\n",
                f.code,
                f.message,
                r.file(f.primary).display,
                r.start(f.primary).line
            );
        }
        out.write_all(buf.as_bytes())?;
        writeln!(out)?;
    }
    for note in r.notes {
        writeln!(out, "note: {note}")?;
    }
    writeln!(
        out,
        "{}",
        summary_line(r.counts, r.linted_files(), r.context_files())
    )
}
