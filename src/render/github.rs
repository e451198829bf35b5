//! `--format github`: one GitHub Actions workflow command per finding, which the runner
//! turns into an annotation on the pull request:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message`
//! (`::warning`, `::notice` for info). Values are escaped exactly as the Actions toolkit
//! (`@actions/core`, `command.ts`) escapes them.

use super::Report;
use crate::catalog::{catalog, Severity};
use std::io::Write;

/// How many annotations of one kind GitHub shows for a step; the rest are dropped silently.
pub const SHOWN_PER_KIND: usize = 10;

/// The file as GitHub names it: relative to the repository (`GITHUB_WORKSPACE`) when the file
/// is inside it, so that `../x` or an absolute path still attaches to the pull request's file.
fn annotation_path(file: &crate::load::SourceFile, workspace: Option<&std::path::Path>) -> String {
    workspace
        .and_then(|w| crate::load::walk::relative_inside(&file.path, w))
        .unwrap_or_else(|| file.display.clone())
}

/// The line printed on standard error after the annotations: the totals and, past GitHub's
/// limit of 10 per kind, where the rest are.
pub fn summary(r: &Report) -> String {
    let c = r.counts;
    let mut s = format!(
        "rolelint: {} error{}, {} warning{}, {} info{} as annotations",
        c.errors,
        if c.errors == 1 { "" } else { "s" },
        c.warnings,
        if c.warnings == 1 { "" } else { "s" },
        c.infos,
        if c.infos == 1 { "" } else { "s" }
    );
    if c.errors > SHOWN_PER_KIND || c.warnings > SHOWN_PER_KIND || c.infos > SHOWN_PER_KIND {
        s.push_str(&format!(
            "; GitHub shows at most {SHOWN_PER_KIND} of each kind on a step: all of them are in \
             `--format sarif` (code scanning) or `--format json` output"
        ));
    }
    s
}

pub fn render(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let workspace = std::env::var_os("GITHUB_WORKSPACE")
        .filter(|w| !w.is_empty())
        .map(std::path::PathBuf::from);
    render_in(r, out, workspace.as_deref())
}

/// Renders with file names relative to `workspace` when given (see `annotation_path`).
pub fn render_in(
    r: &Report,
    out: &mut dyn Write,
    workspace: Option<&std::path::Path>,
) -> std::io::Result<()> {
    let cat = catalog();
    for f in r.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = r.start(f.primary);
        let end = r.end(f.primary);
        let title = match cat.find(&f.code) {
            Some(rule) => format!("{} {}", f.code, rule.name),
            None => f.code.clone(),
        };
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push('\n');
            message.push_str(&f.help);
        }
        write!(
            out,
            "::{command} file={},line={},",
            escape_property(&annotation_path(r.file(f.primary), workspace)),
            start.line
        )?;
        // The toolkit: columns "cannot be sent when startLine and endLine are different".
        if start.line == end.line {
            write!(out, "col={},", start.column)?;
        }
        write!(out, "endLine={},", end.line)?;
        if start.line == end.line {
            write!(out, "endColumn={},", end.column)?;
        }
        writeln!(
            out,
            "title={}::{}",
            escape_property(&title),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// `escapeData` of the toolkit: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// `escapeProperty` of the toolkit: as data, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::{finding, source, span_of};

    fn render_text(files: &[SourceFile], findings: &mut [Finding]) -> String {
        crate::render::testing::render_text(files, findings, render)
    }
    use crate::diagnostics::{Finding, Label};
    use crate::load::SourceFile;
    use crate::model::Loc;

    const ORG: &str = "people:\n  - id: zoë\n    name: Zoë Ångström\n    roles: [po]\n";
    const JD: &str = "# Product Owner\n\n- Own the pricing\n";

    #[test]
    fn one_command_per_finding_escaped() {
        let files = vec![source("org/a,b: org.yaml", ORG), source("jobs/po.md", JD)];
        let mut error = finding("S001", Severity::Error, 0, span_of(ORG, "Ångström"));
        error.message = "100% sure: PM, PO\nand more\r".into();
        error.help = "fix: it".into();
        error.labels.push(Label {
            loc: Loc {
                file: 1,
                span: span_of(JD, "pricing"),
            },
            message: "other".into(),
        });
        let warning = finding("O002", Severity::Warning, 0, span_of(ORG, "[po]"));
        let info = finding("ACME001", Severity::Info, 1, span_of(JD, "Own the"));
        let multi = finding("S002", Severity::Warning, 1, span_of(JD, "Owner\n\n- Own"));
        let mut findings = vec![error, warning, info, multi];
        let text = render_text(&files, &mut findings);
        let lines: Vec<&str> = text.lines().collect();
        let s001 = &catalog().rule("S001").name;
        let o002 = &catalog().rule("O002").name;
        let s002 = &catalog().rule("S002").name;
        assert_eq!(
            lines,
            [
                format!(
                    "::warning file=jobs/po.md,line=1,endLine=3,title=S002 {s002}::S002 message"
                ),
                "::notice file=jobs/po.md,line=3,col=3,endLine=3,endColumn=10,title=ACME001::ACME001 message"
                    .to_owned(),
                format!(
                    "::error file=org/a%2Cb%3A org.yaml,line=3,col=15,endLine=3,endColumn=23,\
                     title=S001 {s001}::100%25 sure: PM, PO%0Aand more%0D%0Afix: it"
                ),
                format!(
                    "::warning file=org/a%2Cb%3A org.yaml,line=4,col=12,endLine=4,endColumn=16,\
                     title=O002 {o002}::O002 message"
                ),
            ]
        );
    }

    #[test]
    fn escaping_matches_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn nothing_for_no_findings() {
        let files = vec![source("org.yaml", ORG)];
        assert_eq!(render_text(&files, &mut []), "");
    }
}
