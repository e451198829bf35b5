//! A bad config file as miette reports, one per mistake, each with a label on the key or
//! value to edit in the config file and a help line (often "did you mean").

use super::file::ConfigError;
use crate::span::LineIndex;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// The config text with its line index, shared by every report: `read_span` slices out the
/// lines around the span, where a `NamedSource` rescans the text from byte 0 for each one
/// (100,000 unknown keys were quadratic).
struct Indexed<'a> {
    name: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl fmt::Debug for Indexed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl SourceCode for Indexed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first_line = self.lines.line_of(start).saturating_sub(before);
        let last_line = self.lines.line_of(end.saturating_sub(1).max(start)) + after + 1;
        let win_start = self.lines.line_start(first_line, text.len());
        let win_end = self.lines.line_start(last_line, text.len());
        let window = &text.as_bytes()[win_start..win_end];
        let shifted = SourceSpan::new((start - win_start).into(), end - start);
        let inner = window.read_span(&shifted, before, after)?;
        let data: &'b [u8] = inner.data();
        let data_start = data.as_ptr() as usize - window.as_ptr() as usize;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            SourceSpan::new((win_start + data_start).into(), data.len()),
            first_line + inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    error: &'a ConfigError,
    source: &'a Indexed<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}
impl std::error::Error for Report<'_> {}

/// A label on the first line of `span` only: miette draws a span over several lines with a
/// gutter that shifts those lines right of the others, and in YAML indentation is meaning.
fn labeled(source: &str, span: crate::span::Span, text: &str, primary: bool) -> LabeledSpan {
    let start = (span.start as usize).min(source.len());
    let end = (span.end as usize).min(source.len()).max(start);
    let end = source[start..end]
        .find('\n')
        .map_or(end, |i| start + source[start..start + i].trim_end().len());
    let s = SourceSpan::new(start.into(), end - start);
    let text = (!text.is_empty()).then(|| text.to_string());
    if primary {
        LabeledSpan::new_primary_with_span(text, s)
    } else {
        LabeledSpan::new_with_span(text, s)
    }
}

impl Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.source.text;
        let mut v = vec![labeled(text, self.error.span, &self.error.label, true)];
        v.extend(
            self.error
                .labels
                .iter()
                .map(|(s, t)| labeled(text, *s, t, false)),
        );
        Some(Box::new(v.into_iter()))
    }
}

/// Every mistake of one config file, rendered, then a one-line summary.
pub fn render(display: &str, text: &str, errors: &[ConfigError], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(width)
        .with_context_lines(1)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let source = Indexed {
        name: display,
        text,
        lines: LineIndex::new(text.as_bytes()),
    };
    let mut out = String::new();
    for e in errors {
        let r = Report {
            error: e,
            source: &source,
        };
        let mut buf = String::new();
        if handler.render_report(&mut buf, &r).is_err() {
            buf = format!("{display}: {}\n", e.message);
        }
        out.push_str(&buf);
        out.push('\n');
    }
    let n = errors.len();
    out.push_str(&format!(
        "error: invalid config {display}: {n} problem{}\n",
        if n == 1 { "" } else { "s" }
    ));
    out
}
