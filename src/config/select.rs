//! `--select` and `--ignore` (cli.md, precise readings): comma-separated codes, names or
//! code prefixes (`T`, `O00`), applied last, over the preset and the config file.
//! `--select` keeps only the rules it names and turns on one that is off (at its preset
//! severity, else warning) when it names that rule exactly, by code or name: a prefix keeps
//! off rules off (`--select O` does not bring in the off-by-default O006), as ruff treats its
//! preview rules; `--ignore` turns rules off and wins over `--select`.

use super::Config;
use crate::catalog::{catalog, Level};

/// The codes one token names: a code or name, else every code it is a prefix of.
fn expand(token: &str, codes: &[String]) -> Vec<String> {
    if let Some(r) = catalog().find(token) {
        return vec![r.code.clone()];
    }
    if let Some(c) = codes.iter().find(|c| c.as_str() == token) {
        return vec![c.clone()];
    }
    let up = token.to_ascii_uppercase();
    if up.is_empty() || !up.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Vec::new();
    }
    codes
        .iter()
        .filter(|c| c.starts_with(&up))
        .cloned()
        .collect()
}

fn matched(flag: &str, tokens: &[String], codes: &[String]) -> Result<Option<Vec<String>>, String> {
    let tokens: Vec<&str> = tokens
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for t in tokens {
        let found = expand(t, codes);
        if found.is_empty() {
            let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
            let suggestion = catalog()
                .closest(t, 1)
                .into_iter()
                .next()
                .or_else(|| crate::rules::suggest::closest_key(t, &refs).map(str::to_string));
            return Err(format!(
                "{flag}: `{t}` is not a rule code, name or code prefix{}",
                match suggestion {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => "; `rolelint rules` lists them".to_string(),
                }
            ));
        }
        out.extend(found);
    }
    Ok(Some(out))
}

impl Config {
    /// Applies `--select` and `--ignore`; an unknown code, name or prefix is an error
    /// (exit 2) with the closest known one.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), String> {
        let codes = self.settings.codes();
        let selected = matched("--select", select, &codes)?;
        // The rules `--select` names exactly: only these are turned on when off.
        let exact: Vec<String> = select
            .iter()
            .filter_map(|t| {
                let t = t.trim();
                catalog()
                    .find(t)
                    .map(|r| r.code.clone())
                    .or_else(|| codes.iter().find(|c| c.eq_ignore_ascii_case(t)).cloned())
            })
            .collect();
        let ignored = matched("--ignore", ignore, &codes)?.unwrap_or_default();
        let mut off: Vec<String> = Vec::new();
        for code in &codes {
            let keep =
                selected.as_ref().is_none_or(|s| s.contains(code)) && !ignored.contains(code);
            if !keep {
                self.settings.set_level(code, Level::Off);
                off.push(code.clone());
            } else if selected.is_some()
                && self.settings.level(code) == Level::Off
                && exact.contains(code)
            {
                let level = match self.preset_levels.get(code) {
                    Some(Level::Off) | None => Level::Warning,
                    Some(l) => *l,
                };
                self.settings.set_level(code, level);
            }
        }
        self.cli_off = off;
        self.refresh_run_settings();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn prefixes_codes_and_names() {
        let mut c = Config::builtin();
        c.select(&s(&["O00", "po-strategic-duty"]), &s(&["O002"]))
            .unwrap();
        assert_eq!(
            c.settings.level("O006"),
            Level::Off,
            "a prefix keeps an off rule off"
        );
        let mut c = Config::builtin();
        c.select(&s(&["O00", "O006", "po-strategic-duty"]), &s(&["O002"]))
            .unwrap();
        assert_eq!(c.settings.level("O001"), Level::Error);
        assert_eq!(
            c.settings.level("O002"),
            Level::Off,
            "--ignore wins over --select"
        );
        assert_eq!(
            c.settings.level("O006"),
            Level::Warning,
            "off by default: named exactly, selected at warning"
        );
        assert_eq!(c.settings.level("T001"), Level::Warning);
        assert_eq!(c.settings.level("T002"), Level::Off);
        assert_eq!(c.settings.level("S001"), Level::Off);

        let mut c = Config::builtin();
        c.select(&[], &s(&["T", "r00"])).unwrap();
        assert!(c
            .settings
            .codes()
            .iter()
            .filter(|x| x.starts_with('T') || x.starts_with("R00"))
            .all(|x| c.settings.level(x) == Level::Off));
        assert_eq!(c.settings.level("O001"), Level::Error);
    }

    #[test]
    fn select_turns_a_rule_on_at_its_preset_severity() {
        let mut c = super::super::file::from_text(
            "extends: scrum-guide\nrules:\n  O006: off\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        c.select(&s(&["O006"]), &[]).unwrap();
        assert_eq!(c.settings.level("O006"), Level::Warning);
        let mut c = super::super::file::from_text(
            "extends: strict\nrules:\n  O005: off\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        c.select(&s(&["O005"]), &[]).unwrap();
        assert_eq!(
            c.settings.level("O005"),
            Level::Warning,
            "strict makes O005 a warning"
        );
    }

    #[test]
    fn custom_codes_by_prefix_never_by_builtin_letters() {
        let mut c = super::super::file::from_text(
            "custom:\n  - { code: ACME001, message: m, role: po, forbid: x, severity: info }\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        c.select(&s(&["S"]), &[]).unwrap();
        assert_eq!(c.settings.level("ACME001"), Level::Off);
        // `select` runs once per run, on the config as read.
        let mut c = super::super::file::from_text(
            "custom:\n  - { code: ACME001, message: m, role: po, forbid: x, severity: info }\n",
            Path::new("x.yaml"),
        )
        .unwrap();
        c.select(&s(&["ACME"]), &[]).unwrap();
        assert_eq!(c.settings.level("ACME001"), Level::Info);
    }

    #[test]
    fn unknown_tokens_fail_with_a_suggestion() {
        let mut c = Config::builtin();
        let e = c.select(&s(&["T01X"]), &[]).unwrap_err();
        assert!(e.contains("--select") && e.contains("T01X"), "{e}");
        let e = c.select(&[], &s(&["backlog-multiple-owner"])).unwrap_err();
        assert!(e.contains("did you mean `backlog-multiple-owners`"), "{e}");
        let e = c.select(&s(&["Z"]), &[]).unwrap_err();
        assert!(e.contains("`Z`"), "{e}");
    }
}
