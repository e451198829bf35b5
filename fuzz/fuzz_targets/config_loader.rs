#![no_main]
//! The config loader on arbitrary text: parse, check every key, and render the mistakes
//! as the CLI does (every span must fall inside the text and on character boundaries).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("fuzz/rolelint.yaml");
    if let Err(errors) = rolelint::config::file::from_text(text, path) {
        for e in &errors {
            assert!(e.span.end as usize <= text.len(), "span past the end");
            assert!(text.is_char_boundary(e.span.start as usize));
            assert!(text.is_char_boundary(e.span.end as usize));
        }
        let out = rolelint::config::report::render("rolelint.yaml", text, &errors, false);
        assert!(!out.is_empty());
    }
});
