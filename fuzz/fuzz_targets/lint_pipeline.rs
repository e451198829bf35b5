#![no_main]
//! The whole pipeline (load, model, rules, suppressions) on arbitrary bytes as an org file
//! and as a job description.
use libfuzzer_sys::fuzz_target;
use rolelint::engine::{lint, Input};
use rolelint::load::{walk::Found, FileKind};

fuzz_target!(|data: &[u8]| {
    let inputs = [("f.org.yaml", FileKind::Org), ("f.jd.md", FileKind::Job)]
        .into_iter()
        .map(|(name, kind)| Input {
            found: Found { path: name.into(), display: name.into(), kind },
            bytes: Some(data.to_vec()),
        })
        .collect();
    let config = rolelint::config::Config::new(rolelint::config::Settings::default(), 1 << 20);
    let _ = lint(inputs, &config);
});
