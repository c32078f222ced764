//! Snapshots of what a person sees: exit code, stdout and stderr of
//! `probe`, `doctor`, `discover`, `run` and `shell`, for success and for
//! each failure class the stub servers can produce. They pin the human
//! output across refactors; the JSON is pinned by `probe.rs` and `run.rs`.
//!
//! Ports, timings and temporary paths vary from run to run, so they are
//! replaced by `[PORT]`, `[TIME]` and `[TMP]` before comparing.

#[macro_use]
mod common;
mod servers;

use std::net::SocketAddr;

use common::{configured_only, modelroute, transcript};
use servers::{chat_server, delta, done, finish, Family, Raw, Script, Stub};

fn base(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

fn stub(family: Family, models: &[&'static str], key: Option<&'static str>) -> SocketAddr {
    servers::family(Stub {
        family,
        models: models.to_vec(),
        key,
    })
}

fn dead() -> String {
    format!("http://127.0.0.1:{}", servers::dead_port())
}

/// Every local base URL pointed at a port nothing listens on, so `discover`
/// and `doctor` never see a stray server on a default port, then `env`.
fn isolated(env: &[(&str, String)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = [
        "OLLAMA_BASE_URL",
        "VLLM_BASE_URL",
        "LMSTUDIO_BASE_URL",
        "LLAMACPP_BASE_URL",
    ]
    .iter()
    .map(|v| ((*v).to_owned(), dead()))
    .collect();
    all.extend(env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    all
}

/// Runs `modelroute args` with `env` (and `stdin`) and returns the
/// transcript with unstable parts replaced.
fn run(args: &[&str], env: &[(&str, String)], stdin: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args).arg("--color=never");
    for (k, v) in isolated(env) {
        cmd.env(k, v);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.timeout(std::time::Duration::from_secs(60));
    let out = cmd.output().unwrap();
    let text = transcript(&out);
    text.replace(&dir.path().display().to_string(), "[TMP]")
}

// ---- probe ----------------------------------------------------------------

#[test]
fn probe_success() {
    let addr = stub(Family::Ollama, &["llama3.1:8b", "qwen3:4b"], None);
    snap!(
        "probe_success",
        run(
            &["probe", "ollama/llama3.1:8b"],
            &[("OLLAMA_BASE_URL", base(addr))],
            None
        )
    );
}

#[test]
fn probe_connection_refused() {
    snap!(
        "probe_connection_refused",
        run(&["probe", "ollama/llama3.1:8b"], &[], None)
    );
}

#[test]
fn probe_timeout() {
    let addr = servers::raw(Raw::Silent);
    snap!(
        "probe_timeout",
        run(
            &["probe", "vllm/m", "--timeout", "1"],
            &[("VLLM_BASE_URL", base(addr))],
            None
        )
    );
}

#[test]
fn probe_unauthorized() {
    let addr = stub(Family::Vllm, &["m"], Some("right-key-1234567"));
    snap!(
        "probe_unauthorized",
        run(
            &["probe", "vllm/m"],
            &[
                ("VLLM_BASE_URL", base(addr)),
                ("VLLM_API_KEY", "wrong-key-1234567".to_owned())
            ],
            None
        )
    );
}

#[test]
fn probe_path_not_found() {
    let addr = stub(Family::Vllm, &["m"], None);
    snap!(
        "probe_path_not_found",
        run(
            &["probe", "vllm/m"],
            &[("VLLM_BASE_URL", format!("{}/v1/v1", base(addr)))],
            None
        )
    );
}

#[test]
fn probe_model_not_served() {
    let addr = stub(Family::Ollama, &["llama3.1:70b", "qwen3:4b"], None);
    snap!(
        "probe_model_not_served",
        run(
            &["probe", "ollama/llama3.1:8b"],
            &[("OLLAMA_BASE_URL", base(addr))],
            None
        )
    );
}

#[test]
fn probe_server_error() {
    let addr = servers::with_chat(
        500,
        "application/json",
        r#"{"error":{"message":"out of memory"}}"#,
    );
    snap!(
        "probe_server_error",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_bad_response() {
    let addr = servers::fixed(200, "text/html", "<html><body>router login</body></html>");
    snap!(
        "probe_bad_response",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_no_choices() {
    let addr = servers::with_chat(
        200,
        "application/json",
        r#"{"id":"x","object":"chat.completion","choices":[]}"#,
    );
    snap!(
        "probe_no_choices",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_redirect() {
    let addr = servers::fixed_redirect("http://elsewhere.invalid/v1/models");
    snap!(
        "probe_redirect",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_http_error() {
    let addr = servers::with_chat(
        422,
        "application/json",
        r#"{"detail":"unprocessable request"}"#,
    );
    snap!(
        "probe_http_error",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_connection_failed() {
    let addr = servers::raw(Raw::CloseMidBody);
    snap!(
        "probe_connection_failed",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_https_to_a_plain_http_port() {
    let addr = servers::raw(Raw::HttpOnly);
    snap!(
        "probe_https_to_a_plain_http_port",
        run(
            &["probe", "llamacpp/smollm2", "--connect-timeout", "1"],
            &[("LLAMACPP_BASE_URL", format!("https://{addr}"))],
            None
        )
    );
}

#[test]
fn probe_not_http() {
    let addr = servers::raw(Raw::Banner);
    snap!(
        "probe_not_http",
        run(&["probe", "vllm/m"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn probe_server_family_mismatch() {
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    snap!(
        "probe_server_family_mismatch",
        run(
            &["probe", "ollama/llama3.1:8b"],
            &[("OLLAMA_BASE_URL", base(addr))],
            None
        )
    );
}

#[test]
fn discover_server_family_mismatch() {
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    let text = run(&["discover"], &[("OLLAMA_BASE_URL", base(addr))], None);
    let lines = configured_only(&text);
    snap!("discover_server_family_mismatch", lines);
}

#[test]
fn probe_unsupported_route() {
    snap!(
        "probe_unsupported_route",
        run(&["probe", "anthropic/claude-opus-4-6"], &[], None)
    );
}

#[test]
fn probe_invalid_id() {
    snap!("probe_invalid_id", run(&["probe", "ollama/"], &[], None));
}

// ---- doctor and discover --------------------------------------------------

#[test]
fn doctor_success() {
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    snap!(
        "doctor_success",
        run(
            &["doctor", "llamacpp/smollm2"],
            &[("LLAMACPP_BASE_URL", base(addr))],
            None
        )
    );
}

#[test]
fn doctor_refused() {
    snap!(
        "doctor_refused",
        run(&["doctor", "ollama/llama3.1:8b"], &[], None)
    );
}

#[test]
fn doctor_without_id() {
    let addr = stub(Family::Vllm, &["m"], None);
    snap!(
        "doctor_without_id",
        run(&["doctor"], &[("VLLM_BASE_URL", base(addr))], None)
    );
}

#[test]
fn discover_one_server() {
    let addr = stub(Family::LmStudio, &["google/gemma-3-4b"], None);
    let text = run(&["discover"], &[("LMSTUDIO_BASE_URL", base(addr))], None);
    let lines = configured_only(&text);
    snap!("discover_one_server", lines);
}

// ---- run ------------------------------------------------------------------

#[test]
fn run_streams_the_answer() {
    let chat = chat_server(Script {
        steps: vec![delta("Hello "), delta("world"), finish("stop"), done()],
        ..Script::default()
    });
    snap!(
        "run_streams_the_answer",
        run(
            &["run", "--model", "vllm/m", "hi"],
            &[("VLLM_BASE_URL", base(chat.addr))],
            None
        )
    );
}

#[test]
fn run_length_cut() {
    let chat = chat_server(Script {
        steps: vec![delta("Hello"), finish("length"), done()],
        ..Script::default()
    });
    snap!(
        "run_length_cut",
        run(
            &["run", "--model", "vllm/m", "hi"],
            &[("VLLM_BASE_URL", base(chat.addr))],
            None
        )
    );
}

#[test]
fn run_refused() {
    snap!(
        "run_refused",
        run(&["run", "--model", "ollama/llama3.1:8b", "hi"], &[], None)
    );
}

#[test]
fn run_unauthorized() {
    let addr = stub(Family::LlamaCpp, &["m"], Some("right-key-1234567"));
    snap!(
        "run_unauthorized",
        run(
            &["run", "--model", "llamacpp/m", "hi"],
            &[
                ("LLAMACPP_BASE_URL", base(addr)),
                ("LLAMACPP_API_KEY", "wrong-key-1234567".to_owned())
            ],
            None
        )
    );
}

#[test]
fn run_without_a_hub_token() {
    snap!(
        "run_without_a_hub_token",
        run(
            &["run", "--model", "MiniMaxAI/MiniMax-M2.7", "hi"],
            &[],
            None
        )
    );
}

#[test]
fn run_unsupported_route() {
    snap!(
        "run_unsupported_route",
        run(
            &["run", "--model", "anthropic/claude-opus-4-6", "hi"],
            &[],
            None
        )
    );
}

// ---- shell (lines from a pipe) --------------------------------------------

#[test]
fn shell_session() {
    let chat = chat_server(Script {
        steps: vec![delta("Hi "), delta("there"), finish("stop"), done()],
        models: vec!["m", "other"],
        ..Script::default()
    });
    let ollama = stub(Family::Ollama, &["llama3.1:8b"], None);
    let input = "hello\n/models\n/model llamacpp/x\n/model gpt-4\n/model ollama/llama3.1:8b\n/help\n/nope\n/quit\n";
    snap!(
        "shell_session",
        run(
            &["shell", "--model", "vllm/m"],
            &[
                ("VLLM_BASE_URL", base(chat.addr)),
                ("OLLAMA_BASE_URL", base(ollama)),
            ],
            Some(input)
        )
    );
}

#[test]
fn shell_env_command() {
    snap!(
        "shell_env_command",
        run(
            &["shell", "--model", "vllm/m"],
            &[],
            Some("/env\n/clear\n/quit\n")
        )
    );
}
