//! Prints, for every case of a conformance vector file, the native report
//! as one JSON line: `serde_json::to_string(&modelroute_core::report(..))`,
//! the bytes `modelroute resolve --json --show-secrets` prints. With
//! `explain` after the path, `modelroute_core::explain(..)` instead. With
//! `redact` (last), secrets redacted by core's `redact_secrets()` first, as
//! the CLI does without `--show-secrets`. The JS tests compare
//! `JSON.stringify(resolve(..))` (and `explain(..)`) of the wasm package
//! with these lines, byte for byte: with `show_secrets: true` against the
//! plain lines, by default against the `redact` ones.
//!
//! ```text
//! cargo run -q -p modelroute-wasm --example report_lines -- tests/vectors/resolve.json [explain] [redact]
//! ```

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;

use modelroute_core::{explain, report, ResolveOptions};
use serde_json::Value;

fn case_line(input: &Value, explained: bool, redacted: bool) -> Result<String, String> {
    let model = input["model"]
        .as_str()
        .ok_or("input.model is not a string")?;
    let mut env = BTreeMap::new();
    if let Some(vars) = input.get("env") {
        let vars = vars.as_object().ok_or("input.env is not an object")?;
        for (k, v) in vars {
            let v = v
                .as_str()
                .ok_or_else(|| format!("input.env.{k} is not a string"))?;
            env.insert(k.clone(), v.to_owned());
        }
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match input.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("input.{key} is not a string")),
        }
    };
    let options = ResolveOptions {
        effort: text("effort")?,
        strict: match input.get("strict") {
            None => false,
            Some(v) => v.as_bool().ok_or("input.strict is not a boolean")?,
        },
        session_token: text("session_token")?,
        hf_token_file: text("hf_token_file")?,
    };
    if explained {
        let mut e = explain(model, &env, &options);
        if redacted {
            e.report.redact_secrets();
        }
        serde_json::to_string(&e)
    } else {
        let mut r = report(model, &env, &options);
        if redacted {
            r.redact_secrets();
        }
        serde_json::to_string(&r)
    }
    .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let redacted = args.last().is_some_and(|a| a == "redact");
    if redacted {
        args.pop();
    }
    let (path, explained) = match args.as_slice() {
        [path] => (path.clone(), false),
        [path, mode] if mode == "explain" => (path.clone(), true),
        _ => {
            eprintln!("usage: report_lines <vector file> [explain] [redact]");
            return ExitCode::from(2);
        }
    };
    let run = || -> Result<(), String> {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let cases = doc["cases"].as_array().ok_or("no `cases` array")?;
        let mut out = String::new();
        for (i, case) in cases.iter().enumerate() {
            let line = case_line(&case["input"], explained, redacted)
                .map_err(|e| format!("case {i}: {e}"))?;
            out.push_str(&line);
            out.push('\n');
        }
        std::io::stdout()
            .write_all(out.as_bytes())
            .map_err(|e| format!("stdout: {e}"))
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report_lines: {e}");
            ExitCode::FAILURE
        }
    }
}
