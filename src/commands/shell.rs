//! `rolelint completions SHELL` and `rolelint man [COMMAND]`, both from the clap definitions.

use crate::app::RunError;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use clap::CommandFactory;
use std::io::Write;

pub fn completions(args: CompletionsArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let mut cmd = with_rule_values(Cli::command());
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "rolelint", &mut buf);
    out.write_all(&buf)?;
    Ok(0)
}

/// The command line as completions see it: rule codes and names offered for `explain`,
/// `--select` and `--ignore`. Only the completion scripts get these lists: parsing still
/// takes prefixes and custom codes, which no fixed list holds.
fn with_rule_values(cmd: clap::Command) -> clap::Command {
    use clap::builder::{PossibleValue, PossibleValuesParser};
    let values: Vec<PossibleValue> = crate::catalog::catalog()
        .rules()
        .flat_map(|r| {
            [
                PossibleValue::new(r.code.as_str()).help(r.summary.as_str()),
                PossibleValue::new(r.name.as_str()).help(format!("{}: {}", r.code, r.summary)),
            ]
        })
        .collect();
    let rules = move |a: clap::Arg| a.value_parser(PossibleValuesParser::new(values.clone()));
    let select = |c: clap::Command| {
        c.mut_arg("select", rules.clone())
            .mut_arg("ignore", rules.clone())
    };
    select(cmd)
        .mut_subcommand("check", select)
        .mut_subcommand("explain", |c| c.mut_arg("rule", rules.clone()))
}

/// The man page, `rolelint(1)`, or `rolelint-COMMAND(1)` for one subcommand. The page
/// starts with its `.TH` line; roff's apostrophe preamble follows it.
pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    // No `help` subcommand in the list: there is no rolelint-help(1) page to point at.
    let root = Cli::command().disable_help_subcommand(true);
    let cmd = match &args.command {
        None => root,
        Some(name) => {
            let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                RunError(format!("no command `{name}`; `rolelint --help` lists them"))
            })?;
            // clap names are `&'static str`; this runs once per process. No version: a
            // subcommand rejects `-V`, so its page must not list it.
            let full: &'static str =
                Box::leak(format!("rolelint-{}", sub.get_name()).into_boxed_str());
            sub.name(full)
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("rolelint {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buf)?;
    // clap_mangen heads `after_help` "EXTRA"; ours holds examples.
    let page = String::from_utf8_lossy(&buf).replace(".SH EXTRA\n", ".SH EXAMPLES\n");
    let page = match &args.command {
        None => with_sections(&page, ROOT_SECTIONS),
        Some(_) => page,
    };
    out.write_all(&th_first(&page).into_bytes())?;
    Ok(0)
}

/// The sections of rolelint(1) that clap cannot derive, in roff.
const ROOT_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No error, and no more warnings than \fB\-\-max\-warnings\fR allows.
.TP
\fB1\fR
Errors, or more warnings than \fB\-\-max\-warnings\fR (the reason is printed on standard error).
.TP
\fB2\fR
The run itself failed: bad arguments, an unreadable path, nothing to lint, an invalid config.
.SH CONFIGURATION
The config is \fBrolelint.yaml\fR or \fB.rolelint.yaml\fR in the working directory or the
nearest parent directory holding one (both in one directory is an error);
\fB\-\-config\fR \fIFILE\fR names it, \fB\-\-no\-config\fR ignores it. It sets the preset
(\fBextends\fR), rule severities and options, vocabulary additions, \fBinclude\fR and
\fBexclude\fR globs (relative to the config file), per\-path \fBoverrides\fR and \fBcustom\fR
rules. \fBrolelint rules\fR shows the severities after it; \fBrolelint schema config\fR prints its
JSON Schema.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, no colours (unless \fB\-\-color always\fR).
.TP
\fBROLELINT_TODAY\fR
The date (YYYY\-MM\-DD) that suppression \fBuntil=\fR dates are compared with, instead of today (UTC).
.TP
\fBROLELINT_MAX_FILE_SIZE\fR
The largest file read, in bytes or with a unit (\fB64MiB\fR; default 256MiB); it wins over the config's \fBlimits.max_file_size\fR.
.TP
\fBGITHUB_WORKSPACE\fR
With \fB\-\-format github\fR, file names are relative to it when the file is inside it.
.TP
\fBCOLUMNS\fR
The width of the human report (default 100).
.SH SUPPRESSIONS
A comment after code suppresses the findings that start on its line; a comment alone on its
line covers the next line that is not blank (and the whole entity when that line starts one,
as \fB\- id: bob\fR does):
.PP
.RS
\fB# rolelint: ignore[T001] until=2027\-03\-31 \-\- interim, until the PM is hired\fR
.RE
.PP
Several codes or names are separated by commas; \fBuntil=\fR makes it expire (then X003 reports
the problem again); the reason after \fB\-\-\fR is expected (X001 when missing); a suppression
that suppresses nothing is reported (X002). In Markdown job descriptions the comment is
\fB<!\-\- rolelint: ignore[J002] \-\- reason \-\->\fR. \fB\-\-baseline\fR \fIFILE\fR hides the problems
recorded by \fB\-\-write\-baseline\fR.
.SH "SEE ALSO"
rolelint\-check(1), rolelint\-explain(1); the JSON output is described in docs/json.md.
"#;

/// `extra` inserted before the VERSION section (or at the end).
fn with_sections(page: &str, extra: &str) -> String {
    match page.find(".SH VERSION") {
        Some(i) => format!("{}{extra}{}", &page[..i], &page[i..]),
        None => format!("{page}{extra}"),
    }
}

/// Moves the `.TH` line to the top, ahead of the preamble that defines `\*(Aq`.
fn th_first(page: &str) -> String {
    let Some(th) = page.lines().position(|l| l.starts_with(".TH ")) else {
        return page.to_string();
    };
    let lines: Vec<&str> = page.lines().collect();
    let mut out = String::with_capacity(page.len());
    out.push_str(lines[th]);
    out.push('\n');
    for (i, l) in lines.iter().enumerate() {
        if i != th {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}
