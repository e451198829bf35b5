//! A second, real client of `rolelint server`: Neovim, headless, on the example
//! organisation. CI installs Neovim (`.ci/run`); there a missing `nvim` fails the test, and
//! elsewhere it is skipped with a note.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs Neovim: run by .ci/run with --ignored"]
fn neovim_shows_the_diagnostics_of_an_example_file() {
    let has_nvim = Command::new("nvim").arg("--version").output().is_ok();
    assert!(has_nvim, "no `nvim` on PATH: `apt-get install -y neovim`");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let file = root.join("org/operations.org.yaml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("diagnostics.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/diagnostics.lua");
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("ROLELINT_BIN", env!("CARGO_BIN_EXE_rolelint"))
        .env("ROLELINT_ROOT", &root)
        .env("ROLELINT_FILE", &file)
        .env("ROLELINT_OUT", &out)
        .env("ROLELINT_TODAY", "2026-01-15")
        .current_dir(&root)
        .status()
        .expect("run nvim");
    assert!(status.success());
    let got = std::fs::read_to_string(&out).expect("the script wrote the diagnostics");
    insta::assert_snapshot!(got);
}
