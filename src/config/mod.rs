//! Effective settings: resolved once, before any rule runs, into one table of severities
//! and typed options that the rules read. The catalogue's defaults, then a preset
//! (`extends`), then the config file, then `--select`/`--ignore` fold into the same table
//! (see [`file`] for the config file and [`Config`] for everything a run takes from it).

pub mod custom;
pub mod file;
pub mod report;
pub mod select;
pub mod tree;

pub use file::{Config, ConfigError, LoadError};

use crate::catalog::{catalog, Level, Severity};
use std::collections::HashMap;

/// `[numerator, denominator]`, compared exactly as `n * den >= num * total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub num: u64,
    pub den: u64,
}

impl Share {
    /// At least this share: `n / total >= num / den`, in integers. In u128, where the
    /// product of two u64 always fits: `[u64::MAX, u64::MAX]` must not wrap.
    pub fn reached(self, n: usize, total: usize) -> bool {
        (n as u128) * u128::from(self.den) >= u128::from(self.num) * (total as u128)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub r001_min: usize,
    pub r001_max: usize,
    pub r002_max_teams_small: usize,
    pub r004_max_teams_per_po: usize,
    pub r005_max_members: usize,
    pub t003_min_classified: usize,
    pub t003_min_share: Share,
    pub j001_min_classified: usize,
    pub j001_min_share: Share,
    pub j002_min_classified: usize,
    pub j002_min_share: Share,
    pub s006_max_distance: usize,
    /// T004 and T005: a product whose `managers` include a product owner has its product
    /// lead (the Scrum Guide's Product Owner owns the Product Goal; issue 17, reading 5).
    pub t004_po_leads_product: bool,
    pub t005_po_leads_product: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            r001_min: 2,
            r001_max: 3,
            r002_max_teams_small: 1,
            r004_max_teams_per_po: 2,
            r005_max_members: 10,
            t003_min_classified: 3,
            t003_min_share: Share { num: 2, den: 3 },
            j001_min_classified: 3,
            j001_min_share: Share { num: 2, den: 3 },
            j002_min_classified: 5,
            j002_min_share: Share { num: 35, den: 100 },
            s006_max_distance: 2,
            t004_po_leads_product: false,
            t005_po_leads_product: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    levels: HashMap<String, Level>,
    /// The severity of a rule's lower tier (R001 below `min`, R002 small scope).
    pub lower: Severity,
    pub options: Options,
}

impl Default for Settings {
    fn default() -> Self {
        let levels = catalog()
            .rules()
            .map(|r| (r.code.clone(), r.severity))
            .collect();
        Settings {
            levels,
            lower: Severity::Info,
            options: Options::default(),
        }
    }
}

impl Settings {
    pub fn level(&self, code: &str) -> Level {
        self.levels.get(code).copied().unwrap_or(Level::Off)
    }
    pub fn set_level(&mut self, code: &str, level: Level) {
        self.levels.insert(code.to_string(), level);
    }
    /// Every rule off but `code` (at its default severity, or warning when off by default):
    /// what the fixture harness runs.
    pub fn only(code: &str) -> Settings {
        let mut s = Settings::default();
        let keep = match s.level(code) {
            Level::Off => Level::Warning,
            l => l,
        };
        s.levels.values_mut().for_each(|l| *l = Level::Off);
        s.levels.insert(code.to_string(), keep);
        s
    }

    pub fn enabled(&self, code: &str) -> bool {
        self.level(code) != Level::Off
    }

    /// Every code with a level (the catalogue's, then custom rules), sorted.
    pub fn codes(&self) -> Vec<String> {
        let mut v: Vec<String> = self.levels.keys().cloned().collect();
        v.sort();
        v
    }

    /// The `strict` step: every info a warning and every warning an error, the lower tier
    /// (R001 below `min`, R002 on a small scope) included. Off stays off.
    pub fn raise(&mut self) {
        for l in self.levels.values_mut() {
            *l = match *l {
                Level::Info => Level::Warning,
                Level::Warning | Level::Error => Level::Error,
                Level::Off => Level::Off,
            };
        }
        self.lower = match self.lower {
            Severity::Info => Severity::Warning,
            _ => Severity::Error,
        };
    }

    pub(crate) fn levels(&self) -> &HashMap<String, Level> {
        &self.levels
    }
}

/// A typed option value, as a config sets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionValue {
    Count(usize),
    Share(Share),
    Level(Level),
    Flag(bool),
}

impl Options {
    /// Sets option `name` of rule `code`; false when the rule has no such option of that
    /// type (the catalogue lists the options; a test checks every one has a field here).
    pub fn set(&mut self, code: &str, name: &str, v: OptionValue) -> bool {
        use OptionValue::{Count, Flag, Share as Sh};
        match (code, name, v) {
            ("T004", "po_leads_product", Flag(b)) => self.t004_po_leads_product = b,
            ("T005", "po_leads_product", Flag(b)) => self.t005_po_leads_product = b,
            ("R001", "min", Count(n)) => self.r001_min = n,
            ("R001", "max", Count(n)) => self.r001_max = n,
            ("R002", "max_teams_small", Count(n)) => self.r002_max_teams_small = n,
            ("R004", "max_teams_per_po", Count(n)) => self.r004_max_teams_per_po = n,
            ("R005", "max_members", Count(n)) => self.r005_max_members = n,
            ("T003", "min_classified", Count(n)) => self.t003_min_classified = n,
            ("T003", "min_share", Sh(s)) => self.t003_min_share = s,
            ("J001", "min_classified", Count(n)) => self.j001_min_classified = n,
            ("J001", "min_share", Sh(s)) => self.j001_min_share = s,
            ("J002", "min_classified", Count(n)) => self.j002_min_classified = n,
            ("J002", "min_share", Sh(s)) => self.j002_min_share = s,
            ("S006", "max_distance", Count(n)) => self.s006_max_distance = n,
            _ => return false,
        }
        true
    }

    /// The value of option `name` of rule `code`, as `rolelint rules` shows it.
    pub fn get(&self, code: &str, name: &str) -> Option<OptionValue> {
        use OptionValue::{Count, Flag, Share as Sh};
        Some(match (code, name) {
            ("T004", "po_leads_product") => Flag(self.t004_po_leads_product),
            ("T005", "po_leads_product") => Flag(self.t005_po_leads_product),
            ("R001", "min") => Count(self.r001_min),
            ("R001", "max") => Count(self.r001_max),
            ("R002", "max_teams_small") => Count(self.r002_max_teams_small),
            ("R004", "max_teams_per_po") => Count(self.r004_max_teams_per_po),
            ("R005", "max_members") => Count(self.r005_max_members),
            ("T003", "min_classified") => Count(self.t003_min_classified),
            ("T003", "min_share") => Sh(self.t003_min_share),
            ("J001", "min_classified") => Count(self.j001_min_classified),
            ("J001", "min_share") => Sh(self.j001_min_share),
            ("J002", "min_classified") => Count(self.j002_min_classified),
            ("J002", "min_share") => Sh(self.j002_min_share),
            ("S006", "max_distance") => Count(self.s006_max_distance),
            _ => return None,
        })
    }
}

impl std::fmt::Display for OptionValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Count(n) => write!(f, "{n}"),
            OptionValue::Share(s) => write!(f, "[{}, {}]", s.num, s.den),
            OptionValue::Level(l) => f.write_str(l.as_str()),
            OptionValue::Flag(b) => write!(f, "{b}"),
        }
    }
}

impl OptionValue {
    pub fn to_json(self) -> serde_json::Value {
        match self {
            OptionValue::Count(n) => serde_json::json!(n),
            OptionValue::Share(s) => serde_json::json!([s.num, s.den]),
            OptionValue::Level(l) => serde_json::json!(l.as_str()),
            OptionValue::Flag(b) => serde_json::json!(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_option_has_a_typed_field() {
        let mut o = Options::default();
        for r in catalog().rules() {
            for spec in &r.options {
                if spec.kind == "severity" {
                    continue; // the rule's own severity, a level in the table
                }
                let v = o
                    .get(&r.code, &spec.name)
                    .unwrap_or_else(|| panic!("{} {}", r.code, spec.name));
                assert_eq!(
                    v.to_json(),
                    spec.default,
                    "default of {} {}",
                    r.code,
                    spec.name
                );
                assert!(o.set(&r.code, &spec.name, v));
            }
        }
    }

    #[test]
    fn raise_is_the_strict_step() {
        let mut s = Settings::default();
        s.raise();
        assert_eq!(s.level("O005"), Level::Warning);
        assert_eq!(s.level("T001"), Level::Error);
        assert_eq!(s.level("O006"), Level::Off);
        assert_eq!(s.lower, Severity::Warning);
    }
}
