//! Stage 3: the rules. Each rule is a small pure function over the model that pushes
//! diagnostics; the registry below maps each catalogue code to its function, as ruff's
//! `codes.rs` does. The engine stamps code and effective severity on what a rule reports.

pub mod hierarchy;
pub mod jobs;
pub mod ownership;
pub mod ratio;
pub mod strategy;
pub mod structure;
pub mod suggest;

use crate::catalog::Severity;
use crate::classify::{Class, Classification, Vocabulary};
use crate::config::{Options, Settings};
use crate::diagnostics::{Diag, Finding};
use crate::model::Org;

/// What a rule sees: the model, its options, and where its diagnostics go.
pub struct Cx<'a> {
    pub org: &'a Org,
    pub settings: &'a Settings,
    /// Each person's responsibilities, classified once (indexed like `org.people`).
    pub duties: &'a Duties<'a>,
    /// Each job description's bullets, classified once (indexed like `org.jobs`).
    pub bullets: &'a [Vec<Classification>],
    code: &'static str,
    severity: Severity,
    out: &'a mut Vec<Finding>,
}

impl Cx<'_> {
    pub fn opts(&self) -> &Options {
        &self.settings.options
    }

    pub fn emit(&mut self, d: Diag) {
        let severity = if d.lower {
            self.settings.lower
        } else {
            self.severity
        };
        let mut subject = if d.subject.is_empty() {
            d.message.clone()
        } else {
            d.subject
        };
        // The tier is part of what the finding is: a baseline entry of one must not hide
        // the other (see `Finding::subject`).
        if d.lower {
            subject.push_str("#lower");
        }
        self.out.push(Finding {
            code: self.code.to_string(),
            severity,
            message: d.message,
            help: d.help,
            primary: d.primary,
            primary_label: d.primary_label,
            labels: d.labels,
            subject,
            fixes: d.fixes,
        });
    }
}

pub type Check = fn(&mut Cx);

pub struct RuleImpl {
    pub code: &'static str,
    pub check: Check,
    /// Reads references across files: a suppression of it cannot be judged stale while a
    /// file of the organisation does not parse.
    pub cross_file: bool,
}

const fn rule(code: &'static str, check: Check, cross_file: bool) -> RuleImpl {
    RuleImpl {
        code,
        check,
        cross_file,
    }
}

use crate::diagnostics::UNPARSABLE;
pub use structure::unresolved_references;

/// Every org rule, by code.
pub const REGISTRY: &[RuleImpl] = &[
    rule("S001", structure::invalid_yaml, false),
    rule("S002", structure::unknown_field, false),
    rule("S003", structure::duplicate_id, false),
    rule("S004", structure::dangling_reference, true),
    rule("S005", structure::reporting_cycle, true),
    rule("S006", structure::ambiguous_role, false),
    rule("S007", structure::wrong_type, false),
    rule("S008", structure::homoglyph_id, false),
    rule("O001", ownership::backlog_without_owner, true),
    rule("O002", ownership::backlog_multiple_owners, true),
    rule("O003", ownership::backlog_owner_not_po, true),
    rule("O004", ownership::team_without_backlog, true),
    rule("O005", ownership::po_not_in_team, true),
    rule("O006", ownership::product_multiple_backlogs, true),
    rule("O007", ownership::po_without_backlog, true),
    rule("T001", strategy::po_strategic_duty, true),
    rule("T002", strategy::pm_tactical_duty, true),
    rule("T003", strategy::title_mismatch, true),
    rule("T004", strategy::product_without_pm, true),
    rule("T005", strategy::po_without_pm, true),
    rule("T006", strategy::title_role_conflict, true),
    rule("R001", ratio::pm_po_ratio, true),
    rule("R002", ratio::combined_pm_po, true),
    rule("R003", ratio::po_multiple_products, true),
    rule("R004", ratio::po_team_load, true),
    rule("R005", ratio::team_size, true),
    rule("R006", ratio::pm_without_product, true),
    rule("H001", hierarchy::pm_reports_to_po, true),
    rule("J001", jobs::jd_title_mismatch, false),
    rule("J002", jobs::jd_mixed_role, false),
    rule("J003", jobs::jd_missing_core_duty, false),
    rule("J004", jobs::jd_ambiguous_title, false),
    rule("J005", jobs::jd_no_title, false),
];

/// Classifies every job description's bullets.
pub fn classify_bullets(org: &Org, vocab: &Vocabulary) -> Vec<Vec<Classification>> {
    org.jobs
        .iter()
        .map(|j| {
            j.doc
                .statements
                .iter()
                .map(|s| vocab.classify(&s.value))
                .collect()
        })
        .collect()
}

/// Codes implemented outside the org registry (job descriptions, suppressions).
pub fn is_implemented(code: &str) -> bool {
    IMPLEMENTED_ELSEWHERE.contains(&code)
}

const IMPLEMENTED_ELSEWHERE: &[&str] = &["X001", "X002", "X003"]; // diagnostics::suppress

/// The responsibilities of product managers and owners, classified. Statements repeat across an organisation
/// (a generated 100k-person org has 77k distinct among 400k), so each distinct text is
/// classified once and people hold indices into that table.
#[derive(Default)]
pub struct Duties<'v> {
    classes: Vec<Class>,
    ids: Vec<u32>,
    /// Where each person's ids start in `ids`; one more entry than people.
    starts: Vec<u32>,
    /// For the matched words of a reported statement.
    vocabulary: Option<&'v Vocabulary>,
}

impl Duties<'_> {
    /// The classes of person `i`'s responsibilities, in order; none for a person who is
    /// neither a product manager nor a product owner (they are not classified).
    pub fn of(&self, i: u32) -> impl Iterator<Item = Class> + Clone + '_ {
        // Nothing when duties were not classified for this run (no rule that reads them).
        let (a, b) = match (self.starts.get(i as usize), self.starts.get(i as usize + 1)) {
            (Some(&a), Some(&b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        self.ids[a..b].iter().map(|&c| self.classes[c as usize])
    }

    /// The words of `statement` that made its class, for a message.
    pub fn words(&self, statement: &str) -> Classification {
        match self.vocabulary {
            Some(v) => v.classify(statement),
            None => Classification {
                class: Class::Unclassified,
                strategic: Vec::new(),
                tactical: Vec::new(),
                excepted: Vec::new(),
            },
        }
    }
}

/// The class of every responsibility, each distinct text classified once, on every core
/// (at 100,000 people this is the rules' largest cost).
pub fn classify_duties<'v>(org: &Org, vocab: &'v Vocabulary) -> Duties<'v> {
    use rayon::prelude::*;
    let mut distinct: std::collections::HashMap<&str, u32, ahash::RandomState> =
        std::collections::HashMap::with_capacity_and_hasher(org.people.len(), Default::default());
    let mut texts: Vec<&str> = Vec::new();
    let mut ids = Vec::new();
    let mut starts = Vec::with_capacity(org.people.len() + 1);
    for p in &org.people {
        starts.push(ids.len() as u32);
        // Only duties of product managers and owners are read (T001-T003); classifying
        // everyone's would spend most of a small run building automaton states.
        if !(p.is_pm || p.is_po) {
            continue;
        }
        for r in &p.responsibilities {
            let next = texts.len() as u32;
            let id = *distinct.entry(r.value.as_str()).or_insert_with(|| {
                texts.push(r.value.as_str());
                next
            });
            ids.push(id);
        }
    }
    starts.push(ids.len() as u32);
    let classes = texts.par_iter().map(|t| vocab.class_of(t)).collect();
    Duties {
        classes,
        ids,
        starts,
        vocabulary: Some(vocab),
    }
}

pub fn run(
    org: &Org,
    settings: &Settings,
    duties: &Duties,
    bullets: &[Vec<Classification>],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in REGISTRY {
        let level = match r.code {
            // A file that does not parse is always an error: no selection, config or
            // suppression can make a broken file look clean (ruff does the same).
            UNPARSABLE => crate::catalog::Level::Error,
            code => settings.level(code),
        };
        let Some(severity) = level.severity() else {
            continue;
        };
        let mut cx = Cx {
            org,
            settings,
            duties,
            bullets,
            code: r.code,
            severity,
            out: &mut out,
        };
        (r.check)(&mut cx);
    }
    out
}
