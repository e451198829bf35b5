//! Which files a run lints: files named on the command line by extension, directories
//! walked with `.gitignore` honoured and hidden folders skipped, for the include globs.

use super::FileKind;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

pub const DEFAULT_INCLUDE: &[&str] = &[
    "**/*.org.yaml",
    "**/*.org.yml",
    "**/org.yaml",
    "**/org.yml",
    "**/*.jd.md",
    "**/*.jd.txt",
];

/// Whether a file's name is one the default include globs select as an org file.
pub fn is_org_file_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    ["org.yaml", "org.yml"].contains(&name.as_str())
        || name.ends_with(".org.yaml")
        || name.ends_with(".org.yml")
}

/// A file to lint, with the path to show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
    pub kind: FileKind,
}

#[derive(Debug)]
pub enum WalkError {
    Missing(String),
    UnknownExtension(String),
    Io(String),
    BadGlob(String),
    NothingFound { globs: Vec<String> },
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WalkError::Missing(p) => write!(f, "{p}: no such file or directory"),
            WalkError::UnknownExtension(p) => write!(
                f,
                "{p}: cannot tell what this file is from its extension (expected .yaml/.yml for an org file, .md/.txt for a job description)"
            ),
            WalkError::Io(e) => write!(f, "{e}"),
            WalkError::BadGlob(e) => write!(f, "invalid glob: {e}"),
            WalkError::NothingFound { globs } => write!(
                f,
                "no file to lint: nothing matched the include globs {}",
                globs.join(", ")
            ),
        }
    }
}

/// Globs that select files (include) and drop them (exclude); relative to `base`.
pub struct Selection {
    include: GlobSet,
    exclude: GlobSet,
    pub include_globs: Vec<String>,
}

fn globset(globs: &[String]) -> Result<GlobSet, WalkError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| WalkError::BadGlob(format!("{g}: {e}")))?);
    }
    b.build().map_err(|e| WalkError::BadGlob(e.to_string()))
}

impl Selection {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Selection, WalkError> {
        Ok(Selection {
            include: globset(include)?,
            exclude: globset(exclude)?,
            include_globs: include.to_vec(),
        })
    }

    pub fn defaults() -> Selection {
        let inc: Vec<String> = DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect();
        Selection::new(&inc, &[]).expect("default globs are valid")
    }

    fn selects(&self, rel: &Path) -> bool {
        self.include.is_match(rel) && !self.exclude.is_match(rel)
    }
}

/// How a file is named in every output: relative to the working directory when it lies
/// inside it, without `./` or `a/..`, `/`-separated (`./org.yaml`, `org.yaml` and
/// `$PWD/org.yaml` are all `org.yaml`, as ruff and ESLint show them); absolute elsewhere.
pub fn display_path(p: &Path) -> String {
    let mut normal = lexical_normalize(p);
    if normal.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = normal.strip_prefix(lexical_normalize(&cwd)) {
                normal = rel.to_path_buf();
            }
        }
    }
    let s = normal.to_string_lossy();
    let s = if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

/// `path` relative to `base` (both made absolute against the working directory), when it
/// lies inside `base`: how a CI system that knows only the repository names a file.
pub fn relative_inside(path: &Path, base: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let path = lexical_normalize(&cwd.join(path));
    let base = lexical_normalize(&cwd.join(base));
    let rel = path.strip_prefix(&base).ok()?;
    let s = rel.to_string_lossy().replace('\\', "/");
    (!s.is_empty()).then_some(s)
}

/// Removes `.` and resolves `..` against the components before it, without touching the
/// file system (standard input has a made-up name); a leading `..` stays.
pub fn lexical_normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Resolves command-line paths into files, in command-line order, directories in sorted
/// walk order. `excluded` is asked of named files too (a config's `exclude`).
pub fn collect(paths: &[PathBuf], sel: &Selection) -> Result<Vec<Found>, WalkError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|_| WalkError::Missing(display_path(p)))?;
        if meta.is_dir() {
            walk_dir(p, sel, &mut out)?;
        } else {
            let kind =
                FileKind::of(p).ok_or_else(|| WalkError::UnknownExtension(display_path(p)))?;
            out.push(Found {
                path: p.clone(),
                display: display_path(p),
                kind,
            });
        }
    }
    if out.is_empty() {
        return Err(WalkError::NothingFound {
            globs: sel.include_globs.clone(),
        });
    }
    Ok(out)
}

fn walk_dir(dir: &Path, sel: &Selection, out: &mut Vec<Found>) -> Result<(), WalkError> {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(false)
        .parents(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| WalkError::Io(e.to_string()))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        if !sel.selects(rel) {
            continue;
        }
        let Some(kind) = FileKind::of(path) else {
            continue;
        };
        out.push(Found {
            path: path.to_path_buf(),
            display: display_path(path),
            kind,
        });
    }
    Ok(())
}
