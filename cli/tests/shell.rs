//! `shell` driven through a pseudo-terminal, as a person types: messages
//! with streamed answers, `/model` listing and switching (SPEC §6),
//! Ctrl-C during an answer, the token prompt (SPEC §5), history.

#![cfg(unix)]

mod servers;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::{spawn_command, PtySession};
use servers::{chat_server, delta, done, finish, Family, Script, Step, Stub};

fn base(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// The shell in a pseudo-terminal, in an empty environment with `HOME` in
/// `home`, waiting for its first prompt.
fn shell(home: &Path, env: &[(&str, String)], args: &[&str]) -> PtySession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_modelroute"));
    cmd.env_clear()
        .env("HOME", home)
        .env("TERM", "xterm")
        .current_dir(home)
        .args(["--color", "never", "shell"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    spawn_command(cmd, Some(20_000)).expect("spawn the shell")
}

/// The shell's exit code, waiting at most 20 s for it to exit (it has
/// already closed the terminal when this is called).
fn exit_code(p: &PtySession) -> Option<i32> {
    let until = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        match p.process().status() {
            Some(WaitStatus::StillAlive) if std::time::Instant::now() < until => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Some(WaitStatus::StillAlive) => panic!("the shell still runs 20 s after its end"),
            Some(WaitStatus::Exited(_, code)) => return Some(code),
            _ => return None,
        }
    }
}

#[test]
fn messages_stream_and_models_switch() {
    let home = tempfile::tempdir().unwrap();
    let chat = chat_server(Script {
        steps: vec![delta("Hi "), delta("there"), finish("stop"), done()],
        ..Script::default()
    });
    let ollama = servers::family(Stub {
        family: Family::Ollama,
        models: vec!["llama3.1:8b"],
        key: None,
    });
    let dead = servers::dead_port();
    let mut p = shell(
        home.path(),
        &[
            ("VLLM_BASE_URL", base(chat.addr)),
            ("OLLAMA_BASE_URL", base(ollama)),
            ("LLAMACPP_BASE_URL", format!("http://127.0.0.1:{dead}")),
        ],
        &["--model", "vllm/start"],
    );
    p.exp_string("modelroute shell").unwrap();
    p.exp_string("vllm/start").unwrap();
    p.exp_string("> ").unwrap();

    // A message gets the streamed answer; the next one carries the
    // conversation.
    p.send_line("hello").unwrap();
    p.exp_string("Hi there").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("again").unwrap();
    p.exp_string("Hi there").unwrap();
    p.exp_string("> ").unwrap();
    let sent = chat.received();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].body["messages"],
        serde_json::json!([
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "Hi there"},
            {"role": "user", "content": "again"}
        ])
    );

    // /model alone: the current model, suggestions and hints.
    p.send_line("/model").unwrap();
    p.exp_string("Current model:").unwrap();
    p.exp_string("vllm/start").unwrap();
    p.exp_string("Suggested:").unwrap();
    p.exp_string("ollama/llama3.1:8b  (Ollama)").unwrap();
    p.exp_string("':fastest', ':cheapest', ':preferred', or ':<provider>'")
        .unwrap();
    p.exp_string("'llamacpp/<model>' for local OpenAI-compatible endpoints.")
        .unwrap();
    p.exp_string("> ").unwrap();

    // A local server that is not there: the switch is refused.
    p.send_line("/model llamacpp/x").unwrap();
    p.exp_string("checking local model llamacpp/x...").unwrap();
    p.exp_string("Switch failed:").unwrap();
    p.exp_string("connection refused").unwrap();
    p.exp_string("Keeping current model: vllm/start").unwrap();
    p.exp_string("> ").unwrap();

    // An invalid id: the expected formats, no switch.
    p.send_line("/model gpt-4").unwrap();
    p.exp_string("Invalid model id format: gpt-4").unwrap();
    p.exp_string("<org>/<model>[:tag]").unwrap();
    p.exp_string("> ").unwrap();

    // A local server that answers the 1-token probe: switched, effort off.
    p.send_line("/model ollama/llama3.1:8b").unwrap();
    p.exp_string("checking local model ollama/llama3.1:8b...")
        .unwrap();
    p.exp_string("Model switched to ollama/llama3.1:8b (effort: off)")
        .unwrap();
    p.exp_string("> ").unwrap();

    // /models: what that server serves, as ready ids.
    p.send_line("/models").unwrap();
    p.exp_string("Served at").unwrap();
    p.exp_string("ollama/llama3.1:8b <-- current").unwrap();
    p.exp_string("> ").unwrap();

    // /env: the resolution story of the current model.
    p.send_line("/env").unwrap();
    p.exp_string("OLLAMA_BASE_URL").unwrap();
    p.exp_string("> ").unwrap();

    p.send_line("/quit").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), Some(0));

    // The history was kept, privately.
    let history = home.path().join(".local/state/modelroute/history");
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(text.contains("/model ollama/llama3.1:8b"), "{text}");
    assert!(text.contains("hello"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&history).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn ctrl_c_stops_an_answer_and_stays_in_the_shell() {
    let home = tempfile::tempdir().unwrap();
    let chat = chat_server(Script {
        steps: vec![delta("partial"), Step::Sleep(Duration::from_secs(60))],
        ..Script::default()
    });
    let mut p = shell(
        home.path(),
        &[("OLLAMA_BASE_URL", base(chat.addr))],
        &["--model", "ollama/m"],
    );
    p.exp_string("> ").unwrap();
    p.send_line("tell me everything").unwrap();
    p.exp_string("partial").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("(answer stopped)").unwrap();
    p.exp_string("> ").unwrap();
    // Still alive: commands work, and the stopped exchange was not kept.
    p.send_line("/help").unwrap();
    p.exp_string("/models").unwrap();
    p.exp_string("> ").unwrap();
    // At the prompt, Ctrl-C only clears the line.
    p.send("half a line").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("> ").unwrap();
    // Ctrl-D leaves.
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), Some(0));
}

#[test]
fn a_model_that_is_not_local_asks_for_a_token() {
    let home = tempfile::tempdir().unwrap();
    let mut p = shell(home.path(), &[], &["--model", "moonshotai/Kimi-K2.6"]);
    p.exp_string("No HF token found.").unwrap();
    p.exp_string("HF token: ").unwrap();
    p.send_line("hf_typed_in_secret").unwrap();
    let before = p.exp_string("modelroute shell").unwrap();
    assert!(!before.contains("hf_typed_in_secret"), "echoed: {before:?}");
    p.exp_string("> ").unwrap();
    // The typed token is the session token of the resolution.
    p.send_line("/env").unwrap();
    let story = p.exp_string("> ").unwrap();
    assert!(story.contains("2  session"), "{story}");
    assert!(!story.contains("hf_typed_in_secret"), "{story}");
    p.send_line("/quit").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), Some(0));

    // Nothing typed: the reference's error, exit 1.
    let mut p = shell(home.path(), &[], &["--model", "moonshotai/Kimi-K2.6"]);
    p.exp_string("HF token: ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("ERROR: No HF token found. Set HF_TOKEN or run `huggingface-cli login`.")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), Some(1));
}

#[test]
fn with_an_effort_preference_a_switch_walks_the_cascade() {
    let home = tempfile::tempdir().unwrap();
    let accepting = servers::effort_server(&["medium"], 400);
    let overloaded = servers::effort_server(&[], 503);
    let env = |addr: SocketAddr| {
        vec![
            ("HF_TOKEN", "hf_test".to_owned()),
            ("OPENAI_API_KEY", "sk-openai-test-key".to_owned()),
            ("OPENAI_BASE_URL", format!("{}/v1", base(addr))),
        ]
    };
    let mut p = shell(
        home.path(),
        &env(accepting),
        &["--model", "ollama/m", "--effort", "high"],
    );
    p.exp_string("> ").unwrap();
    p.send_line("/model openai/gpt-test").unwrap();
    p.exp_string("checking openai/gpt-test (effort: high)...")
        .unwrap();
    // (rexpect reads bytes as Latin-1, so the em dash between the two
    // halves is left out of the expected text.)
    p.exp_string("Model switched to openai/gpt-test (effort: medium ")
        .unwrap();
    p.exp_string(" high not supported, using medium, ").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("/quit").unwrap();
    p.exp_eof().unwrap();

    // A transient failure (503) switches anyway, with a warning.
    let mut p = shell(
        home.path(),
        &env(overloaded),
        &["--model", "ollama/m", "--effort", "high"],
    );
    p.exp_string("> ").unwrap();
    p.send_line("/model openai/gpt-test").unwrap();
    p.exp_string("Model switched to openai/gpt-test (couldn't validate: ")
        .unwrap();
    p.exp_string("will verify on first message)").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("/quit").unwrap();
    p.exp_eof().unwrap();
}
