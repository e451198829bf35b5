//! A bad config file as miette reports, one per mistake, each with a label on the key or
//! value to edit in the config file and a help line (often "did you mean").

use super::file::ConfigError;
use crate::span::LineIndex;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode,
    SourceSpan, SpanContents,
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
        crate::span::read_window(
            self.name,
            self.text,
            &self.lines,
            span,
            before,
            after,
            false,
        )
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
    // Terminal controls in the config (or its name) are shown escaped; the snippet keeps
    // one character per control, with the spans mapped onto the escaped text.
    let display = crate::term::escape(display);
    let display = display.as_ref();
    let escaped = crate::term::Escaped::of(text);
    let (shown_text, errors) = match &escaped {
        None => (text, std::borrow::Cow::Borrowed(errors)),
        Some(e) => {
            let map = |s: crate::span::Span| {
                crate::span::Span::new(e.map(text, s.start as usize), e.map(text, s.end as usize))
            };
            let mapped: Vec<ConfigError> = errors
                .iter()
                .map(|err| ConfigError {
                    span: map(err.span),
                    labels: err
                        .labels
                        .iter()
                        .map(|(s, t)| (map(*s), t.clone()))
                        .collect(),
                    ..err.clone()
                })
                .collect();
            (e.text.as_str(), std::borrow::Cow::Owned(mapped))
        }
    };
    let errors = errors.as_ref();
    let source = Indexed {
        name: display,
        text: shown_text,
        lines: LineIndex::new(shown_text.as_bytes()),
    };
    let mut out = String::new();
    for e in errors {
        let e = &ConfigError {
            message: crate::term::escape(&e.message).into_owned(),
            label: crate::term::escape(&e.label).into_owned(),
            help: e
                .help
                .as_deref()
                .map(|h| crate::term::escape(h).into_owned()),
            labels: e
                .labels
                .iter()
                .map(|(s, t)| (*s, crate::term::escape(t).into_owned()))
                .collect(),
            span: e.span,
        };
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
