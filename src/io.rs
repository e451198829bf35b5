//! Reading inputs and writing outputs without trusting the file system: inputs are read
//! only from regular files (or standard input), never past the size cap; outputs are
//! written whole or not at all, through a link to its target, never over an input.
//!
//! Below `load`: every stage and command that touches a file goes through here.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Links followed before a chain is called a loop (Linux's own limit).
const MAX_LINKS: usize = 40;

/// What a file that is not a regular file is, for messages.
fn what(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn not_regular(meta: &Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is not read as an input (only regular files, or standard input as `-`, are)",
            what(meta)
        ),
    )
}

/// Opens an input for reading only when it is a regular file (after links): a FIFO or a
/// device named as an input would block or never end. The type is checked before opening
/// and again on the open handle (opened non-blocking), so a FIFO swapped in between cannot
/// block the run either.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No effect on a regular file's reads; an open FIFO without a writer returns at once.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(f)
}

/// Reads at most `cap + 1` bytes of a regular file, so a file over the cap is known to be
/// without being loaded. The buffer is sized from the metadata: growing by doubling would
/// leave a 41.6 MB file in a 64 MiB buffer and copy it on the way.
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let f = open_regular(path)?;
    let limit = cap.saturating_add(1);
    let len = f.metadata().map_or(0, |m| m.len()).min(limit);
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads a whole file that must not be over `cap` bytes; `what` names it in messages
/// ("the baseline", "config").
pub fn read_limited(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>, String> {
    let bytes = read_capped(path, cap)
        .map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "cannot read {what} {}: it is larger than the limit of {cap} bytes",
            path.display()
        ));
    }
    Ok(bytes)
}

/// Standard input, at most `cap + 1` bytes. A closed standard input is an error, not an
/// empty file: the Rust runtime reopens a closed descriptor 0 on /dev/null, so /dev/null is
/// refused too (nothing can be linted from it), and a descriptor that cannot be read (open
/// for writing only) fails instead of reading as empty.
pub fn read_stdin(cap: u64) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot read standard input: {e}");
    let limit = cap.saturating_add(1);
    let mut buf = Vec::new();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| fail(&e))?;
        let file = File::from(fd);
        if is_dev_null(&file) {
            return Err(fail(
                &"it is closed (or /dev/null); pipe the file in, e.g. `rolelint check - --stdin-filename NAME < FILE`",
            ));
        }
        file.take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| fail(&e))?;
    }
    #[cfg(not(unix))]
    {
        io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| fail(&e))?;
    }
    Ok(buf)
}

#[cfg(unix)]
fn is_dev_null(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata("/dev/null")) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino() && a.rdev() == b.rdev(),
        _ => false,
    }
}

/// Follows a chain of symbolic links to the path it ends at (which need not exist): writing
/// "to a link" means writing to its target, as a shell's `>` does. A chain longer than
/// [`MAX_LINKS`] is a loop.
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(
        "symlink loop (the links never reach a file)",
    ))
}

/// Whether `path` is a symbolic link whose chain never ends.
pub fn is_symlink_loop(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && resolve_links(path).is_err()
}

/// Writes a whole file or nothing. A regular or new target gets a temporary file with a
/// random name, created exclusively in the target's folder (so no planted link is
/// followed), then renamed over it, keeping an existing target's permissions (and owner,
/// where allowed). A link is resolved and its target replaced, not the link. A target that
/// exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written into.
/// On every error the temporary file is removed (it is dropped).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let target = resolve_links(path).map_err(|e| fail(&e))?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => return Err(fail(&"it is a directory")),
        Ok(m) if !m.is_file() => {
            let mut f = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| fail(&e))?;
            return f
                .write_all(bytes)
                .and_then(|_| f.flush())
                .map_err(|e| fail(&e));
        }
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(&e)),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rolelint-").suffix(".tmp");
    #[cfg(unix)]
    let new_file_mode = {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets what any new file gets (0666 less the umask), not the 0600 of a
        // temporary file; the mode passes through open(2), so the umask applies.
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    if existing.is_none() {
        builder.permissions(new_file_mode);
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| fail(&e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.flush())
        .map_err(|e| fail(&e))?;
    if let Some(meta) = &existing {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Best effort: only root may give a file away; the mode below is what matters.
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
        }
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| fail(&e))?;
    }
    tmp.persist(&target).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// The same file on disk: same device and inode where the platform tells, else the same
/// canonical path.
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// An absolute path with links resolved as far as they exist: a file that does not exist
/// resolves through its folder.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|d| d.join(name))
}

/// Refuses to write an output over an input of the same run (a file named or walked, the
/// name given to standard input, the config or the baseline): the input would be lost, and
/// the next run would read the report. Called before linting; `targets` are the paths of
/// `-o` and `--write-baseline`.
pub fn refuse_overwriting_inputs<'a>(
    targets: &[&Path],
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), String> {
    let targets: Vec<(&Path, Option<Metadata>, Option<PathBuf>)> = targets
        .iter()
        .filter_map(|t| {
            let resolved = resolve_links(t).ok()?;
            let meta = std::fs::metadata(&resolved).ok();
            // Devices and FIFOs are written into, never replaced.
            if meta.as_ref().is_some_and(|m| !m.is_file()) {
                return None;
            }
            Some((*t, meta, canonical(&resolved)))
        })
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    for input in inputs {
        let meta = std::fs::metadata(input).ok();
        let mut canon: Option<Option<PathBuf>> = None;
        for (target, tmeta, tcanon) in &targets {
            let same = match (&meta, tmeta) {
                (Some(a), Some(b)) if cfg!(unix) => same_file(a, b),
                // An input that exists is not a target that does not.
                (Some(_), None) if cfg!(unix) => false,
                // Standard input's name (not a file) compares by path.
                _ => tcanon.is_some() && *canon.get_or_insert_with(|| canonical(input)) == *tcanon,
            };
            if same {
                return Err(format!(
                    "refusing to write {}: it is {}, an input of this run; write the output to another file",
                    target.display(),
                    input.display()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_relative_to_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("real.json", dir.path().join("link")).unwrap();
            assert_eq!(resolve_links(&dir.path().join("link")).unwrap(), target);
            std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
            assert!(is_symlink_loop(&dir.path().join("self")));
            assert!(!is_symlink_loop(&dir.path().join("link")));
        }
    }
}
