//! `--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers.
//!
//! Typed `Serialize` structs rather than the `serde-sarif` crate: that crate generates its
//! whole schema at build time (a build script with syn, prettyplease and schemafy, plus
//! typed-builder and strum) for the fifteen or so fields written here.
//!
//! Regions give lines and columns as every other format does (1-based, columns in
//! characters, end exclusive) and `charOffset`/`charLength` in Unicode code points, which is
//! what the run's `columnKind: "unicodeCodePoints"` declares. Artifact URIs are relative to
//! the working directory under `%SRCROOT%`, `/`-separated and percent-encoded.

use super::Report;
use crate::catalog::{catalog, Level, Rule, Severity};
use crate::diagnostics::fingerprint;
use crate::model::Loc;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path};

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
const FINGERPRINT_KEY: &str = "rolelint/v2";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    statistics: &'a serde_json::Value,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Tags<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Tags<'a> {
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// The fixes the finding offers, as SARIF `fix` objects (absent when none is).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Message,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

/// Where one input file is, for SARIF: its artifact location and the path the fingerprint
/// hashes (relative to the working directory, `/`-separated, not percent-encoded).
struct FileUri {
    artifact: ArtifactLocation,
    rel_path: String,
}

pub fn render(r: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cwd = std::env::current_dir().ok().map(|d| lexical_normalize(&d));
    render_from(r, out, cwd.as_deref())
}

/// Renders as if run from `cwd` (`None`: the working directory is unknown, so every URI is
/// absolute or as given).
fn render_from(
    r: &Report,
    out: &mut dyn std::io::Write,
    cwd: Option<&Path>,
) -> std::io::Result<()> {
    let log = build(r, cwd);
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn build<'a>(r: &'a Report, cwd: Option<&Path>) -> Log<'a> {
    let cat = catalog();
    let repository = non_empty(env!("CARGO_PKG_REPOSITORY"));

    // Every catalogue rule, in catalogue order, then the codes only findings know (custom
    // rules), in order of first appearance.
    let mut rules: Vec<Descriptor<'a>> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    for family in &cat.families {
        for rule in &family.rules {
            index.insert(rule.code.as_str(), rules.len());
            rules.push(descriptor(rule, &family.name, repository));
        }
    }
    for f in r.findings {
        let code = rule_id(f.code.as_str());
        if !index.contains_key(code) {
            index.insert(code, rules.len());
            rules.push(Descriptor {
                id: code,
                name: code,
                short_description: None,
                full_description: None,
                help: None,
                help_uri: None,
                default_configuration: None,
                properties: None,
            });
        }
    }

    let files: Vec<FileUri> = r.files.iter().map(|f| file_uri(&f.path, cwd)).collect();
    let mut chars = CharCounter::new(r);
    let mut location = |loc: Loc, id: Option<usize>, message: &'a str| Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: files[loc.file as usize].artifact.clone(),
            region: region(r, &mut chars, loc),
        },
        message: non_empty(message).map(|text| Text { text }),
    };

    let mut fix_chars = CharCounter::new(r);
    let occurrences = crate::diagnostics::occurrences(r.findings);
    let results = r
        .findings
        .iter()
        .zip(occurrences)
        .map(|(f, occurrence)| {
            let fixes = f
                .fixes
                .iter()
                .map(|x| SarifFix {
                    description: Message {
                        text: if x.safe {
                            x.title.clone()
                        } else {
                            format!("{} (unsafe: may change the meaning)", x.title)
                        },
                    },
                    artifact_changes: x
                        .edits
                        .iter()
                        .map(|e| ArtifactChange {
                            artifact_location: files[e.loc.file as usize].artifact.clone(),
                            replacements: vec![Replacement {
                                deleted_region: region(r, &mut fix_chars, e.loc),
                                inserted_content: Message {
                                    text: e.text.clone(),
                                },
                            }],
                        })
                        .collect(),
                })
                .collect();
            let id = rule_id(&f.code);
            let mut text = f.message.clone();
            if !f.help.is_empty() {
                text.push('\n');
                text.push_str(&f.help);
            }
            let primary = location(f.primary, None, &f.primary_label);
            let related_locations = f
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| location(l.loc, Some(i + 1), &l.message))
                .collect();
            let rel_path = &files[f.primary.file as usize].rel_path;
            SarifResult {
                rule_id: id,
                rule_index: index[id],
                level: result_level(f.severity),
                message: Message { text },
                locations: vec![primary],
                related_locations,
                partial_fingerprints: BTreeMap::from([(
                    FINGERPRINT_KEY,
                    fingerprint(rel_path, &f.code, &f.subject, occurrence),
                )]),
                fixes,
            }
        })
        .collect();

    let mut original_uri_base_ids = BTreeMap::new();
    if let Some(cwd) = cwd {
        original_uri_base_ids.insert(
            SRCROOT,
            ArtifactLocation {
                uri: format!("{}/", absolute_uri(cwd).trim_end_matches('/')),
                uri_base_id: None,
            },
        );
    }
    let invocations = if r.notes.is_empty() {
        Vec::new()
    } else {
        vec![Invocation {
            execution_successful: true,
            tool_execution_notifications: r
                .notes
                .iter()
                .map(|n| Notification {
                    level: "note",
                    message: Text { text: n },
                })
                .collect(),
        }]
    };

    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "rolelint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: repository,
                    rules,
                },
            },
            invocations,
            original_uri_base_ids,
            column_kind: "unicodeCodePoints",
            results,
            properties: r.statistics.map(|statistics| RunProperties { statistics }),
        }],
    }
}

/// The catalogue's spelling of a finding's code, or the code itself for a custom rule.
fn rule_id(code: &str) -> &str {
    match catalog().find(code) {
        Some(rule) if rule.code.eq_ignore_ascii_case(code) => rule.code.as_str(),
        _ => code,
    }
}

fn descriptor<'a>(rule: &'a Rule, family: &'a str, repository: Option<&str>) -> Descriptor<'a> {
    let help_uri = repository.map(|repo| {
        format!(
            "{}/blob/main/docs/rules/{}-{}.md",
            repo.trim_end_matches('/'),
            rule.code,
            rule.name
        )
    });
    let fix = rule.fix.trim();
    let mut markdown = format!("{fix}\n\n**Why:** {}", rule.rationale.trim());
    if let Some(uri) = &help_uri {
        markdown.push_str(&format!("\n\n[{} {}]({uri})", rule.code, rule.name));
    }
    Descriptor {
        id: &rule.code,
        name: &rule.name,
        short_description: Some(Text {
            text: rule.summary.trim(),
        }),
        full_description: Some(Text {
            text: rule.checks.trim(),
        }),
        help: Some(Help {
            text: fix,
            markdown,
        }),
        help_uri,
        default_configuration: Some(Configuration {
            level: match rule.severity {
                Level::Off => "none",
                Level::Info => "note",
                Level::Warning => "warning",
                Level::Error => "error",
            },
        }),
        properties: Some(Tags { tags: vec![family] }),
    }
}

fn result_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn region(r: &Report, chars: &mut CharCounter, loc: Loc) -> Region {
    let start = r.start(loc);
    let end = r.end(loc);
    let char_offset = chars.chars_before(loc.file as usize, loc.span.start as usize);
    let text = r.file(loc).text.as_bytes();
    let a = (loc.span.start as usize).min(text.len());
    let b = (loc.span.end as usize).clamp(a, text.len());
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        char_offset,
        char_length: count_chars(&text[a..b]),
    }
}

/// Code points in UTF-8 bytes: every byte that does not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Code points before a byte offset, per file. Findings come sorted by offset, so each
/// file keeps a cursor and counting is linear; ASCII files need no counting at all.
struct CharCounter<'r> {
    texts: Vec<&'r [u8]>,
    ascii: Vec<Option<bool>>,
    cursor: Vec<(usize, usize)>,
}

impl<'r> CharCounter<'r> {
    fn new(r: &'r Report) -> Self {
        let n = r.files.len();
        CharCounter {
            texts: r.files.iter().map(|f| f.text.as_bytes()).collect(),
            ascii: vec![None; n],
            cursor: vec![(0, 0); n],
        }
    }

    fn chars_before(&mut self, file: usize, offset: usize) -> usize {
        let text = self.texts[file];
        let offset = offset.min(text.len());
        if *self.ascii[file].get_or_insert_with(|| text.is_ascii()) {
            return offset;
        }
        let (from, count) = match self.cursor[file] {
            (byte, count) if byte <= offset => (byte, count),
            _ => (0, 0),
        };
        let count = count + count_chars(&text[from..offset]);
        self.cursor[file] = (offset, count);
        count
    }
}

/// The artifact location of a file: relative to `cwd` under `%SRCROOT%` when it lies
/// inside it, else an absolute `file://` URI.
fn file_uri(path: &Path, cwd: Option<&Path>) -> FileUri {
    let Some(cwd) = cwd else {
        let rel = slash_path(path);
        return if path.is_absolute() {
            FileUri {
                artifact: ArtifactLocation {
                    uri: absolute_uri(path),
                    uri_base_id: None,
                },
                rel_path: rel,
            }
        } else {
            FileUri {
                artifact: ArtifactLocation {
                    uri: encode_path(&rel),
                    uri_base_id: Some(SRCROOT),
                },
                rel_path: rel,
            }
        };
    };
    let absolute = lexical_normalize(&cwd.join(path));
    match absolute.strip_prefix(cwd) {
        Ok(rel) => {
            let rel = slash_path(rel);
            FileUri {
                artifact: ArtifactLocation {
                    uri: encode_path(&rel),
                    uri_base_id: Some(SRCROOT),
                },
                rel_path: rel,
            }
        }
        Err(_) => FileUri {
            artifact: ArtifactLocation {
                uri: absolute_uri(&absolute),
                uri_base_id: None,
            },
            rel_path: relative_outside(&absolute, cwd),
        },
    }
}

use crate::load::walk::lexical_normalize;

/// `../other/org.yaml`: a path outside `cwd` relative to it (both normalised), `/`-separated,
/// or the whole path when they share no root (another Windows drive).
fn relative_outside(path: &Path, cwd: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let c: Vec<Component> = cwd.components().collect();
    let common = p.iter().zip(&c).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return slash_path(path);
    }
    let ups = std::iter::repeat_n("..", c.len() - common).map(str::to_owned);
    let rest = p[common..]
        .iter()
        .map(|x| x.as_os_str().to_string_lossy().into_owned());
    ups.chain(rest).collect::<Vec<_>>().join("/")
}

/// Path components joined with `/` (the root and any Windows prefix dropped).
fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_owned()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `file:///abs/path`, with a Windows drive kept as `file:///C:/...`.
fn absolute_uri(path: &Path) -> String {
    let drive = path.components().find_map(|c| match c {
        Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
        _ => None,
    });
    let mut uri = String::from("file:///");
    if let Some(d) = drive {
        uri.push_str(&d);
        uri.push('/');
    }
    uri.push_str(&encode_path(&slash_path(path)));
    uri
}

/// Percent-encodes every byte of a `/`-separated path except RFC 3986 unreserved
/// characters and the separators.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Counts, Finding, Label};
    use crate::load::SourceFile;
    use crate::render::testing::{finding, source, span_of};
    use serde_json::Value;

    const ORG: &str = "people:\n  - id: zoë\n    name: Zoë Ångström\n    roles: [po]\n";
    const JD: &str = "# Product Owner\n\n- Own the pricing\n";

    fn fixture() -> (Vec<SourceFile>, Vec<Finding>) {
        let files = vec![
            source("org/main org.yaml", ORG),
            source("./jobs/../jobs/po.jd.md", JD),
        ];
        let mut error = finding("S001", Severity::Error, 0, span_of(ORG, "Ångström"));
        error.help = "fix it".into();
        error.primary_label = "here".into();
        error.labels.push(Label {
            loc: Loc {
                file: 1,
                span: span_of(JD, "Own the pricing"),
            },
            message: "also claimed here".into(),
        });
        let warning = finding("O002", Severity::Warning, 0, span_of(ORG, "[po]"));
        let info = finding("ACME001", Severity::Info, 1, span_of(JD, "pricing"));
        let mut findings = vec![error, warning, info];
        super::super::sort(&mut findings, &files);
        (files, findings)
    }

    fn render_value(files: &[SourceFile], findings: &[Finding], notes: &[String]) -> Value {
        let report = Report {
            files,
            findings,
            counts: Counts::of(findings),
            notes,
            statistics: None,
            context: &[],
        };
        let mut out = Vec::new();
        render_from(&report, &mut out, Some(Path::new("/work/my repo"))).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn assert_valid(doc: &Value) {
        let schema: Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-2.1.0.json"
        )))
        .unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
        let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF does not validate:\n{}",
            errors.join("\n")
        );
    }

    #[test]
    fn validates_against_the_official_schema() {
        let (files, findings) = fixture();
        let notes = vec!["cross-file rules skipped".to_owned()];
        assert_valid(&render_value(&files, &findings, &notes));
        assert_valid(&render_value(&files, &[], &[]));
    }

    #[test]
    fn run_driver_and_rules() {
        let (files, findings) = fixture();
        let doc = render_value(&files, &findings, &[]);
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/my%20repo/"
        );
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "rolelint");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), catalog().rules().count() + 1);
        let s001 = rules.iter().find(|r| r["id"] == "S001").unwrap();
        let rule = catalog().rule("S001");
        assert_eq!(s001["name"], rule.name.as_str());
        assert_eq!(s001["shortDescription"]["text"], rule.summary.trim());
        assert_eq!(s001["properties"]["tags"][0], "structure");
        assert_eq!(
            s001["helpUri"],
            format!(
                "{}/blob/main/docs/rules/S001-{}.md",
                env!("CARGO_PKG_REPOSITORY"),
                rule.name
            )
        );
        let custom = rules.last().unwrap();
        assert_eq!(custom["id"], "ACME001");
        assert_eq!(custom["name"], "ACME001");
        for result in run["results"].as_array().unwrap() {
            let i = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], result["ruleId"]);
        }
        let off = catalog().rules().find(|r| r.severity == Level::Off);
        if let Some(off) = off {
            let d = rules.iter().find(|r| r["id"] == off.code.as_str()).unwrap();
            assert_eq!(d["defaultConfiguration"]["level"], "none");
        }
    }

    #[test]
    fn results_regions_and_fingerprints() {
        let (files, findings) = fixture();
        let doc = render_value(&files, &findings, &[]);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        // Sorted by display path: the job description first.
        let levels: Vec<&str> = results
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["note", "error", "warning"]);

        let error = &results[1];
        assert_eq!(error["ruleId"], "S001");
        assert_eq!(error["message"]["text"], "S001 message\nfix it");
        let loc = &error["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "org/main%20org.yaml");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(error["locations"][0]["message"]["text"], "here");
        let region = &loc["region"];
        // "    name: Zoë Ångström": the ë before the span is one code point (two bytes).
        let line_start = ORG.find("    name").unwrap();
        let byte_start = ORG.find("Ångström").unwrap();
        assert_eq!(region["startLine"], 3);
        assert_eq!(region["startColumn"], 15);
        assert_eq!(region["endLine"], 3);
        assert_eq!(region["endColumn"], 23);
        assert_eq!(region["charOffset"], ORG[..byte_start].chars().count());
        assert_eq!(region["charOffset"], byte_start - 2);
        assert_eq!(region["charOffset"], line_start - 1 + 14);
        assert_eq!(region["charLength"], 8);

        let related = &error["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(related["message"]["text"], "also claimed here");
        let rloc = &related["physicalLocation"];
        assert_eq!(rloc["artifactLocation"]["uri"], "jobs/po.jd.md");
        assert_eq!(rloc["region"]["startLine"], 3);
        assert_eq!(rloc["region"]["startColumn"], 3);
        assert_eq!(rloc["region"]["charOffset"], JD.find("- Own").unwrap() + 2);
        assert_eq!(rloc["region"]["charLength"], 15);

        assert_eq!(
            error["partialFingerprints"]["rolelint/v2"],
            fingerprint("org/main org.yaml", "S001", "subject of S001", 0)
        );
        assert_eq!(
            results[0]["partialFingerprints"]["rolelint/v2"],
            fingerprint("jobs/po.jd.md", "ACME001", "subject of ACME001", 0)
        );
        // The warning after the error in the same file: the cursor moved forward.
        let wregion = &results[2]["locations"][0]["physicalLocation"]["region"];
        let wbyte = ORG.find("[po]").unwrap();
        assert_eq!(wregion["charOffset"], ORG[..wbyte].chars().count());
        assert_eq!(wregion["startLine"], 4);
        assert_eq!(wregion["startColumn"], 12);
        assert!(results[2].get("relatedLocations").is_none());
    }

    #[test]
    fn uris() {
        let cwd = Some(Path::new("/repo"));
        let u = file_uri(Path::new("a b/zoë#1.yaml"), cwd);
        assert_eq!(u.artifact.uri, "a%20b/zo%C3%AB%231.yaml");
        assert_eq!(u.rel_path, "a b/zoë#1.yaml");
        let u = file_uri(Path::new("/repo/./x/../org.yaml"), cwd);
        assert_eq!(u.artifact.uri, "org.yaml");
        assert_eq!(u.artifact.uri_base_id, Some(SRCROOT));
        let u = file_uri(Path::new("../other/org.yaml"), cwd);
        assert_eq!(u.artifact.uri, "file:///other/org.yaml");
        assert_eq!(u.artifact.uri_base_id, None);
        assert_eq!(u.rel_path, "../other/org.yaml");
        assert_eq!(
            lexical_normalize(Path::new("../../a/./b/..")),
            Path::new("../../a")
        );
        assert_eq!(lexical_normalize(Path::new("/../a")), Path::new("/a"));
        let u = file_uri(Path::new("org.yaml"), None);
        assert_eq!(u.artifact.uri, "org.yaml");
    }
}
