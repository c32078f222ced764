//! `modelroute export`: a snapshot of every format for several setups, the
//! errors and exit codes, the docs table, and the curl export run for real
//! against a stub server on loopback.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{modelroute, transcript};
use modelroute_core::EXPORT_FORMATS;
use serde_json::{json, Value};
use tempfile::TempDir;

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

macro_rules! snap {
    ($name:expr, $out:expr) => {
        insta::with_settings!({filters => vec![(r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]")]}, {
            insta::assert_snapshot!($name, transcript(&$out));
        });
    };
}

type Vars = &'static [(&'static str, &'static str)];

struct Setup {
    name: &'static str,
    id: &'static str,
    env: Vars,
    args: &'static [&'static str],
}

/// Default Ollama; vLLM with the shared key (masked); LM Studio on another
/// port (secrets shown); the HF Router with HF_TOKEN (masked); and with
/// INFERENCE_TOKEN, a billing target and an effort (secrets shown).
const SETUPS: &[Setup] = &[
    Setup {
        name: "ollama_default",
        id: "ollama/llama3.1:8b",
        env: &[],
        args: &[],
    },
    Setup {
        name: "vllm_shared_key",
        id: "vllm/meta-llama/Llama-3.1-8B-Instruct",
        env: &[("LOCAL_LLM_API_KEY", "sk-vllm-0123456789abcdef")],
        args: &[],
    },
    Setup {
        name: "lm_studio_port",
        id: "lm_studio/google/gemma-3-4b",
        env: &[
            ("LMSTUDIO_BASE_URL", "http://127.0.0.1:4321/"),
            ("LMSTUDIO_API_KEY", "lm-studio-0123456789"),
        ],
        args: &["--show-secrets"],
    },
    Setup {
        name: "hf_router_token",
        id: "moonshotai/Kimi-K2-Instruct",
        env: &[("HF_TOKEN", "hf_abcdefghijklmnopqrstuvwxyz")],
        args: &[],
    },
    Setup {
        name: "hf_router_billing",
        id: "deepseek-ai/DeepSeek-R1:together",
        env: &[
            ("INFERENCE_TOKEN", "hf_inference_0123456789"),
            ("HF_BILL_TO", "my-org"),
        ],
        args: &["--effort", "high", "--show-secrets"],
    },
];

fn run(dir: &TempDir, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = modelroute(dir.path());
    cmd.arg("export").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("modelroute runs")
}

#[test]
fn every_format_for_every_setup() {
    let dir = tmp();
    for s in SETUPS {
        for f in EXPORT_FORMATS {
            let mut args = vec![s.id, "--to", f.name];
            args.extend(s.args);
            // The agent formats are shown with a context window (two of
            // them require one); the older ones as they always were.
            if f.format as usize >= modelroute_core::ExportFormat::Codex as usize {
                args.extend(["--context", "8192"]);
            }
            let out = run(&dir, &args, s.env);
            assert_eq!(out.status.code(), Some(0), "{} {}", s.name, f.name);
            let masked = String::from_utf8_lossy(&out.stderr).contains("--show-secrets");
            let carries_key = matches!(
                f.key,
                modelroute_core::export::KeyHandling::Inline
                    | modelroute_core::export::KeyHandling::Stored
            );
            assert_eq!(
                masked,
                carries_key
                    && !s.args.contains(&"--show-secrets")
                    && s.env
                        .iter()
                        .any(|(k, _)| k.contains("KEY") || k.contains("TOKEN")),
                "{} {}: the stderr note appears exactly when a key is masked",
                s.name,
                f.name
            );
            snap!(format!("{}_{}", s.name, f.name), out);
        }
    }
}

#[test]
fn help_lists_every_format_with_its_description() {
    let dir = tmp();
    let out = run(&dir, &["--help"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for f in EXPORT_FORMATS {
        assert!(text.contains(&format!("- {}:", f.name)), "{}", f.name);
    }
    snap!("export_help", out);
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_valid_ones() {
    let dir = tmp();
    let out = run(&dir, &["ollama/x", "--to", "toml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let names: Vec<&str> = EXPORT_FORMATS.iter().map(|f| f.name).collect();
    assert!(
        err.contains(&format!("[possible values: {}]", names.join(", "))),
        "{err}"
    );
    snap!("export_unknown_format", out);
}

#[test]
fn failures_exit_3_with_code_message_and_hints() {
    let dir = tmp();
    // (snapshot name, arguments, environment, error code)
    type Case = (&'static str, &'static [&'static str], Vars, &'static str);
    let cases: &[Case] = &[
        (
            "invalid_id",
            &["ollama/", "--to", "env"],
            &[],
            "empty_model_name",
        ),
        (
            "unsupported_route",
            &["anthropic/claude-opus-4-7", "--to", "curl"],
            &[],
            "export_unsupported",
        ),
        (
            "missing_key",
            &["moonshotai/Kimi-K2-Instruct", "--to", "openai"],
            &[],
            "export_missing_key",
        ),
        (
            "unrepresentable",
            &["ollama/x", "--to", "dotenv", "--show-secrets"],
            &[("OLLAMA_API_KEY", "a${HOME}b")],
            "export_unrepresentable",
        ),
    ];
    for (name, args, env, code) in cases {
        let out = run(&dir, args, env);
        assert_eq!(out.status.code(), Some(3), "{name}");
        assert!(out.stdout.is_empty(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("error[{code}]: ")), "{err}");
        assert!(err.contains("\nhelp: "), "{err}");
        snap!(format!("export_error_{name}"), out);
    }
}

#[test]
fn litellm_is_the_export_for_direct_routes() {
    let dir = tmp();
    let out = run(
        &dir,
        &["openai/gpt-5", "--to", "litellm", "--effort", "high"],
        &[],
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        v["completion_kwargs"],
        json!({"model": "openai/gpt-5", "reasoning_effort": "high"})
    );
}

#[test]
fn docs_list_every_format_from_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/export.md");
    let docs = std::fs::read_to_string(&path).expect("docs/export.md");
    for f in EXPORT_FORMATS {
        let row = format!("| `{}` | {} |", f.name, f.description);
        assert!(docs.contains(&row), "docs/export.md lacks the row:\n{row}");
        assert!(
            docs.contains(f.reference),
            "docs/export.md lacks {}",
            f.reference
        );
    }
}

// -- export --write ----------------------------------------------------------

const LLAMACPP: Vars = &[
    ("LLAMACPP_BASE_URL", "http://127.0.0.1:8080"),
    ("LLAMACPP_API_KEY", "sk-llama-0123456789"),
];

fn write(dir: &TempDir, to: &str, extra: &[(&str, &str)]) -> std::process::Output {
    let mut env: Vec<(&str, &str)> = LLAMACPP.to_vec();
    env.extend(extra);
    run(
        dir,
        &[
            "llamacpp/smollm2",
            "--to",
            to,
            "--context",
            "8192",
            "--write",
        ],
        &env,
    )
}

#[test]
fn write_creates_the_agents_file_where_it_reads_it() {
    let dir = tmp();
    let home = dir.path();
    // (format, extra environment, the file under HOME)
    let cases: &[(&str, Vars, &str)] = &[
        ("codex", &[], ".codex/config.toml"),
        ("opencode", &[], ".config/opencode/opencode.json"),
        ("pi", &[], ".pi/agent/models.json"),
        (
            "goose",
            &[],
            ".config/goose/custom_providers/modelroute_llamacpp.json",
        ),
        ("aider-metadata", &[], ".aider.model.metadata.json"),
    ];
    for (to, extra, file) in cases {
        let out = write(&dir, to, extra);
        assert_eq!(out.status.code(), Some(0), "{to}: {}", transcript(&out));
        let path = home.join(file);
        let written = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{to}: no {file}"));
        let printed = run(
            &dir,
            &["llamacpp/smollm2", "--to", to, "--context", "8192"],
            LLAMACPP,
        );
        // A new file is exactly what the export prints.
        assert_eq!(written.as_bytes(), printed.stdout, "{to}");
        assert!(
            !written.contains("sk-llama-0123456789"),
            "{to} wrote the key"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout, format!("wrote {}\n", path.display()), "{to}");
    }
    // The variables that move the files are honoured.
    let codex_home = dir.path().join("elsewhere");
    let xdg = dir.path().join("xdg");
    let c = codex_home.to_str().unwrap();
    let x = xdg.to_str().unwrap();
    assert!(write(&dir, "codex", &[("CODEX_HOME", c)]).status.success());
    assert!(codex_home.join("config.toml").exists());
    assert!(write(&dir, "opencode", &[("XDG_CONFIG_HOME", x)])
        .status
        .success());
    assert!(xdg.join("opencode/opencode.json").exists());
}

#[test]
fn write_merges_keeps_other_keys_and_backs_up() {
    let dir = tmp();
    let cfg = dir.path().join(".codex/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    let mine = "# my settings\nmodel = \"gpt-5\"\napproval_policy = \"never\"\n\n[model_providers.work]\nname = \"Work\"\nbase_url = \"https://llm.work/v1\"\n";
    std::fs::write(&cfg, mine).unwrap();
    let out = write(&dir, "codex", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let merged = std::fs::read_to_string(&cfg).unwrap();
    let doc: toml_edit::DocumentMut = merged.parse().unwrap();
    assert_eq!(doc["model"].as_str(), Some("smollm2"));
    assert_eq!(doc["model_provider"].as_str(), Some("modelroute-llamacpp"));
    assert_eq!(doc["approval_policy"].as_str(), Some("never"));
    assert_eq!(
        doc["model_providers"]["work"]["name"].as_str(),
        Some("Work")
    );
    assert_eq!(
        doc["model_providers"]["modelroute-llamacpp"]["env_key"].as_str(),
        Some("LLAMACPP_API_KEY")
    );
    assert!(merged.starts_with("# my settings\n"), "{merged}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".codex/config.toml.bak")).unwrap(),
        mine
    );
    // A second write keeps the first backup and makes another.
    assert!(write(&dir, "codex", &[]).status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".codex/config.toml.bak")).unwrap(),
        mine
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".codex/config.toml.bak.2")).unwrap(),
        merged
    );
    snap!("export_write_merge", out);
}

#[test]
fn write_refuses_a_file_it_cannot_parse_and_leaves_it_untouched() {
    let dir = tmp();
    let cfg = dir.path().join(".config/opencode/opencode.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    // opencode reads JSONC; a merge could not keep the comment.
    let mine = "{\n  // my theme\n  \"theme\": \"dark\"\n}\n";
    std::fs::write(&cfg, mine).unwrap();
    let out = write(&dir, "opencode", &[]);
    assert_eq!(out.status.code(), Some(6), "{}", transcript(&out));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error[write_unparseable]: cannot merge into "),
        "{err}"
    );
    assert!(err.contains("the file was left untouched"), "{err}");
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), mine);
    assert!(!dir
        .path()
        .join(".config/opencode/opencode.json.bak")
        .exists());
    snap!("export_write_unparseable", out);
}

#[test]
fn write_refuses_formats_without_an_agent_file_and_honours_file() {
    let dir = tmp();
    let out = write(&dir, "env", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[write_unsupported]: "), "{err}");
    assert!(
        err.contains("codex, opencode, pi, goose, aider-metadata"),
        "{err}"
    );
    snap!("export_write_unsupported", out);
    let target = dir.path().join("project/opencode.json");
    let t = target.to_str().unwrap();
    let out = run(
        &dir,
        &[
            "llamacpp/smollm2",
            "--to",
            "opencode",
            "--write",
            "--file",
            t,
        ],
        LLAMACPP,
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(v["model"], "modelroute-llamacpp/smollm2");
    // --file without --write is a usage error.
    let out = run(&dir, &["ollama/x", "--to", "codex", "--file", t], &[]);
    assert_eq!(out.status.code(), Some(2));
}

// -- The curl export against a stub server ----------------------------------

/// What the stub saw, and whether it was the probe it expects.
struct Seen {
    problems: Vec<String>,
}

/// Serves one request on `listener`: checks it is the reference's probe
/// for `model` with `key`, answers like an OpenAI server (401 for another
/// key, 400 for anything else wrong), and reports what was wrong.
fn serve_one(listener: TcpListener, model: &str, key: &str) -> Seen {
    listener.set_nonblocking(true).expect("nonblocking");
    let deadline = Instant::now() + Duration::from_secs(30);
    let stream = loop {
        match listener.accept() {
            Ok((s, _)) => break s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline, "curl never connected");
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    };
    stream.set_nonblocking(false).expect("blocking");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut problems = Vec::new();
    let (status, body) = match read_request(&stream) {
        Err(e) => {
            problems.push(format!("unreadable request: {e}"));
            (400, json!({"error": {"message": "unreadable"}}))
        }
        Ok((method, path, headers, body)) => {
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            if method != "POST" {
                problems.push(format!("method {method}"));
            }
            if path != "/v1/chat/completions" {
                problems.push(format!("path {path}"));
            }
            if header("content-type") != Some("application/json") {
                problems.push(format!("content-type {:?}", header("content-type")));
            }
            let expected = json!({"model": model, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1, "stream": false});
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) if v == expected => {}
                Ok(v) => problems.push(format!("body {v}")),
                Err(e) => problems.push(format!("body is not JSON: {e}")),
            }
            let bearer = format!("Bearer {key}");
            if header("authorization") != Some(bearer.as_str()) {
                problems.push(format!("authorization {:?}", header("authorization")));
                (
                    401,
                    json!({"error": {"message": "Incorrect API key", "type": "invalid_request_error"}}),
                )
            } else if problems.is_empty() {
                (
                    200,
                    json!({
                        "id": "chatcmpl-modelroute-test",
                        "object": "chat.completion",
                        "created": 0,
                        "model": model,
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "length"}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
                    }),
                )
            } else {
                (400, json!({"error": {"message": problems.join("; ")}}))
            }
        }
    };
    let body = body.to_string();
    let reason = match status {
        200 => "OK",
        401 => "Unauthorized",
        _ => "Bad Request",
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    Seen { problems }
}

type Request = (String, String, Vec<(String, String)>, Vec<u8>);

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok((method, path, headers, body))
}

/// Exports `vllm/<model>` with `key` pointed at a stub that expects
/// `server_key`, runs the exported command with bash, and returns its
/// output and what the stub saw.
fn curl_against_stub(key: &str, server_key: &str) -> (std::process::Output, Seen) {
    let version = Command::new("curl")
        .arg("--version")
        .output()
        .expect("curl must be installed: the curl export is tested by running it");
    assert!(version.status.success(), "curl --version failed");

    let model = "meta-llama/Llama-3.1-8B-Instruct";
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let (m, k) = (model.to_owned(), server_key.to_owned());
    let server = std::thread::spawn(move || serve_one(listener, &m, &k));

    let dir = tmp();
    let base = format!("http://127.0.0.1:{port}");
    let out = run(
        &dir,
        &[&format!("vllm/{model}"), "--to", "curl", "--show-secrets"],
        &[("VLLM_BASE_URL", &base), ("VLLM_API_KEY", key)],
    );
    assert!(out.status.success(), "{}", transcript(&out));
    let script = String::from_utf8(out.stdout).expect("utf-8");
    // Only PATH: no proxy variable may send the request elsewhere.
    let ran = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("bash must be installed");
    let seen = server.join().expect("stub server");
    (ran, seen)
}

#[test]
fn the_curl_export_sends_the_probe_and_succeeds() {
    // A key with a quote and a space, which the command must pass verbatim.
    let key = "sk-it's a key-0123456789";
    let (ran, seen) = curl_against_stub(key, key);
    assert!(seen.problems.is_empty(), "stub saw: {:?}", seen.problems);
    assert_eq!(
        ran.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let v: Value = serde_json::from_slice(&ran.stdout).expect("the server's JSON");
    assert_eq!(v["id"], "chatcmpl-modelroute-test");
    assert_eq!(v["choices"][0]["message"]["content"], "pong");
}

#[test]
fn the_curl_export_fails_on_a_rejected_key_like_the_reference() {
    let (ran, seen) = curl_against_stub("sk-wrong-0123456789", "sk-right-0123456789");
    assert_eq!(seen.problems.len(), 1, "{:?}", seen.problems);
    // --fail-with-body: curl exits 22 on an HTTP error and still prints it.
    assert_eq!(ran.status.code(), Some(22));
    assert!(String::from_utf8_lossy(&ran.stdout).contains("Incorrect API key"));
}
