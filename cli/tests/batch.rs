//! `modelroute resolve --batch`: the conformance vectors replayed through
//! the binary, malformed input, redaction, and streaming.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{modelroute, wait_within, Pipe};
use modelroute_core::{report, ResolveOptions};
use serde_json::{json, Value};

/// The conformance cases, each own-check error's message filled in from
/// the wording pins (`tests/vectors/messages.json`, see its README).
fn vectors() -> Vec<Value> {
    let read = |file: &str| -> Value {
        let path = format!("{}/../tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("vector file");
        serde_json::from_str(&text).expect("vector JSON")
    };
    let messages = read("messages.json")["messages"].clone();
    let mut cases = read("resolve.json")["cases"]
        .as_array()
        .expect("cases")
        .clone();
    for case in &mut cases {
        let pin = messages[case["name"].as_str().unwrap()].clone();
        if let Some(error) = case["expect"].get_mut("error") {
            if error.get("message").is_none() {
                error["message"] = pin;
            }
        }
    }
    cases
}

fn run_batch(input: &str, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(["resolve", "--batch"])
        .args(args)
        .write_stdin(input.to_owned());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    (out.status.code(), text.lines().map(str::to_owned).collect())
}

#[test]
fn every_vector_through_batch_matches_the_expectation_and_core_byte_for_byte() {
    let cases = vectors();
    let input: String = cases.iter().map(|c| format!("{}\n", c["input"])).collect();
    let (_, lines) = run_batch(&input, &[], &[]);
    assert_eq!(lines.len(), cases.len(), "one output line per input line");
    let mut failures = Vec::new();
    for (case, line) in cases.iter().zip(&lines) {
        let name = case["name"].as_str().unwrap();
        let got: Value = serde_json::from_str(line).expect("output line is JSON");
        let expect = &case["expect"];
        for key in ["valid", "local", "requires_hf_token", "route"] {
            if got[key] != expect[key] {
                failures.push(format!(
                    "{name}: {key}: got {} want {}",
                    got[key], expect[key]
                ));
            }
        }
        if let Some(litellm) = expect.get("litellm") {
            if &got["litellm"] != litellm {
                failures.push(format!(
                    "{name}: litellm: got {} want {litellm}",
                    got["litellm"]
                ));
            }
        }
        if let Some(err) = expect.get("error") {
            if got["error"]["code"] != err["code"] || got["error"]["message"] != err["message"] {
                failures.push(format!("{name}: error: got {} want {err}", got["error"]));
            }
        }
        // Byte-identical to the library's own serialization of the report.
        let input = &case["input"];
        let env: HashMap<String, String> = serde_json::from_value(input["env"].clone()).unwrap();
        let options = ResolveOptions {
            effort: input["effort"].as_str().map(str::to_owned),
            strict: input["strict"].as_bool().unwrap_or(false),
            session_token: input["session_token"].as_str().map(str::to_owned),
            hf_token_file: input["hf_token_file"].as_str().map(str::to_owned),
        };
        let native =
            serde_json::to_string(&report(input["model"].as_str().unwrap(), &env, &options))
                .unwrap();
        if &native != line {
            failures.push(format!(
                "{name}: not byte-identical:\n  cli:  {line}\n  core: {native}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn malformed_lines_name_their_line_and_the_run_goes_on() {
    let input = concat!(
        "{\"model\":\"ollama/x\",\"env\":{}}\n",
        "not json\n",
        "\n",
        "{\"model\":\"ollama/x\",\"env\":{},\"colour\":\"blue\"}\n",
        "{\"model\":42}\n",
        "{\"model\":\"ollama/x\",\"env\":{\"A\":1}}\n",
        "{\"model\":\"vllm/y\",\"env\":{}}"
    );
    let (code, lines) = run_batch(input, &[], &[]);
    assert_eq!(code, Some(3));
    assert_eq!(lines.len(), 7);
    let parsed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed[0]["litellm"]["model"], "openai/x");
    for (i, what) in [
        (1, "expected"),
        (2, "empty line"),
        (3, "unknown field `colour`"),
        (4, "invalid type"),
        (5, "invalid type"),
    ] {
        let p = &parsed[i];
        assert_eq!(p["line"], i + 1);
        assert_eq!(p["valid"], false);
        assert_eq!(p["local"], false);
        assert_eq!(p["error"]["code"], "malformed_line");
        let msg = p["error"]["message"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!("line {}: ", i + 1)) && msg.contains(what),
            "{msg}"
        );
    }
    assert_eq!(parsed[6]["litellm"]["model"], "openai/y");
}

#[test]
fn invalid_utf8_and_hostile_lines_get_one_answer_each() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let huge = format!(
        "{{\"model\":\"ollama/{}\",\"env\":{{}}}}",
        "a".repeat(1 << 20)
    );
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"{\"model\":\"ollama/\xff\"}\n");
    input.extend_from_slice(deep.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(huge.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(b"{\"model\":\"ollama/a\\u0000b\",\"env\":{}}\n");
    let dir = tempfile::tempdir().unwrap();
    let out = modelroute(dir.path())
        .args(["resolve", "--batch"])
        .write_stdin(input)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert_eq!(lines[1]["error"]["code"], "malformed_line");
    assert_eq!(
        lines[2]["litellm"]["model"].as_str().unwrap().len(),
        "openai/".len() + (1 << 20)
    );
    // NUL is not whitespace: the reference would send it on, and so do we.
    assert_eq!(lines[3]["litellm"]["model"], "openai/a\u{0}b");
}

#[test]
fn lines_without_env_see_the_process_environment() {
    let (_, lines) = run_batch(
        "{\"model\":\"ollama/x\"}\n{\"model\":\"ollama/x\",\"env\":{}}\n",
        &[],
        &[("OLLAMA_BASE_URL", "http://from-process:1")],
    );
    let a: Value = serde_json::from_str(&lines[0]).unwrap();
    let b: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(a["litellm"]["api_base"], "http://from-process:1/v1");
    assert_eq!(b["litellm"]["api_base"], "http://localhost:11434/v1");
}

#[test]
fn secrets_are_kept_for_machines_unless_redact() {
    let line = json!({"model": "org/model", "env": {"HF_TOKEN": "hf_abcdefghijklmnopqrstu"}})
        .to_string()
        + "\n";
    let (_, plain) = run_batch(&line, &[], &[]);
    assert!(plain[0].contains("hf_abcdefghijklmnopqrstu"));
    let (_, redacted) = run_batch(&line, &["--redact"], &[]);
    assert!(!redacted[0].contains("hf_abcdefghijklmnopqrstu"));
    assert!(redacted[0].contains("hf_a…rstu"));
}

#[test]
fn answers_stream_before_input_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("modelroute"))
        .args(["resolve", "--batch"])
        .env_clear()
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Read on its own thread: a batch that stopped streaming (answers held
    // until stdin closes) fails here after the deadline instead of hanging.
    let mut stdout = Pipe::new(child.stdout.take().unwrap());
    for i in 0..3 {
        writeln!(stdin, "{{\"model\":\"vllm/m{i}\",\"env\":{{}}}}").unwrap();
        stdin.flush().unwrap();
        // stdin is still open: only a streaming batch answers now.
        let line = stdout.line(Duration::from_secs(30), &format!("answer {i}"));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["litellm"]["model"], format!("openai/m{i}"));
    }
    drop(stdin);
    let status = wait_within(
        &mut child,
        Duration::from_secs(30),
        "batch after stdin closed",
    );
    assert!(status.success());
}
