//! End-to-end tests of the `modelroute` binary: every command, every error
//! path, snapshots of what a person sees.

mod common;

use std::time::Duration;

use common::{modelroute, transcript};
use serde_json::Value;
use tempfile::TempDir;

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn json_line(out: &std::process::Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
    assert_eq!(text.lines().count(), 1, "one line of JSON: {text}");
    serde_json::from_str(&text).expect("valid JSON")
}

macro_rules! snap {
    ($name:expr, $out:expr) => {
        insta::with_settings!({filters => vec![(r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]")]}, {
            insta::assert_snapshot!($name, transcript(&$out));
        });
    };
}

#[test]
fn resolve_default_ollama_human() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args(["resolve", "ollama/llama3.1:8b"])
        .output()
        .unwrap();
    assert!(out.status.success());
    snap!("resolve_default_ollama", out);
}

#[test]
fn resolve_shows_provider_var_shadowing_the_shared_one() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args(["resolve", "vllm/meta-llama/Llama-3.1-8B-Instruct"])
        .env("VLLM_BASE_URL", "http://gpu:8000/")
        .env("LOCAL_LLM_BASE_URL", "http://shared:1")
        .env("VLLM_API_KEY", "sk-provider-secret-key-123")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("sk-provider-secret-key-123"),
        "key must be redacted"
    );
    snap!("resolve_vllm_shadowing", out);
}

#[test]
fn resolve_error_has_code_message_hint_and_exit_3() {
    let dir = tmp();
    for (id, code) in [
        ("ollama/", "empty_model_name"),
        ("openai-compat/llama3", "reserved_prefix"),
        ("ollama/a b", "whitespace_in_id"),
        ("", "empty_model_id"),
    ] {
        let out = modelroute(dir.path())
            .args(["resolve", id])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{id}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("error[{code}]: ")), "{err}");
        assert!(err.contains("\nhelp: "), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = modelroute(dir.path())
        .args(["resolve", "ollama/"])
        .output()
        .unwrap();
    snap!("resolve_empty_name_error", out);
}

#[test]
fn resolve_strict_effort_errors_use_the_reference_text() {
    let dir = tmp();
    let cases = [
        (
            "ollama/x",
            "high",
            "Local OpenAI-compatible endpoints don't accept reasoning_effort",
        ),
        ("openai/gpt-5", "max", "OpenAI doesn't accept effort='max'"),
        (
            "anthropic/claude-opus-4-7",
            "turbo",
            "Anthropic doesn't accept effort='turbo'",
        ),
        (
            "moonshotai/Kimi-K2",
            "xhigh",
            "HF router doesn't accept effort='xhigh'",
        ),
    ];
    for (id, effort, message) in cases {
        let out = modelroute(dir.path())
            .args(["resolve", id, "--effort", effort, "--strict", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let v = json_line(&out);
        assert_eq!(v["error"]["code"], "unsupported_effort");
        assert_eq!(v["error"]["message"], message);
    }
}

#[test]
fn resolve_json_redacts_unless_show_secrets() {
    let dir = tmp();
    let run = |extra: &[&str]| {
        let mut cmd = modelroute(dir.path());
        cmd.args(["resolve", "lm_studio/google/gemma-3-4b", "--json"])
            .args(extra)
            .env("LMSTUDIO_API_KEY", "lm-studio-secret-0123456789");
        cmd.output().unwrap()
    };
    let v = json_line(&run(&[]));
    assert_eq!(v["litellm"]["api_key"], "lm-s…6789");
    assert_eq!(v["sources"]["api_key"]["source"], "env:LMSTUDIO_API_KEY");
    let v = json_line(&run(&["--show-secrets"]));
    assert_eq!(v["litellm"]["api_key"], "lm-studio-secret-0123456789");
    assert_eq!(v["litellm"]["api_base"], "http://127.0.0.1:1234/v1");
    assert_eq!(v["litellm"]["model"], "openai/google/gemma-3-4b");
}

#[test]
fn openai_base_url_is_never_used_for_local_prefixes() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args(["resolve", "vllm/custom", "--json"])
        .env("OPENAI_BASE_URL", "http://localhost:9999/v1")
        .output()
        .unwrap();
    assert_eq!(
        json_line(&out)["litellm"]["api_base"],
        "http://localhost:8000/v1"
    );
    let out = modelroute(dir.path())
        .args(["resolve", "openai/my-local-model", "--json"])
        .env("OPENAI_BASE_URL", "http://localhost:8000/v1")
        .output()
        .unwrap();
    assert_eq!(
        json_line(&out)["litellm"],
        serde_json::json!({"model": "openai/my-local-model"})
    );
}

#[test]
fn dotenv_in_the_current_directory_loses_to_the_process_environment() {
    let dir = tmp();
    std::fs::write(
        dir.path().join(".env"),
        "# local servers\nexport OLLAMA_BASE_URL='http://from-file:11434'\nOLLAMA_API_KEY=file-key-0123456789\nHOST=gpu\nVLLM_BASE_URL=http://${HOST}:8000\n",
    )
    .unwrap();
    let get = |id: &str, env: &[(&str, &str)], extra: &[&str]| {
        let mut cmd = modelroute(dir.path());
        cmd.args(["resolve", id, "--json", "--show-secrets"])
            .args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        json_line(&cmd.output().unwrap())
    };
    let v = get("ollama/x", &[], &[]);
    assert_eq!(v["litellm"]["api_base"], "http://from-file:11434/v1");
    assert_eq!(v["litellm"]["api_key"], "file-key-0123456789");
    // The process environment wins over the file, as with load_dotenv().
    let v = get(
        "ollama/x",
        &[("OLLAMA_BASE_URL", "http://from-shell:1")],
        &[],
    );
    assert_eq!(v["litellm"]["api_base"], "http://from-shell:1/v1");
    assert_eq!(v["litellm"]["api_key"], "file-key-0123456789");
    // Interpolation, and --no-dotenv.
    assert_eq!(
        get("vllm/x", &[], &[])["litellm"]["api_base"],
        "http://gpu:8000/v1"
    );
    let v = get("ollama/x", &[], &["--no-dotenv"]);
    assert_eq!(v["litellm"]["api_base"], "http://localhost:11434/v1");
}

#[test]
fn env_file_flag_and_errors_name_file_and_line() {
    let dir = tmp();
    let file = dir.path().join("servers.env");
    std::fs::write(&file, "LLAMACPP_BASE_URL=http://box:8080\n").unwrap();
    let out = modelroute(dir.path())
        .args(["resolve", "llamacpp/x", "--json", "--env-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(json_line(&out)["litellm"]["api_base"], "http://box:8080/v1");

    std::fs::write(dir.path().join(".env"), "A=1\nB=\"never closed\nC=3\n").unwrap();
    let out = modelroute(dir.path())
        .args(["resolve", "ollama/x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    snap!("dotenv_malformed", out);

    let out = modelroute(dir.path())
        .args(["resolve", "ollama/x", "--env-file", "missing.env"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.env: cannot read"));

    std::fs::write(dir.path().join("bad.env"), b"A=\xff\xfe\n").unwrap();
    let out = modelroute(dir.path())
        .args(["resolve", "ollama/x", "--env-file", "bad.env"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn hf_token_file_is_read_only_when_needed() {
    let dir = tmp();
    let token = dir.path().join("token");
    std::fs::write(&token, "hf_from_file_0123456789\n").unwrap();
    let run = |id: &str, env: &[(&str, &str)]| {
        let mut cmd = modelroute(dir.path());
        cmd.args(["resolve", id, "--json", "--show-secrets"])
            .env("HF_TOKEN_PATH", &token);
        for (k, v) in env {
            cmd.env(k, v);
        }
        json_line(&cmd.output().unwrap())
    };
    let v = run("meta-llama/Llama-3.1-8B-Instruct", &[]);
    assert_eq!(v["litellm"]["api_key"], "hf_from_file_0123456789");
    assert_eq!(v["sources"]["api_key"]["source"], "token_file");
    let v = run(
        "meta-llama/Llama-3.1-8B-Instruct",
        &[("HF_TOKEN", "hf_env")],
    );
    assert_eq!(v["litellm"]["api_key"], "hf_env");
    // The default location under HOME.
    let hf = dir.path().join(".cache/huggingface");
    std::fs::create_dir_all(&hf).unwrap();
    std::fs::write(hf.join("token"), "hf_home_token\r\n").unwrap();
    let out = modelroute(dir.path())
        .args(["resolve", "org/model", "--json", "--show-secrets"])
        .output()
        .unwrap();
    assert_eq!(json_line(&out)["litellm"]["api_key"], "hf_home_token");
}

#[test]
fn explain_tells_the_whole_story() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args([
            "explain",
            "vllm/meta-llama/Llama-3.1-8B-Instruct",
            "--effort",
            "high",
        ])
        .env("VLLM_BASE_URL", "")
        .env("LOCAL_LLM_BASE_URL", "http://shared:8000")
        .env("LOCAL_LLM_API_KEY", "shared-secret-key-0000")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("shared-secret-key-0000"));
    snap!("explain_vllm_shared", out);

    let out = modelroute(dir.path())
        .args([
            "explain",
            "moonshotai/Kimi-K2-Instruct:fastest",
            "--effort",
            "max",
        ])
        .env("HF_TOKEN", "   ")
        .env("HUGGING_FACE_HUB_TOKEN", "hf_hidden_legacy_token")
        .output()
        .unwrap();
    snap!("explain_hf_hidden_token", out);

    let out = modelroute(dir.path())
        .args(["explain", "openai-compat/llama3", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = json_line(&out);
    assert_eq!(v["error"]["code"], "reserved_prefix");
    assert!(v["expected_formats"]
        .as_str()
        .unwrap()
        .starts_with("Invalid model id format"));
}

#[test]
fn explain_shows_diagnostics_with_the_value_to_copy() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args(["explain", "ollama/llama3.1:8b"])
        .env(
            "OLLAMA_BASE_URL",
            "http://0.0.0.0:11434/v1/chat/completions",
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("set: OLLAMA_BASE_URL=http://127.0.0.1:11434/v1"),
        "{text}"
    );
    snap!("explain_diagnostics", out);
    let out = modelroute(dir.path())
        .args(["explain", "lmstudio/google/gemma-3-4b"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("use: lm_studio/google/gemma-3-4b"));
}

#[test]
fn a_malformed_base_url_resolves_as_the_reference_and_explain_flags_it() {
    let dir = tmp();
    let run = |command: &str| {
        modelroute(dir.path())
            .args([command, "ollama/llama3.1:8b", "--json"])
            .env("OLLAMA_BASE_URL", "http://localhost;11434")
            .env("OLAMA_API_KEY", "sk-typo-0123456789")
            .output()
            .unwrap()
    };
    // What the agent would send, as the reference builds it.
    let out = run("resolve");
    assert!(out.status.success());
    assert_eq!(
        json_line(&out)["litellm"]["api_base"],
        "http://localhost;11434/v1"
    );
    let v = json_line(&run("explain"));
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // A misspelt name is read from the process environment too.
    assert_eq!(
        codes,
        [
            "base_url_invalid_host",
            "base_url_localhost",
            "near_miss_variable"
        ]
    );
    let first = &v["diagnostics"][0];
    assert_eq!(first["suggestion"]["value"], "http://127.0.0.1:11434");
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("`;` at character 10"));
    // A key's value is never printed, even in a rename.
    assert!(!v.to_string().contains("0123456789"));
}

#[test]
fn credentials_in_base_urls_are_masked_for_people() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args(["resolve", "vllm/m"])
        .env("VLLM_BASE_URL", "https://user:hunter2-password@gpu:8443")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("https://user:***@gpu:8443/v1"), "{text}");
    assert!(!text.contains("hunter2"));
    let out = modelroute(dir.path())
        .args(["explain", "vllm/m"])
        .env("VLLM_BASE_URL", "https://user:hunter2-password@gpu:8443")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
}

#[test]
fn validate_reports_each_id_and_fails_on_any_invalid() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .args([
            "validate",
            "ollama/llama3.1:8b",
            "moonshotai/Kimi-K2:fastest",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = modelroute(dir.path())
        .args(["validate", "ollama/llama3.1:8b", "gpt-4", "ollama/", "a//b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    snap!("validate_mixed", out);
    let out = modelroute(dir.path())
        .args(["validate", "--json", "vllm/x", "openai-compat/y"])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["reason"]["code"], "reserved_prefix");
}

#[test]
fn providers_lists_the_table_with_effective_urls() {
    let dir = tmp();
    let out = modelroute(dir.path())
        .arg("providers")
        .env("LOCAL_LLM_BASE_URL", "http://shared:9000")
        .env("OLLAMA_BASE_URL", "http://gpu:11434")
        .output()
        .unwrap();
    snap!("providers", out);
    let out = modelroute(dir.path())
        .args(["providers", "--json"])
        .output()
        .unwrap();
    let v = json_line(&out);
    let ids: Vec<&str> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let table: Vec<&str> = modelroute_core::LOCAL_PROVIDERS
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, table);
}

#[test]
fn completions_for_every_shell() {
    let dir = tmp();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = modelroute(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("modelroute"));
    }
    let out = modelroute(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_version_and_usage_errors() {
    let dir = tmp();
    let out = modelroute(dir.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    snap!("help", out);
    let out = modelroute(dir.path()).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("modelroute {}\n", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        &["resolve"][..],
        &["frobnicate"],
        &["resolve", "x", "--batch"],
        &["resolve", "--redact", "x"],
    ] {
        let out = modelroute(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let dir = tmp();
    let plain = modelroute(dir.path())
        .args(["resolve", "ollama/x"])
        .output()
        .unwrap();
    assert!(
        !plain.stdout.contains(&0x1b),
        "no escape codes off a terminal"
    );
    let forced = modelroute(dir.path())
        .args(["resolve", "ollama/x", "--color", "always"])
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
    let never = modelroute(dir.path())
        .args(["resolve", "ollama/x"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn broken_pipe_is_quiet() {
    use std::process::{Command, Stdio};
    let dir = tmp();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("modelroute"))
        .args(["completions", "bash"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = common::Pipe::new(child.stderr.take().unwrap());
    stderr.read_to_end(Duration::from_secs(30), "stderr of completions");
    let status = common::wait_within(&mut child, Duration::from_secs(30), "completions");
    let err = String::from_utf8_lossy(&stderr.seen);
    assert!(status.success() || status.code() == Some(0), "{status:?}");
    assert!(!err.contains("panicked"), "{err}");
}
