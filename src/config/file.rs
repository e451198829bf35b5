//! The config file (format.md, "Configuration file"): found as `rolelint.yaml` or
//! `.rolelint.yaml` in the current directory or its nearest parent, named with `--config`,
//! ignored with `--no-config`. It is read into a spanned tree and checked by hand, so that
//! one run reports every mistake of the file (unknown keys, unknown rules, bad options,
//! severities, regexes, globs), each at its span, with "did you mean".
//!
//! Layers merge in one order, once, before any rule runs: the catalogue's defaults, then
//! the preset chain of `extends` (data in `rules/presets/`), then the config file, then the
//! command line (`--select`/`--ignore`, see `select.rs`).

use super::custom::{self, CustomRule, Test};
use super::tree::{self, Node, Value};
use super::{OptionValue, Settings, Share};
use crate::catalog::{catalog, Level};
use crate::classify::{builtin_entries, Class, EntryDef, Vocabulary};
use crate::diagnostics::Finding;
use crate::model::Org;
use crate::roles::{Resolver, Role, RoleName};
use crate::rules::suggest::closest_key;
use crate::span::Span;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names a config file is found under, in order of preference.
pub const FILE_NAMES: &[&str] = &["rolelint.yaml", ".rolelint.yaml"];

/// The presets of `extends`, as data.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "recommended",
        include_str!("../../rules/presets/recommended.yaml"),
    ),
    ("strict", include_str!("../../rules/presets/strict.yaml")),
    (
        "scrum-guide",
        include_str!("../../rules/presets/scrum-guide.yaml"),
    ),
    ("less", include_str!("../../rules/presets/less.yaml")),
    ("startup", include_str!("../../rules/presets/startup.yaml")),
    ("safe", include_str!("../../rules/presets/safe.yaml")),
];

const PRESET_NAMES: &[&str] = &[
    "recommended",
    "strict",
    "scrum-guide",
    "less",
    "startup",
    "safe",
];

const CONFIG_KEYS: &[&str] = &[
    "extends",
    "include",
    "exclude",
    "rules",
    "vocabulary",
    "roles",
    "titles",
    "limits",
    "overrides",
    "custom",
];
/// A preset may also describe itself and raise every severity a step (`strict`).
const PRESET_KEYS: &[&str] = &[
    "extends",
    "include",
    "exclude",
    "rules",
    "vocabulary",
    "roles",
    "titles",
    "limits",
    "overrides",
    "custom",
    "description",
    "raise",
];
const CUSTOM_KEYS: &[&str] = &[
    "code", "message", "role", "forbid", "require", "severity", "help",
];
const OVERRIDE_KEYS: &[&str] = &["files", "rules"];
const LEVELS: &[&str] = &["error", "warning", "info", "off"];

/// One mistake in a config file, at the key or value to edit.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
    /// What the label on `span` says.
    pub label: String,
    pub help: Option<String>,
    /// Other places involved (the first of two duplicates).
    pub labels: Vec<(Span, String)>,
}

impl ConfigError {
    fn new(span: Span, message: impl Into<String>) -> ConfigError {
        ConfigError {
            span,
            message: message.into(),
            label: String::new(),
            help: None,
            labels: Vec::new(),
        }
    }
    fn label(mut self, label: impl Into<String>) -> ConfigError {
        self.label = label.into();
        self
    }
    fn help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }
    fn with(mut self, span: Span, label: impl Into<String>) -> ConfigError {
        self.labels.push((span, label.into()));
        self
    }
}

/// Why no config could be had: the run fails with exit 2.
#[derive(Debug)]
pub enum LoadError {
    /// Not readable, or two config files in one directory.
    Run(String),
    /// The file was read; these are its mistakes, every one of them.
    Invalid {
        display: String,
        text: String,
        errors: Vec<ConfigError>,
    },
}

impl LoadError {
    /// The text to print on standard error.
    pub fn render(&self, color: bool) -> String {
        match self {
            LoadError::Run(msg) => format!("error: {}\n", crate::term::escape(msg)),
            LoadError::Invalid {
                display,
                text,
                errors,
            } => super::report::render(display, text, errors, color),
        }
    }
}

/// A `rules:` entry of one layer.
#[derive(Debug, Clone)]
struct RuleEntry {
    code: String,
    span: Span,
    level: Option<Level>,
    options: Vec<(String, OptionValue, Span)>,
}

/// A per-path override: for findings whose primary file matches `files`, these levels.
#[derive(Debug, Clone)]
pub struct Override {
    pub globs: Vec<String>,
    files: GlobSet,
    pub levels: Vec<(String, Level)>,
}

/// One checked document (a preset or the user's config), not yet merged.
#[derive(Debug, Default)]
struct Layer {
    extends: Option<(String, Span)>,
    raise: bool,
    rules: Vec<RuleEntry>,
    strategic: Vec<(String, Vec<String>, Span)>,
    tactical: Vec<(String, Vec<String>, Span)>,
    /// `vocabulary.except`: exception phrases added to built-in entries, by term.
    except: Vec<(String, Vec<String>)>,
    vocabulary_span: Option<Span>,
    aliases: Vec<(Role, String, Span)>,
    /// `titles:`: title phrases mapped to a role, or to none.
    titles: Vec<(String, Option<Role>, Span)>,
    include: Option<Vec<String>>,
    exclude: Vec<String>,
    max_file_size: Option<u64>,
    overrides: Vec<Override>,
    custom: Vec<CustomRule>,
}

/// Everything a run takes from its configuration, resolved once.
pub struct Config {
    /// Levels, the lower tier and typed options, after presets, the file and the command line.
    pub settings: Settings,
    /// The resolver of role names and titles, with the config's aliases.
    pub resolver: Resolver,
    vocabulary: Option<Vocabulary>,
    pub custom: Vec<CustomRule>,
    pub overrides: Vec<Override>,
    pub max_file_size: u64,
    /// The config's `include` (replacing the defaults) and `exclude`, relative to `base`.
    pub include: Option<Vec<String>>,
    pub exclude: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
    /// The config file, when there is one.
    pub path: Option<PathBuf>,
    /// The directory globs are relative to (the config file's, absolute).
    pub base: PathBuf,
    /// The preset `extends` named (`recommended` by default).
    pub preset: String,
    /// Levels after the presets, before the config file: what `--select` turns an off rule to.
    pub(crate) preset_levels: HashMap<String, Level>,
    /// `settings` with the rules that are off but enabled by an override turned on, so
    /// that they run; the override filter then keeps their findings only where enabled.
    run_settings: Option<Settings>,
    /// Codes the command line turned off: no override turns them back on.
    pub(crate) cli_off: Vec<String>,
}

fn empty_globset() -> GlobSet {
    GlobSetBuilder::new()
        .build()
        .expect("an empty glob set builds")
}

fn globset(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        if let Ok(g) = Glob::new(g) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| empty_globset())
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// An absolute path for matching globs: the real path when the file exists, else joined
/// to the working directory.
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd().join(p)
        }
    })
}

impl Config {
    /// No config file: the recommended preset, built-in names and vocabulary, the size cap
    /// from `ROLELINT_MAX_FILE_SIZE` or the default.
    pub fn builtin() -> Config {
        resolve(None, None, cwd()).expect("the presets are valid (tested)")
    }

    /// Given settings and size cap, built-in everything else (the fixture harness).
    pub fn new(settings: Settings, max_file_size: u64) -> Config {
        let mut c = Config::builtin();
        c.preset_levels = settings.levels().clone();
        c.settings = settings;
        c.max_file_size = max_file_size;
        c
    }

    /// The duty vocabulary: built-in, plus the config's additions.
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary
            .as_ref()
            .unwrap_or_else(|| Vocabulary::builtin())
    }

    /// The settings the rules run with (see `run_settings`).
    pub fn run_settings(&self) -> &Settings {
        self.run_settings.as_ref().unwrap_or(&self.settings)
    }

    pub(crate) fn refresh_run_settings(&mut self) {
        let mut run = self.settings.clone();
        let mut changed = false;
        for o in &self.overrides {
            for (code, level) in &o.levels {
                if *level != Level::Off
                    && run.level(code) == Level::Off
                    && !self.cli_off.contains(code)
                {
                    run.set_level(code, *level);
                    changed = true;
                }
            }
        }
        self.run_settings = changed.then_some(run);
    }

    /// The path a glob of this config is matched against: relative to the config's
    /// directory, or the whole absolute path for a file outside it.
    fn relative(&self, path: &Path) -> PathBuf {
        let abs = absolute(path);
        match abs.strip_prefix(&self.base) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => abs,
        }
    }

    /// Whether a file is linted: a walked file must match `include` (when the config sets
    /// it; else the walk's defaults chose it) and no file may match `exclude`. The config
    /// file itself is never linted as an org file.
    pub fn selects(&self, path: &Path, named: bool) -> bool {
        if !named {
            if let Some(cfg) = &self.path {
                if path.file_name() == cfg.file_name() && absolute(cfg) == absolute(path) {
                    return false;
                }
            }
        }
        if self.include_set.is_none() && self.exclude.is_empty() {
            return true;
        }
        let rel = self.relative(path);
        if !named {
            if let Some(inc) = &self.include_set {
                if !inc.is_match(&rel) {
                    return false;
                }
            }
        }
        !self.exclude_set.is_match(&rel)
    }

    /// After the rules: the custom rules' findings, then per-path overrides re-level or
    /// drop findings by their primary file.
    pub fn finish(&self, org: &Org, findings: &mut Vec<Finding>) {
        findings.extend(custom::run(org, self.run_settings(), &self.custom));
        if self.overrides.is_empty() && self.run_settings.is_none() {
            return;
        }
        let rels: Vec<PathBuf> = org.files.iter().map(|f| self.relative(&f.path)).collect();
        let run = self.run_settings();
        findings.retain_mut(|f| {
            if f.code == crate::diagnostics::UNPARSABLE {
                return true;
            }
            if self.cli_off.contains(&f.code) {
                return false;
            }
            let rel = &rels[f.primary.file as usize];
            let mut level = self.settings.level(&f.code);
            for o in &self.overrides {
                if o.files.is_match(rel) {
                    if let Some((_, l)) = o.levels.iter().rev().find(|(c, _)| *c == f.code) {
                        level = *l;
                    }
                }
            }
            let Some(sev) = level.severity() else {
                return false;
            };
            // A finding at the rule's own severity is re-levelled; one at the lower tier
            // (R001 below `min`, R002 on a small scope) keeps its severity.
            if Some(f.severity) == run.level(&f.code).severity() {
                f.severity = sev;
            }
            true
        });
    }
}

/// Finds the config file for a run started in `dir`: the nearest directory, going up,
/// that holds one of `FILE_NAMES`. Two in one directory is an error, never a silent choice.
pub fn discover(dir: &Path) -> Result<Option<PathBuf>, LoadError> {
    for d in dir.ancestors() {
        let found: Vec<PathBuf> = FILE_NAMES
            .iter()
            .map(|n| d.join(n))
            .filter(|p| p.is_file())
            .collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found.into_iter().next()),
            _ => {
                return Err(LoadError::Run(format!(
                    "{} and {} both exist: keep one of them (rolelint will not choose)",
                    found[0].display(),
                    found[1].display()
                )))
            }
        }
    }
    Ok(None)
}

/// The config of a run: none with `--no-config`, else the one named, else the one found.
pub fn load(explicit: Option<&Path>, no_config: bool) -> Result<Config, LoadError> {
    load_for(explicit, no_config, &[])
}

/// The config of a run on `paths`: none with `--no-config`, else the one named, else the
/// one found from the working directory upward, else the one found upward from the deepest
/// folder that holds every path (so `rolelint check ../org/a.org.yaml` finds `../org`'s).
pub fn load_for(
    explicit: Option<&Path>,
    no_config: bool,
    paths: &[PathBuf],
) -> Result<Config, LoadError> {
    if no_config {
        return Ok(Config::builtin());
    }
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let here = cwd();
            let found = match discover(&here)? {
                Some(p) => Some(p),
                None => match common_folder(paths) {
                    Some(dir) if dir != here => discover(&dir)?,
                    _ => None,
                },
            };
            match found {
                Some(p) => p.strip_prefix(&here).map(Path::to_path_buf).unwrap_or(p),
                None => return Ok(Config::builtin()),
            }
        }
    };
    from_file(&path)
}

/// The largest config file read.
const CONFIG_MAX_SIZE: u64 = 16 * 1024 * 1024;

/// The deepest folder that holds every path (a folder holds itself), absolute.
fn common_folder(paths: &[PathBuf]) -> Option<PathBuf> {
    let mut common: Option<PathBuf> = None;
    for p in paths {
        let abs = absolute(p);
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf)?
        };
        common = Some(match common {
            None => dir,
            Some(c) => {
                let shared: PathBuf = c
                    .components()
                    .zip(dir.components())
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect();
                if shared.as_os_str().is_empty() {
                    return None;
                }
                shared
            }
        });
    }
    common
}

/// Reads and checks one config file.
pub fn from_file(path: &Path) -> Result<Config, LoadError> {
    let display = crate::load::walk::display_path(path);
    // Capped like the decode below; a FIFO or device named as the config is refused.
    let bytes = crate::io::read_capped(path, CONFIG_MAX_SIZE)
        .map_err(|e| LoadError::Run(format!("cannot read config {display}: {e}")))?;
    let (text, bad) = crate::load::decode(bytes, CONFIG_MAX_SIZE);
    if let Some(e) = bad {
        let err = ConfigError::new(Span::at(e.offset), e.message).help(e.help);
        return Err(LoadError::Invalid {
            display,
            text,
            errors: vec![err],
        });
    }
    from_text(&text, path).map_err(|errors| LoadError::Invalid {
        display,
        text,
        errors,
    })
}

/// Checks a config's text; `path` places it (globs are relative to its directory).
pub fn from_text(text: &str, path: &Path) -> Result<Config, Vec<ConfigError>> {
    let root = tree::parse(text).map_err(|e| {
        let err = ConfigError::new(
            Span::at(e.offset),
            format!("the config is not valid YAML: {}", e.message),
        )
        .label("here");
        vec![match e.help {
            Some(h) => err.help(h),
            None => err,
        }]
    })?;
    let mut ck = Checker {
        errors: Vec::new(),
        preset: false,
    };
    let layer = ck.layer(root.as_ref());
    let base = absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(cwd);
    let result = resolve(Some(layer), Some(path.to_path_buf()), base);
    let mut errors = ck.errors;
    match result {
        Ok(c) if errors.is_empty() => Ok(c),
        Ok(_) => {
            errors.sort_by_key(|e| e.span.start);
            Err(errors)
        }
        Err(more) => {
            errors.extend(more);
            errors.sort_by_key(|e| e.span.start);
            Err(errors)
        }
    }
}

fn preset_layer(name: &str) -> Layer {
    let text = PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("a known preset");
    let root = tree::parse(text).expect("presets are valid YAML (tested)");
    let mut ck = Checker {
        errors: Vec::new(),
        preset: true,
    };
    let layer = ck.layer(root.as_ref());
    assert!(
        ck.errors.is_empty(),
        "rules/presets/{name}.yaml: {:?}",
        ck.errors
    );
    layer
}

/// Applies a preset and the presets it extends, base first.
fn apply_preset(name: &str, settings: &mut Settings, merged: &mut Merged, depth: usize) {
    let layer = preset_layer(name);
    if let Some((base, _)) = &layer.extends {
        assert!(depth < 8, "preset extends loop at {name}");
        apply_preset(base, settings, merged, depth + 1);
    }
    apply(layer, settings, merged);
}

/// What layers add up to besides the settings table.
#[derive(Default)]
struct Merged {
    strategic: Vec<(String, Vec<String>, Span)>,
    tactical: Vec<(String, Vec<String>, Span)>,
    /// `vocabulary.except`: exception phrases added to built-in entries, by term.
    except: Vec<(String, Vec<String>)>,
    vocabulary_span: Option<Span>,
    aliases: Vec<(Role, String, Span)>,
    /// `titles:`: title phrases mapped to a role, or to none.
    titles: Vec<(String, Option<Role>, Span)>,
    include: Option<Vec<String>>,
    exclude: Vec<String>,
    max_file_size: Option<u64>,
    overrides: Vec<Override>,
    custom: Vec<CustomRule>,
    /// Where the config set R001's options, for the `min <= max` check.
    r001_span: Option<Span>,
}

fn apply(layer: Layer, settings: &mut Settings, m: &mut Merged) {
    if layer.raise {
        settings.raise();
    }
    for c in &layer.custom {
        settings.set_level(&c.code, c.declared);
    }
    for e in layer.rules {
        if let Some(l) = e.level {
            settings.set_level(&e.code, l);
        }
        for (name, v, _) in &e.options {
            let ok = settings.options.set(&e.code, name, *v);
            debug_assert!(ok, "{} {name} checked against the catalogue", e.code);
        }
        if e.code == "R001" && !e.options.is_empty() {
            m.r001_span = Some(e.span);
        }
    }
    m.strategic.extend(layer.strategic);
    m.tactical.extend(layer.tactical);
    m.except.extend(layer.except);
    m.vocabulary_span = layer.vocabulary_span.or(m.vocabulary_span);
    m.aliases.extend(layer.aliases);
    m.titles.extend(layer.titles);
    if layer.include.is_some() {
        m.include = layer.include;
    }
    m.exclude.extend(layer.exclude);
    m.max_file_size = layer.max_file_size.or(m.max_file_size);
    m.overrides.extend(layer.overrides);
    m.custom.extend(layer.custom);
}

/// Merges preset < config into one `Config`. Errors here are the ones only the merged
/// result shows (R001 `min` above `max`, an alias that clashes, a vocabulary too large).
fn resolve(
    user: Option<Layer>,
    path: Option<PathBuf>,
    base: PathBuf,
) -> Result<Config, Vec<ConfigError>> {
    let mut settings = Settings::default();
    let mut merged = Merged::default();
    let preset = user
        .as_ref()
        .and_then(|l| l.extends.as_ref())
        .map(|(n, _)| n.clone())
        .filter(|n| PRESET_NAMES.contains(&n.as_str()))
        .unwrap_or_else(|| "recommended".to_string());
    apply_preset(&preset, &mut settings, &mut merged, 0);
    let mut preset_levels = settings.levels().clone();
    if let Some(layer) = user {
        for c in &layer.custom {
            preset_levels.insert(c.code.clone(), c.declared);
        }
        apply(layer, &mut settings, &mut merged);
    }

    let mut errors = Vec::new();
    if settings.options.r001_min > settings.options.r001_max {
        let span = merged.r001_span.unwrap_or_default();
        errors.push(
            ConfigError::new(
                span,
                format!(
                    "R001 `min` ({}) is above `max` ({})",
                    settings.options.r001_min, settings.options.r001_max
                ),
            )
            .label("min above max")
            .help("the POs per PM must be able to fall inside [min, max]"),
        );
    }
    let builtin = Resolver::builtin();
    let mut aliases = Vec::new();
    for (role, alias, span) in &merged.aliases {
        match builtin.role(alias, 0) {
            RoleName::Known(r) if r != *role => errors.push(
                ConfigError::new(*span, format!("`{alias}` already names the {} role", r.canonical()))
                    .label(format!("a built-in name of {}", r.canonical()))
                    .help("an alias cannot move a built-in name to the other role; use another name"),
            ),
            RoleName::Ambiguous(why) => errors.push(
                ConfigError::new(*span, format!("`{alias}` is ambiguous: {why}"))
                    .label("ambiguous built-in name")
                    .help("use an unambiguous name in the org files (e.g. `product-manager`) instead of an alias"),
            ),
            _ => aliases.push((*role, alias.clone())),
        }
    }
    let titles: Vec<(String, Option<Role>)> = merged
        .titles
        .iter()
        .map(|(t, r, _)| (t.clone(), *r))
        .collect();
    let resolver = Resolver::with_aliases(&aliases).with_titles(&titles);
    let vocabulary =
        if merged.strategic.is_empty() && merged.tactical.is_empty() && merged.except.is_empty() {
            None
        } else {
            let def = |class, (p, x, _): &(String, Vec<String>, Span)| EntryDef {
                class,
                pattern: p.clone(),
                except: x.clone(),
            };
            let mut additions: Vec<EntryDef> = Vec::new();
            additions.extend(merged.strategic.iter().map(|e| def(Class::Strategic, e)));
            additions.extend(merged.tactical.iter().map(|e| def(Class::Tactical, e)));
            match Vocabulary::with_additions(&additions, &merged.except) {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.push(
                        ConfigError::new(
                            merged.vocabulary_span.unwrap_or_default(),
                            "the vocabulary does not compile",
                        )
                        .label("these additions")
                        .help(e),
                    );
                    None
                }
            }
        };
    if !errors.is_empty() {
        return Err(errors);
    }
    let max_file_size = crate::load::max_file_size_from_env()
        .or(merged.max_file_size)
        .unwrap_or(crate::load::DEFAULT_MAX_FILE_SIZE);
    let mut c = Config {
        settings,
        resolver,
        vocabulary,
        custom: merged.custom,
        overrides: merged.overrides,
        max_file_size,
        include_set: merged.include.as_deref().map(globset),
        exclude_set: globset(&merged.exclude),
        include: merged.include,
        exclude: merged.exclude,
        path,
        base: std::fs::canonicalize(&base).unwrap_or(base),
        preset,
        preset_levels,
        run_settings: None,
        cli_off: Vec::new(),
    };
    c.refresh_run_settings();
    Ok(c)
}

/// The rule a config key names: a catalogue code or name, or a custom code of this file.
fn rule_code(key: &str, custom: &[String]) -> Option<String> {
    if let Some(r) = catalog().find(key) {
        return Some(r.code.clone());
    }
    custom.iter().find(|c| *c == key).cloned()
}

/// "did you mean" for a rule key, from the catalogue and the file's custom codes.
fn rule_suggestion(key: &str, custom: &[String]) -> Option<String> {
    if let Some(s) = catalog().closest(key, 1).into_iter().next() {
        return Some(s);
    }
    let refs: Vec<&str> = custom.iter().map(String::as_str).collect();
    closest_key(key, &refs).map(str::to_string)
}

fn did_you_mean(s: Option<impl std::fmt::Display>) -> Option<String> {
    s.map(|s| format!("did you mean `{s}`?"))
}

/// The first line of a regex error that says what is wrong.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: ").map(str::to_string))
        .unwrap_or_else(|| text.lines().last().unwrap_or("").trim().to_string())
}

type Fields<'n> = Vec<Option<(&'n Node, &'n Node)>>;

struct Checker {
    errors: Vec<ConfigError>,
    preset: bool,
}

impl Checker {
    fn err(&mut self, e: ConfigError) {
        self.errors.push(e);
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        let e = ConfigError::new(
            node.span,
            format!("{what} must be {expected}, not {}", node.value.describe()),
        )
        .label(format!("expected {expected}"));
        self.err(e);
    }

    /// The known keys of a map, by index; unknown and repeated keys are reported. `None`
    /// when the node is not a map (reported); null is an empty map.
    fn fields<'n>(&mut self, node: &'n Node, place: &str, known: &[&str]) -> Option<Fields<'n>> {
        let mut out: Fields<'n> = vec![None; known.len()];
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => return Some(out),
            _ => {
                self.wrong_type(node, place, "a map");
                return None;
            }
        };
        for (k, v) in entries {
            let key = k.key_text();
            match known.iter().position(|n| *n == key) {
                Some(i) => {
                    if let Some((first, _)) = out[i] {
                        let e =
                            ConfigError::new(k.span, format!("`{key}` is set twice in {place}"))
                                .label("second")
                                .with(first.span, "first")
                                .help("keep one of them");
                        self.err(e);
                    } else {
                        out[i] = Some((k, v));
                    }
                }
                None => {
                    let help = did_you_mean(closest_key(&key, known)).unwrap_or_else(|| {
                        format!("the keys of {place} are: {}", known.join(", "))
                    });
                    let e = ConfigError::new(k.span, format!("unknown key `{key}` in {place}"))
                        .label("unknown key")
                        .help(help);
                    self.err(e);
                }
            }
        }
        Some(out)
    }

    fn string<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n str> {
        match node.as_str() {
            Some(s) => Some(s),
            None => {
                self.wrong_type(node, what, "text");
                None
            }
        }
    }

    /// A list of strings (each with its span).
    fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| {
                    self.string(i, &format!("an item of {what}"))
                        .map(|s| (s.to_string(), i.span))
                })
                .collect(),
            Value::Null => Vec::new(),
            Value::Str(s) => {
                let e = ConfigError::new(node.span, format!("{what} must be a list, not text"))
                    .label("expected a list")
                    .help(format!("write it as a list: [{s:?}]"));
                self.err(e);
                Vec::new()
            }
            _ => {
                self.wrong_type(node, what, "a list");
                Vec::new()
            }
        }
    }

    fn globs(&mut self, node: &Node, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (g, span) in self.strings(node, what) {
            match Glob::new(&g) {
                Ok(_) => out.push(g),
                Err(e) => {
                    let reason = e.kind().to_string();
                    self.err(
                        ConfigError::new(span, format!("invalid glob `{g}`: {reason}"))
                            .label("invalid glob"),
                    );
                }
            }
        }
        out
    }

    fn level(&mut self, node: &Node, what: &str) -> Option<Level> {
        match &node.value {
            Value::Str(s) => match Level::parse(s) {
                Some(l) => Some(l),
                None => {
                    let help = did_you_mean(closest_key(&s.to_lowercase(), LEVELS))
                        .unwrap_or_else(|| "a severity is one of error, warning, info, off".into());
                    let e =
                        ConfigError::new(node.span, format!("`{s}` is not a severity ({what})"))
                            .label("expected error, warning, info or off")
                            .help(help);
                    self.err(e);
                    None
                }
            },
            Value::Bool(b) => {
                let e = ConfigError::new(
                    node.span,
                    format!("{what} must be a severity, not a boolean"),
                )
                .label("expected error, warning, info or off")
                .help(if *b {
                    "write a severity: error, warning or info"
                } else {
                    "write `off` to disable a rule"
                });
                self.err(e);
                None
            }
            _ => {
                self.wrong_type(node, what, "a severity (error, warning, info or off)");
                None
            }
        }
    }

    fn count(&mut self, node: &Node, what: &str) -> Option<usize> {
        match &node.value {
            Value::Int(i) if *i >= 0 => Some(usize::try_from(*i).unwrap_or(usize::MAX)),
            Value::Int(_) => {
                let e = ConfigError::new(node.span, format!("{what} must not be negative"))
                    .label("a count of 0 or more");
                self.err(e);
                None
            }
            _ => {
                self.wrong_type(node, what, "a whole number");
                None
            }
        }
    }

    fn share(&mut self, node: &Node, what: &str) -> Option<Share> {
        let bad = |node: &Node| {
            ConfigError::new(
                node.span,
                format!("{what} must be [numerator, denominator], like [2, 3]"),
            )
            .label("expected [numerator, denominator]")
        };
        let Value::Seq(items) = &node.value else {
            self.err(bad(node).help(format!("found {}", node.value.describe())));
            return None;
        };
        let nums: Vec<Option<i128>> = items
            .iter()
            .map(|i| {
                if let Value::Int(n) = i.value {
                    Some(n)
                } else {
                    None
                }
            })
            .collect();
        match nums[..] {
            // Beyond u64 the share would be truncated; `Share::reached` multiplies in u128.
            [Some(num), Some(den)]
                if num >= 0 && den > 0 && num <= den && den <= i128::from(u64::MAX) =>
            {
                Some(Share {
                    num: num as u64,
                    den: den as u64,
                })
            }
            [Some(_), Some(_)] => {
                self.err(bad(node).help("the numerator must be 0 or more and at most the denominator, which must be above 0 and at most 18446744073709551615"));
                None
            }
            _ => {
                self.err(bad(node));
                None
            }
        }
    }

    fn layer(&mut self, root: Option<&Node>) -> Layer {
        let mut layer = Layer::default();
        let Some(root) = root else {
            return layer;
        };
        let keys = if self.preset {
            PRESET_KEYS
        } else {
            CONFIG_KEYS
        };
        let Some(f) = self.fields(root, "the config", keys) else {
            return layer;
        };
        let get = |name: &str| keys.iter().position(|k| *k == name).and_then(|i| f[i]);

        if let Some((_, v)) = get("extends") {
            if let Some(name) = self.string(v, "`extends`") {
                if PRESET_NAMES.contains(&name) {
                    layer.extends = Some((name.to_string(), v.span));
                } else {
                    let help = did_you_mean(closest_key(name, PRESET_NAMES))
                        .unwrap_or_else(|| format!("the presets are {}", PRESET_NAMES.join(", ")));
                    self.err(
                        ConfigError::new(v.span, format!("unknown preset `{name}`"))
                            .label("unknown preset")
                            .help(help),
                    );
                }
            }
        }
        if let Some((_, v)) = get("raise") {
            match v.value {
                Value::Bool(b) => layer.raise = b,
                _ => self.wrong_type(v, "`raise`", "true or false"),
            }
        }
        if let Some((_, v)) = get("description") {
            self.string(v, "`description`");
        }
        if let Some((_, v)) = get("include") {
            layer.include = Some(self.globs(v, "`include`"));
        }
        if let Some((_, v)) = get("exclude") {
            layer.exclude = self.globs(v, "`exclude`");
        }
        if let Some((k, v)) = get("vocabulary") {
            layer.vocabulary_span = Some(k.span.cover(v.span));
            if let Some(vf) = self.fields(v, "`vocabulary`", &["strategic", "tactical", "except"]) {
                for (i, slot) in vf.iter().take(2).enumerate() {
                    let Some((_, list)) = slot else { continue };
                    let what = if i == 0 {
                        "`vocabulary.strategic`"
                    } else {
                        "`vocabulary.tactical`"
                    };
                    for (p, except, span) in self.vocabulary_items(list, what) {
                        if i == 0 {
                            layer.strategic.push((p, except, span));
                        } else {
                            layer.tactical.push((p, except, span));
                        }
                    }
                }
                if let Some((_, ex)) = vf[2] {
                    self.vocabulary_except(ex, &mut layer);
                }
            }
        }
        if let Some((_, v)) = get("roles") {
            if let Some(rf) = self.fields(v, "`roles`", &["aliases"]) {
                if let Some((_, al)) = rf[0] {
                    self.aliases(al, &mut layer);
                }
            }
        }
        if let Some((_, v)) = get("titles") {
            self.titles(v, &mut layer);
        }
        if let Some((_, v)) = get("limits") {
            if let Some(lf) = self.fields(v, "`limits`", &["max_file_size"]) {
                if let Some((_, size)) = lf[0] {
                    layer.max_file_size = self.size(size);
                }
            }
        }
        // Custom rules first: `rules:` and `overrides:` may name their codes.
        if let Some((_, v)) = get("custom") {
            let resolver = Resolver::with_aliases(
                &layer
                    .aliases
                    .iter()
                    .map(|(r, a, _)| (*r, a.clone()))
                    .collect::<Vec<_>>(),
            );
            self.custom(v, &resolver, &mut layer);
        }
        let custom_codes: Vec<String> = layer.custom.iter().map(|c| c.code.clone()).collect();
        if let Some((_, v)) = get("rules") {
            layer.rules = self.rules(v, &custom_codes);
        }
        if let Some((_, v)) = get("overrides") {
            self.overrides(v, &custom_codes, &mut layer);
        }
        layer
    }

    /// A regex as a vocabulary pattern or exception; an error at its span when it does
    /// not compile.
    fn vocabulary_regex(&mut self, p: &str, span: Span, what: &str) -> bool {
        match regex::RegexBuilder::new(p).case_insensitive(true).build() {
            Ok(_) => true,
            Err(e) => {
                self.err(
                    ConfigError::new(
                        span,
                        format!("invalid regex in {what}: {}", regex_reason(&e)),
                    )
                    .label("invalid regex"),
                );
                false
            }
        }
    }

    /// The items of `vocabulary.strategic` or `.tactical`: a pattern, or a map of
    /// `pattern` and `except` (phrases inside which the pattern does not count).
    fn vocabulary_items(&mut self, node: &Node, what: &str) -> Vec<(String, Vec<String>, Span)> {
        let items = match &node.value {
            Value::Seq(items) => items,
            _ => {
                // The same errors as any other list of text.
                return self
                    .strings(node, what)
                    .into_iter()
                    .map(|(p, s)| (p, Vec::new(), s))
                    .collect();
            }
        };
        let mut out = Vec::new();
        for item in items {
            if let Value::Map(_) = item.value {
                let Some(f) =
                    self.fields(item, &format!("an item of {what}"), &["pattern", "except"])
                else {
                    continue;
                };
                let Some((_, pv)) = f[0] else {
                    self.err(
                        ConfigError::new(item.span, format!("an item of {what} has no `pattern`"))
                            .label("no pattern")
                            .help("write `{ pattern: '\\bnorth star\\b', except: ['\\bnorth star tavern\\b'] }`"),
                    );
                    continue;
                };
                let Some(p) = self.string(pv, &format!("the `pattern` of an item of {what}"))
                else {
                    continue;
                };
                let p = p.to_string();
                let mut ok = self.vocabulary_regex(&p, pv.span, what);
                let mut except = Vec::new();
                if let Some((_, xv)) = f[1] {
                    for (x, xs) in self.strings(xv, &format!("`except` of an item of {what}")) {
                        ok &= self.vocabulary_regex(&x, xs, what);
                        except.push(x);
                    }
                }
                if ok {
                    out.push((p, except, item.span));
                }
            } else if let Some(p) = self.string(item, &format!("an item of {what}")) {
                let p = p.to_string();
                if self.vocabulary_regex(&p, item.span, what) {
                    out.push((p, Vec::new(), item.span));
                }
            }
        }
        out
    }

    /// `vocabulary.except`: a map of built-in vocabulary term to exception phrases.
    fn vocabulary_except(&mut self, node: &Node, layer: &mut Layer) {
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => return,
            _ => {
                return self.wrong_type(
                    node,
                    "`vocabulary.except`",
                    "a map of vocabulary term to a list of exception patterns",
                )
            }
        };
        let terms: Vec<String> = builtin_entries().into_iter().map(|e| e.term).collect();
        for (k, v) in entries {
            let key = k.key_text();
            if !terms.contains(&key) {
                let known: Vec<&str> = terms.iter().map(|t| t.as_str()).collect();
                let help = did_you_mean(closest_key(&key, &known)).unwrap_or_else(|| {
                    format!(
                        "the terms of the built-in vocabulary are: {}",
                        known.join(", ")
                    )
                });
                self.err(
                    ConfigError::new(
                        k.span,
                        format!("`{key}` is not a term of the built-in vocabulary"),
                    )
                    .label("unknown term")
                    .help(help),
                );
                continue;
            }
            let what = format!("`vocabulary.except.{key}`");
            let mut list = Vec::new();
            for (x, xs) in self.strings(v, &what) {
                if self.vocabulary_regex(&x, xs, &what) {
                    list.push(x);
                }
            }
            layer.except.push((key, list));
        }
    }

    /// `titles:`: a map of title phrase to `product-manager`, `product-owner` (or an alias)
    /// or `none`, overriding the built-in reading of titles.
    fn titles(&mut self, node: &Node, layer: &mut Layer) {
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => return,
            _ => {
                return self.wrong_type(
                    node,
                    "`titles`",
                    "a map of title phrase to a role (product-manager, product-owner or none)",
                )
            }
        };
        let builtin = Resolver::builtin();
        for (k, v) in entries {
            let phrase = k.key_text();
            if crate::roles::words(&phrase).is_empty() {
                self.err(
                    ConfigError::new(k.span, "a `titles` phrase needs at least one word")
                        .label("no words"),
                );
                continue;
            }
            let Some(role) = self.string(v, &format!("`titles.{phrase}`")) else {
                continue;
            };
            let mapped = if role.trim().eq_ignore_ascii_case("none") {
                None
            } else {
                match builtin.role(role, 0) {
                    RoleName::Known(r) => Some(r),
                    _ => {
                        self.err(
                            ConfigError::new(v.span, format!("`{role}` is not a product role"))
                                .label("not product-manager, product-owner or none")
                                .help("map a title phrase to `product-manager`, `product-owner`, or `none` for a title that names neither"),
                        );
                        continue;
                    }
                }
            };
            layer.titles.push((phrase, mapped, k.span.cover(v.span)));
        }
    }

    fn size(&mut self, node: &Node) -> Option<u64> {
        let parsed = match &node.value {
            Value::Int(n) if *n > 0 => u64::try_from(*n).ok(),
            Value::Str(s) => crate::load::parse_size(s).filter(|n| *n > 0),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                ConfigError::new(node.span, "`limits.max_file_size` must be a size above 0")
                    .label("expected a size")
                    .help("a byte count, or a number with KiB, MiB or GiB, like `64MiB`"),
            );
        }
        parsed
    }

    fn aliases(&mut self, node: &Node, layer: &mut Layer) {
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => return,
            _ => return self.wrong_type(node, "`roles.aliases`", "a map of role to names"),
        };
        let canon = ["product-owner", "product-manager"];
        let mut seen: Vec<(Role, Span)> = Vec::new();
        for (k, v) in entries {
            let key = k.key_text();
            let Some(role) = Role::parse(&key) else {
                let help = did_you_mean(closest_key(&key, &canon))
                    .unwrap_or_else(|| "aliases are for the two roles the rules know: product-owner, product-manager".into());
                self.err(
                    ConfigError::new(k.span, format!("`{key}` is not a role the rules know"))
                        .label("unknown role")
                        .help(help),
                );
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(r, _)| *r == role) {
                let e = ConfigError::new(
                    k.span,
                    format!("`{}` is set twice in `roles.aliases`", role.canonical()),
                )
                .label("second")
                .with(*first, "first")
                .help("keep one list");
                self.err(e);
                continue;
            }
            seen.push((role, k.span));
            for (alias, span) in self.strings(v, &format!("`roles.aliases.{key}`")) {
                layer.aliases.push((role, alias, span));
            }
        }
    }

    fn custom(&mut self, node: &Node, resolver: &Resolver, layer: &mut Layer) {
        let items = match &node.value {
            Value::Seq(items) => items,
            Value::Null => return,
            _ => return self.wrong_type(node, "`custom`", "a list of rules"),
        };
        let mut codes: Vec<(String, Span)> = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, "a custom rule", CUSTOM_KEYS) else {
                continue;
            };
            let [code, message, role, forbid, require, severity, help] = f[..] else {
                unreachable!()
            };
            let mut ok = true;
            let missing = |ck: &mut Checker, name: &str| {
                ck.err(
                    ConfigError::new(item.span, format!("a custom rule needs `{name}`"))
                        .label(format!("no `{name}`"))
                        .help("a custom rule has code, message, role, forbid or require, severity, and optionally help"),
                );
            };
            let code_v = match code {
                None => {
                    missing(self, "code");
                    None
                }
                Some((_, v)) => self.string(v, "`code`").and_then(|c| {
                    if let Some(problem) = custom::code_problem(c) {
                        self.err(ConfigError::new(v.span, problem).label("invalid code"));
                        return None;
                    }
                    if let Some((_, first)) = codes.iter().find(|(o, _)| o == c) {
                        let e = ConfigError::new(
                            v.span,
                            format!("two custom rules have the code `{c}`"),
                        )
                        .label("second")
                        .with(*first, "first")
                        .help("give each custom rule its own code");
                        self.err(e);
                        return None;
                    }
                    codes.push((c.to_string(), v.span));
                    Some(c.to_string())
                }),
            };
            let message_v = match message {
                None => {
                    missing(self, "message");
                    None
                }
                Some((_, v)) => self.string(v, "`message`").map(str::to_string),
            };
            let role_v = match role {
                None => {
                    missing(self, "role");
                    None
                }
                Some((_, v)) => self.string(v, "`role`").and_then(|r| match resolver.role(r, 2) {
                    RoleName::Known(role) => Some((role, r.to_string())),
                    other => {
                        let help = match other {
                            RoleName::Close { suggestion, .. } => format!("did you mean `{suggestion}`?"),
                            RoleName::Ambiguous(why) => format!("`{r}` is ambiguous: {why}; write product-owner or product-manager"),
                            _ => "a custom rule's role is product-owner, product-manager, or one of their aliases".into(),
                        };
                        self.err(ConfigError::new(v.span, format!("`{r}` is not a product role")).label("unknown role").help(help));
                        None
                    }
                }),
            };
            let test = match (forbid, require) {
                (Some((fk, _)), Some((rk, _))) => {
                    let e = ConfigError::new(
                        rk.span,
                        "a custom rule has either `forbid` or `require`, not both",
                    )
                    .label("second test")
                    .with(fk.span, "first test")
                    .help("split it into two custom rules");
                    self.err(e);
                    None
                }
                (None, None) => {
                    missing(self, "forbid` or `require");
                    None
                }
                (Some((_, v)), None) | (None, Some((_, v))) => {
                    let is_forbid = forbid.is_some();
                    let what = if is_forbid { "`forbid`" } else { "`require`" };
                    self.string(v, what).and_then(|p| match Regex::new(p) {
                        Ok(re) => Some(if is_forbid {
                            Test::Forbid(re)
                        } else {
                            Test::Require(re)
                        }),
                        Err(e) => {
                            self.err(
                                ConfigError::new(
                                    v.span,
                                    format!("invalid regex in {what}: {}", regex_reason(&e)),
                                )
                                .label("invalid regex"),
                            );
                            None
                        }
                    })
                }
            };
            let severity_v = match severity {
                None => {
                    missing(self, "severity");
                    None
                }
                Some((_, v)) => self.level(v, "the custom rule's `severity`"),
            };
            let help_v = help.and_then(|(_, v)| self.string(v, "`help`").map(str::to_string));
            ok &= help.is_none() || help_v.is_some();
            if let (
                true,
                Some(code),
                Some(message),
                Some((role, role_text)),
                Some(test),
                Some(declared),
            ) = (ok, code_v, message_v, role_v, test, severity_v)
            {
                layer.custom.push(CustomRule {
                    code,
                    message,
                    help: help_v,
                    role,
                    role_text,
                    test,
                    declared,
                });
            }
        }
    }

    fn rules(&mut self, node: &Node, custom: &[String]) -> Vec<RuleEntry> {
        let entries = match &node.value {
            Value::Map(e) => e,
            Value::Null => return Vec::new(),
            _ => {
                self.wrong_type(
                    node,
                    "`rules`",
                    "a map of rule code or name to a severity or options",
                );
                return Vec::new();
            }
        };
        let mut out: Vec<RuleEntry> = Vec::new();
        for (k, v) in entries {
            let key = k.key_text();
            let Some(code) = rule_code(&key, custom) else {
                self.unknown_rule(k, &key, custom);
                continue;
            };
            if let Some(first) = out.iter().find(|e| e.code == code) {
                let e = ConfigError::new(k.span, format!("rule {code} is set twice in `rules`"))
                    .label("second")
                    .with(first.span, "first")
                    .help("keep one entry (a code and its name are the same rule)");
                self.err(e);
                continue;
            }
            let mut entry = RuleEntry {
                code: code.clone(),
                span: k.span,
                level: None,
                options: Vec::new(),
            };
            match &v.value {
                Value::Map(_) => {
                    let specs: Vec<(&str, &str)> = catalog()
                        .find(&code)
                        .map(|r| {
                            r.options
                                .iter()
                                .filter(|o| o.kind != "severity")
                                .map(|o| (o.name.as_str(), o.kind.as_str()))
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut known: Vec<&str> = vec!["severity"];
                    known.extend(specs.iter().map(|(n, _)| *n));
                    let place = match catalog().find(&code) {
                        Some(r) => format!("the settings of {} ({})", r.code, r.name),
                        None => format!("the settings of {code}"),
                    };
                    let Some(f) = self.fields(v, &place, &known) else {
                        continue;
                    };
                    if let Some((_, sv)) = f[0] {
                        entry.level = self.level(sv, &format!("{code} `severity`"));
                    }
                    for (i, (name, kind)) in specs.iter().enumerate() {
                        let Some((_, ov)) = f[i + 1] else { continue };
                        let what = format!("{code} `{name}`");
                        let value = match *kind {
                            "integer" => self.count(ov, &what).map(OptionValue::Count),
                            "ratio" => self.share(ov, &what).map(OptionValue::Share),
                            "boolean" => match ov.value {
                                Value::Bool(b) => Some(OptionValue::Flag(b)),
                                _ => {
                                    self.wrong_type(ov, &what, "true or false");
                                    None
                                }
                            },
                            other => unreachable!("option type {other} of {code} {name}"),
                        };
                        if let Some(value) = value {
                            entry.options.push((name.to_string(), value, ov.span));
                        }
                    }
                }
                Value::Str(_) | Value::Bool(_) => {
                    entry.level = self.level(v, &format!("rule {code}"))
                }
                _ => self.wrong_type(
                    v,
                    &format!("the entry of rule {code}"),
                    "a severity or a map of `severity` and options",
                ),
            }
            out.push(entry);
        }
        out
    }

    fn unknown_rule(&mut self, k: &Node, key: &str, custom: &[String]) {
        let help = did_you_mean(rule_suggestion(key, custom))
            .unwrap_or_else(|| "a rule is named by its code (`O002`) or name (`backlog-multiple-owners`); `rolelint rules` lists them".into());
        self.err(
            ConfigError::new(k.span, format!("unknown rule `{key}`"))
                .label("no such rule")
                .help(help),
        );
    }

    fn overrides(&mut self, node: &Node, custom: &[String], layer: &mut Layer) {
        let items = match &node.value {
            Value::Seq(items) => items,
            Value::Null => return,
            _ => return self.wrong_type(node, "`overrides`", "a list of {files, rules}"),
        };
        for item in items {
            let Some(f) = self.fields(item, "an override", OVERRIDE_KEYS) else {
                continue;
            };
            let globs = match f[0] {
                Some((_, v)) => self.globs(v, "`files`"),
                None => {
                    self.err(
                        ConfigError::new(item.span, "an override needs `files`")
                            .label("no `files`")
                            .help("list the globs (relative to the config file) the override applies to"),
                    );
                    continue;
                }
            };
            let mut levels = Vec::new();
            if let Some((_, rv)) = f[1] {
                match &rv.value {
                    Value::Map(entries) => {
                        for (k, v) in entries {
                            let key = k.key_text();
                            let Some(code) = rule_code(&key, custom) else {
                                self.unknown_rule(k, &key, custom);
                                continue;
                            };
                            let level = match &v.value {
                                Value::Map(_) => self
                                    .fields(v, &format!("the override of {code}"), &["severity"])
                                    .and_then(|f| f[0])
                                    .and_then(|(_, sv)| {
                                        self.level(sv, &format!("{code} `severity`"))
                                    }),
                                _ => self.level(v, &format!("rule {code}")),
                            };
                            if let Some(l) = level {
                                levels.push((code, l));
                            }
                        }
                    }
                    Value::Null => {}
                    _ => self.wrong_type(
                        rv,
                        "an override's `rules`",
                        "a map of rule code or name to a severity",
                    ),
                }
            }
            layer.overrides.push(Override {
                files: globset(&globs),
                globs,
                levels,
            });
        }
    }
}

use regex::Regex;

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Config {
        from_text(text, Path::new("rolelint.yaml")).unwrap_or_else(|e| panic!("{e:#?}"))
    }

    fn errors(text: &str) -> Vec<ConfigError> {
        from_text(text, Path::new("rolelint.yaml"))
            .err()
            .expect("errors")
    }

    #[test]
    fn the_example_of_format_md_is_valid() {
        let c = cfg(r#"
extends: recommended            # recommended (default) | strict | scrum-guide | less | startup
include: ["org/**/*.yaml", "jobs/*.md"]   # relative to this file; replaces the defaults
exclude: ["org/archive/**"]
rules:
  R001: { severity: warning, min: 2, max: 4 }
  po-team-load: { max_teams_per_po: 1 }   # code or name
  H001: off
vocabulary:                     # added to the built-in vocabulary
  strategic: ['\bnorth star\b']
  tactical: ['\bjira\b']
roles:
  aliases:
    product-owner: [feature-owner]
custom:
  - code: ACME001
    message: Only product managers may own pricing
    role: product-owner
    forbid: '(?i)\bpricing\b'
    severity: error
"#);
        assert_eq!(c.settings.options.r001_max, 4);
        assert_eq!(c.settings.options.r004_max_teams_per_po, 1);
        assert_eq!(c.settings.level("H001"), Level::Off);
        let builtin = Vocabulary::builtin();
        assert_eq!(
            builtin.classify("Own the North Star metric").class,
            crate::classify::Class::Unclassified
        );
        assert_eq!(
            builtin.classify("Keep Jira tidy").class,
            crate::classify::Class::Unclassified
        );
        assert_eq!(
            c.vocabulary().classify("Own the North Star metric").class,
            crate::classify::Class::Strategic
        );
        assert_eq!(
            c.vocabulary().classify("Keep Jira tidy").class,
            crate::classify::Class::Tactical
        );
        assert_eq!(c.custom[0].code, "ACME001");
        assert_eq!(
            c.include.as_deref(),
            Some(&["org/**/*.yaml".to_string(), "jobs/*.md".to_string()][..])
        );
    }

    #[test]
    fn presets_parse_and_apply() {
        for (name, _) in PRESETS {
            let c = cfg(&format!("extends: {name}\n"));
            assert_eq!(c.preset, *name);
        }
        let strict = cfg("extends: strict\n");
        assert_eq!(strict.settings.level("T001"), Level::Error);
        assert_eq!(strict.settings.level("O005"), Level::Warning);
        assert_eq!(strict.settings.lower, crate::catalog::Severity::Warning);
        let sg = cfg("extends: scrum-guide\n");
        assert_eq!(sg.settings.level("R004"), Level::Off);
        assert_eq!(sg.settings.level("O006"), Level::Warning);
        assert_eq!(sg.settings.level("R005"), Level::Warning);
        let less = cfg("extends: less\n");
        assert_eq!(less.settings.level("R004"), Level::Warning);
        assert_eq!(less.settings.options.r004_max_teams_per_po, 8);
        assert_eq!(less.settings.level("O006"), Level::Warning);
        let startup = cfg("extends: startup\n");
        assert_eq!(startup.settings.level("R002"), Level::Info);
        assert_eq!(startup.settings.level("T004"), Level::Off);
        assert_eq!(startup.settings.level("T005"), Level::Off);
    }

    #[test]
    fn entries_by_code_and_name_with_options() {
        let c = cfg("extends: less\nrules:\n  R001: { severity: error, min: 1, max: 4 }\n  po-team-load: { max_teams_per_po: 3 }\n  H001: off\n  O002: warning\n  T003: { min_share: [3, 4] }\n");
        assert_eq!(c.settings.level("R001"), Level::Error);
        assert_eq!(
            (c.settings.options.r001_min, c.settings.options.r001_max),
            (1, 4)
        );
        assert_eq!(c.settings.options.r004_max_teams_per_po, 3);
        assert_eq!(c.settings.level("R004"), Level::Warning);
        assert_eq!(c.settings.level("H001"), Level::Off);
        assert_eq!(c.settings.level("O002"), Level::Warning);
        assert_eq!(c.settings.options.t003_min_share, Share { num: 3, den: 4 });
    }

    #[test]
    fn every_mistake_is_reported_at_its_span() {
        let text = "\
extends: strickt
rulez: {}
rules:
  O02: warning
  O002: warn
  R004: { max_team_per_po: 2 }
  R005: { max_members: ten }
  T003: { min_share: [3] }
vocabulary:
  strategic: ['(unclosed']
limits: { max_file_size: lots }
include: ['org/[']
overrides:
  - files: ['org/legacy/**']
    rules: { T01: off }
custom:
  - { code: SX001, message: m, role: po, forbid: x, severity: error }
  - { code: ACME001, message: m, role: prodct-owner, forbid: '(x', severity: eror }
";
        let errs = errors(text);
        let at = |e: &ConfigError| text[e.span.range()].to_string();
        let got: Vec<(String, String)> = errs.iter().map(|e| (at(e), e.message.clone())).collect();
        let expect = [
            ("strickt", "unknown preset"),
            ("rulez", "unknown key"),
            ("O02", "unknown rule"),
            ("warn", "not a severity"),
            ("max_team_per_po", "unknown key"),
            ("ten", "whole number"),
            ("[3]", "[numerator, denominator]"),
            ("'(unclosed'", "invalid regex"),
            ("lots", "size"),
            ("'org/['", "invalid glob"),
            ("T01", "unknown rule"),
            ("SX001", "built-in"),
            ("prodct-owner", "not a product role"),
            ("'(x'", "invalid regex"),
            ("eror", "not a severity"),
        ];
        for (span, msg) in expect {
            assert!(
                got.iter()
                    .any(|(s, m)| s.trim_end_matches(['\n', ' ']).starts_with(span)
                        && m.contains(msg)),
                "no `{msg}` at `{span}` in {got:#?}"
            );
        }
        assert_eq!(errs.len(), expect.len(), "{got:#?}");
        let help = |span: &str| {
            errs.iter()
                .find(|e| at(e).starts_with(span))
                .and_then(|e| e.help.clone())
                .unwrap_or_default()
        };
        assert!(help("strickt").contains("`strict`"));
        assert!(help("rulez").contains("`rules`"));
        assert!(help("O02").contains("`O002`"));
        assert!(help("warn").contains("`warning`"));
        assert!(help("max_team_per_po").contains("`max_teams_per_po`"));
        assert!(help("T01").contains("`T001`"));
        assert!(help("prodct-owner").contains("`product-owner`"));
        assert!(help("eror").contains("`error`"));
    }

    #[test]
    fn duplicate_and_clashing_entries() {
        let errs = errors("rules:\n  O002: off\n  backlog-multiple-owners: error\ncustom:\n  - { code: ACME001, message: a, role: po, require: x, severity: info }\n  - { code: ACME001, message: b, role: po, forbid: y, require: z, severity: info }\n");
        assert_eq!(errs.len(), 3, "{errs:#?}");
        assert!(errs
            .iter()
            .any(|e| e.message.contains("set twice") && !e.labels.is_empty()));
        assert!(errs.iter().any(|e| e.message.contains("two custom rules")));
        assert!(errs.iter().any(|e| e.message.contains("not both")));
    }

    #[test]
    fn custom_rules_take_levels_and_aliases() {
        let c = cfg("roles:\n  aliases:\n    product-owner: [feature-owner]\ncustom:\n  - { code: ACME001, message: m, role: feature-owner, forbid: '(?i)pricing', severity: error }\nrules:\n  ACME001: warning\n");
        assert_eq!(c.custom.len(), 1);
        assert_eq!(c.custom[0].role, Role::ProductOwner);
        assert_eq!(c.settings.level("ACME001"), Level::Warning);
        assert_eq!(c.preset_levels.get("ACME001"), Some(&Level::Error));
        assert_eq!(
            c.resolver.role("Feature Owner", 2),
            RoleName::Known(Role::ProductOwner)
        );
    }

    #[test]
    fn vocabulary_exceptions_in_config() {
        let c = cfg("vocabulary:\n  strategic:\n    - { pattern: '\\bnorth star\\b', except: ['\\bnorth star tavern\\b'] }\n  except:\n    pricing: ['\\bpricing tiers?\\b']\n");
        let v = c.vocabulary();
        assert_eq!(v.classify("Own the North Star").class, Class::Strategic);
        assert_eq!(
            v.classify("Book the north star tavern").class,
            Class::Unclassified
        );
        assert_eq!(
            v.classify("Fix the pricing tiers").class,
            Class::Unclassified
        );
        let errs = errors("vocabulary:\n  except:\n    pricng: ['x']\n    budget: ['(']\n  tactical:\n    - { except: [a] }\n");
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(
            errs[0].help.as_deref().unwrap_or("").contains("pricing"),
            "{errs:?}"
        );
    }

    #[test]
    fn titles_map_a_phrase_to_a_role() {
        use crate::roles::TitleRole;
        let c = cfg(
            "titles:\n  technical product manager: product-owner\n  product specialist: none\n",
        );
        assert_eq!(
            c.resolver.title("Technical Product Manager"),
            TitleRole::One(Role::ProductOwner)
        );
        assert_eq!(c.resolver.title("Product Specialist"), TitleRole::None);
        let errs = errors("titles:\n  technical product manager: engineer\n");
        assert_eq!(errs.len(), 1, "{errs:?}");
    }

    #[test]
    fn alias_clashes_and_min_above_max() {
        let errs = errors("roles:\n  aliases:\n    product-owner: [product-manager, pm]\nrules:\n  R001: { min: 5, max: 3 }\n");
        assert_eq!(errs.len(), 3, "{errs:#?}");
    }

    #[test]
    fn not_yaml_and_not_a_map() {
        let e = errors("rules: [\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("not valid YAML"));
        let e = errors("- a\n");
        assert!(e[0].message.contains("must be a map"));
        assert!(cfg("").custom.is_empty());
    }

    #[test]
    fn sizes_and_globs() {
        let c = cfg("limits: { max_file_size: 64MiB }\ninclude: ['org/**/*.yaml']\nexclude: ['org/archive/**']\n");
        if crate::load::max_file_size_from_env().is_none() {
            assert_eq!(c.max_file_size, 64 * 1024 * 1024);
        }
        let base = c.base.clone();
        assert!(c.selects(&base.join("org/a/x.yaml"), false));
        assert!(!c.selects(&base.join("org/archive/x.yaml"), false));
        assert!(!c.selects(&base.join("other/x.org.yaml"), false));
        assert!(
            c.selects(&base.join("other/x.org.yaml"), true),
            "a named file is linted whatever `include` says"
        );
        assert!(
            !c.selects(&base.join("org/archive/x.yaml"), true),
            "`exclude` applies to named files too"
        );
    }
}
