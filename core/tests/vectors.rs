//! Replays the shared conformance vectors in `tests/vectors/resolve.json`
//! (schema in `tests/vectors/README.md`) against `report`/`resolve` and the
//! id checks. Every case runs; all mismatches are listed before failing.
//!
//! Error messages come from two places: the reference's messages (SPEC)
//! are in the vectors; the wording of modelroute's own checks is pinned in
//! `tests/vectors/messages.json`, so rewording one never edits a vector.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use modelroute_core::{is_local, is_valid_model_id, report, requires_hf_token, ResolveOptions};
use serde_json::{Map, Value};

const MIN_CASES: usize = 170;
const ROUTES: &[&str] = &[
    "anthropic",
    "bedrock",
    "openai",
    "reserved",
    "local",
    "hf_router",
];
const INPUT_KEYS: &[&str] = &[
    "model",
    "env",
    "effort",
    "strict",
    "session_token",
    "hf_token_file",
];
const SUCCESS_KEYS: &[&str] = &[
    "valid",
    "local",
    "requires_hf_token",
    "route",
    "provider",
    "litellm",
    "sources",
];
const FAILURE_KEYS: &[&str] = &["valid", "local", "requires_hf_token", "route", "error"];
const LITELLM_KEYS: &[&str] = &[
    "model",
    "api_base",
    "api_key",
    "extra_headers",
    "extra_body",
    "reasoning_effort",
    "thinking",
    "output_config",
];
const SOURCE_KEYS: &[&str] = &["api_base", "api_key", "bill_to"];

/// Error codes whose message the reference fixes (SPEC §3): the vectors
/// hold the message itself. Every other code is one of modelroute's own
/// checks, whose wording is modelroute's and lives in `messages.json`.
const REFERENCE_WORDED: &[&str] = &["empty_model_name", "reserved_prefix", "unsupported_effort"];

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn read_json(file: &str) -> Value {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The vector file as written.
fn load_raw() -> Value {
    read_json("resolve.json")
}

/// The wording pins: case name to message.
fn messages() -> Map<String, Value> {
    let doc = read_json("messages.json");
    assert_eq!(doc["schema"], 1, "messages.json schema version");
    assert!(doc["description"].is_string(), "messages.json description");
    obj(&doc["messages"], "messages.json messages").clone()
}

/// The vectors with each own-check error's message filled in from the
/// wording pins: what every replay compares against.
fn load() -> Value {
    let mut doc = load_raw();
    let messages = messages();
    for case in doc["cases"].as_array_mut().expect("cases") {
        let name = case["name"].as_str().unwrap_or_default().to_owned();
        if let Some(error) = case["expect"].get_mut("error") {
            if error.get("message").is_none() {
                if let Some(m) = messages.get(&name) {
                    error["message"] = m.clone();
                }
            }
        }
    }
    doc
}

/// Reference wording in the vectors, modelroute's own wording in the pin
/// file, one pin per own-check case and no stray pins.
#[test]
fn messages_are_split_between_reference_and_own_wording() {
    let doc = load_raw();
    let messages = messages();
    let mut pinned = BTreeSet::new();
    for case in cases(&doc) {
        let name = case["name"].as_str().expect("name");
        let Some(error) = case["expect"].get("error") else {
            continue;
        };
        let code = error["code"].as_str().expect("code");
        if REFERENCE_WORDED.contains(&code) {
            assert!(
                error["message"].is_string(),
                "{name}: a {code} message is the reference's: it belongs in the vector"
            );
            assert!(
                !messages.contains_key(name),
                "{name}: a {code} message is the reference's, not a wording pin"
            );
        } else {
            assert!(
                error.get("message").is_none(),
                "{name}: {code} is modelroute's own check: its wording belongs in messages.json"
            );
            assert!(
                messages.get(name).is_some_and(Value::is_string),
                "{name}: no wording pin in messages.json for {code}"
            );
            pinned.insert(name);
        }
    }
    for name in messages.keys() {
        assert!(
            pinned.contains(name.as_str()),
            "messages.json pins {name:?}, which is no own-check error case"
        );
    }
}

fn cases(doc: &Value) -> &Vec<Value> {
    doc["cases"].as_array().expect("`cases` is an array")
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"))
}

fn opt_str(input: &Map<String, Value>, key: &str, name: &str) -> Option<String> {
    input.get(key).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("{name}: input.{key} is not a string"))
            .to_owned()
    })
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Checks the file's own shape, so a malformed case fails loudly instead of
/// being skipped or half-compared.
#[test]
fn vector_file_is_well_formed() {
    let doc = load_raw();
    assert_eq!(doc["schema"], 1, "schema version");
    assert!(doc["description"].is_string(), "description");
    let cases = cases(&doc);
    assert!(
        cases.len() >= MIN_CASES,
        "only {} cases (need at least {MIN_CASES})",
        cases.len()
    );
    let mut names = BTreeSet::new();
    for case in cases {
        let c = obj(case, "case");
        let keys: BTreeSet<&str> = c.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["name", "spec", "input", "expect"]),
            "{case}"
        );
        let name = c["name"].as_str().expect("name is a string");
        assert!(is_kebab(name), "{name:?} is not kebab-case");
        assert!(names.insert(name), "duplicate case name {name:?}");
        let spec = c["spec"].as_str().expect("spec is a string");
        assert!(spec.starts_with('§'), "{name}: spec {spec:?}");

        let input = obj(&c["input"], "input");
        for k in input.keys() {
            assert!(
                INPUT_KEYS.contains(&k.as_str()),
                "{name}: unknown input key {k}"
            );
        }
        assert!(input["model"].is_string(), "{name}: input.model");
        for (k, v) in obj(&input["env"], "input.env") {
            assert!(v.is_string(), "{name}: env {k} is not a string");
        }
        if let Some(strict) = input.get("strict") {
            assert!(strict.is_boolean(), "{name}: strict");
        }
        for k in ["effort", "session_token", "hf_token_file"] {
            if let Some(v) = input.get(k) {
                assert!(v.is_string(), "{name}: input.{k}");
            }
        }

        let expect = obj(&c["expect"], "expect");
        let failure = expect.contains_key("error");
        let allowed = if failure { FAILURE_KEYS } else { SUCCESS_KEYS };
        for k in expect.keys() {
            assert!(
                allowed.contains(&k.as_str()),
                "{name}: unexpected expect.{k}"
            );
        }
        for k in ["valid", "local", "requires_hf_token"] {
            assert!(
                expect.get(k).is_some_and(Value::is_boolean),
                "{name}: expect.{k}"
            );
        }
        let route = expect.get("route").and_then(Value::as_str);
        assert!(
            route.is_some_and(|r| ROUTES.contains(&r)),
            "{name}: expect.route {route:?}"
        );
        if failure {
            let error = obj(&expect["error"], "expect.error");
            let keys: BTreeSet<&str> = error.keys().map(String::as_str).collect();
            let code = error["code"].as_str().expect("code");
            assert!(
                modelroute_core::ERROR_CODES.contains(&code),
                "{name}: unknown error code {code}"
            );
            // The message only for the reference's wording (see
            // `messages_are_split_between_reference_and_own_wording`).
            let want: BTreeSet<&str> = if REFERENCE_WORDED.contains(&code) {
                BTreeSet::from(["code", "message"])
            } else {
                BTreeSet::from(["code"])
            };
            assert_eq!(keys, want, "{name}: expect.error");
        } else {
            assert!(expect.contains_key("provider"), "{name}: expect.provider");
            let litellm = obj(&expect["litellm"], "expect.litellm");
            for k in litellm.keys() {
                assert!(LITELLM_KEYS.contains(&k.as_str()), "{name}: litellm.{k}");
            }
            assert!(
                litellm.get("model").is_some_and(Value::is_string),
                "{name}: litellm.model"
            );
            if let Some(sources) = expect.get("sources") {
                for (k, v) in obj(sources, "expect.sources") {
                    assert!(SOURCE_KEYS.contains(&k.as_str()), "{name}: sources.{k}");
                    assert!(v.is_string(), "{name}: sources.{k}");
                }
            }
        }
    }
}

/// Runs one case; returns a description of every mismatch.
fn run_case(case: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap_or("?");
    let input = obj(&case["input"], "input");
    let expect = obj(&case["expect"], "expect");
    let id = input["model"].as_str().expect("model");
    // The environment is exactly `env`: nothing else is set.
    let env: BTreeMap<String, String> = obj(&input["env"], "env")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("env value").to_owned()))
        .collect();
    let options = ResolveOptions {
        effort: opt_str(input, "effort", name),
        strict: input
            .get("strict")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        session_token: opt_str(input, "session_token", name),
        hf_token_file: opt_str(input, "hf_token_file", name),
    };

    let mut diffs = Vec::new();
    let mut check = |what: &str, got: &Value, want: &Value| {
        if got != want {
            diffs.push(format!("{what}: expected {want}, got {got}"));
        }
    };

    // The id checks, called directly.
    check(
        "is_valid_model_id",
        &Value::Bool(is_valid_model_id(id)),
        &expect["valid"],
    );
    check("is_local", &Value::Bool(is_local(id)), &expect["local"]);
    check(
        "requires_hf_token",
        &Value::Bool(requires_hf_token(id)),
        &expect["requires_hf_token"],
    );

    // The report every surface prints.
    let got = serde_json::to_value(report(id, &env, &options)).expect("report serializes");
    for k in ["valid", "local", "requires_hf_token", "route"] {
        check(&format!("report.{k}"), &got[k], &expect[k]);
    }

    match (expect.get("error"), got.get("error")) {
        (Some(want), Some(err)) => {
            check("error.code", &err["code"], &want["code"]);
            check("error.message", &err["message"], &want["message"]);
        }
        (Some(want), None) => diffs.push(format!(
            "expected error {want}, got success with litellm {}",
            got["litellm"]
        )),
        (None, Some(err)) => diffs.push(format!(
            "expected success with litellm {}, got error {}: {}",
            expect["litellm"], err["code"], err["message"]
        )),
        (None, None) => {
            check("provider", &got["provider"], &expect["provider"]);
            check("litellm", &got["litellm"], &expect["litellm"]);
            if let Some(sources) = expect.get("sources").and_then(Value::as_object) {
                for (k, want) in sources {
                    let source = got["sources"]
                        .get(k)
                        .map_or(Value::Null, |p| p["source"].clone());
                    check(&format!("sources.{k}"), &source, want);
                }
            }
        }
    }
    diffs
}

#[test]
fn every_vector_resolves_as_specified() {
    let doc = load();
    let cases = cases(&doc);
    let mut failures = Vec::new();
    for case in cases {
        let diffs = run_case(case);
        if !diffs.is_empty() {
            let name = case["name"].as_str().unwrap_or("?");
            failures.push(format!(
                "{name} ({}), input {}:\n    {}",
                case["spec"].as_str().unwrap_or("?"),
                case["input"],
                diffs.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
