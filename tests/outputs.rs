//! Every output format on one run with an error, a warning and an info in two files
//! (snapshots), and SARIF validated against the official 2.1.0 schema for every fixture.

use std::process::Command;

fn check(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .arg("check")
        // The repository's rolelint.yaml excludes tests/: these fixtures are read without it.
        .arg("--no-config")
        .args(args)
        .output()
        .unwrap();
    let cwd = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(&cwd.to_string_lossy().to_string(), "<root>")
}

const TWO_FILES: &[&str] = &[
    "tests/orgs/mixed-problems.org.yaml",
    "examples/org/business.org.yaml",
];

#[test]
fn every_format_on_two_files() {
    for format in ["human", "json", "sarif", "github", "junit"] {
        let mut args = vec!["--format", format];
        args.extend(TWO_FILES);
        let out = check(&args);
        assert!(
            out.contains("error") || out.contains("Error"),
            "{format}: {out}"
        );
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
}

#[test]
fn sarif_of_every_fixture_validates() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut paths: Vec<String> = dirs
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .collect();
    paths.push("examples".into());
    let out = check(
        &[
            &["--format", "sarif"],
            &paths.iter().map(|s| s.as_str()).collect::<Vec<_>>()[..],
        ]
        .concat(),
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| e.to_string())
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(doc["runs"][0]["results"].as_array().unwrap().len() > 50);
}

#[test]
fn junit_is_well_formed_xml() {
    let mut args = vec!["--format", "junit"];
    args.extend(TWO_FILES);
    let out = check(&args);
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(_) => depth += 1,
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert!(out.contains("<testsuite") && out.contains("<failure"));
}
