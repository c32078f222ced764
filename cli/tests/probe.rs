//! `probe`, `doctor` and `discover` against stub servers on loopback that
//! answer as each real server family does, and against misbehaving ones.

mod common;
mod servers;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::{json_output, modelroute, server_at};
use serde_json::Value;
use servers::{Family, Raw, Stub};

fn base(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Runs `probe --json` with `env` and returns (exit code, report).
fn probe(id: &str, env: &[(&str, String)], extra: &[&str]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(["probe", id, "--json"]).args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    (out.status.code().unwrap(), v)
}

fn stub(family: Family, models: &[&'static str], key: Option<&'static str>) -> SocketAddr {
    servers::family(Stub {
        family,
        models: models.to_vec(),
        key,
    })
}

#[test]
fn every_family_answers_and_is_recognised() {
    let cases = [
        (
            Family::Ollama,
            "ollama/llama3.1:8b",
            "OLLAMA_BASE_URL",
            "llama3.1:8b",
            "Ollama",
        ),
        (
            Family::Vllm,
            "vllm/meta-llama/Llama-3.1-8B-Instruct",
            "VLLM_BASE_URL",
            "meta-llama/Llama-3.1-8B-Instruct",
            "vLLM",
        ),
        (
            Family::LmStudio,
            "lm_studio/google/gemma-3-4b",
            "LMSTUDIO_BASE_URL",
            "google/gemma-3-4b",
            "LM Studio",
        ),
        (
            Family::LlamaCpp,
            "llamacpp/smollm2",
            "LLAMACPP_BASE_URL",
            "smollm2",
            "llama.cpp",
        ),
    ];
    for (family, id, var, model, server) in cases {
        let addr = stub(family, &[model, "other-model"], None);
        let (code, v) = probe(id, &[(var, base(addr))], &[]);
        assert_eq!(code, 0, "{id}: {v}");
        assert_eq!(v["ok"], true);
        assert_eq!(v["server"], server);
        let names: Vec<&str> = v["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["connect", "models", "completion"]);
        assert!(
            v["stages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["outcome"] == "ok"),
            "{v}"
        );
        assert_eq!(v["target"]["api_base"], format!("{}/v1", base(addr)));
    }
}

#[test]
fn unknown_models_name_the_closest_served_ones() {
    let addr = stub(
        Family::Ollama,
        &["llama3.1:8b", "llama3.2:3b", "qwen2.5:7b"],
        None,
    );
    let (code, v) = probe(
        "ollama/llama3.1:7b",
        &[("OLLAMA_BASE_URL", base(addr))],
        &[],
    );
    assert_eq!(code, 17);
    let f = &v["failure"];
    assert_eq!(f["code"], "model_not_served");
    assert_eq!(f["closest"][0], "llama3.1:8b");
    let fixes = f["fixes"].to_string();
    assert!(
        fixes.contains("ollama/llama3.1:8b") && fixes.contains("ollama pull llama3.1:7b"),
        "{fixes}"
    );

    for (family, id, var) in [
        (
            Family::Vllm,
            "vllm/meta-llama/Llama-3.1-8B",
            "VLLM_BASE_URL",
        ),
        (
            Family::LmStudio,
            "lm_studio/google/gemma-3-4",
            "LMSTUDIO_BASE_URL",
        ),
    ] {
        let addr = stub(
            family,
            &["meta-llama/Llama-3.1-8B-Instruct", "google/gemma-3-4b"],
            None,
        );
        let (code, v) = probe(id, &[(var, base(addr))], &[]);
        assert_eq!(code, 17, "{id}: {v}");
        assert!(
            !v["failure"]["closest"].as_array().unwrap().is_empty(),
            "{v}"
        );
    }
}

#[test]
fn a_server_that_ignores_the_name_is_still_reported() {
    // llama.cpp answers any name; only its list tells.
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    let (code, v) = probe("llamacpp/qwen", &[("LLAMACPP_BASE_URL", base(addr))], &[]);
    assert_eq!(code, 17);
    let msg = v["failure"]["message"].as_str().unwrap();
    assert!(
        msg.contains("serves: smollm2") && msg.contains("answered the completion anyway"),
        "{msg}"
    );
}

#[test]
fn wrong_or_missing_keys_name_the_variable() {
    let addr = stub(Family::Vllm, &["m"], Some("sk-right-key-000"));
    let (code, v) = probe(
        "vllm/m",
        &[
            ("VLLM_BASE_URL", base(addr)),
            ("VLLM_API_KEY", "sk-wrong".into()),
        ],
        &[],
    );
    assert_eq!(code, 15);
    assert!(v["failure"]["fixes"][0]
        .as_str()
        .unwrap()
        .contains("`VLLM_API_KEY`"));
    let (code, v) = probe("vllm/m", &[("VLLM_BASE_URL", base(addr))], &[]);
    assert_eq!(code, 15);
    let fix = v["failure"]["fixes"][0].as_str().unwrap();
    assert!(
        fix.contains("placeholder") && fix.contains("`VLLM_API_KEY`"),
        "{fix}"
    );
    let (code, _) = probe(
        "vllm/m",
        &[
            ("VLLM_BASE_URL", base(addr)),
            ("LOCAL_LLM_API_KEY", "sk-right-key-000".into()),
        ],
        &[],
    );
    assert_eq!(code, 0);
    // llama.cpp lists models without a key but refuses the completion.
    let addr = stub(Family::LlamaCpp, &["m"], Some("k"));
    let (code, v) = probe("llamacpp/m", &[("LLAMACPP_BASE_URL", base(addr))], &[]);
    assert_eq!(code, 15, "{v}");
}

#[test]
fn litellm_without_a_database_is_not_called_a_refused_key() {
    // LiteLLM's proxy answers this for any key but its master key when it
    // has no database, configured or reachable, to look keys up in.
    let addr = servers::fixed(
        400,
        "application/json",
        r#"{"error":{"message":"No connected db.","type":"no_db_connection","param":null,"code":"400"}}"#,
    );
    let (code, v) = probe(
        "vllm/m",
        &[
            ("VLLM_BASE_URL", base(addr)),
            ("VLLM_API_KEY", "sk-virtual-key".into()),
        ],
        &[],
    );
    assert_eq!(code, 15, "{v}");
    let message = v["failure"]["message"].as_str().unwrap();
    assert!(
        message.contains("could not check the key") && !message.contains("refused"),
        "{message}"
    );
    let fixes = v["failure"]["fixes"].to_string();
    assert!(
        fixes.contains("database")
            && fixes.contains("master key")
            && fixes.contains("`VLLM_API_KEY`"),
        "{fixes}"
    );
}

#[test]
fn a_doubled_v1_is_a_path_error_with_the_fix() {
    let addr = stub(Family::Ollama, &["m"], None);
    let (code, v) = probe(
        "ollama/m",
        &[("OLLAMA_BASE_URL", format!("{}/v1/v1", base(addr)))],
        &[],
    );
    assert_eq!(code, 16, "{v}");
    assert!(v["failure"]["fixes"][0]
        .as_str()
        .unwrap()
        .contains("`/v1` twice"));
    let (code, _) = probe(
        "ollama/m",
        &[("OLLAMA_BASE_URL", format!("{}/api", base(addr)))],
        &[],
    );
    assert_eq!(code, 16);
}

#[test]
fn refused_ports_say_which_server_to_start() {
    let port = servers::dead_port();
    let (code, v) = probe(
        "ollama/m",
        &[("OLLAMA_BASE_URL", format!("http://127.0.0.1:{port}"))],
        &[],
    );
    assert_eq!(code, 10);
    assert_eq!(v["failure"]["fixes"][0], "start the server: `ollama serve`");
    assert_eq!(v["stages"][0]["outcome"], "failed");
}

fn timed(id: &str, env: &[(&str, String)], timeout: &str) -> (i32, Value, Duration) {
    let started = Instant::now();
    let (code, v) = probe(id, env, &["--timeout", timeout]);
    (code, v, started.elapsed())
}

/// What a timing check proves: the deadline was honoured. The probe
/// finished with the timeout class (exit 13), before `timeout` + 1 s (room
/// for a debug binary on a busy machine), and reports its own duration as
/// at least the timeout, so it did wait that long rather than give up early
/// for another reason.
fn assert_cut_off_at(timeout_s: u64, code: i32, v: &Value, took: Duration) {
    assert_eq!(code, 13, "{v}");
    assert_eq!(v["failure"]["code"], "timeout", "{v}");
    let limit = Duration::from_secs(timeout_s + 1);
    assert!(took < limit, "took {took:?}, want under {limit:?}: {v}");
    let reported = v["total_ms"].as_f64().unwrap();
    assert!(
        reported >= (timeout_s * 1000) as f64,
        "gave up after {reported} ms, before the {timeout_s} s timeout: {v}"
    );
}

#[test]
fn a_silent_server_is_cut_off_at_the_timeout() {
    let addr = servers::raw(Raw::Silent);
    let (code, v, took) = timed("vllm/m", &[("VLLM_BASE_URL", base(addr))], "2");
    assert_cut_off_at(2, code, &v, took);
    let fixes = v["failure"]["fixes"].to_string();
    assert!(fixes.contains("cold"), "{fixes}");
    assert_eq!(
        v["stages"].as_array().unwrap().last().unwrap()["name"],
        "models"
    );
}

#[test]
fn a_dripping_server_is_cut_off_at_the_timeout() {
    let addr = servers::raw(Raw::Drip);
    let (code, v, took) = timed("vllm/m", &[("VLLM_BASE_URL", base(addr))], "2");
    assert_cut_off_at(2, code, &v, took);
}

#[test]
fn bodies_that_are_not_answers() {
    let cases: [(SocketAddr, i32, &str); 6] = [
        (
            servers::fixed(500, "text/plain", "Internal Server Error"),
            18,
            "server_error",
        ),
        (
            servers::fixed(200, "text/html", "<!doctype html><html>router login</html>"),
            19,
            "bad_response",
        ),
        (
            servers::with_chat(200, "application/json", "{\"choices\": [ oops"),
            19,
            "bad_response",
        ),
        (
            servers::with_chat(200, "application/json", "{\"id\":\"x\",\"choices\":[]}"),
            20,
            "no_choices",
        ),
        (servers::endless(), 19, "bad_response"),
        (servers::raw(Raw::CloseMidBody), 23, "connection_failed"),
    ];
    for (addr, exit, code) in cases {
        let started = Instant::now();
        let (got, v) = probe(
            "vllm/m",
            &[("VLLM_BASE_URL", base(addr))],
            &["--timeout", "10"],
        );
        assert_eq!(
            (got, v["failure"]["code"].as_str().unwrap()),
            (exit, code),
            "{v}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{code} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn redirects_to_another_host_are_not_followed() {
    let addr = servers::fixed_redirect("http://127.0.0.2:9/v1/models");
    let (code, v) = probe("vllm/m", &[("VLLM_BASE_URL", base(addr))], &[]);
    assert_eq!(code, 21, "{v}");
}

#[test]
fn routes_without_an_endpoint_are_not_probed() {
    let (code, v) = probe("anthropic/claude-opus-4-7", &[], &[]);
    assert_eq!(code, 24);
    assert_eq!(v["failure"]["code"], "probe_unsupported");
    let dir = tempfile::tempdir().unwrap();
    let out = modelroute(dir.path())
        .args(["probe", "ollama/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn openai_ids_walk_the_effort_cascade() {
    let addr = servers::effort_server(&["medium", "low"], 400);
    let env = [
        ("OPENAI_BASE_URL", format!("{}/v1", base(addr))),
        ("OPENAI_API_KEY", "sk-openai-test-key".to_owned()),
    ];
    let (code, v) = probe("openai/gpt-test", &env, &["--effort", "max"]);
    assert_eq!(code, 0, "{v}");
    // max is refused by strict resolve without a request; xhigh and high
    // by the server; medium is accepted.
    assert_eq!(v["effort"]["effective"], "medium");
    let tried: Vec<&str> = v["effort"]["tried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[0].as_str().unwrap())
        .collect();
    assert_eq!(tried, ["xhigh", "high", "medium"]);

    let busy = servers::effort_server(&[], 503);
    let env = [
        ("OPENAI_BASE_URL", format!("{}/v1", base(busy))),
        ("OPENAI_API_KEY", "sk-openai-test-key".to_owned()),
    ];
    let (code, v) = probe("openai/gpt-test", &env, &["--effort", "high"]);
    assert_eq!(code, 18);
    assert_eq!(v["transient"], true);
    assert_eq!(v["effort"]["outcome"], "inconclusive");

    let (code, v) = probe(
        "openai/gpt-test",
        &[("OPENAI_BASE_URL", format!("{}/v1", base(addr)))],
        &["--effort", "high"],
    );
    assert_eq!(code, 15, "no key, no probe: {v}");
}

#[test]
fn discover_finds_servers_and_lists_ready_ids() {
    let ollama = stub(Family::Ollama, &["llama3.1:8b", "qwen2.5:7b"], None);
    let llamacpp = stub(Family::LlamaCpp, &["smollm2"], None);
    let dir = tempfile::tempdir().unwrap();
    let out = modelroute(dir.path())
        .args(["discover", "--json"])
        .env("OLLAMA_BASE_URL", base(ollama))
        // A llama.cpp server behind vLLM's variable: discover says so.
        .env("VLLM_BASE_URL", base(llamacpp))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let servers = v["servers"].as_array().unwrap();
    let find = |addr: SocketAddr| {
        servers
            .iter()
            .find(|s| s["api_base"] == format!("{}/v1", base(addr)))
            .unwrap()
    };
    let o = find(ollama);
    assert_eq!(o["answering"], true);
    assert_eq!(
        o["model_ids"],
        serde_json::json!(["ollama/llama3.1:8b", "ollama/qwen2.5:7b"])
    );
    let l = find(llamacpp);
    assert_eq!(l["server"], "llama.cpp");
    assert_eq!(l["model_ids"], serde_json::json!(["llamacpp/smollm2"]));
    assert!(l["suggestion"]
        .as_str()
        .unwrap()
        .contains("LLAMACPP_BASE_URL"));
    // The default ports are checked too.
    assert!(servers.len() >= 5, "{v}");
}

#[test]
fn doctor_ends_with_a_verdict_and_the_next_command() {
    let addr = stub(Family::Ollama, &["llama3.1:8b"], None);
    let dir = tempfile::tempdir().unwrap();
    let out = modelroute(dir.path())
        .args(["doctor", "ollama/llama3.1:8b"])
        .env("OLLAMA_BASE_URL", base(addr))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("verdict: ready"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("next: "), "{text}");

    let port = servers::dead_port();
    let out = modelroute(dir.path())
        .args(["doctor", "ollama/llama3.1:8b", "--json"])
        .env("OLLAMA_BASE_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["next"], "ollama serve");
    assert_eq!(v["explanation"]["litellm"]["model"], "openai/llama3.1:8b");

    let out = modelroute(dir.path())
        .args(["doctor", "--json"])
        .env("OLLAMA_BASE_URL", base(addr))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["next"], "modelroute doctor ollama/llama3.1:8b");
}

#[test]
fn another_family_on_the_variable_is_named_with_ids_that_work_there() {
    // A llama.cpp server behind Ollama's variable: the issue's fourth row.
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    let env = [("OLLAMA_BASE_URL", base(addr))];
    let (code, v) = probe("ollama/llama3.1:8b", &env, &[]);
    assert_eq!(code, 17, "{v}");
    let f = &v["failure"];
    assert_eq!(f["code"], "model_not_served");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "the server at `{}/v1` is llama.cpp, not Ollama, and does not serve `llama3.1:8b`",
            base(addr)
        )),
        "{message}"
    );
    let fix = format!(
        "use `llamacpp/smollm2` with `LLAMACPP_BASE_URL={}`, or point `OLLAMA_BASE_URL` at where Ollama runs",
        base(addr)
    );
    // No `ollama pull`: Ollama is not what answered.
    assert_eq!(f["fixes"], serde_json::json!([fix]));
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "server_family_mismatch");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["fix"], fix);
    assert_eq!(d["variable"], "OLLAMA_BASE_URL");
    assert_eq!(v["stages"][1]["outcome"], "warning");

    // A name it serves answers; the mismatch is still reported.
    let (code, v) = probe("ollama/smollm2", &env, &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["diagnostics"][0]["code"], "server_family_mismatch");

    // The right prefix: nothing to report.
    let (code, v) = probe(
        "llamacpp/smollm2",
        &[("LLAMACPP_BASE_URL", base(addr))],
        &[],
    );
    assert_eq!(code, 0, "{v}");
    assert!(v.get("diagnostics").is_none(), "{v}");
}

#[test]
fn server_hints_follow_the_family_that_answered() {
    // Ollama behind vLLM's variable: `ollama pull` is the right hint.
    let ollama = stub(Family::Ollama, &["qwen3:4b"], None);
    let (code, v) = probe("vllm/llama3.1:8b", &[("VLLM_BASE_URL", base(ollama))], &[]);
    assert_eq!(code, 17, "{v}");
    let fixes = v["failure"]["fixes"].as_array().unwrap();
    assert!(fixes[0]
        .as_str()
        .unwrap()
        .starts_with("use `ollama/qwen3:4b` with `OLLAMA_BASE_URL="));
    assert_eq!(fixes[1], "or download it: `ollama pull llama3.1:8b`");
    // LM Studio, on its own variable: `lms load`.
    let lms = stub(Family::LmStudio, &["google/gemma-3-4b"], None);
    let (code, v) = probe(
        "lm_studio/qwen/qwen3-4b",
        &[("LMSTUDIO_BASE_URL", base(lms))],
        &[],
    );
    assert_eq!(code, 17, "{v}");
    assert_eq!(
        v["failure"]["fixes"].as_array().unwrap().last().unwrap(),
        "load it: `lms load qwen/qwen3-4b`"
    );
}

#[test]
fn doctor_and_discover_name_the_family_too() {
    let addr = stub(Family::LlamaCpp, &["smollm2"], None);
    let env = [("OLLAMA_BASE_URL", base(addr))];
    let (code, v) = json_output(&["doctor", "ollama/llama3.1:8b"], &env);
    assert_eq!(code, 17, "{v}");
    assert_eq!(
        v["probe"]["diagnostics"][0]["code"],
        "server_family_mismatch"
    );
    let api_base = format!("{}/v1", base(addr));
    let (_, v) = json_output(&["discover"], &env);
    let s = server_at(&v, &api_base);
    assert_eq!(s["model_ids"], serde_json::json!(["llamacpp/smollm2"]));
    assert_eq!(s["diagnostics"][0]["code"], "server_family_mismatch");
    assert_eq!(s["diagnostics"][0]["variable"], "OLLAMA_BASE_URL");
    assert_eq!(s["suggestion"], s["diagnostics"][0]["fix"]);
    let (_, v) = json_output(&["doctor"], &env);
    let s = server_at(&v, &api_base);
    assert_eq!(s["diagnostics"][0]["code"], "server_family_mismatch");
}
