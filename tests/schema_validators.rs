//! The schemas work in every validator (issue 19, item 10): Python's `jsonschema` and
//! `check-jsonschema` accept them and agree with the Rust validator (and with JavaScript's
//! regexes, with and without the `u` flag, when `node` is installed) on which ids are valid.
//!
//! The Python tools live in a venv under target/, from a pinned list:
//!   python3 -m venv target/pyenv && target/pyenv/bin/pip install -r tests/python/requirements.lock
//! (`.ci/run` does this). Without the venv the test is skipped locally and fails in CI
//! (`CI` set), so a CI run never passes without having checked.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's bin directory; its absence fails the test.
fn venv_bin() -> PathBuf {
    let bin = std::env::var_os("ROLELINT_PYENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/pyenv"))
        .join("bin");
    if bin.join("python").exists() && bin.join("check-jsonschema").exists() {
        return bin;
    }
    let how = "python3 -m venv target/pyenv && target/pyenv/bin/pip install -r tests/python/requirements.lock";
    panic!(
        "no Python validators in {}; install them with:\n  {how}",
        bin.display()
    );
}

/// Ids to try: accepted and rejected by the loader, in several scripts.
const SAMPLES: &[&str] = &[
    "alice",
    "zoë",
    "株式会社",
    "a-b_c.d",
    "Ω9",
    "x",
    "a b",
    "a/b",
    "a:b",
    "",
    "a\tb",
    "x@y",
    "[x]",
    "a,b",
    "a\"b",
    "a\\b",
    "é b",
];

/// What the loader accepts as an id (model: letters and digits of any script, `-_.`).
fn loader_accepts(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

fn org_with_id(id: &str) -> Value {
    serde_json::json!({ "version": 1, "people": [{ "id": id }] })
}

fn rust_verdicts() -> Vec<bool> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/org.schema.json")).unwrap(),
    )
    .unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    SAMPLES
        .iter()
        .map(|s| v.is_valid(&org_with_id(s)))
        .collect()
}

#[test]
#[ignore = "needs the Python validators in target/pyenv: run by .ci/run with --ignored"]
fn the_schemas_are_portable_across_validators() {
    let rust = rust_verdicts();
    for (s, ok) in SAMPLES.iter().zip(&rust) {
        if loader_accepts(s) {
            assert!(ok, "the schema rejects `{s}`, an id the loader accepts");
        }
        if s.is_ascii() {
            assert_eq!(
                *ok,
                loader_accepts(s),
                "schema and loader disagree on `{s}`"
            );
        }
    }

    // JavaScript, with and without the `u` flag (the schema's ECMA-262 dialect).
    if Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let script = "const fs=require('fs');const p=JSON.parse(fs.readFileSync(process.argv[1],'utf8'))['$defs'].Id.pattern;\
                      const s=JSON.parse(process.argv[2]);\
                      console.log(JSON.stringify([s.map(x=>x.length>0&&new RegExp(p).test(x)),s.map(x=>x.length>0&&new RegExp(p,'u').test(x))]))";
        let out = Command::new("node")
            .args(["-e", script])
            .arg(root().join("schema/org.schema.json"))
            .arg(serde_json::to_string(SAMPLES).unwrap())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let both: (Vec<bool>, Vec<bool>) = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(both.0, rust, "JavaScript without `u` disagrees");
        assert_eq!(both.1, rust, "JavaScript with `u` disagrees");
    }

    let bin = venv_bin();
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples.json");
    std::fs::write(&samples, serde_json::to_string(SAMPLES).unwrap()).unwrap();
    let out = Command::new(bin.join("python"))
        .arg(root().join("tests/python/validate_schemas.py"))
        .arg(root().join("schema"))
        .arg(&samples)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "Python jsonschema rejects a schema:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let python: Vec<bool> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        python, rust,
        "Python jsonschema and the Rust validator disagree on {SAMPLES:?}"
    );

    // check-jsonschema: the schemas against the metaschema, the examples against the schema,
    // and a wrong id caught.
    let check = |args: &[&Path]| {
        Command::new(bin.join("check-jsonschema"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let out = check(&[
        Path::new("--check-metaschema"),
        Path::new("schema/org.schema.json"),
        Path::new("schema/config.schema.json"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples/org"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    let mut args: Vec<&Path> = vec![
        Path::new("--schemafile"),
        Path::new("schema/org.schema.json"),
    ];
    args.extend(examples.iter().map(PathBuf::as_path));
    let out = check(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bad = dir.path().join("bad.org.yaml");
    std::fs::write(&bad, "version: 1\npeople:\n  - id: a b\n").unwrap();
    let out = check(&[
        Path::new("--schemafile"),
        Path::new("schema/org.schema.json"),
        &bad,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
