#![no_main]
//! The job-description loader on arbitrary text, Markdown and plain: every span must slice
//! the input on character boundaries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for markdown in [true, false] {
            let doc = rolelint::load::jobs::parse(text, markdown);
            for s in doc.statements.iter().chain(doc.title.iter()) {
                assert!(text.get(s.span.range()).is_some(), "span {:?} off a char boundary", s.span);
            }
        }
    }
});
