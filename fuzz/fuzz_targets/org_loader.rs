#![no_main]
//! The org-file loader on arbitrary bytes: decode, parse with spans, model.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, bad) = rolelint::load::decode(data.to_vec(), 1 << 20);
    if bad.is_none() {
        let (doc, problems) = rolelint::load::yaml::parse_org(&text);
        let _ = (doc.is_ok(), problems.len());
    }
});
