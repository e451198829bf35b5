#![no_main]
//! The suppression scanner on arbitrary text with a finding on every line: comments are
//! found by a byte scan (quotes, block scalars, HTML comments), which must never panic.
use libfuzzer_sys::fuzz_target;
use rolelint::engine::{lint, Input};
use rolelint::load::{walk::Found, FileKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Make sure the scanner has something to look at.
    let text = format!("# rolelint: ignore[S002] -- fuzz\n{text}\n  - id: x # rolelint: ignore[T001, S00] until=2001-01-01\n");
    let inputs = [("f.org.yaml", FileKind::Org), ("f.jd.md", FileKind::Job)]
        .into_iter()
        .map(|(name, kind)| Input {
            found: Found { path: name.into(), display: name.into(), kind },
            bytes: Some(text.clone().into_bytes()),
        })
        .collect();
    let config = rolelint::config::Config::new(rolelint::config::Settings::default(), 1 << 20);
    let _ = lint(inputs, &config);
});
