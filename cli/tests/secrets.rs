//! Secret audit: every command, human and JSON output, errors included,
//! run with recognisable keys and tokens in the environment. No full secret
//! may appear on stdout or stderr unless the user asked for it
//! (`--show-secrets`, or `--batch` without `--redact`).

mod common;
mod servers;

use std::process::Output;

use common::modelroute;
use servers::{Family, Stub};

/// Every secret the environment holds, each recognisable.
const SECRETS: &[(&str, &str)] = &[
    ("OLLAMA_API_KEY", "sk-ollama-SECRET-0001-aaaa"),
    ("VLLM_API_KEY", "sk-vllm-SECRET-0002-bbbb"),
    ("LMSTUDIO_API_KEY", "sk-lmstudio-SECRET-0003-cccc"),
    ("LLAMACPP_API_KEY", "sk-llamacpp-SECRET-0004-dddd"),
    ("LOCAL_LLM_API_KEY", "sk-shared-SECRET-0005-eeee"),
    ("HF_TOKEN", "hf_SECRET0006ffffffffffffffff"),
    ("HUGGING_FACE_HUB_TOKEN", "hf_SECRET0007gggggggggggggggg"),
    ("INFERENCE_TOKEN", "hf_SECRET0008hhhhhhhhhhhhhhhh"),
    ("OPENAI_API_KEY", "sk-openai-SECRET-0009-iiii"),
];
const SESSION: &str = "hf_SECRET0010sessionsessionss";
const FILE_TOKEN: &str = "hf_SECRET0011filefilefilefile";
const URL_PASSWORD: &str = "SECRET0012urlpassword";
/// A token in a base URL's query (`?api_key=`), which servers behind some
/// proxies take instead of a bearer key.
const URL_QUERY_TOKEN: &str = "SECRET0013querytoken";

fn leaks(out: &Output) -> Vec<&'static str> {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    SECRETS
        .iter()
        .map(|(_, s)| *s)
        .chain([SESSION, FILE_TOKEN, URL_PASSWORD, URL_QUERY_TOKEN])
        .filter(|s| text.contains(s))
        .collect()
}

fn run(args: &[&str], ollama: &str, stdin: Option<&str>) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), format!("{FILE_TOKEN}\n")).unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args)
        .env("OLLAMA_BASE_URL", ollama)
        .env(
            "VLLM_BASE_URL",
            format!("http://user:{URL_PASSWORD}@127.0.0.1:9"),
        )
        .env(
            "LMSTUDIO_BASE_URL",
            format!("http://127.0.0.1:9/v1?api_key={URL_QUERY_TOKEN}"),
        )
        .env("HF_TOKEN_PATH", dir.path().join("token"));
    for (k, v) in SECRETS {
        cmd.env(k, v);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_owned());
    }
    cmd.output().unwrap()
}

#[test]
fn no_command_prints_a_full_secret_by_default() {
    let addr = servers::family(Stub {
        family: Family::Ollama,
        models: vec!["llama3.1:8b"],
        key: None,
    });
    let ollama = format!("http://{addr}");
    let ids = [
        "ollama/llama3.1:8b",
        "vllm/m",
        "lm_studio/m",
        "llamacpp/m",
        "moonshotai/Kimi-K2:fastest",
        "openai/gpt-5",
        "ollama/",
        "openai-compat/x",
    ];
    let mut commands: Vec<Vec<String>> = Vec::new();
    for id in ids {
        for base in [
            vec!["resolve", id],
            vec!["resolve", id, "--json"],
            vec!["resolve", id, "--session-token", SESSION],
            vec!["resolve", id, "--json", "--session-token", SESSION],
            vec!["explain", id],
            vec!["explain", id, "--json"],
            vec!["validate", id],
            vec!["probe", id, "--timeout", "3"],
            vec!["probe", id, "--json", "--timeout", "3"],
            vec!["doctor", id, "--timeout", "3"],
            vec!["doctor", id, "--json", "--timeout", "3"],
        ] {
            commands.push(base.into_iter().map(str::to_owned).collect());
        }
        for format in [
            "env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm",
        ] {
            commands.push(vec![
                "export".into(),
                id.into(),
                "--to".into(),
                format.into(),
            ]);
        }
    }
    for extra in [
        &["providers"][..],
        &["providers", "--json"],
        &["discover", "--timeout", "2"],
        &["discover", "--json", "--timeout", "2"],
        &["doctor", "--timeout", "2"],
    ] {
        commands.push(extra.iter().map(|s| s.to_string()).collect());
    }
    let mut failures = Vec::new();
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, &ollama, None);
        let leaked = leaks(&out);
        if !leaked.is_empty() {
            failures.push(format!("{args:?} leaked {leaked:?}"));
        }
    }
    // Batch with --redact, lines with and without their own env.
    let batch = format!(
        "{{\"model\":\"vllm/m\"}}\n{{\"model\":\"org/m\",\"session_token\":\"{SESSION}\"}}\n{{\"model\":\"org/m\",\"env\":{{}},\"hf_token_file\":\"{FILE_TOKEN}\"}}\n"
    );
    let out = run(&["resolve", "--batch", "--redact"], &ollama, Some(&batch));
    if !leaks(&out).is_empty() {
        failures.push(format!("batch --redact leaked {:?}", leaks(&out)));
    }
    assert!(commands.len() > 150);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn secrets_appear_when_asked_for() {
    let out = run(
        &["resolve", "vllm/m", "--show-secrets", "--json"],
        "http://127.0.0.1:9",
        None,
    );
    assert!(leaks(&out).contains(&"sk-vllm-SECRET-0002-bbbb"));
    let out = run(
        &["resolve", "--batch"],
        "http://127.0.0.1:9",
        Some("{\"model\":\"org/m\"}\n"),
    );
    assert!(
        leaks(&out).contains(&"hf_SECRET0008hhhhhhhhhhhhhhhh"),
        "batch output is machine input"
    );
    let out = run(
        &["export", "vllm/m", "--to", "env", "--show-secrets"],
        "http://127.0.0.1:9",
        None,
    );
    assert!(leaks(&out).contains(&"sk-vllm-SECRET-0002-bbbb"));
    let out = run(
        &["resolve", "lm_studio/m", "--show-secrets", "--json"],
        "http://127.0.0.1:9",
        None,
    );
    assert!(leaks(&out).contains(&URL_QUERY_TOKEN));
}
