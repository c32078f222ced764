//! Prints how modelroute reads each `.env` file given on the command line,
//! one JSON line per file, for the differential test against python-dotenv
//! (`tests/dotenv/diff.py`):
//! `{"file", "parsed": [[k, v|null]...], "loaded": {k: v}}`, or
//! `{"file", "error_line", "message"}`, or `{"file", "invalid_utf8": true}`.
use modelroute_core::{dotenv, EmptyEnv};
use serde_json::json;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let line = match String::from_utf8(bytes) {
            Err(_) => json!({"file": path, "invalid_utf8": true}),
            Ok(text) => match (dotenv::parse(&text), dotenv::load(&text, &EmptyEnv)) {
                (Ok(parsed), Ok(loaded)) => {
                    let parsed: Vec<_> = parsed
                        .into_iter()
                        .map(|b| json!([b.key, b.value]))
                        .collect();
                    let loaded: serde_json::Map<_, _> =
                        loaded.into_iter().map(|(k, v)| (k, json!(v))).collect();
                    json!({"file": path, "parsed": parsed, "loaded": loaded})
                }
                (Err(e), _) | (_, Err(e)) => {
                    json!({"file": path, "error_line": e.line, "message": e.message})
                }
            },
        };
        println!("{line}");
    }
}
