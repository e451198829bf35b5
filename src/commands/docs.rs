//! `rolelint explain CODE|NAME` and `rolelint docs --write DIR | --check DIR`.

use crate::app::RunError;
use crate::catalog::catalog;
use crate::cli::{DocsArgs, ExplainArgs};
use std::io::Write;

pub fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let Some(rule) = crate::docs::find(&args.rule) else {
        // A custom rule of the config `check` would use (or `--config`).
        let config = match crate::config::file::load(args.config.as_deref(), args.no_config) {
            Ok(c) => Some(c),
            Err(e) => {
                eprint!("{}", e.render(false));
                None
            }
        };
        if let Some(config) = &config {
            if let Some(c) = config
                .custom
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(&args.rule))
            {
                out.write_all(explain_custom(config, c).as_bytes())?;
                return Ok(0);
            }
        }
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

/// `explain` for a custom rule: what the config says about it.
fn explain_custom(config: &crate::config::Config, c: &crate::config::custom::CustomRule) -> String {
    let from = config
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "the config".into());
    let mut s = format!("{} (custom rule from {from})\n\n{}\n\n", c.code, c.message);
    let what = match c.kind() {
        "forbid" => "no responsibility of a person holding the role may match",
        _ => "at least one responsibility of each person holding the role must match",
    };
    s.push_str(&format!(
        "Checks: {what} the regular expression `{}`.\nRole: {}\n",
        c.pattern(),
        c.role_text
    ));
    s.push_str(&format!(
        "Severity: {} (declared {})\n",
        config.settings.level(&c.code).as_str(),
        c.declared.as_str()
    ));
    if let Some(h) = &c.help {
        s.push_str(&format!("Fix: {h}\n"));
    }
    s.push_str(
        "\nSuppress one occurrence with `# rolelint: ignore[CODE] -- reason`; \
         turn it off under `rules:` in the config.\n"
            .replace("CODE", &c.code)
            .as_str(),
    );
    s
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
