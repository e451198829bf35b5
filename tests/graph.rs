//! `rolelint graph`: snapshots of both formats on `examples/`, Graphviz accepting the DOT
//! output (when `dot` is installed), Mermaid labels that no id or name can break out of,
//! `--focus`, `-o`, and the exit codes.

use regex::Regex;
use std::process::{Command, Output};

const ESCAPING: &str = "tests/orgs/graph-escaping.org.yaml";

fn rolelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("ROLELINT_TODAY")
        .args(args)
        .output()
        .unwrap()
}

/// `rolelint graph --no-config ARGS`: stdout, asserting exit 0.
fn graph(args: &[&str]) -> String {
    let mut all = vec!["graph", "--no-config"];
    all.extend(args);
    let out = rolelint(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "graph {args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn graph_snapshots_of_examples() {
    let mermaid = graph(&["examples/"]);
    assert!(mermaid.starts_with("flowchart LR\n"));
    insta::assert_snapshot!("graph_examples_mermaid", mermaid);
    let dot = graph(&["examples/", "--format", "dot"]);
    assert!(dot.starts_with("digraph rolelint {\n"));
    insta::assert_snapshot!("graph_examples_dot", dot);
    // The example's problems are drawn: T001 (warning) on Björn, H001 on Priya's reporting
    // line, O005 on Mei-Ling's ownership of the telemetry backlog.
    assert!(
        mermaid.contains(r#"("Björn Lindqvist<br/>bjorn-lindqvist · PO<br/>T001"):::warning"#),
        "{mermaid}"
    );
    assert!(
        mermaid.contains(r#"-.->|"reports to<br/>H001"|"#),
        "{mermaid}"
    );
    assert!(mermaid.contains(r#"-->|"owns<br/>O005"|"#), "{mermaid}");
}

#[test]
fn graph_snapshots_of_escaping() {
    insta::assert_snapshot!("graph_escaping_mermaid", graph(&[ESCAPING, "--all-people"]));
    insta::assert_snapshot!(
        "graph_escaping_dot",
        graph(&[ESCAPING, "--all-people", "--format", "dot"])
    );
}

/// Mermaid entity codes back to text (`#quot;`, `#35;`).
fn decode_mermaid(label: &str) -> String {
    let entity = Regex::new(r"#(\w+);").unwrap();
    entity
        .replace_all(label, |c: &regex::Captures| match &c[1] {
            "quot" => "\"".to_string(),
            "amp" => "&".to_string(),
            "lt" => "<".to_string(),
            "gt" => ">".to_string(),
            n => char::from_u32(n.parse().expect("a named or decimal entity"))
                .unwrap()
                .to_string(),
        })
        .into_owned()
}

/// Every line of the flowchart is one statement of a known shape; node ids are synthetic;
/// no label holds a character that would end it or be read as markup. Returns the decoded
/// label lines of every node and edge.
fn mermaid_labels(out: &str) -> Vec<Vec<String>> {
    let node = Regex::new(
        r#"^([pbthl]\d+)(\[\(|\{\{|\[|\()"([^"]*)"(\)\]|\}\}|\]|\))(:::(error|warning|info))?$"#,
    )
    .unwrap();
    let edge = Regex::new(r#"^([pbth]\d+) (-->|-\.->)\|"([^"]*)"\| ([pbth]\d+)$"#).unwrap();
    let fixed = Regex::new(r"^(flowchart LR|end|%% .*|subgraph legend\[.Legend.\]|classDef (error|warning|info) [-a-z:#0-9,]+|linkStyle [0-9,]+ [-a-z:#0-9,]+)$").unwrap();
    let safe_entity = Regex::new(r"#(quot|amp|lt|gt|\d+);").unwrap();
    let mut labels = Vec::new();
    for line in out.lines() {
        let l = line.trim();
        let text = if let Some(c) = node.captures(l) {
            c[3].to_string()
        } else if let Some(c) = edge.captures(l) {
            c[3].to_string()
        } else {
            assert!(fixed.is_match(l), "a line of unknown shape: {line:?}");
            continue;
        };
        let bare = safe_entity
            .replace_all(&text.replace("<br/>", ""), "")
            .into_owned();
        for bad in ['"', '<', '>', '|', '`', '#', '&', '\n'] {
            assert!(
                !bare.contains(bad),
                "unescaped {bad:?} in the label of {line:?}"
            );
        }
        labels.push(text.split("<br/>").map(decode_mermaid).collect());
    }
    labels
}

#[test]
fn graph_mermaid_has_no_unescaped_id_or_name() {
    let out = graph(&[ESCAPING, "--all-people"]);
    let labels = mermaid_labels(&out);
    let all: Vec<String> = labels.into_iter().flatten().collect();
    // The real ids and names come back whole from the labels.
    for want in [
        r#"The "End" product; # not a comment"#,
        "product end",
        "product digraph",
        r#"<b>bold</b> & a|b [x] {y} (z) `code` %% \N back\slash"#,
        r#"Backlog "quoted" #quot; #35;"#,
        "backlog edge",
        "backlog style",
        "Équipe naïve 日本",
        "team node",
        "team x2",
        r#"Graph "G" Person"#,
        "graph · PM",
        "Sub <script>alert(1)</script>",
        "subgraph · PM",
        r#"Strict O'Neil \ "S""#,
        "strict · PO",
        "Zoë Müller 🚀",
        "zoë · PO",
        "classDef · PO",
        "o1 --> x; click o1 call alert()",
    ] {
        assert!(
            all.iter().any(|l| l == want),
            "no label line {want:?} in:\n{out}"
        );
    }
    // Keywords never stand as node ids.
    let ids = "(end|graph|subgraph|node|edge|digraph|strict|style|classDef|o1|x2|zoë)";
    let as_node = Regex::new(&format!(r"(?m)^[ \t]+{ids}(\[|\(|\{{| -->| -\.->)")).unwrap();
    let as_target = Regex::new(&format!(r"(?m)\| {ids}$")).unwrap();
    assert!(
        !as_node.is_match(&out) && !as_target.is_match(&out),
        "{out}"
    );
    // The examples (non-ASCII names) pass the same check.
    mermaid_labels(&graph(&["examples/", "--all-people"]));
    mermaid_labels(&graph(&["tests/orgs/mixed-problems.org.yaml"]));
}

/// Graphviz's SVG text back to text.
fn decode_svg(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
#[ignore = "needs Graphviz: run by .ci/run with --ignored"]
fn graph_dot_renders_with_graphviz() {
    assert!(
        Command::new("dot").arg("-V").output().is_ok(),
        "no Graphviz `dot`: `apt-get install graphviz`"
    );
    let cases: &[&[&str]] = &[
        &["examples/"],
        &["examples/", "--all-people"],
        &["examples/", "--focus", "rider-app"],
        &[ESCAPING],
        &[ESCAPING, "--all-people"],
        &["tests/orgs/mixed-problems.org.yaml"],
    ];
    let text = Regex::new(r"<text[^>]*>([^<]*)</text>").unwrap();
    for args in cases {
        let mut all = args.to_vec();
        all.extend(["--format", "dot"]);
        let dot = graph(&all);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "dot rejected the output of graph {args:?}: {stderr}\n{dot}"
        );
        assert!(
            !stderr.contains("Warning") && !stderr.contains("Error"),
            "dot complained about graph {args:?}: {stderr}"
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<String> = text
            .captures_iter(&svg)
            .map(|c| decode_svg(&c[1]))
            .collect();
        if args[0] == ESCAPING {
            for want in [
                r#"The "End" product; # not a comment"#,
                r#"<b>bold</b> & a|b [x] {y} (z) `code` %% \N back\slash"#,
                r#"Backlog "quoted" #quot; #35;"#,
                r#"owner: Strict O'Neil \ "S""#,
                "Équipe naïve 日本",
                "PM: Sub <script>alert(1)</script>",
            ] {
                assert!(
                    lines.iter().any(|l| l == want),
                    "no SVG text {want:?} in {lines:?}"
                );
            }
        }
    }
}

#[test]
fn graph_focus_draws_a_neighbourhood() {
    // A product: its PM, backlogs, their owners and teams; nothing of other products.
    let out = graph(&["examples/", "--focus", "rider-app"]);
    for want in [
        "product rider-app",
        "Tomás Ribeiro",
        "backlog journeys-backlog",
        "team tickets",
        "Léa Fontaine",
        "Chiara Esposito",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    for gone in ["business-accounts", "fleet-console", "Björn", "Ingrid"] {
        assert!(!out.contains(gone), "{gone} drawn:\n{out}");
    }
    // A team: its backlog, that backlog's owner and product.
    let out = graph(&["examples/", "--focus", "telemetry", "--format", "dot"]);
    for want in [
        "team telemetry",
        "backlog telemetry-backlog",
        "Mei-Ling Chen",
        "product fleet-console",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert!(
        !out.contains("rider-app") && !out.contains("depot-backlog"),
        "{out}"
    );
    // A person: whom they report to, who reports to them, what they manage.
    let out = graph(&["examples/", "--focus", "priya-raman"]);
    for want in [
        "priya-raman · PM",
        "product business-accounts",
        "lea-fontaine · PO",
        "bjorn-lindqvist · PO",
        "H001",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert!(!out.contains("rider-app"), "{out}");
    // A person without a product role is drawn when focused on, even without --all-people.
    let out = graph(&["examples/", "--focus", "ines-carvalho", "--all-people"]);
    assert!(
        out.contains("Inês Carvalho")
            && out.contains("team telemetry")
            && out.contains("team open-data"),
        "{out}"
    );
    let out = graph(&["examples/", "--focus", "ines-carvalho"]);
    assert!(
        out.contains("Inês Carvalho") && out.contains("team telemetry"),
        "{out}"
    );
}

#[test]
fn graph_unknown_focus_is_exit_2_with_did_you_mean() {
    let out = rolelint(&["graph", "--no-config", "examples/", "--focus", "rider-ap"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `rider-app`"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn graph_exit_codes_and_output_file() {
    // An org with errors still draws, exit 0.
    let out = rolelint(&["graph", "--no-config", "tests/orgs/mixed-problems.org.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(":::error"));
    // A path that does not exist: exit 2, nothing on stdout.
    let out = rolelint(&["graph", "--no-config", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.mmd");
    let file_arg = file.to_string_lossy().to_string();
    let out = rolelint(&["graph", "--no-config", "examples/", "-o", &file_arg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        graph(&["examples/"])
    );
    let missing = dir.path().join("no/such/org.dot");
    let out = rolelint(&[
        "graph",
        "--no-config",
        "examples/",
        "--format",
        "dot",
        "-o",
        &missing.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "left behind: {names:?}");
}

#[test]
fn graph_hints_at_focus_above_300_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from("version: 1\nproducts:\n");
    for i in 0..310 {
        yaml.push_str(&format!("  - {{ id: product-{i}, managers: [pm] }}\n"));
    }
    yaml.push_str("people:\n  - { id: pm, roles: [product-manager] }\n");
    let path = dir.path().join("big.org.yaml");
    std::fs::write(&path, yaml).unwrap();
    let p = path.to_string_lossy().to_string();
    let out = rolelint(&["graph", "--no-config", &p]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--focus"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = rolelint(&["graph", "--no-config", &p, "--focus", "product-7"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = rolelint(&["graph", "--no-config", "examples/"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
