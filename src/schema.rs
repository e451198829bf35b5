//! JSON Schemas (draft 2020-12) of the org file and of `rolelint.yaml`, for editors
//! (`rolelint schema [org|config]`, checked in under `schema/`).
//!
//! The loaders are hand-written and lenient (they read any shape and report S002/S007, or a
//! config error, at its span), so they cannot describe themselves. The types here describe
//! the strict shape those loaders accept without a problem, field for field; tests keep
//! them in step: the properties equal the loader's key tables (`TOP_KEYS`, each
//! `Entity::KNOWN`), every org file of the repository that loads cleanly validates, and the
//! S002/S007 fixtures do not. Rule codes, names, option types and presets come from the
//! same data as the rules themselves (the catalogue and `rules/presets/`).

use crate::catalog::catalog;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// What an id may be made of (format.md): letters, digits, `-`, `_`, `.` (letters and
/// digits of any script, as the loader's `char::is_alphanumeric`). `\p{L}` would say it
/// exactly, but Python's `re`, JavaScript without the `u` flag and other non-Unicode
/// validators reject the schema over it; so the pattern names the ASCII characters an id may
/// not hold (spaces, controls, punctuation other than `-_.`) with `\xHH` escapes, which every
/// dialect reads alike, and leaves other scripts to the loader (`check` reports an id the
/// schema lets through, such as one with a non-ASCII space).
pub const ID_PATTERN: &str = r"^[^\x00-\x2C\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F]+$";

/// A custom rule's code: 2 to 6 uppercase letters, the first not one of the built-in
/// families (S, O, T, R, H, J, X), then 3 digits.
pub const CUSTOM_CODE_PATTERN: &str = "^[A-GIK-NPQU-WYZ][A-Z]{1,5}[0-9]{3}$";

/// A byte count, or a number with a unit (`64MiB`, `10 KB`, `512k`), as `limits.max_file_size` reads it.
pub const SIZE_PATTERN: &str = r"^\s*[0-9]+\s*([bB]|[kKmMgG]([iI]?[bB])?)?\s*$";

/// Where the checked-in schemas are published, for `# yaml-language-server: $schema=...`.
pub fn url(which: Which) -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let raw = repo.replacen(
        "https://github.com/",
        "https://raw.githubusercontent.com/",
        1,
    );
    format!("{raw}/main/{}", which.path())
}

/// The two schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Org,
    Config,
}

impl Which {
    /// The checked-in file, relative to the repository root.
    pub fn path(self) -> &'static str {
        match self {
            Which::Org => "schema/org.schema.json",
            Which::Config => "schema/config.schema.json",
        }
    }
}

/// The schema as a JSON value.
pub fn schema(which: Which) -> Value {
    let generator = SchemaGenerator::default();
    let mut root = match which {
        Which::Org => generator.into_root_schema_for::<OrgFile>(),
        Which::Config => generator.into_root_schema_for::<ConfigFile>(),
    };
    root.insert("$id".into(), json!(url(which)));
    let mut v = root.to_value();
    unwrap_descriptions(&mut v);
    v
}

/// Doc comments keep their line breaks; a description is one paragraph.
fn unwrap_descriptions(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                match item {
                    Value::String(s) if k == "description" => {
                        *s = s.split_whitespace().collect::<Vec<_>>().join(" ")
                    }
                    _ => unwrap_descriptions(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// The schema as the text `rolelint schema` prints and `schema/` holds: pretty JSON with
/// keys in a fixed order (`$schema`, `$id`, `title`, `description` first, `$defs` last, the
/// rest as generated), so the output never depends on serde_json's map features.
pub fn render(which: Which) -> String {
    let mut out = String::new();
    write_value(&schema(which), 0, &mut out);
    out.push('\n');
    out
}

fn key_rank(k: &str) -> u8 {
    match k {
        "$schema" => 0,
        "$id" => 1,
        "title" => 2,
        "description" => 3,
        "$defs" => 9,
        _ => 5,
    }
}

fn write_value(v: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| "  ".repeat(d);
    match v {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            // Stable: within a rank, keep the map's own order.
            keys.sort_by_key(|k| key_rank(k));
            out.push_str("{\n");
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                write_value(&map[k.as_str()], depth + 1, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            // Short lists of scalars on one line (`enum`, `required`, `type`).
            let scalars = items.iter().all(|i| !i.is_object() && !i.is_array());
            let inline: Vec<String> = items.iter().map(Value::to_string).collect();
            if scalars && inline.iter().map(|s| s.len() + 2).sum::<usize>() < 80 {
                out.push('[');
                out.push_str(&inline.join(", "));
                out.push(']');
                return;
            }
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write_value(item, depth + 1, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// The org file (format.md, "Org files"): what `load::yaml` reads.

/// One file of an organisation (rolelint's org file format, version 1). All the org files
/// of one run form one organisation: ids resolve across files. Every section is optional;
/// a key left without a value is the same as the key left out. Lint with `rolelint check`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rolelint org file", transform = or_null)]
#[schemars(extend("patternProperties" = { "^x-.": { "description": "Extension data: accepted and ignored." } }))]
#[allow(dead_code)]
pub struct OrgFile {
    /// The version of the format. Only 1 exists; anything else is an error (S007).
    // `serde(default)` makes it optional; the transform drops the `default: null` that comes with it.
    #[schemars(schema_with = "version_schema", transform = drop_default)]
    #[serde(default)]
    version: Option<u8>,
    /// A display name for the organisation.
    organisation: Option<String>,
    /// The products, each with the product managers accountable for its strategy.
    products: Option<Vec<Product>>,
    /// The teams that build the products.
    teams: Option<Vec<Team>>,
    /// The backlogs the teams work from, each owned by one product owner.
    backlogs: Option<Vec<Backlog>>,
    /// The people: their roles, reporting line and duties.
    people: Option<Vec<Person>>,
}

/// An empty (or comment-only) org file is an empty organisation, not a mistake.
fn or_null(schema: &mut Schema) {
    schema.insert("type".into(), json!(["object", "null"]));
}

fn drop_default(schema: &mut Schema) {
    schema.remove("default");
}

fn version_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "const": 1 })
}

/// An id: a non-empty string of letters, digits, `-`, `_` and `.`. Ids are unique within
/// their kind (S003) and every reference must name an existing one (S004).
#[allow(dead_code)]
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "pattern": ID_PATTERN,
            "description": "An id: letters, digits, `-`, `_` and `.` (no spaces). Unique within its kind; references must name an existing one."
        })
    }
}

/// How complex a product is; one person holding both roles on a high-complexity product is
/// a warning (R002).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Complexity {
    /// A simple product.
    Low,
    /// The default.
    Medium,
    /// A complex product (industrial goods, many markets): too much for one person in both roles.
    High,
}

/// A product.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-.": { "description": "Extension data (an HR export's extra columns): accepted and ignored." } }))]
#[allow(dead_code)]
pub struct Product {
    /// The product's id, unique among products.
    id: Id,
    /// A display name.
    name: Option<String>,
    /// How complex the product is: low, medium (the default) or high.
    complexity: Option<Complexity>,
    /// The ids of the product managers accountable for the product's strategy (a list, even for one).
    managers: Option<Vec<Id>>,
}

/// A team.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-.": { "description": "Extension data (an HR export's extra columns): accepted and ignored." } }))]
#[allow(dead_code)]
pub struct Team {
    /// The team's id, unique among teams.
    id: Id,
    /// A display name.
    name: Option<String>,
    /// The id of the product the team works on.
    product: Option<Id>,
    /// The ids of the team's members (a list, even for one).
    members: Option<Vec<Id>>,
    /// What the team is for: `delivery` (the default) or `platform` teams work from a
    /// backlog; `enabling` teams, `chapter`s and `operations` teams serve other teams and
    /// need none (O004, O005, R004).
    kind: Option<TeamKind>,
}

/// What a team is for.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum TeamKind {
    /// Builds the product from a backlog (the default).
    Delivery,
    /// Builds a product for other teams; works from a backlog like a delivery team.
    Platform,
    /// Coaches or helps other teams for a while; no backlog of its own.
    Enabling,
    /// A practice group across teams (backend, design); no backlog of its own.
    Chapter,
    /// Runs and supports systems (SRE, support); no backlog of its own.
    Operations,
}

/// The level of a backlog.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum BacklogLevel {
    /// One team's backlog, owned by its product owner.
    Team,
    /// A product's backlog, owned by a product owner (the default).
    Product,
    /// A program (SAFe ART) backlog, owned by product management.
    Program,
    /// A portfolio backlog, owned by product management.
    Portfolio,
}

/// The owner of a backlog: one person id. A list is accepted so that a backlog with several
/// owners can be reported (O002); a backlog should have exactly one.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Owner {
    /// The id of the one product owner who orders the backlog.
    One(Id),
    /// Several person ids (reported by O002: a backlog has one owner).
    Many(Vec<Id>),
}

/// A backlog.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-.": { "description": "Extension data (an HR export's extra columns): accepted and ignored." } }))]
#[allow(dead_code)]
pub struct Backlog {
    /// The backlog's id, unique among backlogs.
    id: Id,
    /// A display name.
    name: Option<String>,
    /// The id of the product the backlog belongs to.
    product: Option<Id>,
    /// The ids of the teams that work from this backlog (one or more).
    teams: Option<Vec<Id>>,
    /// The person who owns the backlog: one person id (a list is read so that O002 can report it).
    owner: Option<Owner>,
    /// `team` or `product` (the default): a product owner's; `program` or `portfolio`: a
    /// product manager's (O003, O005, R001, R003 and R004 read team and product backlogs only).
    level: Option<BacklogLevel>,
}

/// A person.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-.": { "description": "Extension data (an HR export's extra columns): accepted and ignored." } }))]
#[allow(dead_code)]
pub struct Person {
    /// The person's id, unique among people.
    id: Id,
    /// The person's name.
    name: Option<String>,
    /// The job title, free text; checked against the roles (S006, T003, T006).
    title: Option<String>,
    /// The person's roles: `product-manager`, `product-owner`, one of their aliases (`po`,
    /// `senior-product-manager`, ...), or any other role (`engineer`, `designer`, ...).
    roles: Option<Vec<String>>,
    /// The id of the person this person reports to.
    reports_to: Option<Id>,
    /// Duty statements, free text; each is classified strategic or tactical (T001-T003).
    responsibilities: Option<Vec<String>>,
    /// The person's email address (not checked).
    email: Option<String>,
    /// An open position: it holds roles and can be referenced, but the duty rules (T001-T003,
    /// T006, custom rules) skip it, and a backlog owned only by it is O001 as info.
    vacant: Option<bool>,
}

// ---------------------------------------------------------------------------------------
// The config file (format.md, "Configuration file"): what `config::file` reads.

/// rolelint's configuration, `rolelint.yaml` or `.rolelint.yaml`, found in the current
/// directory or the nearest parent (or named with `--config`). Unknown keys are an error.
/// `rolelint rules --config FILE` shows the rules as this file sets them.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rolelint configuration", example = example_config())]
#[allow(dead_code)]
pub struct ConfigFile {
    /// The preset this configuration starts from (default `recommended`).
    #[schemars(transform = drop_default)]
    #[serde(default)]
    extends: Preset,
    /// Globs, relative to this file, of the files a directory walk lints. Replaces the
    /// defaults (`**/*.org.yaml`, `**/*.org.yml`, `**/org.yaml`, `**/org.yml`,
    /// `**/*.jd.md`, `**/*.jd.txt`).
    include: Option<Vec<Glob>>,
    /// Globs, relative to this file, of files a directory walk skips.
    exclude: Option<Vec<Glob>>,
    /// Rules by code or name: a severity (`error`, `warning`, `info`, `off`), or a map of
    /// `severity` and the rule's options.
    rules: Option<RuleTable>,
    /// Patterns added to the built-in duty vocabulary.
    vocabulary: Option<VocabularyAdditions>,
    /// Role names added to the built-in aliases.
    roles: Option<RolesSettings>,
    /// Title phrases mapped to a role, overriding the built-in reading of titles
    /// (`technical product manager: product-owner` where that title names the PO-like
    /// role, as in industrial goods); `none` for a title that names neither role.
    titles: Option<std::collections::BTreeMap<String, TitleMapping>>,
    /// Rules of your own: a regex that a responsibility of a role must not match
    /// (`forbid`) or that one of them must match (`require`).
    custom: Option<Vec<CustomRule>>,
    /// Limits on what is read.
    limits: Option<Limits>,
    /// Severities for some files only: the first override whose `files` match a finding's
    /// file sets its rules' severities there.
    overrides: Option<Vec<Override>>,
}

/// A complete example, also loaded by the config loader in the tests.
pub fn example_config() -> Value {
    json!({
        "extends": "recommended",
        "include": ["org/**/*.yaml", "jobs/*.md"],
        "exclude": ["org/archive/**"],
        "rules": {
            "R001": { "severity": "warning", "min": 2, "max": 4 },
            "po-team-load": { "max_teams_per_po": 1 },
            "H001": "off"
        },
        "vocabulary": {
            "strategic": ["\\bnorth star\\b", { "pattern": "\\bokrs?\\b", "except": ["\\bokr tool\\b"] }],
            "tactical": ["\\bjira\\b"],
            "except": { "pricing": ["\\bpricing tiers?\\b"] }
        },
        "roles": { "aliases": { "product-owner": ["feature-owner"] } },
        "titles": { "technical product manager": "product-owner" },
        "custom": [{
            "code": "ACME001",
            "message": "Only product managers may own pricing",
            "role": "product-owner",
            "forbid": "(?i)\\bpricing\\b",
            "severity": "error"
        }],
        "limits": { "max_file_size": "64MiB" },
        "overrides": [{ "files": ["org/legacy/**"], "rules": { "T001": "info" } }]
    })
}

/// A preset: a named set of severities and options (`rules/presets/`).
#[derive(Default)]
#[allow(dead_code)]
pub struct Preset;

impl JsonSchema for Preset {
    fn schema_name() -> Cow<'static, str> {
        "Preset".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let one_of: Vec<Value> = crate::config::file::PRESETS
            .iter()
            .map(|(name, text)| {
                let description = serde_saphyr::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| {
                        v.get("description")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    })
                    .unwrap_or_default();
                json!({ "const": name, "description": description })
            })
            .collect();
        json_schema!({
            "type": "string",
            "description": "A preset: recommended (the defaults), strict, scrum-guide, less (Large-Scale Scrum), startup or safe (Scaled Agile Framework).",
            "oneOf": one_of
        })
    }
}

/// A glob (`org/**/*.yaml`), relative to the config file.
#[allow(dead_code)]
pub struct Glob;

impl JsonSchema for Glob {
    fn schema_name() -> Cow<'static, str> {
        "Glob".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A glob, relative to the config file: `*` within a folder, `**` across folders."
        })
    }
}

/// A severity, or off.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Level {
    /// Fails the run (exit 1).
    Error,
    /// Reported; fails the run only beyond `--max-warnings`.
    Warning,
    /// Reported; never fails the run.
    Info,
    /// The rule does not run.
    Off,
}

/// `rules:`: every built-in rule by code and by name, and custom rules by code.
#[allow(dead_code)]
pub struct RuleTable;

fn option_schema(kind: &str, level: &Schema) -> Value {
    match kind {
        "integer" => json!({ "type": "integer", "minimum": 0 }),
        "ratio" => json!({
            "type": "array",
            "prefixItems": [
                { "type": "integer", "minimum": 0, "description": "numerator" },
                { "type": "integer", "minimum": 1, "description": "denominator" }
            ],
            "items": false,
            "minItems": 2
        }),
        "boolean" => json!({ "type": "boolean" }),
        "severity" => level.clone().to_value(),
        other => {
            unreachable!("option type {other} (catalog.rs lists integer, ratio, boolean, severity)")
        }
    }
}

fn level_or_map(level: &Schema, properties: Map<String, Value>, description: String) -> Value {
    json!({
        "description": description,
        "anyOf": [
            level.clone().to_value(),
            { "type": "object", "properties": properties, "additionalProperties": false }
        ]
    })
}

/// Keys of every built-in rule (code and name) to the schema of its entry, made by `entry`.
fn rule_keys(entry: impl Fn(&crate::catalog::Rule) -> Value) -> Map<String, Value> {
    let mut props = Map::new();
    for r in catalog().rules() {
        let v = entry(r);
        props.insert(r.code.clone(), v.clone());
        props.insert(r.name.clone(), v);
    }
    props
}

impl JsonSchema for RuleTable {
    fn schema_name() -> Cow<'static, str> {
        "RuleTable".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let level = generator.subschema_for::<Level>();
        let props = rule_keys(|r| {
            let mut p = Map::new();
            p.insert(
                "severity".into(),
                json!({ "$ref": "#/$defs/Level", "description": "The rule's severity, or off." }),
            );
            for o in r.options.iter().filter(|o| o.kind != "severity") {
                let mut s = option_schema(&o.kind, &level);
                s["description"] = json!(format!("{} Default: {}.", o.description, o.default));
                s["default"] = o.default.clone();
                p.insert(o.name.clone(), s);
            }
            let options = r.options.iter().filter(|o| o.kind != "severity").count();
            let how = if options == 0 {
                "a severity"
            } else {
                "a severity, or a map of `severity` and options"
            };
            level_or_map(
                &level,
                p,
                format!(
                    "{} {} (default {}): {} Set {how}.",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                ),
            )
        });
        let mut custom = Map::new();
        custom.insert("severity".into(), json!({ "$ref": "#/$defs/Level" }));
        json_schema!({
            "type": "object",
            "description": "Rules by code or name (`rolelint rules` lists them): a severity, or a map of `severity` and options.",
            "properties": props,
            "patternProperties": {
                CUSTOM_CODE_PATTERN: level_or_map(&level, custom, "A custom rule by its code: its severity.".into())
            },
            "additionalProperties": false
        })
    }
}

/// An override's `rules:`: severities only.
#[allow(dead_code)]
pub struct RuleLevels;

impl JsonSchema for RuleLevels {
    fn schema_name() -> Cow<'static, str> {
        "RuleLevels".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let level = generator.subschema_for::<Level>();
        let only_severity = || {
            let mut p = Map::new();
            p.insert("severity".into(), json!({ "$ref": "#/$defs/Level" }));
            p
        };
        let props = rule_keys(|r| {
            level_or_map(
                &level,
                only_severity(),
                format!("{} {}: {}", r.code, r.name, r.summary),
            )
        });
        json_schema!({
            "type": "object",
            "description": "Rules by code or name, each with the severity it has in the matching files.",
            "properties": props,
            "patternProperties": {
                CUSTOM_CODE_PATTERN: level_or_map(&level, only_severity(), "A custom rule by its code.".into())
            },
            "additionalProperties": false
        })
    }
}

/// A regex (Rust `regex` syntax), matched case-insensitively against normalised duty statements.
#[allow(dead_code)]
pub struct Pattern;

impl JsonSchema for Pattern {
    fn schema_name() -> Cow<'static, str> {
        "Pattern".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A regex in Rust `regex` syntax (no look-around, no back-references), like `\\bnorth star\\b`."
        })
    }
}

/// Patterns added to the built-in vocabulary (`rules/vocabulary.yaml`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct VocabularyAdditions {
    /// Patterns of strategic (product manager) duties, matched case-insensitively.
    strategic: Option<Vec<VocabularyItem>>,
    /// Patterns of tactical (product owner) duties, matched case-insensitively.
    tactical: Option<Vec<VocabularyItem>>,
    /// Exception phrases for built-in vocabulary entries, by term (`pricing: ['\\bpricing
    /// tiers?\\b']`): a match of the entry inside one of them does not count.
    except: Option<std::collections::BTreeMap<String, Vec<Pattern>>>,
}

/// A vocabulary pattern, or a pattern with its own exception phrases.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum VocabularyItem {
    /// A pattern.
    Pattern(Pattern),
    /// A pattern with exceptions.
    WithExceptions(PatternWithExceptions),
}

/// A pattern with exception phrases: a match inside one of them does not count.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PatternWithExceptions {
    /// The pattern.
    pattern: Pattern,
    /// Phrases (regexes) inside which a match of `pattern` does not count.
    except: Option<Vec<Pattern>>,
}

/// What a title phrase maps to: a role (or an alias of one), or `none`.
#[allow(dead_code)]
pub struct TitleMapping;

impl JsonSchema for TitleMapping {
    fn schema_name() -> Cow<'static, str> {
        "TitleMapping".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "`product-manager`, `product-owner` (or an alias of one), or `none`."
        })
    }
}

/// Role names.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RolesSettings {
    /// More names for the two roles the rules know, added to the built-in aliases (`rules/roles.yaml`).
    aliases: Option<Aliases>,
}

/// Aliases of the two canonical roles; they match case-insensitively, with spaces, `_` and `-` alike.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Aliases {
    /// Names that mean product owner (`feature-owner`).
    #[serde(rename = "product-owner")]
    product_owner: Option<Vec<String>>,
    /// Names that mean product manager (`offering-manager`).
    #[serde(rename = "product-manager")]
    product_manager: Option<Vec<String>>,
}

/// A custom rule: for the people holding `role`, a regex that none of their
/// responsibilities may match (`forbid`) or that at least one must match (`require`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["forbid"] }, { "required": ["require"] }]))]
#[allow(dead_code)]
pub struct CustomRule {
    /// The rule's code: 2 to 6 uppercase letters then 3 digits (`ACME001`), not starting
    /// with a letter of the built-in families (S, O, T, R, H, J, X).
    #[schemars(regex(pattern = CUSTOM_CODE_PATTERN))]
    code: String,
    /// The message of each finding.
    message: String,
    /// The role it applies to: product-owner, product-manager, or one of their aliases.
    role: String,
    /// A regex (Rust syntax) that no responsibility may match; each match is a finding.
    #[schemars(transform = drop_default)]
    #[serde(default)]
    forbid: String,
    /// A regex (Rust syntax) that at least one responsibility must match.
    #[schemars(transform = drop_default)]
    #[serde(default)]
    require: String,
    /// The severity of its findings.
    severity: Level,
    /// A help line: what to do about a finding.
    #[schemars(transform = drop_default)]
    #[serde(default)]
    help: String,
}

/// Limits on what is read.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Limits {
    /// The largest file read (default 256MiB): a byte count, or a number with KiB, MiB or
    /// GiB (`64MiB`). `ROLELINT_MAX_FILE_SIZE` overrides it.
    #[schemars(schema_with = "size_schema", transform = drop_default)]
    #[serde(default)]
    max_file_size: Option<u64>,
}

fn size_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": SIZE_PATTERN }
        ]
    })
}

/// Severities that apply to some files only.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Override {
    /// Globs, relative to the config file, of the files this override applies to.
    files: Vec<Glob>,
    /// Rules by code or name, with their severity in those files.
    rules: Option<RuleLevels>,
}
