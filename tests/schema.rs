//! The JSON Schemas of the org file and of `rolelint.yaml` (src/schema.rs): checked in and
//! current, valid draft 2020-12, in step with the loaders' key tables, accepting every org
//! file of the repository that loads cleanly and rejecting those with S002/S007.

mod common;

use rolelint::config::Settings;
use rolelint::load::yaml::{Entity, RawBacklog, RawPerson, RawProduct, RawTeam, TOP_KEYS};
use rolelint::schema::{render, schema, Which};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn validator(which: Which) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(which)).expect("the schema compiles")
}

/// YAML read as JSON, as an editor's YAML language server does (YAML 1.2 core schema).
fn yaml_to_json(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str::<Option<Value>>(text)
        .map(|v| v.unwrap_or(Value::Null))
        .map_err(|e| e.to_string())
}

fn problems(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn checked_in_schemas_are_current() {
    let root = common::root();
    let mut stale = Vec::new();
    for which in [Which::Org, Which::Config] {
        let on_disk = std::fs::read_to_string(root.join(which.path())).unwrap_or_default();
        if on_disk != render(which) {
            stale.push(which.path());
        }
    }
    assert!(
        stale.is_empty(),
        "{} differ from what src/schema.rs generates; regenerate with:\n  \
cargo run --quiet -- schema org > schema/org.schema.json && cargo run --quiet -- schema config > schema/config.schema.json",
        stale.join(" and ")
    );
}

#[test]
fn schemas_are_draft_2020_12_and_valid() {
    for which in [Which::Org, Which::Config] {
        let s = schema(which);
        assert_eq!(s["$schema"], DRAFT);
        assert_eq!(s["$id"], Value::String(rolelint::schema::url(which)));
        jsonschema::draft202012::meta::validate(&s)
            .unwrap_or_else(|e| panic!("{}: {e}", which.path()));
    }
}

fn keys(props: &Value) -> BTreeSet<String> {
    props
        .as_object()
        .expect("properties is a map")
        .keys()
        .cloned()
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn org_schema_properties_are_the_loader_key_tables() {
    let s = schema(Which::Org);
    assert_eq!(keys(&s["properties"]), set(TOP_KEYS), "top level");
    let places: [(&str, &[&str]); 4] = [
        ("Product", RawProduct::KNOWN),
        ("Team", RawTeam::KNOWN),
        ("Backlog", RawBacklog::KNOWN),
        ("Person", RawPerson::KNOWN),
    ];
    for (def, known) in places {
        assert_eq!(keys(&s["$defs"][def]["properties"]), set(known), "{def}");
        assert_eq!(
            s["$defs"][def]["additionalProperties"],
            Value::Bool(false),
            "{def}"
        );
    }
    assert_eq!(s["additionalProperties"], Value::Bool(false));
}

/// Every property of every object in the schema says what it is for.
fn undocumented(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (k, p) in props {
                    if p.get("description")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                    {
                        out.push(format!("{path}/properties/{k}"));
                    }
                }
            }
            for (k, item) in map {
                undocumented(item, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| undocumented(x, &format!("{path}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn every_field_has_a_description() {
    for which in [Which::Org, Which::Config] {
        let mut missing = Vec::new();
        undocumented(&schema(which), "#", &mut missing);
        // Option maps inside a rule entry repeat `severity`; everything else is described.
        missing.retain(|p| !p.ends_with("/properties/severity"));
        assert!(
            missing.is_empty(),
            "{}: no description at {missing:?}",
            which.path()
        );
    }
}

fn org_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if p.is_dir() {
            org_files(&p, out);
        } else if name.ends_with(".org.yaml")
            || name.ends_with(".org.yml")
            || name == "org.yaml"
            || name == "org.yml"
        {
            out.push(p);
        }
    }
}

#[test]
fn schema_accepts_clean_org_files_and_rejects_s002_s007() {
    let v = validator(Which::Org);
    let root = common::root();
    let mut files = Vec::new();
    org_files(&root.join("examples"), &mut files);
    org_files(&root.join("tests"), &mut files);
    files.sort();
    let (mut accepted, mut rejected, mut failures) = (0, 0, Vec::new());
    for f in &files {
        let rel = common::rel(f);
        let outcome = common::lint_paths(&[rel.as_str()], &Settings::default());
        let codes: BTreeSet<String> = outcome
            .findings
            .iter()
            .map(|x| x.code.clone())
            .filter(|c| c.starts_with('S'))
            .collect();
        if codes.contains("S001") {
            continue; // not YAML (or not UTF-8): nothing for a schema to say
        }
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let doc = yaml_to_json(&text);
        if codes.contains("S002") || codes.contains("S007") {
            if let Ok(doc) = &doc {
                if v.is_valid(doc) {
                    failures.push(format!("{rel}: has {codes:?} but the schema accepts it"));
                }
            }
            rejected += 1;
        } else {
            // Clean, or only problems of meaning (duplicates, dangling ids, loops, roles).
            match doc {
                Ok(doc) => {
                    let p = problems(&v, &doc);
                    if !p.is_empty() {
                        failures.push(format!(
                            "{rel}: loads without S002/S007 but the schema rejects it: {p:?}"
                        ));
                    }
                }
                Err(e) => failures.push(format!("{rel}: not readable as JSON: {e}")),
            }
            accepted += 1;
        }
    }
    assert!(
        accepted >= 40 && rejected >= 5,
        "{accepted} accepted, {rejected} rejected of {} files",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_s002_and_s007_fixture_is_rejected() {
    let v = validator(Which::Org);
    for code in ["S002", "S007"] {
        let dir = common::root().join("tests/fixtures").join(code);
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let doc = yaml_to_json(&text).unwrap_or_else(|err| panic!("{code}/{name}: {err}"));
            let valid = v.is_valid(&doc);
            if name.starts_with("fail") {
                assert!(!valid, "{code}/{name} is accepted by the schema");
                n += 1;
            } else {
                assert!(valid, "{code}/{name} is rejected: {:?}", problems(&v, &doc));
            }
        }
        assert!(n > 0);
    }
}

#[test]
fn org_schema_reads_ids_and_owner_as_the_loader_does() {
    let v = validator(Which::Org);
    let ok = |y: &str| v.is_valid(&yaml_to_json(y).unwrap());
    assert!(ok("backlogs:\n  - { id: b, owner: oli }\n"));
    assert!(ok("backlogs:\n  - { id: b, owner: [oli, ora] }\n"));
    assert!(
        ok("backlogs:\n  - { id: b, owner: }\n"),
        "an empty owner is O001, not a shape problem"
    );
    assert!(ok("people:\n  - { id: zoë.o_b-1, roles: [po] }\n"));
    assert!(ok("products:\n  - { id: p, complexity: high }\n"));
    assert!(ok(""), "an empty org file is an empty organisation");
    assert!(!ok("version: 2\n"));
    assert!(!ok("version: '1'\n"));
    assert!(!ok("people:\n  - { id: oli vier }\n"));
    assert!(!ok("people:\n  - { id: 42 }\n"));
    assert!(!ok("people:\n  - { name: no id }\n"));
    assert!(!ok("products:\n  - { id: p, complexity: extreme }\n"));
    assert!(
        !ok("teams:\n  - { id: t, members: oli }\n"),
        "a single id where a list is expected"
    );
    assert!(!ok("backlogs:\n  - { id: b, owner: { name: oli } }\n"));
    assert!(!ok("people:\n  - { id: p, reportsto: q }\n"));
}

#[test]
fn config_schema_matches_the_config_loader() {
    let v = validator(Which::Config);
    let s = schema(Which::Config);
    // The schema's own example uses every top-level key, validates, and loads.
    let example = &s["examples"][0];
    assert_eq!(
        keys(example),
        keys(&s["properties"]),
        "the example shows every key"
    );
    assert!(v.is_valid(example), "{:?}", problems(&v, example));
    let yaml = serde_json::to_string_pretty(example).unwrap(); // JSON is YAML
    rolelint::config::file::from_text(&yaml, Path::new("rolelint.yaml"))
        .unwrap_or_else(|e| panic!("the config loader rejects the schema's example: {e:?}"));
    // So do the starter config of `init` and the loader's own test configs.
    let starter = yaml_to_json(rolelint::commands::init::STARTER_CONFIG).unwrap();
    assert!(v.is_valid(&starter), "{:?}", problems(&v, &starter));
    // Keys the loader refuses, the schema refuses too.
    for bad in [
        "extendz: strict\n",
        "extends: strictest\n",
        "rules: { Z999: warning }\n",
        "rules: { R001: { min: 2, maxx: 3 } }\n",
        "rules: { O002: { min: 2 } }\n",
        "rules: { H001: false }\n",
        "custom: [{ code: S100, message: m, role: po, forbid: x, severity: error }]\n",
        "custom: [{ code: ACME001, message: m, role: po, severity: error }]\n",
        "limits: { max_file_size: lots }\n",
        "overrides: [{ rules: { T001: info } }]\n",
    ] {
        let doc = yaml_to_json(bad).unwrap();
        assert!(!v.is_valid(&doc), "the schema accepts {bad:?}");
        assert!(
            rolelint::config::file::from_text(bad, Path::new("rolelint.yaml")).is_err(),
            "the loader accepts {bad:?}"
        );
    }
}

#[test]
fn config_schema_knows_every_rule_by_code_and_name() {
    let s = schema(Which::Config);
    let table = keys(&s["$defs"]["RuleTable"]["properties"]);
    for r in rolelint::catalog::catalog().rules() {
        assert!(
            table.contains(&r.code) && table.contains(&r.name),
            "{} {}",
            r.code,
            r.name
        );
    }
}
