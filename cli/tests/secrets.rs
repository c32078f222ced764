//! Secret audit: every command, human and JSON output, errors included,
//! run with recognisable keys and tokens in the environment. No full secret
//! may appear on stdout or stderr unless the user asked for it
//! (`--show-secrets`, or `--batch` without `--redact`).
//!
//! Two layers are audited separately. The printers redact what they know
//! is a key; the CLI's last-resort scrubber then masks any known secret of
//! 8 or more characters in everything printed. An audit with the scrubber
//! on would pass even if a printer forgot to redact, so the printers are
//! audited with it off (`MODELROUTE_TEST_NO_SCRUB`, honoured by debug
//! builds only) and with keys of 1, 7 and 8 characters, around the
//! scrubber's threshold; the full audit with the scrubber on keeps the
//! safety net tested too.

mod common;
mod servers;

use std::net::SocketAddr;
use std::process::Output;

use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Router;
use common::modelroute;
use servers::{Family, Stub};

/// The variables holding keys and tokens, in the order of each key set.
const KEY_VARS: [&str; 9] = [
    "OLLAMA_API_KEY",
    "VLLM_API_KEY",
    "LMSTUDIO_API_KEY",
    "LLAMACPP_API_KEY",
    "LOCAL_LLM_API_KEY",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "INFERENCE_TOKEN",
    "OPENAI_API_KEY",
];

/// Every secret one run holds: the key variables, the session token, the
/// token file, a base URL's password and a base URL's query token (which
/// servers behind some proxies take instead of a bearer key).
#[derive(Debug, Clone)]
struct Secrets {
    vars: Vec<String>,
    session: String,
    file_token: String,
    url_password: String,
    url_query_token: String,
}

impl Secrets {
    /// Long, recognisable secrets (20 characters or more).
    fn long() -> Self {
        Secrets {
            vars: [
                "sk-ollama-SECRET-0001-aaaa",
                "sk-vllm-SECRET-0002-bbbb",
                "sk-lmstudio-SECRET-0003-cccc",
                "sk-llamacpp-SECRET-0004-dddd",
                "sk-shared-SECRET-0005-eeee",
                "hf_SECRET0006ffffffffffffffff",
                "hf_SECRET0007gggggggggggggggg",
                "hf_SECRET0008hhhhhhhhhhhhhhhh",
                "sk-openai-SECRET-0009-iiii",
            ]
            .map(str::to_owned)
            .to_vec(),
            session: "hf_SECRET0010sessionsessionss".into(),
            file_token: "hf_SECRET0011filefilefilefile".into(),
            url_password: "SECRET0012urlpassword".into(),
            url_query_token: "SECRET0013querytoken".into(),
        }
    }

    /// Thirteen distinct secrets of exactly `len` characters. A secret of
    /// one character is a rune (ᚠ, ᚢ, ...), which no output contains by
    /// chance; longer ones are ASCII that no output contains either.
    fn of_len(len: usize) -> Self {
        let one: Vec<String> = "ᚠᚢᚦᚨᚱᚲᚷᚹᚺᚾᛁᛃᛇ".chars().map(String::from).collect();
        let make = |i: usize| -> String {
            if len == 1 {
                one[i].clone()
            } else {
                // A distinct two-letter tag, then filler, cut to `len`.
                let tag = format!("Q{}", (b'a' + i as u8) as char);
                format!("{tag}Zx9Wv3Jk7Yp")[..len].to_owned()
            }
        };
        let all: Vec<String> = (0..13).map(make).collect();
        Secrets {
            vars: all[..9].to_vec(),
            session: all[9].clone(),
            file_token: all[10].clone(),
            url_password: all[11].clone(),
            url_query_token: all[12].clone(),
        }
    }

    fn all(&self) -> Vec<&str> {
        self.vars
            .iter()
            .chain([
                &self.session,
                &self.file_token,
                &self.url_password,
                &self.url_query_token,
            ])
            .map(String::as_str)
            .collect()
    }
}

/// A secret as it could appear: itself, and percent-encoded (a base URL
/// printed back encodes a non-ASCII password).
fn spellings(secret: &str) -> Vec<String> {
    let encoded: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut out = vec![secret.to_owned()];
    if encoded != secret {
        out.push(encoded);
    }
    out
}

fn leaks<'a>(out: &Output, secrets: &'a Secrets) -> Vec<&'a str> {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    secrets
        .all()
        .into_iter()
        .filter(|s| spellings(s).iter().any(|sp| text.contains(sp.as_str())))
        .collect()
}

/// Whether the last-resort scrubber runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scrubber {
    On,
    Off,
}

fn run(
    args: &[&str],
    ollama: &str,
    stdin: Option<&str>,
    secrets: &Secrets,
    scrubber: Scrubber,
) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("token"),
        format!("{}\n", secrets.file_token),
    )
    .unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args)
        .env("OLLAMA_BASE_URL", ollama)
        .env(
            "VLLM_BASE_URL",
            format!("http://user:{}@127.0.0.1:9", secrets.url_password),
        )
        .env(
            "LMSTUDIO_BASE_URL",
            format!("http://127.0.0.1:9/v1?api_key={}", secrets.url_query_token),
        )
        .env("HF_TOKEN_PATH", dir.path().join("token"));
    for (k, v) in KEY_VARS.iter().zip(&secrets.vars) {
        cmd.env(k, v);
    }
    if scrubber == Scrubber::Off {
        cmd.env("MODELROUTE_TEST_NO_SCRUB", "1");
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_owned());
    }
    cmd.output().unwrap()
}

const IDS: [&str; 8] = [
    "ollama/llama3.1:8b",
    "vllm/m",
    "lm_studio/m",
    "llamacpp/m",
    "moonshotai/Kimi-K2:fastest",
    "openai/gpt-5",
    "ollama/",
    "openai-compat/x",
];

/// Whether probing `id` stays on this machine: local ids point at loopback
/// here, and invalid ids are refused before any connection. Other ids go
/// to the Hugging Face Router or OpenAI.
fn probes_stay_local(id: &str) -> bool {
    id.starts_with("ollama/")
        || id.starts_with("vllm/")
        || id.starts_with("lm_studio/")
        || id.starts_with("llamacpp/")
        || id.starts_with("openai-compat/")
}

/// Every command of the audit, each with each id. `remote_probes` adds the
/// probes of ids that leave the machine.
fn commands(session: &str, remote_probes: bool) -> Vec<Vec<String>> {
    let mut commands: Vec<Vec<String>> = Vec::new();
    for id in IDS {
        let mut bases = vec![
            vec!["resolve", id],
            vec!["resolve", id, "--json"],
            vec!["resolve", id, "--session-token", session],
            vec!["resolve", id, "--json", "--session-token", session],
            vec!["explain", id],
            vec!["explain", id, "--json"],
            vec!["explain", id, "--session-token", session],
            vec!["validate", id],
        ];
        if remote_probes || probes_stay_local(id) {
            bases.extend([
                vec!["probe", id, "--timeout", "3"],
                vec!["probe", id, "--json", "--timeout", "3"],
                vec!["doctor", id, "--timeout", "3"],
                vec!["doctor", id, "--json", "--timeout", "3"],
            ]);
        }
        for base in bases {
            commands.push(base.into_iter().map(str::to_owned).collect());
        }
        for format in [
            "env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm",
        ] {
            commands.push(vec![
                "export".into(),
                id.into(),
                "--to".into(),
                format.into(),
            ]);
        }
    }
    for extra in [
        &["providers"][..],
        &["providers", "--json"],
        &["discover", "--timeout", "2"],
        &["discover", "--json", "--timeout", "2"],
        &["doctor", "--timeout", "2"],
        &["run", "--model", "vllm/m", "hi", "--timeout", "3"],
        &["run", "--model", "lm_studio/m", "hi", "--timeout", "3"],
    ] {
        commands.push(extra.iter().map(|s| s.to_string()).collect());
    }
    commands
}

/// Runs the audit and returns one line per leak.
fn audit(secrets: &Secrets, scrubber: Scrubber, remote_probes: bool) -> Vec<String> {
    let addr = servers::family(Stub {
        family: Family::Ollama,
        models: vec!["llama3.1:8b"],
        key: None,
    });
    let ollama = format!("http://{addr}");
    let commands = commands(&secrets.session, remote_probes);
    assert!(commands.len() > 150, "{} commands", commands.len());
    let mut failures = Vec::new();
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, &ollama, None, secrets, scrubber);
        let leaked = leaks(&out, secrets);
        if !leaked.is_empty() {
            failures.push(format!(
                "{args:?} leaked {leaked:?}:\n{}",
                common::transcript(&out)
            ));
        }
    }
    // Batch with --redact, lines with and without their own env.
    let batch = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"model": "vllm/m"}),
        serde_json::json!({"model": "org/m", "session_token": secrets.session}),
        serde_json::json!({"model": "org/m", "env": {}, "hf_token_file": secrets.file_token}),
    );
    let out = run(
        &["resolve", "--batch", "--redact"],
        &ollama,
        Some(&batch),
        secrets,
        scrubber,
    );
    if !leaks(&out, secrets).is_empty() {
        failures.push(format!("batch --redact leaked {:?}", leaks(&out, secrets)));
    }
    failures
}

#[test]
fn no_command_prints_a_full_secret_by_default() {
    let failures = audit(&Secrets::long(), Scrubber::On, true);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn printers_redact_long_keys_without_the_scrubber() {
    let failures = audit(&Secrets::long(), Scrubber::Off, false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn printers_redact_one_character_keys_without_the_scrubber() {
    let failures = audit(&Secrets::of_len(1), Scrubber::Off, false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn printers_redact_seven_character_keys_without_the_scrubber() {
    // Seven characters: one below the scrubber's threshold, so in real use
    // only the printers stand between these keys and the terminal.
    let failures = audit(&Secrets::of_len(7), Scrubber::Off, false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn printers_redact_eight_character_keys_without_the_scrubber() {
    let failures = audit(&Secrets::of_len(8), Scrubber::Off, false);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A server that quotes the key it received back in its 401, as some
/// proxies do: what only the scrubber can catch.
fn key_echoing_server() -> SocketAddr {
    let handler = |headers: HeaderMap| async move {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            axum::http::StatusCode::UNAUTHORIZED,
            [("content-type", "application/json")],
            serde_json::json!({"error": {"message": format!("Invalid API key: {auth}")}})
                .to_string(),
        )
            .into_response()
    };
    servers::serve(Router::new().fallback(handler))
}

#[test]
fn the_test_switch_turns_only_the_scrubber_off() {
    // The audits above are only as good as the switch: with it, a key a
    // server quotes back must come through (nothing else masks it); without
    // it, the scrubber must mask it.
    let secrets = Secrets::long();
    let key = &secrets.vars[0];
    let ollama = format!("http://{}", key_echoing_server());
    let args = ["probe", "ollama/m", "--json", "--timeout", "5"];
    let on = run(&args, &ollama, None, &secrets, Scrubber::On);
    assert_eq!(on.status.code(), Some(15), "{}", common::transcript(&on));
    assert!(
        leaks(&on, &secrets).is_empty(),
        "{}",
        common::transcript(&on)
    );
    let off = run(&args, &ollama, None, &secrets, Scrubber::Off);
    assert_eq!(off.status.code(), Some(15), "{}", common::transcript(&off));
    assert_eq!(
        leaks(&off, &secrets),
        [key.as_str()],
        "{}",
        common::transcript(&off)
    );
}

#[test]
fn secrets_appear_when_asked_for() {
    let secrets = Secrets::long();
    let show = |args: &[&str], stdin: Option<&str>| {
        let out = run(args, "http://127.0.0.1:9", stdin, &secrets, Scrubber::On);
        leaks(&out, &secrets)
    };
    assert!(
        show(&["resolve", "vllm/m", "--show-secrets", "--json"], None)
            .contains(&"sk-vllm-SECRET-0002-bbbb")
    );
    assert!(
        show(&["resolve", "--batch"], Some("{\"model\":\"org/m\"}\n"))
            .contains(&"hf_SECRET0008hhhhhhhhhhhhhhhh"),
        "batch output is machine input"
    );
    assert!(
        show(&["export", "vllm/m", "--to", "env", "--show-secrets"], None)
            .contains(&"sk-vllm-SECRET-0002-bbbb")
    );
    assert!(show(
        &["resolve", "lm_studio/m", "--show-secrets", "--json"],
        None
    )
    .contains(&"SECRET0013querytoken"));
}
