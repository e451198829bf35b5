//! `rolelint init [DIR]`: a starter `org.yaml` and `rolelint.yaml` that show each section of
//! the formats and lint with no diagnostic at all. Never overwrites: when any of the files
//! (or another config file) is already there, nothing is written.

use crate::app::RunError;
use crate::cli::InitArgs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter org file.
pub const STARTER_ORG: &str = include_str!("starter/org.yaml.in");
/// The starter config: the recommended preset, every other section as a commented example.
pub const STARTER_CONFIG: &str = include_str!("starter/rolelint.yaml.in");
/// What `init` writes, by file name.
pub const FILES: [(&str, &str); 2] = [("org.yaml", STARTER_ORG), ("rolelint.yaml", STARTER_CONFIG)];

pub fn init(args: InitArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if dir.exists() && !dir.is_dir() {
        return Err(RunError(format!("{} is not a directory", dir.display())));
    }
    // Every file checked before any is written. `.rolelint.yaml` counts too: two config
    // files in one directory would make the next run fail.
    let taken: Vec<String> = ["org.yaml", "rolelint.yaml", ".rolelint.yaml"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(RunError(format!(
            "{} already exist{}; nothing written (init never overwrites)",
            taken.join(" and "),
            if taken.len() == 1 { "s" } else { "" }
        )));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| RunError(format!("cannot create {}: {e}", dir.display())))?;
    let mut written: Vec<PathBuf> = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Err(e) = create_new(&path, text) {
            // Leave nothing half done.
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(RunError(format!("cannot write {}: {e}", path.display())));
        }
        written.push(path);
    }
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    writeln!(out, "wrote {}", shown.join(" and "))?;
    // The config is found from the working directory, so the next step runs there.
    if dir == Path::new(".") {
        writeln!(out, "next: edit them, then run `rolelint check`")?;
    } else {
        writeln!(
            out,
            "next: edit them, then run `rolelint check` in {}",
            dir.display()
        )?;
    }
    Ok(0)
}

fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}
