//! `rolelint completions SHELL` and `rolelint man [COMMAND]`, both from the clap definitions.

use crate::app::RunError;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use clap::CommandFactory;
use std::io::Write;

pub fn completions(args: CompletionsArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "rolelint", &mut buf);
    out.write_all(&buf)?;
    Ok(0)
}

/// The man page, `rolelint(1)`, or `rolelint-COMMAND(1)` for one subcommand. The page
/// starts with its `.TH` line; roff's apostrophe preamble follows it.
pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let root = Cli::command();
    let cmd = match &args.command {
        None => root,
        Some(name) => {
            let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                RunError(format!("no command `{name}`; `rolelint --help` lists them"))
            })?;
            // clap names are `&'static str`; this runs once per process.
            let full: &'static str =
                Box::leak(format!("rolelint-{}", sub.get_name()).into_boxed_str());
            sub.name(full).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("rolelint {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buf)?;
    out.write_all(&th_first(&String::from_utf8_lossy(&buf)).into_bytes())?;
    Ok(0)
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
