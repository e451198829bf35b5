//! `rolelint server` driven over stdio as an editor drives it: initialize, open, change,
//! code actions, hover, definition, references, shutdown.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// Long enough for a debug build on a loaded machine; only a server that never answers
/// reaches it (the test then fails instead of hanging).
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: i64,
    /// Notifications and server requests read while waiting for something else.
    pending: Vec<Value>,
}

impl Client {
    pub fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .arg("server")
            .current_dir(dir)
            .env("ROLELINT_TODAY", "2026-01-15")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start rolelint server");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next: 0,
            pending: Vec::new(),
        };
        let root = url(dir);
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{ "uri": root, "name": "org" }],
                "capabilities": {}
            }),
        );
        assert!(init["capabilities"]["hoverProvider"].as_bool().unwrap());
        c.notify("initialized", json!({}));
        c
    }

    fn write(&mut self, v: &Value) {
        let body = serde_json::to_string(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self) -> Value {
        self.rx.recv_timeout(PATIENCE).expect("the server answers")
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.write(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) && m.get("method").is_none() {
                assert!(m.get("error").is_none(), "{method} failed: {m}");
                return m["result"].clone();
            }
            self.pending.push(m);
        }
    }

    /// The next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_it) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv();
            if is_it(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(m);
        }
    }

    /// Diagnostics published for `uri` until some satisfy `done` (a lint of one document
    /// may publish again for the others of its organisation).
    pub fn diagnostics_until(&mut self, uri: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let d = self.diagnostics(uri);
            if done(&d) {
                return d;
            }
        }
    }

    pub fn open(&mut self, path: &Path) -> String {
        let uri = url(path);
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        uri
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "the server exits 0 after shutdown and exit"
        );
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave its server running.
        let _ = self.child.kill();
    }
}

pub fn url(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", path.display())
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const PEOPLE: &str = "version: 1
people:
  - id: pam
    name: Pam Okafor
    title: Product Manager
    roles: [product-manager]
  - id: olu
    name: Olu Ade
    title: Product Owner
    roles: [product-owner]
    reports_to: pam
";

const WORK: &str = "version: 1
products:
  - id: app
    name: The App
    managers: [pam]
teams:
  - id: core
    product: app
    members: [olu]
backlogs:
  - id: core-backlog
    product: app
    teams: [core]
    owner: olu
";

/// An organisation in two files under a config.
fn org() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rolelint.yaml"), "extends: recommended\n").unwrap();
    let people = dir.path().join("people.org.yaml");
    let work = dir.path().join("work.org.yaml");
    std::fs::write(&people, PEOPLE).unwrap();
    std::fs::write(&work, WORK).unwrap();
    (dir, people, work)
}

/// (line, character) of the first `needle` in `text`, in UTF-16 units.
fn pos(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..at].encode_utf16().count();
    json!({ "line": line, "character": character })
}

#[test]
fn a_cross_file_finding_goes_when_the_other_file_is_fixed() {
    let (dir, people, work) = org();
    // The person is renamed in one file: the reference in the other dangles.
    std::fs::write(&people, PEOPLE.replace("id: olu", "id: olly")).unwrap();
    let mut c = Client::start(dir.path());
    let work_uri = c.open(&work);
    let d = c.diagnostics(&work_uri);
    assert!(codes(&d).contains(&"S004".to_string()), "{d:?}");
    let s004 = d.iter().find(|d| d["code"] == "S004").unwrap();
    assert_eq!(s004["severity"], 1);
    assert_eq!(s004["source"], "rolelint");
    assert!(s004["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/docs/rules/S004-dangling-reference.md"));
    // Both references to the renamed person dangle: in `members` and in `owner`.
    let starts: Vec<&Value> = d
        .iter()
        .filter(|d| d["code"] == "S004")
        .map(|d| &d["range"]["start"])
        .collect();
    assert_eq!(starts, [&pos(WORK, "olu]"), &pos(WORK, "olu\n")]);

    // Opening the other file and fixing it in the buffer (unsaved) clears the finding.
    let people_uri = c.open(&people);
    let _ = c.diagnostics(&people_uri);
    c.change(&people_uri, 2, PEOPLE);
    // The open of `people` re-lints `work` too; the change then does it again.
    let d = c.diagnostics_until(&work_uri, |d| !codes(d).contains(&"S004".to_string()));
    assert!(d.is_empty(), "{d:?}");
    c.shutdown();
}

#[test]
fn code_actions_hover_definition_and_references() {
    let (dir, people, work) = org();
    let typo = WORK.replace("owner: olu", "owner: olo");
    std::fs::write(&work, &typo).unwrap();
    let mut c = Client::start(dir.path());
    let work_uri = c.open(&work);
    let d = c.diagnostics(&work_uri);
    assert_eq!(codes(&d), ["S004"]);

    // The unsafe fix of S004, the suppression and the explanation.
    let range = d[0]["range"].clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": work_uri }, "range": range, "context": { "diagnostics": d } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace `olo` with `olu` (may change the meaning)",
            "Suppress S004 on this line (with a reason)",
            "Explain S004"
        ]
    );
    let edit = &actions[0]["edit"]["changes"][&work_uri][0];
    assert_eq!(edit["newText"], "olu");
    assert_eq!(edit["range"], range);
    let suppress = &actions[1]["edit"]["changes"][&work_uri][0];
    assert_eq!(suppress["newText"], "  # rolelint: ignore[S004] -- ");
    assert_eq!(actions[2]["command"]["arguments"][0], "S004");

    // Hover and definition on a reference into the other file.
    let people_uri = url(&people);
    let at = pos(&typo, "olu]");
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": work_uri }, "position": at }),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**person** `olu`: Olu Ade"), "{text}");
    assert!(text.contains("title: Product Owner"), "{text}");
    assert!(text.contains("people.org.yaml:7"), "{text}");
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": work_uri }, "position": at }),
    );
    assert_eq!(def["uri"], people_uri);
    assert_eq!(def["range"]["start"], pos(PEOPLE, "olu\n"));

    // References of `pam`: its definition and the two references, across both files.
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": work_uri }, "position": pos(&typo, "pam"),
                "context": { "includeDeclaration": true } }),
    );
    let mut found: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                l["range"]["start"]["line"]
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["people.org.yaml:10", "people.org.yaml:2", "work.org.yaml:4"]
    );
    c.shutdown();
}

#[test]
fn hover_on_a_duty_and_on_a_suppressed_code() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1
people:
  - id: pam
    title: Product Manager
    roles: [product-manager]
    responsibilities:
      - Own the product vision and strategy  # rolelint: ignore[T001] -- test
";
    let file = dir.path().join("org.yaml");
    std::fs::write(&file, text).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&file);
    let _ = c.diagnostics(&uri);
    let hover = |c: &mut Client, needle: &str| {
        c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(text, needle) }),
        )["contents"]["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let duty = hover(&mut c, "vision");
    assert!(duty.starts_with("**strategic** duty"), "{duty}");
    assert!(duty.contains("strategic terms:"), "{duty}");
    let code = hover(&mut c, "T001]");
    assert!(code.starts_with("**T001**"), "{code}");
    // A bullet of a job description.
    let ad =
        "# Product Owner\n\n## What you'll do\n\n- Refine the backlog with the team every sprint\n";
    let jd = dir.path().join("po.jd.md");
    std::fs::write(&jd, ad).unwrap();
    let jd_uri = c.open(&jd);
    let _ = c.diagnostics(&jd_uri);
    let bullet = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": jd_uri }, "position": pos(ad, "backlog") }),
    );
    let bullet = bullet["contents"]["value"].as_str().unwrap();
    assert!(bullet.starts_with("**tactical** duty"), "{bullet}");
    // A code in a baseline, which is no org file and is never linted.
    let base =
        "- file: org.yaml\n  code: R001\n  subject: people[pam]#ratio\n  fingerprint: 0123\n";
    let base_file = dir.path().join(".rolelint-baseline.yaml");
    std::fs::write(&base_file, base).unwrap();
    let base_uri = url(&base_file);
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": base_uri, "languageId": "yaml", "version": 1, "text": base } }),
    );
    let recorded = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": base_uri }, "position": pos(base, "R001") }),
    );
    let recorded = recorded["contents"]["value"].as_str().unwrap();
    assert!(recorded.starts_with("**R001**"), "{recorded}");
    c.shutdown();
}

#[test]
fn positions_are_utf16_after_non_ascii_text() {
    let dir = tempfile::tempdir().unwrap();
    // `𝄞` is two UTF-16 units and four bytes, `é` one unit and two bytes.
    let text = "version: 1\npeople:\n  - {id: lea, name: \"Léa 𝄞\", titel: PM}\n";
    let file = dir.path().join("org.yaml");
    std::fs::write(&file, text).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&file);
    let d = c.diagnostics(&uri);
    let s002 = d.iter().find(|d| d["code"] == "S002").expect("S002");
    // A YAML file that is no org file by name is not linted, as `check DIR` skips it.
    let other = dir.path().join("ci.yaml");
    std::fs::write(&other, "jobs: {}\n").unwrap();
    let other_uri = c.open(&other);
    assert!(c.diagnostics(&other_uri).is_empty());
    assert_eq!(s002["range"]["start"], pos(text, "titel"));
    assert_eq!(s002["range"]["start"]["character"], 30);
    // The quick fix edits the same range.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": s002["range"], "context": { "diagnostics": [] } }),
    );
    let fix = &actions[0];
    assert_eq!(fix["title"], "Rename `titel` to `title`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["edit"]["changes"][&uri][0]["range"], s002["range"]);
    c.shutdown();
}

#[test]
fn config_errors_are_diagnostics_in_the_config() {
    let (dir, people, work) = org();
    std::fs::write(&people, PEOPLE.replace("id: olu", "id: olly")).unwrap();
    let config = dir.path().join("rolelint.yaml");
    let mut c = Client::start(dir.path());
    let config_uri = c.open(&config);
    assert!(c.diagnostics(&config_uri).is_empty());
    let work_uri = c.open(&work);
    let d = c.diagnostics_until(&work_uri, |d| !d.is_empty());
    assert!(codes(&d).contains(&"S004".to_string()));
    c.change(
        &config_uri,
        2,
        "extends: recommended\nrules:\n  XYZ9: error\n",
    );
    let d = c.diagnostics_until(&config_uri, |d| !d.is_empty());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(d[0]["range"]["start"]["line"], 2);
    // The config as edited (unsaved) turns S004 off: the open org file is linted with it.
    c.change(
        &config_uri,
        3,
        "extends: recommended\nrules:\n  S004: off\n",
    );
    let _ = c.diagnostics_until(&config_uri, |d| d.is_empty());
    let _ = c.diagnostics_until(&work_uri, |d| d.is_empty());
    c.shutdown();
}
