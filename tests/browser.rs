//! The HTML report in a real browser: headless Chromium (Debian's `chromium`), the network
//! cut off. `.ci/run` installs Chromium and runs these with `--ignored`; locally:
//! `apt-get install chromium && cargo test --test browser -- --ignored`. They fail, never
//! skip, when Chromium is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("ROLELINT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "{} not found: `apt-get install chromium`, or set ROLELINT_CHROMIUM",
        path.display()
    );
    path
}

/// Runs Chromium headless on `url` with no network (every host unresolvable, a proxy that
/// refuses), with `extra` flags; its standard output and error.
fn chromium_on(url: &str, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The report of `examples/`, written under target/ where a person can open it.
fn examples_report() -> PathBuf {
    let dir = repo().join("target/report-test");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("examples.html");
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(repo())
        .env("ROLELINT_TODAY", "2026-12-08")
        .args(["report", "examples/", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    file
}

fn url(file: &Path) -> String {
    format!("file://{}", std::fs::canonicalize(file).unwrap().display())
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
#[ignore = "needs Chromium: run by .ci/run with --ignored"]
fn the_report_loads_offline_with_no_console_message_and_filters_findings() {
    let file = examples_report();
    let json: serde_json::Value = serde_json::from_slice(
        &Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .current_dir(repo())
            .args(["check", "--format", "json", "--statistics", "examples/"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let (dom, log) = chromium_on(&url(&file), &["--dump-dom"]);
    // Any console message (a CSP violation is one: a request that would have left the
    // page) or failed load shows up here.
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "{console:#?}");
    assert!(
        dom.contains("rolelint report"),
        "the page did not load: {log}"
    );
    let summary = &json["summary"];
    for sev in ["error", "warning", "info"] {
        let n = summary[format!("{sev}s")].as_u64().unwrap();
        assert!(
            dom.contains(&format!("data-count=\"{sev}\">{n}</b>")),
            "{sev}"
        );
    }
    let total = summary["errors"].as_u64().unwrap()
        + summary["warnings"].as_u64().unwrap()
        + summary["infos"].as_u64().unwrap();
    assert!(dom.contains(&format!("<span id=\"shown\">{total}</span>")));
    let stats = &summary["statistics"];
    let n = |k: &str| stats[k].as_u64().unwrap() as usize;
    assert_eq!(count(&dom, "class=\"node product\""), n("products"));
    assert_eq!(count(&dom, "class=\"node team\""), n("teams"));
    assert_eq!(
        count(&dom, "class=\"node person\""),
        n("product_managers") + n("product_owners") - n("both_roles")
    );
    assert_eq!(count(&dom, "<article class=\"finding"), total as usize);
    let hidden_at_first = dom
        .split("<article ")
        .skip(1)
        .filter(|a| a.split('>').next().unwrap().contains(" hidden"))
        .count();
    assert_eq!(hidden_at_first, 0, "every finding shown at first");

    // The severity filter, set from the address (as unticking the box does): warnings
    // hidden, the rest shown, the count follows.
    let warnings = summary["warnings"].as_u64().unwrap();
    assert!(warnings > 0);
    let (dom, _) = chromium_on(&format!("{}#hide=warning", url(&file)), &["--dump-dom"]);
    let hidden = dom
        .split("<article ")
        .skip(1)
        .filter(|a| a.split('>').next().unwrap().contains(" hidden"))
        .collect::<Vec<_>>();
    assert_eq!(hidden.len() as u64, warnings);
    assert!(hidden
        .iter()
        .all(|a| a.contains("data-severity=\"warning\"")));
    assert!(dom.contains(&format!("<span id=\"shown\">{}</span>", total - warnings)));

    // A picture for a person to look at.
    let shot = repo().join("target/report-test/examples.png");
    let _ = std::fs::remove_file(&shot);
    let (_, log) = chromium_on(
        &url(&file),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ],
    );
    assert!(shot.exists(), "no screenshot: {log}");
}

#[test]
#[ignore = "needs Chromium: run by .ci/run with --ignored"]
fn hostile_text_stays_text_in_the_dom() {
    let d = tempfile::tempdir().unwrap();
    let evil = "<script>document.title='pwned'</script><img src=x onerror=alert(1)> & ]]> \u{202e}x \u{1b}[2J";
    let quoted = evil.replace('\\', "\\\\").replace('"', "\\\"");
    std::fs::write(
        d.path().join("a.org.yaml"),
        format!(
            "products:\n  - {{ id: shop, name: \"{quoted}\", managers: [pam] }}\npeople:\n  - {{ id: pam, name: \"{quoted}\", title: \"{quoted}\", roles: [product-manager], responsibilities: [\"{quoted}\"] }}\n  - {{ id: x, reports_to: \"nobody\" }}\n"
        ),
    )
    .unwrap();
    let file = d.path().join("r.html");
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .current_dir(d.path())
        .args(["report", "--no-config", "a.org.yaml", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (dom, log) = chromium_on(&url(&file), &["--dump-dom"]);
    assert!(dom.contains("<title>rolelint report</title>"), "{log}");
    assert_eq!(count(&dom, "<script"), 1, "only the page's own script");
    assert_eq!(count(&dom, "<img"), 0);
    assert!(dom.contains("&lt;script&gt;document.title="));
    assert!(!log.contains(":CONSOLE"), "{log}");
}
