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
    // Inputs reach the scripts through `env:`, never pasted into a script (injection).
    for run in &runs {
        assert!(
            !run.contains("${{"),
            "an expression pasted into a script: {run}"
        );
    }
    let envs: Vec<String> = steps
        .iter()
        .filter_map(|s| s["env"].as_object())
        .flat_map(|e| e.values().filter_map(|v| v.as_str().map(String::from)))
        .collect();
    for input in ["paths", "format", "args", "sarif"] {
        assert!(
            envs.iter().any(|v| v.contains(&format!("inputs.{input}"))),
            "{input} is passed through env"
        );
    }
    // One lint: the SARIF file comes from the same run as the log.
    let lints = runs.iter().filter(|r| r.contains("rolelint check")).count();
    assert_eq!(lints, 1, "{runs:?}");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.contains(&"github/codeql-action/upload-sarif@v4"),
        "{uses:?}"
    );
    // The binary is saved even when the lint fails, under a key that changes with the
    // action's sources, the runner's OS and architecture.
    let save = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/cache/save@v4"))
        .expect("a cache save step");
    assert!(save["if"].as_str().unwrap().contains("always()"));
    let key = save["with"]["key"].as_str().unwrap();
    for part in ["runner.os", "runner.arch", "steps.key.outputs.hash"] {
        assert!(key.contains(part), "cache key lacks {part}: {key}");
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
    assert_eq!(hook["require_serial"], true, "one process per organisation");
    // pre-commit runs `entry args... FILES` with the changed files: one changed file of the
    // split example organisation must lint clean, its references read from the others.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(&args)
        .arg("examples/org/business.org.yaml")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("S004"), "{stdout}");
    assert!(stdout.contains("in 1 file (3 read as context)"), "{stdout}");
}
