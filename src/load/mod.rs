//! Stage 1 of the pipeline: find the files to lint, read their bytes, check size and
//! encoding, and parse them (org files with spans, job descriptions with bullet offsets).
//! Nothing here knows about rules.

pub mod jobs;
pub mod walk;
pub mod yaml;

use crate::span::LineIndex;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Org,
    Job,
}

impl FileKind {
    /// The kind of a file named on the command line, from its extension.
    pub fn of(path: &Path) -> Option<FileKind> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => {
                Some(FileKind::Org)
            }
            Some(e) if e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("txt") => {
                Some(FileKind::Job)
            }
            _ => None,
        }
    }
}

/// One input file: where it is, how it is shown, and its text with a line index.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as given on the command line or found by the walk (`/`-separated).
    pub display: String,
    pub kind: FileKind,
    pub text: String,
    pub lines: LineIndex,
}

/// Why a file's bytes could not be read as text (S001 without parsing).
#[derive(Debug, Clone)]
pub struct EncodingError {
    pub message: String,
    pub help: String,
    pub offset: usize,
}

/// How many leading bytes are searched for a NUL to tell a binary file (git reads 8000).
const BINARY_SNIFF: usize = 8000;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// The size cap: `ROLELINT_MAX_FILE_SIZE` (bytes, or with a KiB/MiB/GiB suffix) when set.
pub fn max_file_size_from_env() -> Option<u64> {
    std::env::var("ROLELINT_MAX_FILE_SIZE")
        .ok()
        .and_then(|v| parse_size(&v))
}

/// `64MiB`, `10 KB`, `1000`: a byte count.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// Reads a file's bytes as text. On a size or encoding problem the text is still returned
/// (lossily, for showing the context) with the error.
pub fn decode(bytes: Vec<u8>, max_size: u64) -> (String, Option<EncodingError>) {
    if bytes.len() as u64 > max_size {
        let err = EncodingError {
            message: format!(
                "the file is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                max_size
            ),
            help: "split the organisation over several files, or raise `limits.max_file_size` \
                   (or ROLELINT_MAX_FILE_SIZE)"
                .into(),
            offset: 0,
        };
        return (String::new(), Some(err));
    }
    if let Some(enc) = utf16_or_32(&bytes) {
        let err = EncodingError {
            message: format!("the file is encoded as {enc}, not UTF-8"),
            help: format!("save the file as UTF-8 (it starts with a {enc} byte order mark)"),
            offset: 0,
        };
        return (String::from_utf8_lossy(&bytes).into_owned(), Some(err));
    }
    // A NUL byte in the first few kilobytes means a binary file, as git decides it: no
    // encoding advice fits, and its bytes are not shown (they would reach the terminal).
    if let Some(at) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]) {
        let err = EncodingError {
            message: format!("not a text file: it holds a NUL byte at offset {at}"),
            help: "rolelint reads org files and job descriptions as UTF-8 text; if this file is \
                   not one, rename it or list it under `exclude` in rolelint.yaml"
                .into(),
            offset: 0,
        };
        return (String::new(), Some(err));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bytes[offset];
            let guess = if bytes.iter().filter(|b| **b >= 0x80).all(|b| *b >= 0xA0) {
                "Latin-1 (ISO-8859-1) or Windows-1252"
            } else {
                "an 8-bit encoding such as Windows-1252"
            };
            let err = EncodingError {
                message: format!("invalid UTF-8: byte 0x{bad:02X} at offset {offset}"),
                help: format!(
                    "the file looks like {guess}; save it as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
                ),
                offset,
            };
            (String::from_utf8_lossy(&bytes).into_owned(), Some(err))
        }
    }
}

fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => Some("UTF-32 (big-endian)"),
        [0xFF, 0xFE, 0x00, 0x00, ..] => Some("UTF-32 (little-endian)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian)"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Some(64 * 1024 * 1024));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("1 kb"), Some(1024));
        assert_eq!(parse_size("x"), None);
    }

    #[test]
    fn encodings() {
        let (_, e) = decode(b"people:\n  - id: caf\xe9\n".to_vec(), 1000);
        let e = e.unwrap();
        assert_eq!(e.offset, 19);
        assert!(e.help.contains("Latin-1"));
        let (_, e) = decode(vec![0xFF, 0xFE, b'a', 0], 1000);
        assert!(e.unwrap().message.contains("UTF-16"));
        let (t, e) = decode(b"ok".to_vec(), 1000);
        assert!(e.is_none() && t == "ok");
        let (t, e) = decode(b"ver\0\0sion\x01\xff".to_vec(), 1000);
        let e = e.unwrap();
        assert!(e.message.starts_with("not a text file"), "{e:?}");
        assert!(!e.help.contains("1252") && t.is_empty());
        let (_, e) = decode(b"too long".to_vec(), 3);
        assert!(e.unwrap().message.contains("limit"));
    }
}
