//! Custom rules from a config (`custom:`): for a role, a regex that no responsibility may
//! match (`forbid`) or that at least one must match (`require`). Their findings go through
//! the same pipeline as the built-in rules: severity from the settings table (so
//! `--select`/`--ignore` and per-path overrides apply), spans, every output format.

use super::Settings;
use crate::diagnostics::{Diag, Finding};
use crate::model::Org;
use crate::roles::Role;
use regex::Regex;

#[derive(Debug, Clone)]
pub enum Test {
    /// Fires once per responsibility that matches, at that item.
    Forbid(Regex),
    /// Fires once per holder of the role with no matching responsibility, at the
    /// `responsibilities` key, else the person's `id`.
    Require(Regex),
}

#[derive(Debug, Clone)]
pub struct CustomRule {
    pub code: String,
    pub message: String,
    pub help: Option<String>,
    pub role: Role,
    /// The role as the config wrote it (`po`), for listings.
    pub role_text: String,
    pub test: Test,
    /// The severity the config declared (before `rules:` entries, overrides and
    /// `--select`/`--ignore`).
    pub declared: crate::catalog::Level,
}

impl CustomRule {
    pub fn pattern(&self) -> &str {
        match &self.test {
            Test::Forbid(r) | Test::Require(r) => r.as_str(),
        }
    }
    pub fn kind(&self) -> &'static str {
        match self.test {
            Test::Forbid(_) => "forbid",
            Test::Require(_) => "require",
        }
    }
    /// One line for `rolelint rules`.
    pub fn summary(&self) -> String {
        format!(
            "{} (role {}, {} `{}`)",
            self.message,
            self.role_text,
            self.kind(),
            self.pattern()
        )
    }
}

/// `2-6 uppercase letters then 3 digits`, not starting with a built-in family letter.
pub fn code_problem(code: &str) -> Option<String> {
    let letters = code.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &code[letters..];
    if !(2..=6).contains(&letters) || rest.len() != 3 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!(
            "`{code}` is not a custom rule code: it must be 2 to 6 uppercase letters then 3 digits (like `ACME001`)"
        ));
    }
    let first = code.chars().next().unwrap_or('S');
    if "SOTRHJX".contains(first) {
        return Some(format!(
            "`{code}` starts with `{first}`, a letter of the built-in rule families (S, O, T, R, H, J, X): custom codes must start with another letter"
        ));
    }
    None
}

/// Runs every enabled custom rule on the organisation.
pub fn run(org: &Org, settings: &Settings, rules: &[CustomRule]) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules {
        let Some(severity) = settings.level(&rule.code).severity() else {
            continue;
        };
        for (_, p) in org.active_people() {
            // A vacant position has no duties of its own to check (issue 17, reading 10).
            if !p.holds(rule.role) || p.vacant {
                continue;
            }
            let diags: Vec<Diag> = match &rule.test {
                Test::Forbid(re) => p
                    .responsibilities
                    .iter()
                    .filter(|r| re.is_match(&r.value))
                    .map(|r| {
                        Diag::new(p.head.loc(r.span), rule.message.clone())
                            .label(format!("matches `{}`", re.as_str()))
                            .subject(format!(
                                "people[{}].responsibilities[{:?}]",
                                p.head.id, r.value
                            ))
                    })
                    .collect(),
                Test::Require(re) => {
                    if p.responsibilities.iter().any(|r| re.is_match(&r.value)) {
                        continue;
                    }
                    let (span, label) = match p.responsibilities_key {
                        Some(k) => (k, format!("no responsibility matches `{}`", re.as_str())),
                        None => (p.head.id_span, "no responsibilities".to_string()),
                    };
                    vec![Diag::new(p.head.loc(span), rule.message.clone())
                        .label(label)
                        .subject(format!("people[{}]", p.head.id))]
                }
            };
            for d in diags {
                let help = rule.help.clone().unwrap_or_else(|| match &rule.test {
                    Test::Forbid(_) => format!(
                        "a custom rule of this project's config: a {} must not hold this duty",
                        rule.role.short()
                    ),
                    Test::Require(_) => format!(
                        "a custom rule of this project's config: every {} needs a responsibility matching `{}`",
                        rule.role.short(),
                        rule.pattern()
                    ),
                });
                out.push(Finding {
                    code: rule.code.clone(),
                    severity,
                    message: d.message,
                    help,
                    primary: d.primary,
                    primary_label: d.primary_label,
                    labels: d.labels,
                    subject: d.subject,
                    fixes: d.fixes,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(code_problem("ACME001"), None);
        assert_eq!(code_problem("AB123"), None);
        assert_eq!(code_problem("ABCDEF999"), None);
        assert!(code_problem("A001").is_some());
        assert!(code_problem("ABCDEFG001").is_some());
        assert!(code_problem("ACME01").is_some());
        assert!(code_problem("ACME0012").is_some());
        assert!(code_problem("acme001").is_some());
        assert!(code_problem("TEAM001").unwrap().contains("built-in"));
        assert!(code_problem("XY001").unwrap().contains("built-in"));
        assert!(code_problem("ÄB001").is_some());
    }
}
