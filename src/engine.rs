//! The pipeline, top to bottom: load -> model -> rules -> sorted findings.

use crate::config::Config;
use crate::diagnostics::Finding;
use crate::load::walk::Found;
use crate::load::{self, FileKind, SourceFile};
use crate::model::{Org, Parsed};
use crate::span::LineIndex;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Time spent per stage, for `--timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub read: Duration,
    pub parse: Duration,
    pub model: Duration,
    pub rules: Duration,
    pub render: Duration,
    /// Pieces that large files were cut into and parsed on several threads (0: none was).
    pub parse_pieces: usize,
}

pub struct Outcome {
    pub org: Org,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub timings: Timings,
    /// Per file of `org.files`: read only as context for the others, never reported on.
    pub context: Vec<bool>,
}

impl Outcome {
    /// Files read as context only.
    pub fn context_files(&self) -> usize {
        self.context.iter().filter(|c| **c).count()
    }
}

/// An input: a file found on disk, or standard input under a name.
pub struct Input {
    pub found: Found,
    pub bytes: Option<Vec<u8>>,
}

/// Lints the inputs with one resolved configuration (levels, options, role names, vocabulary,
/// size cap, custom rules, per-path overrides), stage by stage.
pub fn lint(inputs: Vec<Input>, config: &Config) -> std::io::Result<Outcome> {
    let context = vec![false; inputs.len()];
    lint_in_context(inputs, context, config)
}

/// Lints the inputs as one organisation, reporting only on those not marked as context:
/// a context file defines ids and relations that the others refer to, so that linting
/// some files of an organisation gives the answers that linting all of them gives.
pub fn lint_in_context(
    inputs: Vec<Input>,
    context: Vec<bool>,
    config: &Config,
) -> std::io::Result<Outcome> {
    debug_assert_eq!(inputs.len(), context.len());
    let mut timings = Timings::default();
    let t = Instant::now();
    let read = read_all(inputs, config.max_file_size);
    timings.read = t.elapsed();
    let t = Instant::now();
    let pieces_before = load::yaml::pieces_so_far();
    // Compile the built-in vocabulary on the other core while a large file parses on this
    // one (a custom vocabulary was compiled with the config already).
    let parsed = std::thread::scope(|scope| {
        if classifies(config.run_settings()) {
            scope.spawn(|| config.vocabulary());
        }
        parse_all(read, config.max_file_size)
    })?;
    timings.parse = t.elapsed();
    timings.parse_pieces = load::yaml::pieces_so_far() - pieces_before;
    let t = Instant::now();
    let org = build_model(parsed, config);
    timings.model = t.elapsed();
    let t = Instant::now();
    let (mut findings, notes) = check_model(&org, config);
    // A finding is reported where its primary span is; a label may point into context.
    if context.iter().any(|c| *c) {
        findings.retain(|f| !context[f.primary.file as usize]);
    }
    timings.rules = t.elapsed();
    Ok(Outcome {
        org,
        findings,
        notes,
        timings,
        context,
    })
}

/// Stage 1a: the bytes of every input, read in parallel.
pub fn read_all(inputs: Vec<Input>, max_size: u64) -> Vec<(Found, std::io::Result<Vec<u8>>)> {
    inputs
        .into_par_iter()
        .map(|i| {
            let bytes = match i.bytes {
                Some(b) => Ok(b),
                None => read_capped(&i.found.path, max_size),
            };
            (i.found, bytes)
        })
        .collect()
}

/// Stage 1b: every file decoded and parsed, in parallel, in input order.
pub fn parse_all(
    read: Vec<(Found, std::io::Result<Vec<u8>>)>,
    max_size: u64,
) -> std::io::Result<Vec<(SourceFile, Parsed)>> {
    read.into_par_iter()
        .map(|(found, bytes)| parse_one(found, bytes, max_size))
        .collect()
}

/// Stage 2: one organisation, built in input order so that "first occurrence" is the
/// command-line and walk order, whatever the threads did.
pub fn build_model(parsed: Vec<(SourceFile, Parsed)>, config: &Config) -> Org {
    let mut org = Org::default();
    let max_distance = config.settings.options.s006_max_distance;
    for (file, p) in parsed {
        org.add_file(file, p, &config.resolver, max_distance);
    }
    org.resolve();
    org
}

/// The rules that read the classes of duty statements.
/// (T006 reads them for its severity: issue 17, reading 4.)
const DUTY_RULES: &[&str] = &["T001", "T002", "T003", "T006"];
const BULLET_RULES: &[&str] = &["J001", "J002"];

fn classifies(settings: &crate::config::Settings) -> bool {
    DUTY_RULES
        .iter()
        .chain(BULLET_RULES)
        .any(|c| settings.enabled(c))
}

/// Stages 3 and 4: the rules, custom rules, per-path overrides and suppressions.
pub fn check_model(org: &Org, config: &Config) -> (Vec<Finding>, Vec<String>) {
    let run_settings = config.run_settings();
    // Classifying half a million statements is the rules' largest cost: only when a rule
    // that reads the classes runs.
    let needs = |codes: &[&str]| codes.iter().any(|c| run_settings.enabled(c));
    let duties = if needs(DUTY_RULES) {
        crate::rules::classify_duties(org, config.vocabulary())
    } else {
        Default::default()
    };
    let bullets = if needs(BULLET_RULES) {
        crate::rules::classify_bullets(org, config.vocabulary())
    } else {
        Vec::new()
    };
    let mut findings = crate::rules::run(org, run_settings, &duties, &bullets);
    // Custom rules of the config, then per-path overrides (by each finding's primary file).
    config.finish(org, &mut findings);
    // Suppression comments, after every rule and before sorting. An invalid ROLELINT_TODAY
    // is refused by the command (exit 2) before it gets here.
    let today = crate::diagnostics::suppress::today()
        .unwrap_or_else(|_| crate::diagnostics::suppress::Date::today_utc());
    let findings = crate::diagnostics::suppress::apply(org, findings, &config.settings, today);
    let mut notes = Vec::new();
    if org.incomplete {
        let unchecked = crate::rules::unresolved_references(org);
        if unchecked > 0 && run_settings.enabled("S004") {
            notes.push(format!(
                "a file could not be parsed: {unchecked} reference{} that name{} no id {} not reported (S004), since the broken file may define {}",
                if unchecked == 1 { "" } else { "s" },
                if unchecked == 1 { "s" } else { "" },
                if unchecked == 1 { "was" } else { "were" },
                if unchecked == 1 { "it" } else { "them" },
            ));
        }
    }
    (findings, notes)
}

/// Reads at most `max_size + 1` bytes, so a huge file is refused without loading it; only
/// a regular file is read (a FIFO named as an input would block the run).
fn read_capped(path: &std::path::Path, max_size: u64) -> std::io::Result<Vec<u8>> {
    crate::io::read_capped(path, max_size)
}

fn parse_one(
    found: Found,
    bytes: std::io::Result<Vec<u8>>,
    max_size: u64,
) -> std::io::Result<(SourceFile, Parsed)> {
    let bytes =
        bytes.map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", found.display)))?;
    let (text, bad) = load::decode(bytes, max_size);
    let parsed = match (bad, found.kind) {
        (Some(e), _) => Parsed::Unreadable(e),
        (None, FileKind::Org) => {
            let (doc, problems) = load::yaml::parse_org(&text);
            Parsed::Org(doc, problems)
        }
        (None, FileKind::Job) => match load::parse_job(&found.path, &text) {
            Ok(doc) => Parsed::Job(doc),
            Err(e) => Parsed::Unreadable(e),
        },
    };
    let lines = LineIndex::new(text.as_bytes());
    Ok((
        SourceFile {
            path: found.path,
            display: found.display,
            kind: found.kind,
            text,
            lines,
        },
        parsed,
    ))
}
