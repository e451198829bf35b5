//! Hostile and broken input: each answers with a positioned diagnostic, never a crash, a
//! stack overflow or an out-of-memory kill. The parser's budgets bound the work; how long
//! it takes is the benchmark's business (README, Performance), not a timed assertion.

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    diags: Vec<(String, usize)>,
}

fn lint(dir: &Path, name: &str, bytes: &[u8], env: &[(&str, &str)]) -> Run {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["check", "--no-config", "--format", "json"])
        .arg(&p)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{name}: not JSON: {}", String::from_utf8_lossy(&out.stderr)));
    let diags = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    Run {
        code: out.status.code().unwrap_or(-1),
        diags,
    }
}

fn expect(name: &str, r: &Run, code: &str, line: Option<usize>) {
    assert_eq!(r.code, 1, "{name}: {:?}", r.diags);
    let hit = r.diags.iter().find(|(c, _)| c == code);
    let Some((_, l)) = hit else {
        panic!("{name}: expected {code}, got {:?}", r.diags)
    };
    if let Some(line) = line {
        assert_eq!(*l, line, "{name}: {:?}", r.diags);
    }
}

#[test]
fn hostile_inputs_get_a_positioned_answer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 0..9u8 {
        let (this, prev) = ((b'b' + i) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{this}: &{this} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
    }
    expect(
        "alias bomb",
        &lint(d, "bomb.org.yaml", bomb.as_bytes(), &[]),
        "S001",
        None,
    );
    let deep = format!("people: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    expect(
        "10,000 nested brackets",
        &lint(d, "deep.org.yaml", deep.as_bytes(), &[]),
        "S001",
        Some(1),
    );
    let deep_map: String = (0..3000)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    expect(
        "3,000-deep mapping",
        &lint(d, "deepmap.org.yaml", deep_map.as_bytes(), &[]),
        "S001",
        None,
    );
    let huge = format!(
        "people:\n  - id: a\n    name: {}\n    rolez: x\n",
        "x".repeat(1 << 20)
    );
    expect(
        "1 MB scalar",
        &lint(d, "huge.org.yaml", huge.as_bytes(), &[]),
        "S002",
        Some(4),
    );
    let huge_id = format!(
        "people:\n  - id: {}\n    reports_to: {}\n",
        "x".repeat(1 << 20),
        "y".repeat(1 << 20)
    );
    expect(
        "1 MB id, dangling",
        &lint(d, "hugeid.org.yaml", huge_id.as_bytes(), &[]),
        "S004",
        Some(3),
    );
    let capped = lint(
        d,
        "cap.org.yaml",
        b"people:\n  - id: a\n",
        &[("ROLELINT_MAX_FILE_SIZE", "10")],
    );
    expect("over the size cap", &capped, "S001", Some(1));
    expect(
        "non-UTF-8 at byte 1",
        &lint(d, "b1.org.yaml", b"\xffpeople: []\n", &[]),
        "S001",
        Some(1),
    );
    expect(
        "non-UTF-8 in the middle",
        &lint(d, "mid.org.yaml", b"people:\n  - id: caf\xe9\n", &[]),
        "S001",
        Some(2),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("people: []\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    expect(
        "UTF-16 with BOM",
        &lint(d, "u16.org.yaml", &utf16, &[]),
        "S001",
        Some(1),
    );
    expect(
        "truncated quoted scalar",
        &lint(
            d,
            "trunc.org.yaml",
            b"people:\n  - id: a\n    name: \"Ann",
            &[],
        ),
        "S001",
        None,
    );
    let tabs = lint(d, "tabs.org.yaml", b"people:\n\t- id: x\n", &[]);
    expect("tab indentation", &tabs, "S001", Some(2));
}

#[test]
fn empty_and_comment_only_files_are_empty_organisations() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty.org.yaml", ""),
        ("comment.org.yaml", "# nothing yet\n"),
    ] {
        let r = lint(dir.path(), name, text.as_bytes(), &[]);
        assert_eq!((r.code, r.diags.len()), (0, 0), "{name}");
    }
    let r = lint(dir.path(), "scalar.org.yaml", b"just text\n", &[]);
    assert_eq!(r.diags, vec![("S007".to_string(), 1)]);
}

/// Found by the org_loader fuzz target: lone carriage returns before a `---` line made
/// the second-document cut land on the end of the text, and the re-read of "the first
/// document" recursed on the same text until the stack overflowed.
#[test]
fn a_document_marker_after_lone_carriage_returns_does_not_recurse() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"# expect: S0005 ,mes: [profucT-]anag\r\r\rowner\r*\r\r\r\r\r\r\r\n\r--- a }\n";
    let r = lint(dir.path(), "cr.org.yaml", bytes, &[]);
    assert_eq!(r.code, 1);
    assert!(!r.diags.is_empty());
    // The same with only lone carriage returns, and with the marker on the first line.
    for bytes in [
        &b"people: []\r--- x\r"[..],
        b"--- a }\r",
        b"a: 1\r\r---\r---\r",
    ] {
        let r = lint(dir.path(), "cr2.org.yaml", bytes, &[]);
        assert!(r.code == 0 || r.code == 1, "{bytes:?}");
    }
}
