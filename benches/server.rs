//! Latency of `rolelint server`: one open file of a 1,000-person organisation split over
//! 10 files is edited; the time from the edit to its diagnostics, less the debounce, is how
//! long the re-lint (whole organisation as context) takes. Driven over stdio as an editor
//! drives it. `cargo bench --bench server`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

const FILES: usize = 10;
const PEOPLE_PER_FILE: usize = 100;
const EDITS: usize = 40;
const DEBOUNCE: Duration = Duration::from_millis(150);

/// One file of the organisation: a product, 10 teams with their backlogs, 100 people (a PM,
/// 10 POs, the rest engineers), reporting to the head in file 0.
fn org_file(f: usize) -> String {
    let mut s = String::from("version: 1\nproducts:\n");
    s.push_str(&format!(
        "  - id: p{f}\n    name: Product {f}\n    managers: [pm{f}]\n"
    ));
    s.push_str("teams:\n");
    for t in 0..10 {
        let members: Vec<String> = (0..9).map(|m| format!("e{f}-{t}-{m}")).collect();
        s.push_str(&format!(
            "  - id: t{f}-{t}\n    product: p{f}\n    members: [po{f}-{t}, {}]\n",
            members.join(", ")
        ));
    }
    s.push_str("backlogs:\n");
    for t in 0..10 {
        s.push_str(&format!(
            "  - id: b{f}-{t}\n    product: p{f}\n    teams: [t{f}-{t}]\n    owner: po{f}-{t}\n"
        ));
    }
    s.push_str("people:\n");
    let boss = if f == 0 { "" } else { "\n    reports_to: pm0" };
    s.push_str(&format!(
        "  - id: pm{f}\n    name: PM {f}\n    title: Product Manager\n    roles: [product-manager]{boss}\n    responsibilities:\n      - Own the product vision and strategy\n      - Decide pricing with the market research\n"
    ));
    for t in 0..10 {
        s.push_str(&format!(
            "  - id: po{f}-{t}\n    title: Product Owner\n    roles: [product-owner]\n    reports_to: pm{f}\n    responsibilities:\n      - Refine the backlog with the team\n      - Write acceptance criteria for user stories\n"
        ));
        for m in 0..(PEOPLE_PER_FILE / 10 - 1) {
            s.push_str(&format!(
                "  - id: e{f}-{t}-{m}\n    title: Software Engineer\n    reports_to: po{f}-{t}\n"
            ));
        }
    }
    s
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run fast.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rolelint.yaml"), "extends: recommended\n").unwrap();
    for f in 0..FILES {
        std::fs::write(dir.path().join(format!("org{f}.org.yaml")), org_file(f)).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .arg("server")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel::<(Instant, Value)>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.trim().strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let _ = tx.send((Instant::now(), serde_json::from_slice(&body).unwrap()));
        }
    });
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let _ = rx.recv().unwrap();
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let path = std::fs::canonicalize(dir.path().join("org3.org.yaml")).unwrap();
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    let wait = |version: i64| loop {
        let (at, m) = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("diagnostics");
        if m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"] == version
        {
            return at;
        }
    };
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
    );
    wait(1);
    let mut after_debounce = Vec::new();
    for v in 2..(EDITS as i64 + 2) {
        let edited = format!("{text}# edit {v}\n");
        let start = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": edited}]}}),
        );
        let at = wait(v);
        after_debounce.push(at.duration_since(start).saturating_sub(DEBOUNCE));
    }
    after_debounce.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "server re-lint of 1 open file of {} people in {FILES} files, after the {} ms debounce, over {EDITS} edits: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        FILES * PEOPLE_PER_FILE,
        DEBOUNCE.as_millis(),
        ms(after_debounce[EDITS / 2]),
        ms(after_debounce[EDITS * 9 / 10]),
        ms(after_debounce[EDITS - 1]),
    );
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
}
