//! `.env` parsing: any bytes either parse or give an error with a line
//! inside the text; loading agrees with parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modelroute_core::{dotenv, EmptyEnv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match dotenv::parse(text) {
        Ok(bindings) => {
            for b in &bindings {
                assert!(!b.key.is_empty());
                assert!(b.line >= 1);
            }
            assert!(dotenv::load(text, &EmptyEnv).is_ok());
        }
        Err(e) => {
            let lines = text.matches(['\n', '\r']).count() + 1;
            assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}", e.line);
            assert!(dotenv::load(text, &EmptyEnv).is_err());
        }
    }
});
