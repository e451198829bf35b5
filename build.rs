//! Embeds each rule's example fixtures, `tests/fixtures/<CODE>/fail.*` and `pass.*`, so
//! that `rolelint explain` shows the very files the test suite lints (an example can never
//! drift from what the rule does). Writes `$OUT_DIR/examples.rs`: one `(code, file name,
//! text)` row per fixture, sorted, each text an `include_str!` of the fixture itself.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut rows: Vec<(String, String, String)> = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(&root) {
        for dir in dirs.flatten() {
            let dir = dir.path();
            if !dir.is_dir() {
                continue;
            }
            // A new or removed fixture changes the folder's listing.
            println!("cargo:rerun-if-changed={}", dir.display());
            let code = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let Ok(files) = std::fs::read_dir(&dir) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let stem = name.split('.').next().unwrap_or_default();
                // Only the main example of each kind: `fail.org.yaml`, not `fail-two-teams.org.yaml`.
                if !path.is_file() || !(stem == "fail" || stem == "pass") || !name.contains('.') {
                    continue;
                }
                if std::fs::read_to_string(&path).is_err() {
                    continue; // not UTF-8: not something to print as an example
                }
                println!("cargo:rerun-if-changed={}", path.display());
                rows.push((code.clone(), name, path.to_string_lossy().into_owned()));
            }
        }
    }
    rows.sort();
    let mut out = String::from(
        "/// `(code, file name, text)` of every `tests/fixtures/<CODE>/{fail,pass}.*`, sorted.\n",
    );
    out.push_str("pub const EXAMPLES: &[(&str, &str, &str)] = &[\n");
    for (code, name, path) in &rows {
        let _ = writeln!(out, "    ({code:?}, {name:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
