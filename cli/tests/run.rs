//! `run` against chat servers on loopback: streamed answers, the ways a
//! stream ends, limits, the Hub-token gate, and what the request carries.

mod common;
mod servers;

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{modelroute, transcript, wait_within, Pipe};
use servers::{chat_server, delta, done, finish, Script, Step};

const NO_TOKEN: &str = "ERROR: No HF token found. Set HF_TOKEN or run `huggingface-cli login`.\n";

fn base(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Runs `modelroute run` with `env` and `args`.
fn run(env: &[(&str, String)], args: &[&str]) -> std::process::Output {
    run_with_stdin(env, args, "")
}

fn run_with_stdin(env: &[(&str, String)], args: &[&str], stdin: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.arg("run").args(args).write_stdin(stdin);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn answer(steps: Vec<Step>) -> servers::ChatServer {
    chat_server(Script {
        steps,
        ..Script::default()
    })
}

#[test]
fn the_answer_streams_to_stdout_as_it_arrives() {
    // The server holds the rest of the answer until the test has seen the
    // first piece on stdout: only a client that streams gets past this.
    let gate = Arc::new(AtomicBool::new(false));
    let server = answer(vec![
        delta("Hello"),
        Step::Gate(gate.clone()),
        delta(" world"),
        finish("stop"),
        done(),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_modelroute"))
        .env_clear()
        .env("HOME", dir.path())
        .env("OLLAMA_BASE_URL", base(server.addr))
        .current_dir(dir.path())
        .args(["run", "--model", "ollama/llama3.1:8b", "say hello"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Each read has its own deadline: a client that stopped streaming
    // fails here instead of hanging on the gate.
    let mut stdout = Pipe::new(child.stdout.take().unwrap());
    stdout.until(Duration::from_secs(30), "the first piece", |seen| {
        text(seen).contains("Hello")
    });
    assert_eq!(
        text(&stdout.seen),
        "Hello",
        "only the first piece can be out yet"
    );
    assert!(child.try_wait().unwrap().is_none(), "still answering");
    gate.store(true, Ordering::SeqCst);
    stdout.read_to_end(Duration::from_secs(30), "the rest of the answer");
    let status = wait_within(&mut child, Duration::from_secs(30), "run");
    let seen = stdout.seen;
    assert_eq!(text(&seen), "Hello world\n");
    assert_eq!(status.code(), Some(0));
    let sent = &server.received()[0].body;
    assert_eq!(sent["model"], "llama3.1:8b");
    assert_eq!(sent["stream"], true);
    assert_eq!(
        sent["messages"],
        serde_json::json!([{"role": "user", "content": "say hello"}])
    );
}

#[test]
fn streams_framed_with_crlf_comments_and_multi_line_events() {
    let frame = |content: &str| {
        serde_json::json!({"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]})
            .to_string()
    };
    let server = answer(vec![
        Step::Send(": ping\r\n\r\n".into()),
        Step::Send(format!("data: {}\r\n\r", frame("one "))),
        Step::Send(format!("\ndata: {}\r\n\r\n", frame("two"))),
        // One JSON object split over two data lines.
        Step::Send(
            "data: {\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\" three\"}}]}\r\n\r\n"
                .into(),
        ),
        Step::Send("data: [DONE]\r\n\r\n".into()),
    ]);
    let out = run(
        &[("VLLM_BASE_URL", base(server.addr))],
        &["--model", "vllm/m", "count"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "one two three\n");
}

#[test]
fn a_stream_may_end_without_done_after_a_finish_reason() {
    // Ollama and llama.cpp may close the body without `[DONE]`.
    let server = answer(vec![delta("short"), finish("stop")]);
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "short\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn a_stream_cut_mid_way_is_a_broken_connection() {
    // The connection breaks (the chunked body never ends)...
    let server = answer(vec![
        delta("half an"),
        Step::Sleep(Duration::from_millis(200)),
        Step::Abort,
    ]);
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(23), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "half an\n");
    assert!(
        text(&out.stderr).starts_with("error[connection_failed]: the connection broke"),
        "{}",
        transcript(&out)
    );
    // ...or the body ends cleanly, but with no finish reason and no [DONE].
    let server = answer(vec![delta("half an")]);
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(23), "{}", transcript(&out));
    assert!(
        text(&out.stderr).contains("ended before `data: [DONE]` or a finish reason"),
        "{}",
        transcript(&out)
    );
}

#[test]
fn an_error_frame_mid_stream_fails_with_its_class() {
    // llama.cpp: the error frame, then the end of the body.
    let server = answer(vec![
        delta("Once upon"),
        Step::Send(
            "data: {\"error\":{\"code\":500,\"message\":\"slot crashed\",\"type\":\"server_error\"}}\n\n"
                .into(),
        ),
    ]);
    let out = run(
        &[("LLAMACPP_BASE_URL", base(server.addr))],
        &["--model", "llamacpp/m", "story"],
    );
    assert_eq!(out.status.code(), Some(18), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "Once upon\n");
    assert!(
        text(&out.stderr).starts_with(
            "error[server_error]: the server stopped the answer with an error (500): slot crashed"
        ),
        "{}",
        transcript(&out)
    );
    // vLLM: the error frame, then [DONE]; the [DONE] does not make it a success.
    let server = answer(vec![
        Step::Send("data: {\"error\":{\"message\":\"prompt too long\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}\n\n".into()),
        done(),
    ]);
    let out = run(
        &[("VLLM_BASE_URL", base(server.addr))],
        &["--model", "vllm/m", "story"],
    );
    assert_eq!(out.status.code(), Some(22), "{}", transcript(&out));
    assert!(text(&out.stderr).contains("(400): prompt too long"));
}

#[test]
fn a_server_that_never_answers_hits_the_idle_timeout() {
    let addr = servers::raw(servers::Raw::Silent);
    let started = Instant::now();
    let out = run(
        &[("VLLM_BASE_URL", base(addr))],
        &["--model", "vllm/m", "hi", "--timeout", "1"],
    );
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(13), "{}", transcript(&out));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(text(&out.stderr).contains("no answer from `"));
    // Silence in the middle of an answer counts too.
    let server = answer(vec![
        delta("thinking"),
        Step::Sleep(Duration::from_secs(30)),
    ]);
    let started = Instant::now();
    let out = run(
        &[("VLLM_BASE_URL", base(server.addr))],
        &["--model", "vllm/m", "hi", "--timeout", "500ms"],
    );
    assert_eq!(out.status.code(), Some(13), "{}", transcript(&out));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(text(&out.stdout), "thinking\n");
    assert!(text(&out.stderr).contains("sent nothing for 0.5 s in the middle of the answer"));
}

#[test]
fn a_line_that_never_ends_is_cut_at_one_mebibyte() {
    let addr = servers::endless_event_stream();
    let out = run(
        &[("VLLM_BASE_URL", base(addr))],
        &["--model", "vllm/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(19), "{}", transcript(&out));
    assert!(
        text(&out.stderr).contains("line longer than 1024 KiB"),
        "{}",
        transcript(&out)
    );
}

#[test]
fn a_refused_key_names_the_variable_and_never_prints_it() {
    let addr = servers::family(servers::Stub {
        family: servers::Family::Vllm,
        models: vec!["m"],
        key: Some("right-key"),
    });
    let out = run(
        &[
            ("VLLM_BASE_URL", base(addr)),
            ("VLLM_API_KEY", "sk-wrong-key-123456".into()),
        ],
        &["--model", "vllm/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(15), "{}", transcript(&out));
    let all = transcript(&out);
    assert!(all.contains("`VLLM_API_KEY`"), "{all}");
    assert!(!all.contains("sk-wrong-key-123456"), "{all}");
    // No key at all: the placeholder went, and the fix names the variable.
    let out = run(
        &[("VLLM_BASE_URL", base(addr))],
        &["--model", "vllm/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(15));
    assert!(text(&out.stderr).contains("set `VLLM_API_KEY`"));
}

#[test]
fn ids_that_are_not_local_need_a_hub_token() {
    for id in ["moonshotai/Kimi-K2.6", "openai/gpt-5", "ollama/"] {
        let out = run(&[], &["--model", id, "hi"]);
        assert_eq!(out.status.code(), Some(1), "{id}: {}", transcript(&out));
        assert_eq!(text(&out.stderr), NO_TOKEN, "{id}");
        assert_eq!(text(&out.stdout), "");
    }
    // A blank HF_TOKEN hides HUGGING_FACE_HUB_TOKEN, as Python's `or` does;
    // INFERENCE_TOKEN is a router key, not a Hub token.
    let out = run(
        &[
            ("HF_TOKEN", "  ".into()),
            ("HUGGING_FACE_HUB_TOKEN", "hf_legacy".into()),
            ("INFERENCE_TOKEN", "hf_inference".into()),
        ],
        &["--model", "moonshotai/Kimi-K2.6", "hi"],
    );
    assert_eq!(text(&out.stderr), NO_TOKEN);
    // Local ids never need one.
    let server = answer(vec![delta("ok"), finish("stop"), done()]);
    let out = run(
        &[("LMSTUDIO_BASE_URL", base(server.addr))],
        &["--model", "lm_studio/google/gemma-3-4b", "hi"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
}

#[test]
fn the_token_file_satisfies_the_gate() {
    let server = answer(vec![delta("ok"), finish("stop")]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "hf_from_file\n").unwrap();
    let out = run(
        &[
            ("HF_TOKEN_PATH", file.display().to_string()),
            ("OPENAI_BASE_URL", format!("{}/v1", base(server.addr))),
            ("OPENAI_API_KEY", "sk-openai-test".into()),
        ],
        &["--model", "openai/gpt-test", "hi"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "ok\n");
}

#[test]
fn no_stream_prints_the_message_of_one_json_completion() {
    let server = chat_server(Script {
        reply: "the whole answer",
        ..Script::default()
    });
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &[
            "--model",
            "ollama/m",
            "hi",
            "--no-stream",
            "--max-tokens",
            "7",
            "--temperature",
            "0.2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(text(&out.stdout), "the whole answer\n");
    let sent = &server.received()[0].body;
    assert_eq!(sent["stream"], false);
    assert_eq!(sent["max_tokens"], 7);
    assert_eq!(sent["temperature"], 0.2);
}

#[test]
fn a_prompt_of_dash_is_read_from_stdin() {
    let server = answer(vec![delta("read it"), finish("stop"), done()]);
    let out = run_with_stdin(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "--system", "be brief", "-"],
        "line one\nline two\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(
        server.received()[0].body["messages"],
        serde_json::json!([
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "line one\nline two"}
        ])
    );
    // An empty prompt is a usage error, before any request.
    let out = run_with_stdin(&[], &["--model", "ollama/m", "-"], "\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error[empty_prompt]"));
}

#[test]
fn effort_goes_to_openai_and_never_to_local_servers() {
    let server = answer(vec![delta("ok"), finish("stop"), done()]);
    let out = run(
        &[
            ("HF_TOKEN", "hf_test".into()),
            ("OPENAI_BASE_URL", format!("{}/v1", base(server.addr))),
            ("OPENAI_API_KEY", "sk-openai-test".into()),
        ],
        &["--model", "openai/gpt-test", "--effort", "high", "hi"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let got = &server.received()[0];
    assert_eq!(got.body["reasoning_effort"], "high");
    assert_eq!(got.body["model"], "gpt-test");
    assert_eq!(got.authorization.as_deref(), Some("Bearer sk-openai-test"));

    let server = answer(vec![delta("ok"), finish("stop"), done()]);
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "--effort", "high", "hi"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let got = &server.received()[0];
    assert!(got.body.get("reasoning_effort").is_none(), "{:?}", got.body);
    assert_eq!(
        got.authorization.as_deref(),
        Some("Bearer sk-local-no-key-required")
    );
}

#[test]
fn routes_without_an_openai_compatible_endpoint_are_refused() {
    let out = run(
        &[("HF_TOKEN", "hf_test".into())],
        &["--model", "anthropic/claude-opus-4-7", "hi"],
    );
    assert_eq!(out.status.code(), Some(24), "{}", transcript(&out));
    assert!(text(&out.stderr).starts_with("error[probe_unsupported]"));
}

#[test]
fn a_refused_port_names_the_server_to_start() {
    let port = servers::dead_port();
    let out = run(
        &[("OLLAMA_BASE_URL", format!("http://127.0.0.1:{port}"))],
        &["--model", "ollama/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(10), "{}", transcript(&out));
    assert!(text(&out.stderr).contains("help: start the server: `ollama serve`"));
}

#[test]
fn a_length_cut_answer_warns() {
    let server = answer(vec![delta("trunc"), finish("length"), done()]);
    let out = run(
        &[("OLLAMA_BASE_URL", base(server.addr))],
        &["--model", "ollama/m", "hi"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("finish_reason: length"));
}
