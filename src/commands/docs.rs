//! `rolelint explain CODE|NAME` and `rolelint docs --write DIR | --check DIR`.

use crate::app::RunError;
use crate::catalog::catalog;
use crate::cli::{DocsArgs, ExplainArgs};
use std::io::Write;

pub fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let Some(rule) = crate::docs::find(&args.rule) else {
        let close = catalog().closest(&args.rule, 3);
        let hint = if close.is_empty() {
            "`rolelint rules` lists every rule".to_string()
        } else {
            let list: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
            format!(
                "did you mean {}? (`rolelint rules` lists every rule)",
                list.join(" or ")
            )
        };
        return Err(RunError(format!("unknown rule `{}`: {hint}", args.rule)));
    };
    out.write_all(crate::docs::explain(rule).as_bytes())?;
    Ok(0)
}

pub fn docs(args: DocsArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    if let Some(dir) = &args.check {
        let stale = crate::docs::stale(dir);
        if stale.is_empty() {
            writeln!(out, "{}: the generated docs are up to date", dir.display())?;
            return Ok(0);
        }
        for s in &stale {
            writeln!(out, "{}/{s}", dir.display())?;
        }
        writeln!(out, "regenerate with: {}", crate::docs::REGENERATE)?;
        return Ok(1);
    }
    let dir = args
        .write
        .as_deref()
        .unwrap_or(std::path::Path::new("docs"));
    let changed = crate::docs::write(dir)
        .map_err(|e| RunError(format!("cannot write {}: {e}", dir.display())))?;
    writeln!(
        out,
        "{}: {changed} file{} changed",
        dir.display(),
        if changed == 1 { "" } else { "s" }
    )?;
    Ok(0)
}
