//! `export`: every format parses back to the values of the resolution it
//! was written from. Shell through real `bash` (syntax check, then sourcing
//! in a subshell), `.env` through core's python-dotenv-compatible reader
//! and through python-dotenv itself (an ignored test that
//! `scripts/test-dotenv.sh` runs with its venv), JSON through serde_json,
//! YAML through serde_norway. Values with quotes, spaces, newlines and
//! shell metacharacters must survive unchanged.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use modelroute_core::export::{
    ContextField, ExportErrorKind, KeyHandling, Syntax, Unrepresentable, EXPORT_ERROR_CODES,
};
use modelroute_core::{
    dotenv, export, resolve, EmptyEnv, ExportFormat, ExportOptions, Resolution, ResolveOptions,
    EXPORT_FORMATS,
};
use serde_json::{json, Value};

type Vars = Vec<(&'static str, String)>;

/// A key no format may quote carelessly: both quote kinds, a space,
/// shell expansions, a backslash, a newline, a tab and non-ASCII.
const TRICKY: &str = "it's a \"key\" with $HOME `id` $(id) \\n\\ and\nnewline\tand … é";

/// Secrets shown, and a context window, which two formats require.
const SHOW: ExportOptions = ExportOptions {
    show_secrets: true,
    context: std::num::NonZeroU32::new(8192),
};

struct Setup {
    name: &'static str,
    id: &'static str,
    env: Vars,
    effort: Option<&'static str>,
}

fn setups() -> Vec<Setup> {
    let s = |v: &str| v.to_owned();
    vec![
        Setup {
            name: "default ollama",
            id: "ollama/llama3.1:8b",
            env: vec![],
            effort: None,
        },
        Setup {
            name: "vllm, shared key",
            id: "vllm/meta-llama/Llama-3.1-8B-Instruct",
            env: vec![("LOCAL_LLM_API_KEY", s("sk-vllm-0123456789abcdef"))],
            effort: None,
        },
        Setup {
            name: "lm studio, other port",
            id: "lm_studio/google/gemma-3-4b",
            env: vec![
                ("LMSTUDIO_BASE_URL", s("http://127.0.0.1:4321/")),
                ("LMSTUDIO_API_KEY", s("lm-studio-0123456789")),
            ],
            effort: None,
        },
        Setup {
            name: "llama.cpp, base with /v1",
            id: "llamacpp/qwen2.5-coder",
            env: vec![("LOCAL_LLM_BASE_URL", s("http://gpu-box:9000/v1/"))],
            effort: None,
        },
        Setup {
            name: "hf router, HF_TOKEN",
            id: "moonshotai/Kimi-K2-Instruct:fastest",
            env: vec![("HF_TOKEN", s("hf_abcdefghijklmnopqrstuvwxyz"))],
            effort: None,
        },
        Setup {
            name: "hf router, INFERENCE_TOKEN, bill-to, effort",
            id: "huggingface/deepseek-ai/DeepSeek-R1:together",
            env: vec![
                ("INFERENCE_TOKEN", s("hf_inference_0123456789")),
                ("HF_BILL_TO", s("my-org")),
            ],
            effort: Some("high"),
        },
        Setup {
            name: "tricky key",
            id: "vllm/m",
            env: vec![("VLLM_API_KEY", s(TRICKY))],
            effort: None,
        },
    ]
}

fn resolved<'a>(
    id: &'a str,
    env: &(impl modelroute_core::Env + ?Sized),
    effort: Option<&str>,
) -> Resolution<'a> {
    let options = ResolveOptions {
        effort: effort.map(str::to_owned),
        ..ResolveOptions::default()
    };
    resolve(id, env, &options).expect("setup resolves")
}

// -- Setup & Fixtures: bash -------------------------------------------------

static FILES: AtomicUsize = AtomicUsize::new(0);

fn temp_file(text: &str) -> PathBuf {
    let n = FILES.fetch_add(1, Ordering::SeqCst);
    let path =
        std::env::temp_dir().join(format!("modelroute-export-{}-{n}.sh", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

/// `bash -n`, then sources `text` in a subshell and prints each variable
/// NUL-terminated. Fails loudly when bash is missing.
fn source(text: &str, names: &[&str]) -> BTreeMap<String, String> {
    let path = temp_file(text);
    let check = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash must be installed to test the shell exports");
    assert!(
        check.status.success(),
        "bash -n rejects:\n{text}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let script = format!(
        "source \"$1\" || exit 99; printf '%s\\0' {}",
        names
            .iter()
            .map(|n| format!("\"${n}\""))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg("bash")
        .arg(&path)
        .env_clear()
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "sourcing failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let values: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_terminator('\0')
        .map(str::to_owned)
        .collect();
    assert_eq!(values.len(), names.len(), "{text}");
    names.iter().map(|n| n.to_string()).zip(values).collect()
}

/// The variables an env/dotenv export sets, in order.
fn exported_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_owned()))
        .collect()
}

fn yaml(text: &str) -> Value {
    serde_norway::from_str(text).unwrap_or_else(|e| panic!("YAML: {e}\n{text}"))
}

/// The key as resolved (`None` for an HF id without a token).
fn key(r: &Resolution<'_>) -> Option<String> {
    r.litellm.api_key.clone().flatten()
}

fn name<'r>(r: &'r Resolution<'_>) -> &'r str {
    r.litellm
        .model
        .strip_prefix("openai/")
        .unwrap_or(&r.litellm.model)
}

// -- Tests -----------------------------------------------------------------

#[test]
fn env_export_sources_back_and_reproduces_the_resolution() {
    for s in setups() {
        // -- Exec
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Env, &SHOW).unwrap().text;
        let names = exported_names(&text);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let vars = source(&text, &names);
        // -- Check: resolving against exactly these variables (plus the
        // shadowing ones, which they must beat) gives the same keywords.
        let mut env: Vec<(String, String)> = vec![
            ("LOCAL_LLM_BASE_URL".into(), "http://shadow:1".into()),
            ("LOCAL_LLM_API_KEY".into(), "shadow".into()),
        ];
        env.extend(vars.clone());
        let again = resolved(s.id, &env, s.effort);
        assert_eq!(again.litellm, r.litellm, "{}:\n{text}", s.name);
        if let Some(k) = key(&r) {
            assert!(vars.values().any(|v| *v == k), "{}: key missing", s.name);
        }
    }
}

#[test]
fn dotenv_export_reads_back_with_modelroutes_dotenv_reader() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let env_text = export(&r, ExportFormat::Env, &SHOW).unwrap().text;
        let text = export(&r, ExportFormat::Dotenv, &SHOW).unwrap().text;
        // -- Check: same bindings as the shell export, value for value.
        let loaded = dotenv::load(&text, &EmptyEnv).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let names = exported_names(&env_text);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let sourced: Vec<(String, String)> = source(&env_text, &names).into_iter().collect();
        let mut loaded_sorted = loaded.clone();
        loaded_sorted.sort();
        assert_eq!(loaded_sorted, sourced, "{}:\n{text}", s.name);
        let again = resolved(s.id, &loaded, s.effort);
        assert_eq!(again.litellm, r.litellm, "{}", s.name);
    }
}

/// python-dotenv's `dotenv_values` (what `load_dotenv` sets, expansion
/// included) for the file at `path`, as ordered pairs, run by `python`.
fn python_dotenv_values(python: &str, path: &std::path::Path) -> Vec<(String, String)> {
    let script = "import json, sys\n\
                  from dotenv import dotenv_values\n\
                  print(json.dumps(list(dotenv_values(sys.argv[1], encoding='utf-8').items())))";
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(path)
        .env_clear()
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        out.status.success(),
        "python-dotenv failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pairs: Vec<(String, Option<String>)> =
        serde_json::from_slice(&out.stdout).expect("python prints JSON");
    pairs
        .into_iter()
        .map(|(k, v)| {
            let v = v.unwrap_or_else(|| panic!("python-dotenv read `{k}` without a value"));
            (k, v)
        })
        .collect()
}

#[test]
#[ignore = "needs python-dotenv: scripts/test-dotenv.sh runs it with MODELROUTE_PYTHON_DOTENV"]
fn dotenv_export_reads_back_with_python_dotenv_itself() {
    let python = std::env::var("MODELROUTE_PYTHON_DOTENV").expect(
        "MODELROUTE_PYTHON_DOTENV names a python with python-dotenv: run scripts/test-dotenv.sh",
    );
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let env_text = export(&r, ExportFormat::Env, &SHOW).unwrap().text;
        let text = export(&r, ExportFormat::Dotenv, &SHOW).unwrap().text;
        let path = temp_file(&text);
        let read = python_dotenv_values(&python, &path);
        let _ = std::fs::remove_file(&path);
        // -- Check: python-dotenv reads the bindings the shell export
        // sets, value for value and in order, and they resolve the same.
        let names = exported_names(&env_text);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let sourced = source(&env_text, &names);
        let want: Vec<(String, String)> = names
            .iter()
            .map(|n| (n.to_string(), sourced[*n].clone()))
            .collect();
        assert_eq!(read, want, "{}:\n{text}", s.name);
        let again = resolved(s.id, &read, s.effort);
        assert_eq!(again.litellm, r.litellm, "{}", s.name);
    }
}

#[test]
fn litellm_export_is_json_with_the_exact_keywords() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Litellm, &SHOW).unwrap().text;
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        // -- Check: the keywords are serde's own serialization of them.
        assert_eq!(
            v["completion_kwargs"],
            serde_json::to_value(&r.litellm).unwrap()
        );
        assert_eq!(v["model_id"], s.id);
        assert_eq!(v["redacted"], false);
        let route = &v["provider_route"];
        let env = route["env"].as_object().unwrap();
        let base = r.litellm.api_base.as_deref().unwrap();
        match s.id.split('/').next().unwrap() {
            "ollama" => {
                assert_eq!(route["model"], format!("ollama_chat/{}", name(&r)));
                assert_eq!(env["OLLAMA_API_BASE"], base.strip_suffix("/v1").unwrap());
            }
            "vllm" => {
                assert_eq!(route["model"], format!("hosted_vllm/{}", name(&r)));
                assert_eq!(env["HOSTED_VLLM_API_BASE"], base);
                assert_eq!(env["HOSTED_VLLM_API_KEY"], key(&r).unwrap());
            }
            "lm_studio" => {
                assert_eq!(route["model"], format!("lm_studio/{}", name(&r)));
                assert_eq!(env["LM_STUDIO_API_BASE"], base);
                assert_eq!(env["LM_STUDIO_API_KEY"], key(&r).unwrap());
            }
            _ => {
                assert_eq!(route["model"], r.litellm.model);
                assert_eq!(env["OPENAI_API_BASE"], base);
                assert_eq!(env["OPENAI_API_KEY"], key(&r).unwrap());
            }
        }
    }
}

#[test]
fn openai_export_sets_what_the_sdk_reads() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Openai, &SHOW).unwrap().text;
        let vars = source(
            &text,
            &["OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"],
        );
        assert_eq!(vars["OPENAI_BASE_URL"], r.litellm.api_base.clone().unwrap());
        assert_eq!(vars["OPENAI_API_KEY"], key(&r).unwrap(), "{}", s.name);
        assert_eq!(vars["OPENAI_MODEL"], name(&r));
    }
}

#[test]
fn curl_export_is_valid_shell_and_sends_the_probe() {
    for s in setups().into_iter().filter(|s| s.name != "tricky key") {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Curl, &SHOW).unwrap().text;
        let check = Command::new("bash")
            .arg("-n")
            .arg(temp_file(&text))
            .output()
            .expect("bash must be installed");
        assert!(check.status.success(), "{text}");
        let base = r.litellm.api_base.as_deref().unwrap();
        assert!(text.contains(&format!("-X POST '{base}/chat/completions'")));
        assert!(text.contains(&format!("-H 'Authorization: Bearer {}'", key(&r).unwrap())));
        assert!(text.contains("--max-time 15"));
        // The body, taken out of its single quotes, is the probe's JSON.
        let body = text.rsplit_once("--data-raw '").unwrap().1;
        let body: Value = serde_json::from_str(body.trim_end().trim_end_matches('\'')).unwrap();
        let mut expected = json!({"model": name(&r), "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1, "stream": false});
        if let Some(b) = &r.litellm.extra_body {
            expected["reasoning_effort"] = json!(b.reasoning_effort);
        }
        assert_eq!(body, expected, "{}", s.name);
    }
}

#[test]
fn curl_refuses_a_key_that_cannot_be_a_header() {
    let r = resolved("vllm/m", &[("VLLM_API_KEY", TRICKY)], None);
    let err = export(&r, ExportFormat::Curl, &SHOW).unwrap_err();
    assert_eq!(err.code(), "export_unrepresentable");
    assert!(matches!(
        err.kind(),
        ExportErrorKind::Unrepresentable {
            problem: Unrepresentable::LineBreakInHeader,
            ..
        }
    ));
}

#[test]
fn aider_export_is_yaml_with_aiders_option_names() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Aider, &SHOW).unwrap().text;
        let v = yaml(&text);
        let k = key(&r).unwrap();
        let base = r.litellm.api_base.clone().unwrap();
        match s.id.split('/').next().unwrap() {
            "ollama" => {
                assert_eq!(v["model"], format!("ollama_chat/{}", name(&r)));
                assert_eq!(
                    v["set-env"],
                    json!([
                        format!("OLLAMA_API_BASE={}", base.strip_suffix("/v1").unwrap()),
                        format!("OLLAMA_API_KEY={k}")
                    ])
                );
            }
            "lm_studio" => {
                assert_eq!(v["model"], format!("lm_studio/{}", name(&r)));
                assert_eq!(
                    v["set-env"],
                    json!([
                        format!("LM_STUDIO_API_BASE={base}"),
                        format!("LM_STUDIO_API_KEY={k}")
                    ])
                );
            }
            _ => {
                assert_eq!(v["model"], r.litellm.model, "{}", s.name);
                assert_eq!(v["openai-api-base"], base);
                assert_eq!(v["openai-api-key"], k);
            }
        }
        let effort = r.litellm.extra_body.as_ref().map(|b| b.reasoning_effort);
        assert_eq!(v.get("reasoning-effort").and_then(Value::as_str), effort);
    }
}

#[test]
fn continue_export_is_a_complete_config_yaml() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Continue, &SHOW).unwrap().text;
        let v = yaml(&text);
        assert_eq!(v["name"], "modelroute");
        assert_eq!(v["version"], "0.0.1");
        assert_eq!(v["schema"], "v1");
        let m = &v["models"][0];
        assert_eq!(v["models"].as_array().unwrap().len(), 1);
        assert_eq!(m["name"], s.id);
        assert_eq!(m["model"], name(&r));
        assert_eq!(m["apiKey"], key(&r).unwrap());
        let base = r.litellm.api_base.clone().unwrap();
        if s.id.starts_with("ollama/") {
            assert_eq!(m["provider"], "ollama");
            assert_eq!(m["apiBase"], base.strip_suffix("/v1").unwrap());
        } else {
            assert_eq!(m["provider"], "openai");
            assert_eq!(m["apiBase"], base);
        }
        match (&r.litellm.extra_headers, &r.litellm.extra_body) {
            (None, None) => assert!(m.get("requestOptions").is_none()),
            (h, b) => {
                let o = &m["requestOptions"];
                assert_eq!(
                    o.get("headers").cloned(),
                    h.as_ref().map(|h| json!({"X-HF-Bill-To": h.bill_to}))
                );
                assert_eq!(
                    o.get("extraBodyProperties").cloned(),
                    b.as_ref()
                        .map(|b| json!({"reasoning_effort": b.reasoning_effort}))
                );
            }
        }
    }
}

#[test]
fn llm_export_is_an_extra_openai_models_entry() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let text = export(&r, ExportFormat::Llm, &SHOW).unwrap().text;
        let v = yaml(&text);
        let e = &v[0];
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(e["model_id"], s.id);
        assert_eq!(e["model_name"], name(&r));
        assert_eq!(e["api_base"], r.litellm.api_base.clone().unwrap());
        let k = key(&r).unwrap();
        if k == "sk-local-no-key-required" {
            assert!(e.get("api_key_name").is_none());
        } else {
            // The comment's `llm keys set` command, uncommented, is valid
            // shell that passes the key verbatim.
            let key_name = e["api_key_name"].as_str().unwrap();
            let cmd: String = text
                .lines()
                .find(|l| l.starts_with("#   llm keys set"))
                .map(|l| format!("{}\n", l.trim_start_matches("# ")))
                .unwrap_or_default();
            assert!(
                cmd.contains(&format!("llm keys set {key_name} --value ")),
                "{text}"
            );
            if !k.contains('\n') {
                let script = format!("llm() {{ printf '%s' \"$5\" > \"$OUT\"; }}\n{cmd}");
                let out = temp_file("");
                let path = temp_file(&script);
                let status = Command::new("bash")
                    .arg(&path)
                    .env("OUT", &out)
                    .status()
                    .expect("bash runs");
                assert!(status.success());
                assert_eq!(std::fs::read_to_string(&out).unwrap(), k);
            }
        }
        assert_eq!(
            e.get("headers").cloned(),
            r.litellm
                .extra_headers
                .as_ref()
                .map(|h| json!({"X-HF-Bill-To": h.bill_to}))
        );
    }
}

#[test]
fn every_format_redacts_secrets_unless_asked_and_says_so() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let Some(k) = key(&r) else { continue };
        for f in ExportFormat::all() {
            let masked = ExportOptions {
                show_secrets: false,
                ..SHOW
            };
            let Ok(e) = export(&r, f, &masked) else {
                continue;
            };
            if matches!(f.info().key, KeyHandling::Variable | KeyHandling::None) {
                // These name a variable instead: no secret to mask.
                assert!(!e.redacted, "{f}");
                assert!(
                    !e.text.contains(&k) || k == "sk-local-no-key-required",
                    "{f}"
                );
                continue;
            }
            if k == "sk-local-no-key-required" {
                // The public placeholder is never masked (llm needs no key
                // for it, so it writes none).
                assert!(!e.redacted, "{f}");
                assert!(f == ExportFormat::Llm || e.text.contains(&k), "{f}");
                continue;
            }
            assert!(e.redacted, "{} {f}", s.name);
            assert!(!e.text.contains(&k), "{} {f} leaks the key", s.name);
            let said = match f.info().syntax {
                Syntax::Json => e.text.contains("\"redacted\": true"),
                _ => e
                    .text
                    .contains("is redacted below: export again with `--show-secrets`"),
            };
            assert!(said, "{} {f}:\n{}", s.name, e.text);
        }
    }
}

#[test]
fn direct_routes_export_only_to_litellm() {
    for id in [
        "anthropic/claude-opus-4-7",
        "bedrock/anthropic.claude-v2",
        "openai/gpt-5",
    ] {
        let r = resolved(id, &EmptyEnv, Some("high"));
        for f in ExportFormat::all() {
            let got = export(&r, f, &SHOW);
            if f == ExportFormat::Litellm {
                let v: Value = serde_json::from_str(&got.unwrap().text).unwrap();
                assert_eq!(
                    v["completion_kwargs"],
                    serde_json::to_value(&r.litellm).unwrap()
                );
                assert_eq!(v["provider_route"]["env"], json!({}));
            } else {
                let err = got.unwrap_err();
                assert_eq!(err.code(), "export_unsupported", "{id} {f}");
                assert!(err.to_string().contains(id));
                assert!(err.hints().iter().any(|h| h.contains("--to litellm")));
            }
        }
    }
}

#[test]
fn an_hf_id_without_a_token_exports_only_what_needs_none() {
    let r = resolved("moonshotai/Kimi-K2-Instruct", &EmptyEnv, None);
    for f in ExportFormat::all() {
        let got = export(&r, f, &SHOW);
        match f {
            ExportFormat::Env | ExportFormat::Dotenv => {
                let text = got.unwrap().text;
                assert!(text.lines().all(|l| l.starts_with('#')), "{text}");
                assert!(text.contains("no Hugging Face token was found"));
            }
            ExportFormat::Litellm => {
                let v: Value = serde_json::from_str(&got.unwrap().text).unwrap();
                assert_eq!(v["completion_kwargs"]["api_key"], Value::Null);
            }
            // Only the window: no request is sent with it.
            ExportFormat::AiderMetadata => assert!(got.is_ok()),
            _ => assert_eq!(got.unwrap_err().code(), "export_missing_key", "{f}"),
        }
    }
}

#[test]
fn an_id_cannot_run_code_or_break_out_of_a_comment() {
    // -- Setup & Fixtures: an HF Router id may hold any character, so this
    // one tries a comment break, a quote break and a command substitution.
    let id = "org/model'$(: > \"$MARK\")'\n: > \"$MARK\" #`: > \"$MARK\"`";
    let env = vec![("HF_TOKEN", "hf_abcdefghijklmnop".to_owned())];
    let r = resolved(id, &env, None);
    for f in ExportFormat::all() {
        let text = export(&r, f, &SHOW).unwrap().text;
        match f.info().syntax {
            Syntax::Shell => {
                // -- Exec: run it, with curl stubbed so nothing leaves the machine.
                let mark = std::env::temp_dir()
                    .join(format!("modelroute-export-mark-{}-{f}", std::process::id()));
                let _ = std::fs::remove_file(&mark);
                let script = temp_file(&format!("curl() {{ :; }}\n{text}"));
                let out = Command::new("bash")
                    .arg(&script)
                    .env("MARK", &mark)
                    .output()
                    .expect("bash must be installed");
                // -- Check
                assert!(
                    out.status.success(),
                    "{f}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(!mark.exists(), "{f} ran code from the id:\n{text}");
            }
            Syntax::Dotenv => {
                let loaded = dotenv::load(&text, &EmptyEnv).unwrap();
                let keys: Vec<&str> = loaded.iter().map(|(k, _)| k.as_str()).collect();
                assert_eq!(keys, ["HF_TOKEN"], "{text}");
            }
            Syntax::Json => {
                let v: Value = serde_json::from_str(&text).unwrap();
                let got = match f {
                    ExportFormat::Litellm => v["model_id"].clone(),
                    ExportFormat::Goose => v["description"].clone(),
                    ExportFormat::Pi => {
                        v["providers"]["modelroute-hf-router"]["models"][0]["name"].clone()
                    }
                    ExportFormat::Opencode => v["model"].clone(),
                    _ => v.as_object().unwrap().keys().next().unwrap().clone().into(),
                };
                let got = got.as_str().unwrap().to_owned();
                assert!(got.contains(&id[..9]) && !got.is_empty(), "{f}: {got}");
            }
            Syntax::Toml => {
                let doc: toml_edit::DocumentMut =
                    text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
                assert!(
                    doc["model"].as_str().unwrap().starts_with("org/model'"),
                    "{f}"
                );
            }
            Syntax::Yaml => {
                let v = yaml(&text);
                let got = match f {
                    ExportFormat::Continue => v["models"][0]["name"].clone(),
                    ExportFormat::Llm => v[0]["model_id"].clone(),
                    _ => v["model"].clone(),
                };
                assert!(got.as_str().unwrap().contains(id), "{f}");
            }
        }
        // The header comment shows the id's line break escaped, on one line.
        if f.info().syntax != Syntax::Json {
            let first = text.lines().next().unwrap();
            assert!(
                first.starts_with("# modelroute export org/model'"),
                "{f}: {first}"
            );
            assert!(
                first.ends_with(&format!("\\u{{a}}: > \"$MARK\" #`: > \"$MARK\"` --to {f}")),
                "{f}: {first}"
            );
        }
    }
}

#[test]
fn dotenv_refuses_what_python_dotenv_would_expand() {
    let env = vec![("OLLAMA_API_KEY", "pre${HOME}post".to_owned())];
    let r = resolved("ollama/x", &env, None);
    let err = export(&r, ExportFormat::Dotenv, &SHOW).unwrap_err();
    assert_eq!(err.code(), "export_unrepresentable");
    // The shell export keeps it verbatim.
    let text = export(&r, ExportFormat::Env, &SHOW).unwrap().text;
    assert_eq!(
        source(&text, &["OLLAMA_API_KEY"])["OLLAMA_API_KEY"],
        "pre${HOME}post"
    );
}

#[test]
fn errors_serialize_like_resolution_errors() {
    let r = resolved("openai/gpt-5", &EmptyEnv, None);
    let err = export(&r, ExportFormat::Env, &SHOW).unwrap_err();
    let v = serde_json::to_value(&err).unwrap();
    assert_eq!(v["code"], "export_unsupported");
    assert_eq!(v["message"], err.to_string());
    assert_eq!(v["hints"].as_array().unwrap().len(), 2);
    assert!(EXPORT_ERROR_CODES.contains(&err.code()));
}

#[test]
fn formats_and_options_cross_serde_by_name() {
    for f in EXPORT_FORMATS {
        let v = serde_json::to_value(f.format).unwrap();
        assert_eq!(v, f.name);
        assert_eq!(serde_json::from_value::<ExportFormat>(v).unwrap(), f.format);
    }
    let bad = serde_json::from_value::<ExportFormat>(json!("toml")).unwrap_err();
    assert!(bad.to_string().contains("expected one of: env, dotenv"));
    let o: ExportOptions = serde_json::from_value(json!({"show_secrets": true})).unwrap();
    assert!(o.show_secrets);
    assert!(serde_json::from_value::<ExportOptions>(json!({"showSecrets": true})).is_err());
}

#[test]
fn passwords_in_base_urls_are_masked_unless_secrets_are_shown() {
    use modelroute_core::export::{export, ExportFormat, ExportOptions};
    let env = [("VLLM_BASE_URL", "https://user:pw-secret-123@gpu:8443")];
    let r = modelroute_core::resolve("vllm/m", &env, &modelroute_core::ResolveOptions::default())
        .unwrap();
    for format in [
        ExportFormat::Env,
        ExportFormat::Curl,
        ExportFormat::Litellm,
        ExportFormat::Openai,
    ] {
        let e = export(&r, format, &ExportOptions::default()).unwrap();
        assert!(!e.text.contains("pw-secret-123"), "{format:?}: {}", e.text);
        assert!(e.redacted);
        let shown = export(&r, format, &SHOW).unwrap();
        assert!(shown.text.contains("pw-secret-123"), "{format:?}");
    }
}

// -- The agent formats -------------------------------------------------------

/// The variable an agent is pointed at for the key: the one `--to env`
/// writes it to (`None` for the public placeholder).
fn key_var(r: &Resolution<'_>, text_env: &str) -> Option<String> {
    let k = key(r)?;
    if k == "sk-local-no-key-required" {
        return None;
    }
    let names = exported_names(text_env);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let values = source(text_env, &names);
    values.into_iter().find(|(_, v)| *v == k).map(|(n, _)| n)
}

#[test]
fn agent_exports_parse_back_with_the_endpoint_and_the_key_variable() {
    for s in setups() {
        let r = resolved(s.id, &s.env, s.effort);
        let base = r.litellm.api_base.clone().unwrap();
        let env_text = export(&r, ExportFormat::Env, &SHOW).unwrap().text;
        let var = key_var(&r, &env_text);
        if let Some(v) = &var {
            // The variable named is one `--to env` sets, to the key.
            assert_eq!(source(&env_text, &[v])[v], key(&r).unwrap(), "{}", s.name);
        }
        let n = name(&r);

        let codex = export(&r, ExportFormat::Codex, &SHOW).unwrap();
        let doc: toml_edit::DocumentMut = codex.text.parse().unwrap();
        let pid = doc["model_provider"].as_str().unwrap().to_owned();
        assert!(pid.starts_with("modelroute-"), "{pid}");
        let p = &doc["model_providers"][&pid];
        assert_eq!(doc["model"].as_str(), Some(n), "{}", s.name);
        assert_eq!(doc["model_context_window"].as_integer(), Some(8192));
        assert_eq!(p["base_url"].as_str(), Some(base.as_str()));
        assert_eq!(p["wire_api"].as_str(), Some("responses"));
        assert_eq!(p.get("env_key").and_then(|v| v.as_str()), var.as_deref());
        assert_eq!(
            doc.get("model_reasoning_effort").and_then(|v| v.as_str()),
            s.effort
        );

        let oc: Value =
            serde_json::from_str(&export(&r, ExportFormat::Opencode, &SHOW).unwrap().text).unwrap();
        let p = &oc["provider"][&pid];
        assert_eq!(p["npm"], "@ai-sdk/openai-compatible");
        assert_eq!(p["options"]["baseURL"], base.as_str());
        assert_eq!(
            p["options"]["apiKey"].as_str(),
            var.as_ref().map(|v| format!("{{env:{v}}}")).as_deref()
        );
        assert_eq!(p["models"][n]["limit"]["context"], 8192);
        assert_eq!(oc["model"], format!("{pid}/{n}"));

        let pi: Value =
            serde_json::from_str(&export(&r, ExportFormat::Pi, &SHOW).unwrap().text).unwrap();
        let p = &pi["providers"][&pid];
        assert_eq!(p["baseUrl"], base.as_str());
        assert_eq!(p["api"], "openai-completions");
        assert_eq!(
            p["apiKey"].as_str().unwrap(),
            var.as_deref().unwrap_or("sk-local-no-key-required")
        );
        assert_eq!(p["models"][0]["id"], n);
        assert_eq!(p["models"][0]["contextWindow"], 8192);

        let goose: Value =
            serde_json::from_str(&export(&r, ExportFormat::Goose, &SHOW).unwrap().text).unwrap();
        assert_eq!(goose["engine"], "openai");
        assert_eq!(goose["name"], pid.replace('-', "_"));
        assert_eq!(goose["base_url"], format!("{base}/chat/completions"));
        assert_eq!(
            goose["api_key_env"].as_str().unwrap(),
            var.as_deref().unwrap_or("")
        );
        assert_eq!(goose["requires_auth"], var.is_some());
        assert_eq!(
            goose["models"][0],
            json!({"name": n, "context_limit": 8192})
        );

        // No secret in any of them, even with secrets shown.
        for f in [
            ExportFormat::Codex,
            ExportFormat::Opencode,
            ExportFormat::Pi,
            ExportFormat::Goose,
        ] {
            let text = export(&r, f, &SHOW).unwrap().text;
            if let Some(k) = key(&r).filter(|k| k != "sk-local-no-key-required") {
                assert!(!text.contains(&k), "{} {f} holds the key", s.name);
            }
        }
    }
}

#[test]
fn the_context_window_goes_into_every_format_with_a_field_for_it() {
    let r = resolved("vllm/m", &[("VLLM_API_KEY", "k".to_owned())], None);
    let with = |f| export(&r, f, &SHOW).unwrap().text;
    let without = ExportOptions {
        context: None,
        ..SHOW
    };
    let v: Value = serde_json::from_str(&with(ExportFormat::Litellm)).unwrap();
    assert_eq!(v["provider_route"]["model_info"]["max_input_tokens"], 8192);
    let c = yaml(&with(ExportFormat::Continue));
    assert_eq!(
        c["models"][0]["defaultCompletionOptions"]["contextLength"],
        8192
    );
    let a: Value = serde_json::from_str(&with(ExportFormat::AiderMetadata)).unwrap();
    assert_eq!(a["openai/m"]["max_input_tokens"], 8192);
    assert_eq!(a["openai/m"]["litellm_provider"], "openai");
    // The aider-metadata key is the model the aider export names.
    assert_eq!(yaml(&with(ExportFormat::Aider))["model"], "openai/m");
    // Never a guessed number: without a window the fields are absent, and
    // the formats whose tool requires one refuse.
    for f in ExportFormat::all() {
        // The table says which formats carry the window, and it is right:
        // a window changes exactly those, and only the required ones fail
        // without it (`export --probe` asks the server only for these).
        let field = f.info().context;
        if field != ContextField::Required {
            let bare = export(&r, f, &without).unwrap().text;
            assert_eq!(
                with(f) != bare,
                field.uses_window(),
                "{f}: the table's context column"
            );
        }
        match export(&r, f, &without) {
            Ok(e) => {
                assert!(!e.text.contains("8192"), "{f}");
                assert!(!e.text.contains("contextLength"), "{f}");
                assert!(!e.text.contains("max_input_tokens"), "{f}");
                assert!(!e.text.contains("model_context_window ="), "{f}");
            }
            Err(e) => {
                assert!(
                    matches!(f, ExportFormat::Goose | ExportFormat::AiderMetadata),
                    "{f}"
                );
                assert_eq!(field, ContextField::Required, "{f}");
                assert_eq!(e.code(), "export_needs_context");
                assert!(e.hints()[0].contains("--context N"));
                assert!(matches!(e.kind(), ExportErrorKind::NeedsContext { .. }));
            }
        }
    }
    // Ollama through aider's own prefix: the metadata follows it.
    let r = resolved("ollama/llama3.1:8b", &EmptyEnv, None);
    let a: Value =
        serde_json::from_str(&export(&r, ExportFormat::AiderMetadata, &SHOW).unwrap().text)
            .unwrap();
    assert_eq!(
        a["ollama_chat/llama3.1:8b"]["litellm_provider"],
        "ollama_chat"
    );
    // 0 is not a window.
    assert!(serde_json::from_value::<ExportOptions>(json!({"context": 0})).is_err());
    let o: ExportOptions = serde_json::from_value(json!({"context": 4096})).unwrap();
    assert_eq!(o.context.map(|n| n.get()), Some(4096));
}
