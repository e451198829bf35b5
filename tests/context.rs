//! Whole-organisation context: linting some files of an organisation gives the findings
//! that linting all of them gives for those files, whichever files a run names, however it
//! names them, and whatever one broken file does.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn rolelint(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("ROLELINT_TODAY")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The diagnostics of a JSON report whose primary span is in `file`.
fn about(doc: &Value, file: &str) -> Vec<Value> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .cloned()
        .collect()
}

fn codes(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn one_file_of_the_examples_reads_the_others_as_context() {
    let whole = rolelint(repo(), &["check", "--format", "json", "examples/"], None);
    let whole = json(&whole);
    for file in [
        "examples/org/business.org.yaml",
        "examples/org/leadership.org.yaml",
        "examples/org/operations.org.yaml",
        "examples/org/rider.org.yaml",
    ] {
        let alone = rolelint(repo(), &["check", "--format", "json", file], None);
        assert_eq!(alone.status.code(), Some(0), "{file}");
        let alone = json(&alone);
        assert_eq!(about(&alone, file), about(&whole, file), "{file}");
        assert_eq!(alone["summary"]["files"], 1);
        assert_eq!(alone["summary"]["context_files"], 3);

        let text = std::fs::read(repo().join(file)).unwrap();
        let piped = rolelint(
            repo(),
            &["check", "--format", "json", "-", "--stdin-filename", file],
            Some(&text),
        );
        assert_eq!(piped.status.code(), Some(0), "{file} on stdin");
        assert_eq!(about(&json(&piped), file), about(&whole, file), "{file}");
    }
}

#[test]
fn human_summary_counts_the_context() {
    let out = rolelint(repo(), &["check", "examples/org/business.org.yaml"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end()
            .ends_with("0 errors, 1 warning, 0 infos in 1 file (3 read as context)"),
        "{text}"
    );
}

#[test]
fn each_file_is_linted_once_however_it_is_named() {
    let whole = json(&rolelint(
        repo(),
        &["check", "--format", "json", "examples/"],
        None,
    ));
    for args in [
        &["examples/", "examples/org/"][..],
        &["examples", "./examples/org", "examples/org/rider.org.yaml"],
    ] {
        let mut all = vec!["check", "--format", "json"];
        all.extend(args);
        assert_eq!(json(&rolelint(repo(), &all, None)), whole, "{args:?}");
    }
    #[cfg(unix)]
    {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "org/a.org.yaml",
            "people:\n  - { id: pam, roles: [product-manager] }\n",
        );
        std::os::unix::fs::symlink(d.path().join("org"), d.path().join("link")).unwrap();
        let out = json(&rolelint(
            d.path(),
            &[
                "check",
                "--format",
                "json",
                "org",
                "link",
                "./org/a.org.yaml",
            ],
            None,
        ));
        assert_eq!(out["summary"]["files"], 1, "{out}");
        assert!(!codes(&out).contains(&"S003".to_string()), "{out}");
    }
}

/// An organisation of `n` people split across `files` files, with references between
/// files and problems whose findings depend on other files: a duplicate id, a dangling
/// reference, a reporting cycle, a PO with a PM elsewhere, a backlog owned from elsewhere.
fn split_org(dir: &Path, files: usize, n: usize) {
    let mut parts: Vec<String> = vec![String::new(); files];
    let f = |i: usize| i % files;
    let mut people = vec![String::new(); files];
    let mut products = vec![String::new(); files];
    let mut teams = vec![String::new(); files];
    let mut backlogs = vec![String::new(); files];
    for i in 0..n {
        let pm = i % 7 == 0;
        let po = i % 7 == 1;
        let roles = match (pm, po) {
            (true, _) => "[product-manager]",
            (_, true) => "[product-owner]",
            _ => "[engineer]",
        };
        let boss = if i == 0 { n - 1 } else { (i * 3) / 4 };
        let duty = if po && i % 3 == 0 {
            "Own the pricing strategy and the market analysis"
        } else if po {
            "Keep the backlog ordered and write user stories"
        } else {
            "Build and run the services"
        };
        people[f(i * 5 + 1)].push_str(&format!(
            "  - id: p{i}\n    roles: {roles}\n    reports_to: p{boss}\n    responsibilities: [{duty}]\n"
        ));
        if pm {
            let product = i / 7;
            products[f(i)].push_str(&format!("  - {{ id: prod{product}, managers: [p{i}] }}\n"));
            teams[f(i + 2)].push_str(&format!(
                "  - {{ id: team{product}, product: prod{product}, members: [p{}, p{}, p{}] }}\n",
                i + 1,
                (i + 2).min(n - 1),
                (i + 3).min(n - 1)
            ));
            backlogs[f(i + 3)].push_str(&format!(
                "  - {{ id: bl{product}, product: prod{product}, teams: [team{product}], owner: p{} }}\n",
                (i + 1).min(n - 1)
            ));
        }
    }
    // A duplicate id in two files, and a reference that names nothing.
    people[f(3)].push_str("  - { id: p5, roles: [designer] }\n");
    people[f(11)].push_str("  - { id: lone, roles: [engineer], reports_to: nobody-here }\n");
    for (k, part) in parts.iter_mut().enumerate() {
        for (section, body) in [
            ("products", &products[k]),
            ("teams", &teams[k]),
            ("backlogs", &backlogs[k]),
            ("people", &people[k]),
        ] {
            if !body.is_empty() {
                part.push_str(&format!("{section}:\n{body}"));
            }
        }
        write(dir, &format!("org/part-{k:02}.org.yaml"), part);
    }
    write(dir, "rolelint.yaml", "extends: recommended\n");
}

#[test]
fn partial_runs_of_a_split_org_match_the_whole_run() {
    let d = tempfile::tempdir().unwrap();
    split_org(d.path(), 20, 300);
    let whole = json(&rolelint(
        d.path(),
        &["check", "--format", "json", "org"],
        None,
    ));
    let all = codes(&whole);
    for code in ["S003", "S004", "S005", "T001"] {
        assert!(all.iter().any(|c| c == code), "{code} in {all:?}");
    }
    let mut seen = 0;
    for k in 0..20 {
        let file = format!("org/part-{k:02}.org.yaml");
        let alone = json(&rolelint(
            d.path(),
            &["check", "--format", "json", &file],
            None,
        ));
        let expected = about(&whole, &file);
        seen += expected.len();
        assert_eq!(about(&alone, &file), expected, "{file}");
        assert_eq!(
            alone["diagnostics"].as_array().unwrap().len(),
            expected.len()
        );
        assert_eq!(alone["summary"]["context_files"], 19);
    }
    assert_eq!(seen, whole["diagnostics"].as_array().unwrap().len());
    // Two files named in either order, from a folder below the config: the same answers.
    let a = "part-07.org.yaml";
    let b = "part-03.org.yaml";
    let both = json(&rolelint(
        &d.path().join("org"),
        &["check", "--format", "json", a, b],
        None,
    ));
    let reversed = json(&rolelint(
        &d.path().join("org"),
        &["check", "--format", "json", b, a],
        None,
    ));
    assert_eq!(both, reversed);
    for f in [a, b] {
        let mut expected = about(&whole, &format!("org/{f}"));
        // Shown from where the run started: `org/` is the working directory here.
        for e in &mut expected {
            e["file"] = Value::from(f);
        }
        assert_eq!(about(&both, f).len(), expected.len(), "{f}");
    }
}

#[test]
fn no_context_and_no_config_lint_only_the_given_files() {
    let d = tempfile::tempdir().unwrap();
    split_org(d.path(), 4, 40);
    let file = "org/part-00.org.yaml";
    for flag in ["--no-context", "--no-config"] {
        let out = json(&rolelint(
            d.path(),
            &["check", "--format", "json", flag, file],
            None,
        ));
        assert!(codes(&out).contains(&"S004".to_string()), "{flag}: {out}");
        assert!(out["summary"].get("context_files").is_none());
    }
    // Without a config, the summary says why the references look dangling.
    let out = rolelint(d.path(), &["check", "--no-config", file], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("seems split across files"), "{text}");
    assert!(text.contains("rolelint.yaml"), "{text}");
    // ... and says nothing when the folder holds nothing else.
    let lone = tempfile::tempdir().unwrap();
    write(
        lone.path(),
        "a.org.yaml",
        "people:\n  - { id: a, reports_to: nobody }\n",
    );
    let out = rolelint(lone.path(), &["check", "a.org.yaml"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("S004") && !text.contains("split"), "{text}");
}

#[test]
fn the_config_is_found_from_the_folder_of_the_given_files() {
    let d = tempfile::tempdir().unwrap();
    split_org(&d.path().join("company"), 4, 40);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = d.path().join("company/org/part-01.org.yaml");
    let out = json(&rolelint(
        elsewhere.path(),
        &["check", "--format", "json", file.to_str().unwrap()],
        None,
    ));
    assert_eq!(out["summary"]["context_files"], 3, "{out}");
    assert!(!codes(&out).contains(&"S004".to_string()), "{out}");
}

#[test]
fn stdin_replaces_the_file_of_the_same_name() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "rolelint.yaml", "extends: recommended\n");
    write(
        d.path(),
        "org/people.org.yaml",
        "people:\n  - { id: pam, roles: [product-manager], reports_to: nobody }\n",
    );
    write(
        d.path(),
        "org/products.org.yaml",
        "products:\n  - { id: shop, managers: [pam] }\n",
    );
    let fixed = b"people:\n  - { id: pam, roles: [product-manager] }\n";
    // `--stdin-filename` alone reads standard input, as ruff does.
    let out = rolelint(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "org/people.org.yaml",
        ],
        Some(fixed),
    );
    let doc = json(&out);
    assert!(!codes(&doc).contains(&"S004".to_string()), "{doc}");
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(doc["summary"]["context_files"], 1);
    // With paths but no `-`, the name would be ignored: refused instead.
    let out = rolelint(
        d.path(),
        &["check", "--stdin-filename", "org/people.org.yaml", "org"],
        Some(fixed),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add `-`"));
}

#[test]
fn a_named_file_the_config_excludes_is_not_linted_and_passes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "rolelint.yaml", "exclude: ['archive/**']\n");
    write(
        d.path(),
        "archive/old.org.yaml",
        "people:\n  - { id: a, reports_to: nobody }\n",
    );
    write(d.path(), "org/a.org.yaml", "people:\n  - { id: b }\n");
    let out = rolelint(d.path(), &["check", "archive/old.org.yaml"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("excluded"), "{text}");
    assert!(text.contains("archive/old.org.yaml"), "{text}");
    assert!(!text.contains("S004"), "{text}");
}

/// A folder with a file indented with a tab and a valid file with a T001.
fn broken_and_valid(dir: &Path) {
    write(
        dir,
        "tab.org.yaml",
        "people:\n  - id: pam\n\troles: [product-manager]\n",
    );
    write(
        dir,
        "valid.org.yaml",
        "products:\n  - { id: shop, managers: [pam] }\nteams:\n  - { id: t, product: shop, members: [otto] }\n\
backlogs:\n  - { id: b, product: shop, teams: [t], owner: otto }\n\
people:\n  - { id: otto, roles: [product-owner], reports_to: pam, responsibilities: [Own the pricing strategy for the market] }\n",
    );
}

#[test]
fn a_file_that_does_not_parse_never_silences_the_linter() {
    let d = tempfile::tempdir().unwrap();
    broken_and_valid(d.path());
    let out = rolelint(
        d.path(),
        &["check", "--format", "json", "--select", "T001", "."],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let mut found = codes(&doc);
    found.sort();
    assert_eq!(found, ["S001", "T001"], "{doc}");
    // The references into the broken file are not reported, but counted.
    let out = json(&rolelint(
        d.path(),
        &["check", "--format", "json", "."],
        None,
    ));
    assert!(!codes(&out).contains(&"S004".to_string()), "{out}");
    let notes = out["summary"]["notes"].to_string();
    assert!(notes.contains("2 references"), "{notes}");
    // No selection, config or suppression turns S001 off.
    write(d.path(), "rolelint.yaml", "rules: { S001: off }\n");
    for args in [&["--ignore", "S001"][..], &["--ignore", "S"], &[]] {
        let mut all = vec!["check", "--format", "json", "."];
        all.extend(args);
        let out = rolelint(d.path(), &all, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(codes(&json(&out)).contains(&"S001".to_string()), "{args:?}");
    }
}

#[test]
fn a_baseline_never_hides_a_file_that_does_not_parse() {
    let d = tempfile::tempdir().unwrap();
    broken_and_valid(d.path());
    let written = rolelint(
        d.path(),
        &["check", "--write-baseline", "base.yaml", "tab.org.yaml"],
        None,
    );
    assert_eq!(written.status.code(), Some(0));
    let out = rolelint(
        d.path(),
        &["check", "--format", "json", "--baseline", "base.yaml", "."],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let found = codes(&json(&out));
    assert!(found.contains(&"S001".to_string()), "{found:?}");
    assert!(found.contains(&"T001".to_string()), "{found:?}");
}

#[test]
fn sarif_comes_from_the_same_run_as_the_log() {
    let d = tempfile::tempdir().unwrap();
    broken_and_valid(d.path());
    let out = rolelint(
        d.path(),
        &["check", "--format", "github", "--sarif", "out.sarif", "."],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error"));
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out.sarif")).unwrap()).unwrap();
    let ids: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"S001") && ids.contains(&"T001"), "{ids:?}");
}
