//! A bad config file as miette reports, one per mistake, each with a label on the key or
//! value to edit in the config file and a help line (often "did you mean").

use super::file::ConfigError;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};
use std::fmt;

struct Report<'a> {
    error: &'a ConfigError,
    source: &'a NamedSource<String>,
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
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.source.inner().as_str();
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
    let source = NamedSource::new(display, text.to_string());
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
