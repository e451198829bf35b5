//! Rule metadata, declared once as data in `rules/*.yaml` and embedded in the binary. The
//! `rules` table, `explain`, SARIF rule descriptors, the JSON `name` and `sources` fields
//! and the generated docs all read this catalogue; nothing else restates a rule's name,
//! severity or sources.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A configured level: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub default: serde_json::Value,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Level,
    pub since: String,
    pub summary: String,
    pub checks: String,
    pub rationale: String,
    pub fix: String,
    pub sources: Vec<String>,
    pub contested: Option<String>,
    #[serde(default)]
    pub options: Vec<OptionSpec>,
    /// Filled from the family on load.
    #[serde(skip_deserializing)]
    pub family: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub family: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub seed: String,
    pub kind: String,
    pub summary: String,
    pub claims: Vec<String>,
    #[serde(default)]
    pub disagrees: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    sources: Vec<Source>,
}

pub const FAMILY_FILES: &[(&str, &str)] = &[
    ("structure", include_str!("../rules/structure.yaml")),
    ("ownership", include_str!("../rules/ownership.yaml")),
    ("strategy", include_str!("../rules/strategy.yaml")),
    ("ratio", include_str!("../rules/ratio.yaml")),
    ("hierarchy", include_str!("../rules/hierarchy.yaml")),
    ("jobs", include_str!("../rules/jobs.yaml")),
    ("suppressions", include_str!("../rules/suppressions.yaml")),
];

pub const SOURCES_YAML: &str = include_str!("../rules/sources.yaml");

pub struct Catalog {
    pub families: Vec<Family>,
    pub sources: Vec<Source>,
}

impl Catalog {
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.families.iter().flat_map(|f| f.rules.iter())
    }

    /// A rule by code or name, case-insensitively for codes.
    pub fn find(&self, key: &str) -> Option<&Rule> {
        self.rules()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    }

    pub fn rule(&self, code: &str) -> &Rule {
        self.find(code)
            .unwrap_or_else(|| panic!("rule {code} is in the catalogue (tested)"))
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Codes and names closest to an unknown key, for "did you mean".
    pub fn closest(&self, key: &str, n: usize) -> Vec<String> {
        let key_l = key.to_ascii_lowercase();
        let mut scored: Vec<(usize, String)> = self
            .rules()
            .flat_map(|r| {
                let code = r.code.to_ascii_lowercase();
                [
                    (strsim::levenshtein(&key_l, &code), r.code.clone()),
                    (strsim::levenshtein(&key_l, &r.name), r.name.clone()),
                ]
            })
            .filter(|(d, s)| *d <= 2.max(s.len() / 3))
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(n).map(|(_, s)| s).collect()
    }
}

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let families = FAMILY_FILES
            .iter()
            .map(|(file, text)| {
                let mut f: Family = serde_saphyr::from_str(text)
                    .unwrap_or_else(|e| panic!("rules/{file}.yaml: {e}"));
                let letter = f.family.clone();
                f.rules.iter_mut().for_each(|r| r.family = letter.clone());
                f
            })
            .collect();
        let sources: SourcesFile =
            serde_saphyr::from_str(SOURCES_YAML).expect("rules/sources.yaml parses (tested)");
        Catalog {
            families,
            sources: sources.sources,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_is_consistent() {
        let c = catalog();
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in c.rules() {
            assert!(codes.insert(r.code.clone()), "duplicate code {}", r.code);
            assert!(names.insert(r.name.clone()), "duplicate name {}", r.name);
            assert!(
                r.code.starts_with(&r.family),
                "{} not in family {}",
                r.code,
                r.family
            );
            for s in &r.sources {
                assert!(c.source(s).is_some(), "{} cites unknown source {s}", r.code);
            }
            assert!(
                r.summary.ends_with('.'),
                "{} summary ends with a period",
                r.code
            );
        }
        assert_eq!(codes.len(), 36);
    }
}
