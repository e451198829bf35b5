//! `--format human`: one miette graphical report per finding (code and name, message,
//! labels on the exact spans, help, sources), then the summary line. Labels in another
//! file are shown as related reports on that file's source.

use super::Report;
use crate::catalog::{catalog, Severity};
use crate::diagnostics::{summary_line, Finding};
use crate::load::SourceFile;
use crate::model::{FileId, Loc};
use crate::span::{LineIndex, Span};
use crate::term::{escape, Escaped};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode,
    SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;

/// A file's text seen through its line index: `read_span` slices out only the lines around
/// the span, so rendering thousands of findings in a 40 MB file never scans from byte 0.
/// A file holding terminal controls is seen through its escaped copy (`Shown`).
struct Windowed<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    display: Cow<'a, str>,
}

impl fmt::Debug for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

/// A file as the terminal may show it: its text, or its escaped copy when it holds
/// controls, built once per file and only for files that a finding shows.
struct Shown<'a> {
    file: &'a SourceFile,
    escaped: OnceCell<Option<Escaped>>,
}

impl<'a> Shown<'a> {
    fn escaped(&self) -> Option<&Escaped> {
        self.escaped
            .get_or_init(|| Escaped::of(&self.file.text))
            .as_ref()
    }
    fn window(&self) -> Windowed<'_> {
        let (text, lines) = match self.escaped() {
            Some(e) => (e.text.as_str(), &e.lines),
            None => (self.file.text.as_str(), &self.file.lines),
        };
        Windowed {
            text,
            lines,
            display: escape(&self.file.display),
        }
    }
    /// A span of the file as a span of the text shown.
    fn span(&self, span: Span) -> SourceSpan {
        match self.escaped() {
            None => SourceSpan::new((span.start as usize).into(), span.len()),
            Some(e) => {
                let start = e.map(&self.file.text, span.start as usize);
                let end = e.map(&self.file.text, span.end as usize);
                SourceSpan::new(start.into(), end - start)
            }
        }
    }
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // The header's column in characters agrees with the JSON and SARIF columns (an
        // escaped control is one character, as in the file).
        crate::span::read_window(
            &self.display,
            self.text,
            self.lines,
            span,
            before,
            after,
            true,
        )
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

fn labeled(shown: &Shown, loc: Loc, message: &str, primary: bool) -> LabeledSpan {
    let span = shown.span(loc.span);
    let text = (!message.is_empty()).then(|| escape(message).into_owned());
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

fn to_human<'a>(r: &Report, shown: &'a [Shown<'a>], f: &Finding) -> Human<'a> {
    let rule = catalog().find(&f.code);
    let file: FileId = f.primary.file;
    let primary = &shown[file as usize];
    let mut labels = vec![labeled(primary, f.primary, &f.primary_label, true)];
    let mut related = Vec::new();
    // miette heads each separate snippet with the location of its first label: a label well
    // before the primary span would get a snippet (and a header) of its own above the
    // finding's. Such labels are shown as related reports, so the first header is always the
    // primary span; labels after it or near it stay in its snippet.
    // Labels before the primary join its snippet as miette would merge them: walking up from
    // the primary, each one close enough to the snippet so far extends it.
    let listed = &f.labels[..f.labels.len().min(MAX_LABELS)];
    let mut inline = vec![false; listed.len()];
    let mut before: Vec<usize> = Vec::new();
    let first = r.start(f.primary).line;
    for (i, l) in listed.iter().enumerate() {
        if l.loc.file != file {
            continue;
        }
        if r.start(l.loc).line >= first {
            inline[i] = true;
        } else {
            before.push(i);
        }
    }
    before.sort_by_key(|i| std::cmp::Reverse(r.end(listed[*i].loc).line));
    let mut top = first;
    for i in before {
        let loc = listed[i].loc;
        if r.end(loc).line + NEAR_LINES >= top {
            inline[i] = true;
            top = top.min(r.start(loc).line);
        }
    }
    for (i, l) in listed.iter().enumerate() {
        if inline[i] {
            labels.push(labeled(primary, l.loc, &l.message, false));
        } else {
            let other = &shown[l.loc.file as usize];
            related.push(Human {
                code: String::new(),
                message: escape(&l.message).into_owned(),
                severity: miette::Severity::Advice,
                help: None,
                source: other.window(),
                labels: vec![labeled(other, l.loc, "", true)],
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
            None => escape(&f.code).into_owned(),
        },
        message: escape(&f.message).into_owned(),
        severity: miette_severity(f.severity),
        help: (!help.is_empty()).then(|| escape(&help).into_owned()),
        source: primary.window(),
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
    let shown: Vec<Shown> = r
        .files
        .iter()
        .map(|file| Shown {
            file,
            escaped: OnceCell::new(),
        })
        .collect();
    let mut buf = String::new();
    for f in r.findings {
        buf.clear();
        let h = to_human(r, &shown, f);
        if handler.render_report(&mut buf, &h).is_err() {
            buf = format!(
                "{}: {} ({}:{})\n",
                escape(&f.code),
                escape(&f.message),
                escape(&r.file(f.primary).display),
                r.start(f.primary).line
            );
        }
        out.write_all(buf.as_bytes())?;
        writeln!(out)?;
    }
    for note in r.notes {
        writeln!(out, "note: {}", escape(note))?;
    }
    writeln!(
        out,
        "{}",
        summary_line(r.counts, r.linted_files(), r.context_files())
    )
}
