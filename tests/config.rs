//! Configuration through the binary (format.md "Configuration file", cli.md `--config`,
//! `--no-config`, `--select`, `--ignore`): discovery, presets, precedence, custom rules,
//! overrides, and a bad config reported whole, at its spans, with exit 2.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/config")
        .join(name)
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env_remove("ROLELINT_MAX_FILE_SIZE")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

type Diags = BTreeSet<(String, usize, String)>;

/// (code, line, severity) of a `check --format json` run; panics unless it exits 0 or 1.
fn diags(dir: &Path, args: &[&str]) -> Diags {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run_in(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let doc: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap() as usize,
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, usize, &str)]) -> Diags {
    items
        .iter()
        .map(|(c, l, s)| (c.to_string(), *l, s.to_string()))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// The org of `tests/data/config/presets.org.yaml` with a config of `extends: NAME`.
fn with_preset(name: &str) -> Diags {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(d.path(), "rolelint.yaml", &format!("extends: {name}\n"));
    diags(
        d.path(),
        &[
            "--config",
            cfg.to_str().unwrap(),
            data("presets.org.yaml").to_str().unwrap(),
        ],
    )
}

const RECOMMENDED: &[(&str, usize, &str)] = &[
    ("R001", 28, "info"),
    ("R002", 35, "warning"),
    ("R004", 29, "warning"),
    ("R005", 9, "info"),
    ("R006", 35, "info"),
    ("T001", 33, "warning"),
    ("T004", 6, "warning"),
    ("T005", 35, "info"),
];

/// `RECOMMENDED` with some entries removed and some added or changed.
fn differs(remove: &[&str], add: &[(&str, usize, &str)]) -> Diags {
    let mut s: Diags = set(RECOMMENDED)
        .into_iter()
        .filter(|(c, _, _)| !remove.contains(&c.as_str()))
        .collect();
    for (c, l, sev) in add {
        s.retain(|(c2, l2, _)| !(c2 == c && l2 == l));
        s.insert((c.to_string(), *l, sev.to_string()));
    }
    s
}

#[test]
fn preset_recommended_is_the_default() {
    assert_eq!(with_preset("recommended"), set(RECOMMENDED));
    let d = tempfile::tempdir().unwrap();
    assert_eq!(
        diags(
            d.path(),
            &["--no-config", data("presets.org.yaml").to_str().unwrap()]
        ),
        set(RECOMMENDED)
    );
}

#[test]
fn preset_strict_raises_every_severity_a_step() {
    let want: Diags = set(RECOMMENDED)
        .into_iter()
        .map(|(c, l, s)| {
            (
                c,
                l,
                if s == "info" {
                    "warning".into()
                } else {
                    "error".into()
                },
            )
        })
        .collect();
    assert_eq!(with_preset("strict"), want, "R001 below min included");
}

#[test]
fn preset_scrum_guide() {
    assert_eq!(
        with_preset("scrum-guide"),
        differs(
            &["R004"],
            &[
                ("O006", 4, "warning"),
                ("R005", 9, "warning"),
                // The Scrum Guide's PO owns the Product Goal: a PO's strategic duty is info.
                ("T001", 33, "info")
            ]
        )
    );
}

#[test]
fn preset_less_is_scrum_guide_with_r004_at_8() {
    // oli serves 12 teams: more than 8.
    assert_eq!(
        with_preset("less"),
        differs(
            &[],
            &[
                ("O006", 4, "warning"),
                ("R005", 9, "warning"),
                ("T001", 33, "info")
            ]
        )
    );
}

#[test]
fn preset_safe_keeps_the_recommended_severities() {
    // Its difference is in how backlogs with a `level` are read (tests/orgs/safe-train).
    assert_eq!(with_preset("safe"), set(RECOMMENDED));
}

#[test]
fn preset_startup() {
    assert_eq!(
        with_preset("startup"),
        differs(&["T004", "T005"], &[("R002", 35, "info")])
    );
}

#[test]
fn precedence_preset_then_config_then_command_line() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "rolelint.yaml",
        "extends: scrum-guide\nrules:\n  R005: error\n  po-team-load: { severity: error, max_teams_per_po: 20 }\n  O006: off\n  T004: info\n",
    );
    let org = data("presets.org.yaml");
    let (cfg, org) = (cfg.to_str().unwrap(), org.to_str().unwrap());
    // config over preset: R005 error (preset: warning), R004 on but at 20 teams (preset: off),
    // O006 off (preset: warning), T004 info.
    let config_only = differs(
        &["R004"],
        &[
            ("R005", 9, "error"),
            ("T004", 6, "info"),
            ("T001", 33, "info"),
        ],
    );
    assert_eq!(diags(d.path(), &["--config", cfg, org]), config_only);
    // command line over config: --select turns O006 back on at the preset's severity, and
    // --ignore wins over --select.
    let got = diags(
        d.path(),
        &[
            "--config",
            cfg,
            "--select",
            "O006,R,T004",
            "--ignore",
            "R005",
            org,
        ],
    );
    let want = set(&[
        ("O006", 4, "warning"),
        ("R001", 28, "info"),
        ("R002", 35, "warning"),
        ("R006", 35, "info"),
        ("T004", 6, "info"),
    ]);
    assert_eq!(got, want);
}

#[test]
fn select_and_ignore_by_prefix_code_and_name() {
    let d = tempfile::tempdir().unwrap();
    let org = data("presets.org.yaml");
    let org = org.to_str().unwrap();
    let codes = |args: &[&str]| -> BTreeSet<String> {
        let mut a = vec!["--no-config"];
        a.extend_from_slice(args);
        a.push(org);
        diags(d.path(), &a).into_iter().map(|(c, _, _)| c).collect()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(codes(&["--select", "T"]), s(&["T001", "T004", "T005"]));
    assert_eq!(
        codes(&["--select", "R00", "--ignore", "R001,combined-pm-po"]),
        s(&["R004", "R005", "R006"])
    );
    assert_eq!(codes(&["--ignore", "R,T00"]), s(&[]));
    assert_eq!(
        codes(&["--select", "po-strategic-duty,O006"]),
        s(&["T001", "O006"]),
        "O006 is off by default: selected at warning"
    );
    let (code, _, err) = run_in(d.path(), &["check", "--no-config", "--select", "Q", org]);
    assert_eq!(code, 2);
    assert!(err.contains("`Q`"), "{err}");
    let (code, _, err) = run_in(
        d.path(),
        &["check", "--no-config", "--ignore", "T0001", org],
    );
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `T001`"), "{err}");
}

const CUSTOM: &str = "\
roles:
  aliases:
    product-owner: [feature-owner]
custom:
  - code: ACME001
    message: Only product managers may own pricing
    role: product-owner
    forbid: '\\bpricing\\b'
    severity: error
  - code: ACME002
    message: Only product managers may own pricing
    role: feature-owner
    forbid: '(?i)\\bpricing\\b'
    severity: error
    help: hand pricing to the PM
  - { code: ACME003, message: A PO keeps a backlog duty, role: po, require: '(?i)backlog', severity: warning }
";

#[test]
fn custom_rules_fire_at_their_spans_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(d.path(), "rolelint.yaml", CUSTOM);
    let org = data("custom.org.yaml");
    let (cfg, org) = (cfg.to_str().unwrap(), org.to_str().unwrap());
    let got: Diags = diags(d.path(), &["--config", cfg, org])
        .into_iter()
        .filter(|(c, _, _)| c.starts_with("ACME"))
        .collect();
    // ACME001 is case-sensitive: `Pricing` does not match; the PM's pricing is not a PO's.
    // ACME003: ora (an alias from the config) at her `responsibilities` key, otto at his id.
    assert_eq!(
        got,
        set(&[
            ("ACME002", 20, "error"),
            ("ACME003", 24, "warning"),
            ("ACME003", 26, "warning")
        ])
    );

    let (_, out, _) = run_in(
        d.path(),
        &[
            "check", "--format", "json", "--config", cfg, "--select", "ACME002", org,
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &doc["diagnostics"][0];
    assert_eq!(f["code"], "ACME002");
    assert_eq!(f["name"], "ACME002");
    assert_eq!(f["sources"], serde_json::json!([]));
    assert_eq!(f["help"], "hand pricing to the PM");
    let text = std::fs::read_to_string(org).unwrap();
    let (o, l) = (
        f["span"]["offset"].as_u64().unwrap() as usize,
        f["span"]["length"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[o..o + l], "Own the Pricing of the shop");

    let (code, out, _) = run_in(
        d.path(),
        &["check", "--config", cfg, "--select", "ACME", org],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("ACME002") && out.contains("hand pricing to the PM"),
        "{out}"
    );
    assert!(out.contains("1 error, 2 warnings"), "{out}");

    let (code, out, _) = run_in(d.path(), &["rules", "--config", cfg]);
    assert_eq!(code, 0);
    for c in ["ACME001", "ACME002", "ACME003"] {
        assert!(out.contains(c), "{out}");
    }
}

#[test]
fn a_bad_config_reports_every_mistake_at_its_span() {
    let d = tempfile::tempdir().unwrap();
    let text = "\
extends: strickt
rulez: {}
rules:
  O02: warning
  O002: warn
  R004: { max_team_per_po: 2 }
  R005: { max_members: ten }
vocabulary:
  strategic: ['(unclosed']
limits: { max_file_size: lots }
custom:
  - { code: SX001, message: m, role: po, forbid: x, severity: error }
  - { code: ACME001, message: m, role: prodct-owner, forbid: '(x', severity: info }
  - { code: ACME001, message: m, role: po, require: x, severity: info }
";
    write(d.path(), "rolelint.yaml", text);
    write(d.path(), "org.yaml", "people: []\n");
    let (code, out, err) = run_in(d.path(), &["check"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "nothing linted: {out}");
    let want = [
        ("1:10", "unknown preset `strickt`", "did you mean `strict`?"),
        ("2:1", "unknown key `rulez`", "did you mean `rules`?"),
        ("4:3", "unknown rule `O02`", "did you mean `O002`?"),
        ("5:9", "`warn` is not a severity", "did you mean `warning`?"),
        (
            "6:11",
            "unknown key `max_team_per_po`",
            "did you mean `max_teams_per_po`?",
        ),
        ("7:24", "must be a whole number", ""),
        ("9:15", "invalid regex", ""),
        ("10:26", "max_file_size", "64MiB"),
        ("12:13", "built-in rule families", ""),
        (
            "13:40",
            "`prodct-owner` is not a product role",
            "did you mean `product-owner`?",
        ),
        ("13:62", "invalid regex in `forbid`", ""),
        (
            "14:13",
            "two custom rules have the code `ACME001`",
            "give each custom rule its own code",
        ),
    ];
    let reports: Vec<&str> = err.split("\n\n").filter(|r| r.contains("╭─[")).collect();
    for (pos, message, help) in want {
        let r = reports
            .iter()
            .find(|r| r.contains(&format!("╭─[rolelint.yaml:{pos}]")))
            .unwrap_or_else(|| panic!("nothing at {pos}:\n{err}"));
        assert!(
            r.contains(message) && r.contains(help),
            "at {pos}, want `{message}` / `{help}`:\n{r}"
        );
    }
    assert!(
        err.trim_end()
            .ends_with("error: invalid config rolelint.yaml: 12 problems"),
        "{err}"
    );
}

#[test]
fn a_config_is_found_in_the_nearest_parent_and_can_be_ignored() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".rolelint.yaml", "rules:\n  T001: off\n");
    let sub = d.path().join("teams/a");
    std::fs::create_dir_all(&sub).unwrap();
    let org = data("presets.org.yaml");
    let org = org.to_str().unwrap();
    let has_t001 = |args: &[&str]| diags(&sub, args).iter().any(|(c, _, _)| c == "T001");
    assert!(!has_t001(&[org]), "found in a parent directory");
    assert!(has_t001(&["--no-config", org]));
    // the nearest one wins
    write(&sub, "rolelint.yaml", "rules:\n  T004: off\n");
    assert!(has_t001(&[org]));
    // two in one directory: rolelint will not choose
    write(&sub, ".rolelint.yaml", "{}\n");
    let (code, _, err) = run_in(&sub, &["check", org]);
    assert_eq!(code, 2);
    assert!(err.contains("keep one"), "{err}");
    // a named config that does not exist
    let (code, _, err) = run_in(d.path(), &["check", "--config", "nope.yaml", org]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.yaml"), "{err}");
}

#[test]
fn include_exclude_and_overrides_are_relative_to_the_config() {
    let d = tempfile::tempdir().unwrap();
    let org = std::fs::read_to_string(data("presets.org.yaml")).unwrap();
    write(d.path(), "org/current/team.yaml", &org);
    let legacy = "\
products:
  - { id: old, managers: [olga] }
  - { id: older, complexity: high }
teams:
  - { id: ot, product: old, members: [otis] }
  - { id: ot2, product: older, members: [odd] }
backlogs:
  - { id: ob, product: old, teams: [ot], owner: otis }
  - { id: ob2, product: old, teams: [ot], owner: otis }
  - { id: ob3, product: older, teams: [ot2], owner: odd }
people:
  - { id: olga, roles: [product-manager] }
  - { id: otis, roles: [product-owner], reports_to: olga, responsibilities: [Own the pricing strategy] }
  - { id: odd, roles: [product-owner, product-manager] }
";
    write(d.path(), "org/legacy/old.yaml", legacy);
    write(d.path(), "org/archive/gone.yaml", &org);
    write(d.path(), "elsewhere.org.yaml", &org);
    write(
        d.path(),
        "rolelint.yaml",
        "include: ['org/**/*.yaml']\nexclude: ['org/archive/**']\nlimits: { max_file_size: 64MiB }\n\
         overrides:\n  - files: ['org/legacy/**']\n    rules: { T001: off, R002: info, O006: error }\n",
    );
    let (_, out, err) = run_in(&d.path().join("org"), &["check", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    let mut by_file: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for f in doc["diagnostics"].as_array().unwrap() {
        by_file
            .entry(f["file"].as_str().unwrap().to_string())
            .or_default()
            .push((
                f["code"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            ));
    }
    let files: Vec<&String> = by_file.keys().collect();
    assert_eq!(
        files,
        ["current/team.yaml", "legacy/old.yaml"],
        "include and exclude relative to the config, run from org/"
    );
    let current = &by_file["current/team.yaml"];
    let legacy = &by_file["legacy/old.yaml"];
    assert!(current.contains(&("T001".into(), "warning".into())));
    assert!(current.contains(&("R002".into(), "warning".into())));
    assert!(
        !current.iter().any(|(c, _)| c == "O006"),
        "O006 is off outside the override"
    );
    assert!(!legacy.iter().any(|(c, _)| c == "T001"));
    assert!(legacy.contains(&("R002".into(), "info".into())));
    assert!(
        legacy.contains(&("O006".into(), "error".into())),
        "an override can turn a rule on for its files"
    );

    // the command line wins over an override
    let (_, out, _) = run_in(d.path(), &["check", "--format", "json", "--ignore", "O006"]);
    assert!(!out.contains("\"O006\""));
    // a named file outside `include` is still linted; an excluded one is not
    let (code, out, _) = run_in(
        d.path(),
        &["check", "--format", "json", "elsewhere.org.yaml"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"file\": \"elsewhere.org.yaml\""), "{out}");
    // Named but excluded: not linted, said so, and it passes (a commit touching only
    // excluded files must not fail).
    let (code, out, err) = run_in(d.path(), &["check", "org/archive/gone.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("excluded by rolelint.yaml: org/archive/gone.yaml"),
        "{out}"
    );
    assert!(out.contains("in 0 files"), "{out}");
}

#[test]
fn rules_lists_effective_severities_and_options() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "team.yaml",
        "extends: less\nrules:\n  R001: { min: 1, max: 5 }\n  H001: off\n",
    );
    let (code, out, _) = run_in(d.path(), &["rules", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0);
    let line = |code: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(code))
            .unwrap_or("")
            .to_string()
    };
    assert!(line("H001").contains(" off "), "{out}");
    assert!(line("O006").contains(" warning "), "{out}");
    assert!(out.contains("max_teams_per_po: 8"), "{out}");
    assert!(out.contains("min: 1, max: 5"), "{out}");
    let (_, out, _) = run_in(
        d.path(),
        &[
            "rules",
            "--format",
            "json",
            "--config",
            cfg.to_str().unwrap(),
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r004 = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "R004")
        .unwrap();
    assert_eq!(r004["severity"], "warning");
    assert_eq!(r004["options"]["max_teams_per_po"], 8);
    // a bad config is exit 2 here too
    let bad = write(d.path(), "bad.yaml", "rules:\n  Z999: off\n");
    let (code, _, err) = run_in(d.path(), &["rules", "--config", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `Z999`"), "{err}");
}

#[test]
fn the_config_file_is_never_linted_and_custom_codes_can_be_suppressed() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "rolelint.yaml",
        &format!("include: ['**/*.yaml']\n{CUSTOM}"),
    );
    let org = std::fs::read_to_string(data("custom.org.yaml")).unwrap();
    let line = "      - Own the Pricing of the shop";
    assert!(org.contains(line));
    write(
        d.path(),
        "org.yaml",
        &org.replace(
            line,
            &format!("{line}  # rolelint: ignore[ACME002] -- agreed with the PM"),
        ),
    );
    let (_, out, err) = run_in(
        d.path(),
        &["check", "--format", "json", "--select", "ACME,X"],
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    let got: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("org.yaml".to_string(), "ACME003".to_string()),
            ("org.yaml".into(), "ACME003".into())
        ]
    );
}
