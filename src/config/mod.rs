//! Effective settings: resolved once, before any rule runs, into one table of severities
//! and typed options that the rules read. Today they are the catalogue's defaults; config
//! files, presets and `--select`/`--ignore` fold into the same table.

use crate::catalog::{catalog, Level, Severity};
use std::collections::HashMap;

/// `[numerator, denominator]`, compared exactly as `n * den >= num * total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub num: u64,
    pub den: u64,
}

impl Share {
    /// At least this share: `n / total >= num / den`, in integers.
    pub fn reached(self, n: usize, total: usize) -> bool {
        (n as u64) * self.den >= self.num * (total as u64)
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
}
