#![no_main]
//! The baseline reader on arbitrary text: what it accepts is written back by `to_yaml` and
//! reads back equal, and a loaded baseline filters findings without panicking.
use libfuzzer_sys::fuzz_target;
use rolelint::diagnostics::baseline::{to_yaml, Baseline};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(entries) = Baseline::parse(text) {
        let again = Baseline::parse(&to_yaml(&entries)).expect("a written baseline reads back");
        assert_eq!(again, entries);
        let b = Baseline::new(std::path::PathBuf::from("/"), &entries);
        let mut findings = Vec::new();
        assert_eq!(b.filter(&[], &mut findings), 0);
    }
});
