//! The capabilities stage, readiness (`loading`, `--wait`) and
//! `probe --tools`, against stubs on loopback that replay the recorded
//! metadata answers of each family (`core/tests/fixtures/capabilities/`):
//! the families no real server of runs here (Ollama, vLLM, LM Studio) are
//! tested through them, end to end through the binary.

mod common;
mod servers;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use common::{diagnostic_codes, modelroute};
use serde_json::{json, Value};
use servers::fixture;

fn reply(status: u16, body: impl Into<String>) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.into(),
    )
        .into_response()
}

const ANSWER: &str = r#"{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"p"},"finish_reason":"length"}]}"#;

/// How the stub answers a chat request that carries tools.
#[derive(Clone)]
struct Chat {
    tools: (u16, &'static str),
    delay: Duration,
}

impl Default for Chat {
    fn default() -> Self {
        Chat {
            tools: (200, ANSWER),
            delay: Duration::ZERO,
        }
    }
}

/// A server that lists `models` (`owned_by` as its family says), answers
/// every metadata path in `meta` with its fixture, and chats as `chat`.
fn stub(
    owned_by: &'static str,
    models: &'static [&'static str],
    meta: Vec<(&'static str, String)>,
    chat: Chat,
) -> SocketAddr {
    let list = json!({"object": "list", "data": models.iter().map(|m| json!({"id": m, "object": "model", "owned_by": owned_by})).collect::<Vec<_>>()}).to_string();
    let mut router = Router::new().route(
        "/v1/models",
        get(move || {
            let list = list.clone();
            async move { reply(200, list) }
        }),
    );
    for (path, body) in meta {
        router = router.route(
            path,
            any(move || {
                let body = body.clone();
                async move { reply(200, body) }
            }),
        );
    }
    router = router.route(
        "/v1/chat/completions",
        axum::routing::post(move |body: String| {
            let chat = chat.clone();
            async move {
                tokio::time::sleep(chat.delay).await;
                if body.contains("\"tools\"") {
                    reply(chat.tools.0, chat.tools.1)
                } else {
                    reply(200, ANSWER)
                }
            }
        }),
    );
    servers::serve(router)
}

fn run(args: &[&str], env: &[(&str, String)]) -> (i32, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args).arg("--json");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ollama_capabilities_come_from_api_show_and_api_ps() {
    let addr = stub(
        "library",
        &["llava:latest"],
        vec![
            ("/api/show", fixture("ollama-0.33.0-rc2-api-show.json")),
            ("/api/ps", fixture("ollama-0.33.0-rc2-api-ps.json")),
        ],
        Chat::default(),
    );
    let (code, v, _) = run(
        &["probe", "ollama/llava", "--min-context", "8000"],
        &[("OLLAMA_BASE_URL", format!("http://{addr}"))],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["capabilities"]["context"]["served"], 4096);
    assert_eq!(v["capabilities"]["context"]["max"], 8192);
    assert_eq!(v["capabilities"]["tools"]["support"], "no");
    assert_eq!(v["capabilities"]["vision"]["support"], "yes");
    assert_eq!(v["capabilities"]["state"], "loaded");
    assert_eq!(
        diagnostic_codes(&v),
        ["context_too_small", "tools_unsupported"]
    );
    let fix = v["diagnostics"][0]["fix"].as_str().unwrap();
    assert!(
        fix.contains("OLLAMA_CONTEXT_LENGTH=8000 ollama serve"),
        "{fix}"
    );
    let stages: Vec<&str> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["connect", "models", "capabilities", "completion"]);
    assert_eq!(v["stages"][2]["outcome"], "warning");
    assert!(
        v["verdict"]
            .as_str()
            .unwrap()
            .ends_with("for an agent: context_too_small, tools_unsupported"),
        "{v}"
    );
}

#[test]
fn vllm_and_lm_studio_replay_their_documented_answers() {
    // vLLM's facts are in its own model list: serve the recorded one.
    let models = fixture("vllm-ec3b890c-v1-models.json");
    let vllm = servers::serve(
        Router::new()
            .route(
                "/v1/models",
                get(move || {
                    let m = models.clone();
                    async move { reply(200, m) }
                }),
            )
            .route(
                "/v1/chat/completions",
                axum::routing::post(|| async { reply(200, ANSWER) }),
            ),
    );
    let (code, v, _) = run(
        &["probe", "vllm/meta-llama/Llama-3.1-8B-Instruct"],
        &[("VLLM_BASE_URL", format!("http://{vllm}"))],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        v["capabilities"]["context"],
        json!({"served": 32768, "max": null, "source": "vLLM /v1/models max_model_len"})
    );
    assert_eq!(diagnostic_codes(&v), ["context_too_small"]);
    assert!(v["diagnostics"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 64000"));

    let lms = stub(
        "organization_owner",
        &["qwen2-vl-7b-instruct", "meta-llama-3.1-8b-instruct"],
        vec![(
            "/api/v0/models",
            fixture("lmstudio-0.3.16-api-v0-models.json"),
        )],
        Chat::default(),
    );
    let (code, v, _) = run(
        &["probe", "lm_studio/qwen2-vl-7b-instruct"],
        &[("LMSTUDIO_BASE_URL", format!("http://{lms}"))],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["capabilities"]["state"], "not_loaded");
    assert_eq!(v["capabilities"]["vision"]["support"], "yes");
    assert_eq!(
        diagnostic_codes(&v),
        ["tools_unsupported", "model_not_loaded"]
    );
    assert!(v["diagnostics"][1]["fix"]
        .as_str()
        .unwrap()
        .contains("lms load qwen2-vl-7b-instruct"));
}

#[test]
fn a_server_that_publishes_nothing_is_unknown() {
    let addr = stub("me", &["smollm2"], vec![], Chat::default());
    let (code, v, _) = run(
        &["probe", "llamacpp/smollm2"],
        &[("LLAMACPP_BASE_URL", format!("http://{addr}"))],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["server"], "llama-cpp-python");
    assert_eq!(
        v["capabilities"],
        json!({"context": {"served": null, "max": null, "source": null},
               "tools": {"support": "unknown", "source": null},
               "vision": {"support": "unknown", "source": null},
               "state": "unknown", "quantization": null, "parameter_count": null, "model_family": null})
    );
    assert!(v.get("diagnostics").is_none(), "{v}");
}

/// llama.cpp while it loads: 503 `Loading model` for the first `n`
/// requests, then a normal server.
fn loading_then_ready(n: usize) -> SocketAddr {
    let count = Arc::new(AtomicUsize::new(0));
    let handler = move |uri: axum::http::Uri, _h: HeaderMap| {
        let count = count.clone();
        async move {
            if count.fetch_add(1, Ordering::SeqCst) < n {
                return reply(
                    503,
                    r#"{"error":{"message":"Loading model","type":"unavailable_error","code":503}}"#,
                );
            }
            match uri.path() {
                "/v1/models" => reply(
                    200,
                    r#"{"object":"list","data":[{"id":"smollm2","object":"model","owned_by":"llamacpp","meta":{"n_ctx":4096,"n_ctx_train":8192}}]}"#,
                ),
                "/props" => reply(
                    200,
                    r#"{"chat_template_caps":{"supports_tool_calls":true},"modalities":{"vision":false},"is_sleeping":false}"#,
                ),
                _ => reply(200, ANSWER),
            }
        }
    };
    servers::serve(Router::new().fallback(handler))
}

#[test]
fn loading_is_its_own_outcome_and_wait_waits_for_it() {
    let addr = loading_then_ready(usize::MAX);
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let (code, v, _) = run(&["probe", "llamacpp/smollm2"], &env);
    assert_eq!(code, 25, "{v}");
    assert_eq!(v["failure"]["code"], "loading");
    assert!(v["failure"]["fixes"][0]
        .as_str()
        .unwrap()
        .contains("--wait"));

    // Ready after a few requests: --wait gets there, one line per state.
    let addr = loading_then_ready(3);
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let (code, v, stderr) = run(
        &[
            "probe",
            "llamacpp/smollm2",
            "--wait=20",
            "--min-context",
            "4096",
        ],
        &env,
    );
    assert_eq!(code, 0, "{v}\n{stderr}");
    assert_eq!(v["capabilities"]["context"]["served"], 4096);
    assert_eq!(v["capabilities"]["tools"]["support"], "yes");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("loading the model"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(lines.last().unwrap().contains("is ready after"), "{stderr}");
    // Not a terminal: plain lines, nothing redrawn.
    assert!(!stderr.contains('\r'), "{stderr:?}");

    // A wait that ends first reports the loading outcome.
    let addr = loading_then_ready(usize::MAX);
    let env = [("LLAMACPP_BASE_URL", format!("http://{addr}"))];
    let (code, _, stderr) = run(&["probe", "llamacpp/smollm2", "--wait=2"], &env);
    assert_eq!(code, 25, "{stderr}");
    assert!(stderr.contains("stopped waiting"), "{stderr}");
}

#[test]
fn a_model_not_loaded_that_does_not_answer_in_time_is_loading() {
    let chat = Chat {
        delay: Duration::from_secs(3),
        ..Chat::default()
    };
    let addr = stub(
        "library",
        &["llava:latest"],
        vec![
            ("/api/show", fixture("ollama-0.33.0-rc2-api-show.json")),
            ("/api/ps", fixture("ollama-0.33.0-rc2-api-ps-none.json")),
        ],
        chat,
    );
    let env = [("OLLAMA_BASE_URL", format!("http://{addr}"))];
    let (code, v, _) = run(&["probe", "ollama/llava", "--timeout", "1"], &env);
    assert_eq!(code, 25, "{v}");
    assert!(v["failure"]["message"]
        .as_str()
        .unwrap()
        .contains("not loaded when the probe began"));
    // With --wait the attempt may take what is left of the wait.
    let (code, v, _) = run(
        &["probe", "ollama/llava", "--timeout", "1", "--wait=20"],
        &env,
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["capabilities"]["state"], "not_loaded");
}

#[test]
fn tools_answers_are_classified() {
    let cases: [(u16, &'static str, &str, &[&str]); 4] = [
        (
            200,
            r#"{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}]}"#,
            "tool_calls",
            &[],
        ),
        (
            200,
            r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"It is sunny."},"finish_reason":"stop"}]}"#,
            "text",
            &[],
        ),
        (
            500,
            r#"{"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}"#,
            "refused",
            &["tools_unsupported"],
        ),
        (
            200,
            r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"},"finish_reason":"stop"}]}"#,
            "call_as_text",
            &["tool_call_as_text"],
        ),
    ];
    for (status, body, outcome, want) in cases {
        let chat = Chat {
            tools: (status, body),
            ..Chat::default()
        };
        let addr = stub("llamacpp", &["smollm2"], vec![], chat);
        let (code, v, _) = run(
            &["probe", "llamacpp/smollm2", "--tools"],
            &[("LLAMACPP_BASE_URL", format!("http://{addr}"))],
        );
        assert_eq!(code, 0, "{outcome}: {v}");
        assert_eq!(v["tools_probe"]["outcome"], outcome, "{v}");
        assert_eq!(diagnostic_codes(&v), want, "{outcome}: {v}");
        assert_eq!(
            v["stages"].as_array().unwrap().last().unwrap()["name"],
            "tools"
        );
    }
}

#[test]
fn discover_gives_each_listed_model_its_capabilities() {
    let addr = stub(
        "library",
        &["llava:latest", "mistral:7b"],
        vec![
            ("/api/show", fixture("ollama-0.33.0-rc2-api-show.json")),
            ("/api/ps", fixture("ollama-0.33.0-rc2-api-ps.json")),
        ],
        Chat::default(),
    );
    let base = format!("http://{addr}");
    let (code, v, _) = run(&["discover"], &[("OLLAMA_BASE_URL", base.clone())]);
    assert_eq!(code, 0, "{v}");
    let server = v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["api_base"] == format!("{base}/v1"))
        .unwrap_or_else(|| panic!("{v}"));
    let caps = &server["capabilities"];
    assert_eq!(caps["llava:latest"]["state"], "loaded", "{server}");
    assert_eq!(caps["llava:latest"]["context"]["served"], 4096);
    assert_eq!(caps["mistral:7b"]["state"], "not_loaded", "{server}");
    assert_eq!(caps["mistral:7b"]["context"]["max"], 8192);
}

#[test]
fn doctor_waits_too_and_reports_the_capabilities() {
    let addr = loading_then_ready(2);
    let (code, v, stderr) = run(
        &["doctor", "llamacpp/smollm2", "--wait=20"],
        &[("LLAMACPP_BASE_URL", format!("http://{addr}"))],
    );
    assert_eq!(code, 0, "{v}\n{stderr}");
    assert_eq!(v["probe"]["capabilities"]["context"]["served"], 4096, "{v}");
    assert!(stderr.contains("loading the model"), "{stderr}");
    assert!(
        v["verdict"].as_str().unwrap().contains("context_too_small"),
        "{v}"
    );
}

/// On a terminal, the wait is one line redrawn in place (`\r`, then the
/// line erased), ending in the outcome.
#[cfg(unix)]
#[test]
fn on_a_terminal_the_wait_is_one_updating_line() {
    let addr = loading_then_ready(8);
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_modelroute"));
    cmd.env_clear()
        .env("HOME", home.path())
        .env("TERM", "xterm")
        .env("LLAMACPP_BASE_URL", format!("http://{addr}"))
        .current_dir(home.path())
        .args(["--color", "never", "probe", "llamacpp/smollm2", "--wait=20"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn");
    p.exp_string("\r\x1b[2Kwaiting for `llamacpp/smollm2`: loading the model (")
        .unwrap();
    let before = p.exp_string("is ready after").unwrap();
    // Redrawn, never a new line per attempt.
    assert!(!before.contains("\nwaiting for"), "{before:?}");
    p.exp_eof().unwrap();
}
