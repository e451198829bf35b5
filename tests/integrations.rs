//! The GitHub Action and the pre-commit hook: they parse, name what exists, and the hook's
//! command runs the binary successfully on the examples.

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

#[test]
fn action_has_its_inputs_and_runs_check() {
    let action = yaml("action.yml");
    for input in ["paths", "format", "args", "sarif"] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs
        .iter()
        .any(|r| r.contains("cargo install --locked --path")));
    for input in ["paths", "format", "args"] {
        assert!(
            runs.iter().any(|r| r.contains(&format!("inputs.{input}"))),
            "{input} is used"
        );
    }
}

#[test]
fn pre_commit_hook_runs_on_the_examples() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks.as_array().unwrap()[0];
    assert_eq!(hook["id"], "rolelint");
    assert_eq!(hook["language"], "rust");
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for f in [
        "org/people.org.yaml",
        "org.yml",
        "jobs/po.jd.md",
        "a/b/c.jd.txt",
    ] {
        assert!(files.is_match(f), "{f}");
    }
    assert!(!files.is_match("rolelint.yaml"));
    assert_eq!(hook["entry"], "rolelint");
    let args: Vec<String> = hook["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    // Captured, so `cargo test` stays quiet; shown only when the hook fails.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .arg("examples/")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty(), "the hook prints its report");
}
