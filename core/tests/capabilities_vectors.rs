//! Replays the capability parsers' conformance vectors,
//! `tests/vectors/capabilities.json` (schema in `tests/vectors/README.md`),
//! against `capabilities::read` and `capabilities::requests`. The npm
//! package replays the same file (`tests/js/capabilities.test.mjs`), so
//! the parser answers byte for byte alike in Rust and JavaScript.
//!
//! Every case runs; all mismatches are listed before failing. Every
//! recorded metadata answer in `tests/fixtures/capabilities/` must be used
//! by at least one case.

use std::path::PathBuf;

use modelroute_core::capabilities::{read, requests, Family, Reply};
use serde_json::Value;

/// Fewer cases than this means the file lost some.
const MIN_CASES: usize = 30;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn vectors() -> Value {
    let path = root().join("tests/vectors/capabilities.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A reply of the file (`null`, `{status, fixture}` or `{status, body}`):
/// its status and body bytes.
fn reply(doc: &Value, v: &Value) -> Option<(u16, Vec<u8>)> {
    if v.is_null() {
        return None;
    }
    let status = u16::try_from(v["status"].as_u64().expect("status")).expect("status");
    let body = match (v.get("fixture"), v.get("body")) {
        (Some(Value::String(name)), None) => {
            let path = root()
                .join(doc["fixtures"].as_str().expect("fixtures"))
                .join(name);
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        (None, Some(Value::String(body))) => body.clone().into_bytes(),
        _ => panic!("a reply has exactly one of `fixture` and `body`: {v}"),
    };
    Some((status, body))
}

/// A reply of the file as core takes it.
fn as_reply(r: &Option<(u16, Vec<u8>)>) -> Option<Reply<'_>> {
    r.as_ref().map(|(status, body)| Reply {
        status: *status,
        body,
    })
}

fn family(v: &Value) -> Family {
    let name = v.as_str().expect("family");
    Family::from_server(name).unwrap_or_else(|| panic!("unknown family {name:?}"))
}

#[test]
fn every_case_reads_as_the_file_says() {
    let doc = vectors();
    assert_eq!(doc["version"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= MIN_CASES, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut names = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        assert!(!names.contains(&name), "case {name} twice");
        names.push(name);
        let models = reply(&doc, &case["models"]);
        let extra: Vec<Option<(u16, Vec<u8>)>> = case["extra"]
            .as_array()
            .expect("extra")
            .iter()
            .map(|r| reply(&doc, r))
            .collect();
        let extra: Vec<Option<Reply>> = extra.iter().map(as_reply).collect();
        let caps = read(
            family(&case["family"]),
            case["model"].as_str().expect("model"),
            as_reply(&models),
            &extra,
        );
        let got = serde_json::to_value(&caps).unwrap();
        if got != case["expect"] {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {got}",
                case["expect"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_requests_case_lists_the_familys_requests() {
    let doc = vectors();
    let cases = doc["requests"].as_array().expect("requests");
    let mut families = Vec::new();
    for case in cases {
        let f = family(&case["family"]);
        families.push(f);
        let got =
            serde_json::to_value(requests(f, case["model"].as_str().expect("model"))).unwrap();
        assert_eq!(got, case["expect"], "{}", case["name"]);
    }
    for row in modelroute_core::capabilities::FAMILIES {
        assert!(
            families.contains(&row.family),
            "no requests case for {}",
            row.name
        );
    }
}

#[test]
fn every_recorded_metadata_answer_is_a_case() {
    let doc = vectors();
    let text = doc["cases"].to_string();
    let dir = root().join(doc["fixtures"].as_str().expect("fixtures"));
    let mut unused = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // The `--tools` answers are chat completions, read by
        // `classify_tools`, not metadata.
        if !name.ends_with(".json") || name.contains("-chat-tools-") {
            continue;
        }
        if !text.contains(&format!("\"fixture\":\"{name}\"")) {
            unused.push(name);
        }
    }
    assert!(unused.is_empty(), "fixtures no case uses: {unused:?}");
}
