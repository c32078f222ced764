//! The README's promises about files the CLI reads and the output it
//! writes: a token file that is not UTF-8 or cannot be read is an
//! environment error (exit 4) when it is needed, and ignored when it is
//! not (local ids, or a key from the environment); stdout that cannot be
//! written (`/dev/full`) is an output error (exit 5).

mod common;
mod servers;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{modelroute, transcript, wait_within, Pipe};
use servers::{chat_server, delta, done, finish, Script};

/// Bytes that are not UTF-8 (a Latin-1 `é` in the middle of a token).
const NOT_UTF8: &[u8] = b"hf_caf\xe9_token_0123456789\n";

fn resolve_with_token_file(
    dir: &Path,
    id: &str,
    token_path: &Path,
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = modelroute(dir);
    cmd.args(["resolve", id, "--json"])
        .env("HF_TOKEN_PATH", token_path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn a_token_file_that_is_not_utf8_is_an_environment_error_when_needed() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, NOT_UTF8).unwrap();
    for args in [
        &["resolve", "org/model"][..],
        &["resolve", "org/model", "--json"],
        &["explain", "org/model"],
        &["export", "org/model", "--to", "env"],
        &["run", "--model", "org/model", "hi"],
    ] {
        let out = modelroute(dir.path())
            .args(args)
            .env("HF_TOKEN_PATH", &token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}\n{}", transcript(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error[environment]")
                && stderr.contains("token file is not valid UTF-8")
                && stderr.contains(&token.display().to_string()),
            "{args:?}\n{stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}\n{}", transcript(&out));
    }
}

#[test]
fn a_token_file_that_cannot_be_read_is_an_environment_error_when_needed() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be: reading it fails (EISDIR).
    let token = dir.path().join("token-dir");
    std::fs::create_dir(&token).unwrap();
    let out = resolve_with_token_file(dir.path(), "org/model", &token, &[]);
    assert_eq!(out.status.code(), Some(4), "{}", transcript(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn a_broken_token_file_is_ignored_when_not_needed() {
    let dir = tempfile::tempdir().unwrap();
    let not_utf8 = dir.path().join("token");
    std::fs::write(&not_utf8, NOT_UTF8).unwrap();
    let unreadable = dir.path().join("token-dir");
    std::fs::create_dir(&unreadable).unwrap();
    for broken in [&not_utf8, &unreadable] {
        // Local ids never read it.
        for id in ["ollama/llama3.1:8b", "vllm/m", "lm_studio/m", "llamacpp/m"] {
            let out = resolve_with_token_file(dir.path(), id, broken, &[]);
            assert_eq!(out.status.code(), Some(0), "{id}\n{}", transcript(&out));
        }
        // An HF Router id with a key from the environment does not either.
        for var in ["INFERENCE_TOKEN", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
            let out = resolve_with_token_file(
                dir.path(),
                "org/model",
                broken,
                &[(var, "hf_from_the_environment_0001")],
            );
            assert_eq!(out.status.code(), Some(0), "{var}\n{}", transcript(&out));
        }
        // Nor a local `run`.
        let server = chat_server(Script {
            steps: vec![delta("pong"), finish("stop"), done()],
            ..Script::default()
        });
        let out = modelroute(dir.path())
            .args(["run", "--model", "ollama/m", "ping"])
            .env("HF_TOKEN_PATH", broken)
            .env("OLLAMA_BASE_URL", format!("http://{}", server.addr))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "pong\n");
    }
}

/// Runs modelroute with stdout on `/dev/full`, where every write fails
/// with "no space left on device". Returns (exit code, stderr).
fn into_dev_full(args: &[&str], env: &[(&str, String)], stdin: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_modelroute"));
    cmd.env_clear()
        .env("HOME", dir.path())
        .current_dir(dir.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
    }
    let mut stderr = Pipe::new(child.stderr.take().unwrap());
    stderr.read_to_end(Duration::from_secs(30), &format!("stderr of {args:?}"));
    let status = wait_within(&mut child, Duration::from_secs(30), &format!("{args:?}"));
    (
        status.code(),
        String::from_utf8_lossy(&stderr.seen).into_owned(),
    )
}

#[test]
fn stdout_that_cannot_be_written_exits_5() {
    let server = chat_server(Script {
        steps: vec![delta("pong"), finish("stop"), done()],
        reply: "pong",
        ..Script::default()
    });
    let chat = vec![("OLLAMA_BASE_URL", format!("http://{}", server.addr))];
    // (arguments, environment, stdin)
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, String)>, &'a str);
    let cases: Vec<Case> = vec![
        (vec!["resolve", "ollama/m"], vec![], ""),
        (vec!["resolve", "ollama/m", "--json"], vec![], ""),
        (vec!["explain", "ollama/m"], vec![], ""),
        (vec!["validate", "ollama/m"], vec![], ""),
        (vec!["providers"], vec![], ""),
        (vec!["export", "ollama/m", "--to", "env"], vec![], ""),
        (vec!["completions", "bash"], vec![], ""),
        (
            vec!["resolve", "--batch"],
            vec![],
            "{\"model\":\"ollama/m\",\"env\":{}}\n",
        ),
        (vec!["run", "--model", "ollama/m", "ping"], chat.clone(), ""),
        (
            vec!["run", "--model", "ollama/m", "ping", "--no-stream"],
            chat,
            "",
        ),
    ];
    for (args, env, stdin) in cases {
        let (code, stderr) = into_dev_full(&args, &env, stdin);
        assert_eq!(code, Some(5), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}
