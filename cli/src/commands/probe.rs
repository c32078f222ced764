//! `modelroute probe <ID>`: the staged probe, and for non-local ids with an
//! effort preference, the reference's effort cascade (SPEC §7).

use std::io::Write;

use modelroute_core::probe::{self, EffortErrorKind, FailureClass, ProbeFailure, ProbeTarget};
use modelroute_core::{
    accepted_cascade, report, Env, EnvVar, Report, ResolveOptions, Route, Source,
};
use serde::Serialize;

use crate::cli::{LimitArgs, ProbeArgs};
use crate::environment::Environment;
use crate::exit::ExitStatus;
use crate::probe::{self as staged, http, Limits, ProbeReport, Stage};
use crate::render::{paint, print_error, DIM, ERROR, OK, WARN};

/// LiteLLM's own default for `openai/` ids when `OPENAI_BASE_URL` is unset.
const OPENAI_DEFAULT_BASE: &str = "https://api.openai.com/v1";

/// The effort cascade's result for a non-local id.
#[derive(Debug, Clone, Serialize)]
pub struct EffortProbe {
    pub preference: String,
    /// Levels tried, in order, with what each got.
    pub tried: Vec<(String, String)>,
    /// The level the server accepted; `None` means "no thinking".
    pub effective: Option<String>,
    /// `accepted`, `no_thinking`, `exhausted`, `inconclusive` or `rejected`.
    pub outcome: &'static str,
}

/// The full answer of `probe --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    pub model_id: String,
    pub route: Route,
    #[serde(flatten)]
    pub probe: ProbeReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<EffortProbe>,
    /// For a failure on a non-local id: whether the reference treats it as
    /// transient (the switch completes with a warning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transient: Option<bool>,
    pub verdict: String,
}

pub fn limits(args: &LimitArgs) -> Limits {
    Limits {
        timeout: args.timeout,
        connect_timeout: args.connect_timeout,
    }
}

/// The target for any route, or the resolution's error / an unsupported
/// route as a failure.
pub fn target_for(
    id: &str,
    env: &Environment,
    options: &ResolveOptions,
) -> Result<(Route, ProbeTarget), Target> {
    let r = match report(id, env, options) {
        Report::Resolved(r) => r,
        Report::Failed(f) => return Err(Target::Resolution(Box::new(f.error))),
    };
    if let Some(t) = probe::target(&r) {
        return Ok((r.route, t));
    }
    match r.route {
        Route::Openai => {
            let base = env
                .var(EnvVar::OPENAI_BASE_URL.name())
                .filter(|v| !v.is_empty())
                .map_or(OPENAI_DEFAULT_BASE.to_owned(), |v| {
                    v.trim().trim_end_matches('/').to_owned()
                });
            let key = env
                .var(EnvVar::OPENAI_API_KEY.name())
                .filter(|v| !v.is_empty());
            Ok((
                r.route,
                ProbeTarget {
                    models_url: format!("{base}/models"),
                    chat_url: format!("{base}/chat/completions"),
                    api_base: base,
                    model: id.strip_prefix("openai/").unwrap_or(id).to_owned(),
                    api_key: key.map(str::to_owned),
                    key_source: if key.is_some() {
                        Source::Env(EnvVar::OPENAI_API_KEY)
                    } else {
                        Source::None
                    },
                    provider: None,
                },
            ))
        }
        route => Err(Target::Unsupported(route)),
    }
}

/// Why there is nothing to probe.
pub enum Target {
    Resolution(Box<modelroute_core::Error>),
    Unsupported(Route),
}

pub fn run(
    args: &ProbeArgs,
    env: &Environment,
    out: &mut impl Write,
) -> std::io::Result<ExitStatus> {
    let mut options = match super::options(&args.id, &args.resolution, env) {
        Ok(options) => options,
        Err(status) => return Ok(status),
    };
    // The probe resolves with no effort (SPEC §6); a preference only drives
    // the cascade of non-local ids.
    let preference = options.effort.take().filter(|e| !e.is_empty());
    let output = match target_for(&args.id, env, &options) {
        Err(Target::Resolution(e)) => {
            print_error(Some(e.code()), &e.to_string(), &e.hints());
            return Ok(ExitStatus::Resolution);
        }
        Err(Target::Unsupported(route)) => unsupported(&args.id, route),
        Ok((route, target)) => runtime().block_on(probe_any(
            &args.id,
            route,
            target,
            preference,
            limits(&args.limits),
        )),
    };
    let status = status_of(&output);
    if args.json {
        serde_json::to_writer(&mut *out, &output)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", human(&output))?;
        if let Some(f) = &output.probe.failure {
            print_error(Some(f.code), &f.message, &f.fixes);
        }
    }
    Ok(status)
}

/// A single-threaded runtime: the probe is a handful of sequential requests.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime builds")
}

pub fn status_of(output: &Output) -> ExitStatus {
    match &output.probe.failure {
        None => ExitStatus::Success,
        Some(f) => ExitStatus::Probe(f.class.exit_code()),
    }
}

fn unsupported(id: &str, route: Route) -> Output {
    let failure = ProbeFailure::new(
        FailureClass::Unsupported,
        format!(
            "`{id}` goes to {} through LiteLLM's own client, not an OpenAI-compatible endpoint modelroute can probe",
            route.as_str()
        ),
        vec!["probe works for local ids, Hugging Face Router ids, and `openai/` ids (OPENAI_BASE_URL, OPENAI_API_KEY)".to_owned()],
    );
    Output {
        model_id: id.to_owned(),
        route,
        verdict: format!("not probed: {}", failure.message),
        probe: ProbeReport {
            target: ProbeTarget {
                api_base: String::new(),
                models_url: String::new(),
                chat_url: String::new(),
                model: id.to_owned(),
                api_key: None,
                key_source: Source::None,
                provider: None,
            },
            stages: Vec::new(),
            ok: false,
            served: None,
            server: None,
            failure: Some(failure),
            total_ms: 0.0,
        },
        effort: None,
        transient: None,
    }
}

/// Probes any route: the staged probe, or the effort cascade.
pub async fn probe_any(
    id: &str,
    route: Route,
    target: ProbeTarget,
    preference: Option<String>,
    limits: Limits,
) -> Output {
    let local = route == Route::Local;
    if !local && target.api_key.is_none() {
        let failure = ProbeFailure::new(
            FailureClass::Unauthorized,
            format!(
                "no key to send to `{}`, so nothing was probed",
                target.api_base
            ),
            vec![if route == Route::HfRouter {
                "set `HF_TOKEN` or run `huggingface-cli login`".to_owned()
            } else {
                format!("set `{}`", EnvVar::OPENAI_API_KEY)
            }],
        );
        return finish(id, route, skipped(target, failure), None);
    }
    match preference {
        Some(pref) if !local => {
            let (report, effort) = cascade(id, target, &pref, limits).await;
            finish(id, route, report, Some(effort))
        }
        _ => finish(id, route, staged::run(target, limits).await, None),
    }
}

fn skipped(target: ProbeTarget, failure: ProbeFailure) -> ProbeReport {
    ProbeReport {
        target,
        stages: Vec::new(),
        ok: false,
        served: None,
        server: None,
        failure: Some(failure),
        total_ms: 0.0,
    }
}

fn finish(id: &str, route: Route, probe: ProbeReport, effort: Option<EffortProbe>) -> Output {
    let transient = match (&probe.failure, &effort) {
        (None, _) => None,
        _ if route == Route::Local => None,
        (Some(_), Some(e)) => Some(e.outcome == "inconclusive"),
        (Some(f), None) => Some(f.class.is_transient()),
    };
    let verdict = match (&probe.failure, &effort) {
        (None, Some(e)) => format!(
            "`{id}` answers; effort: {}",
            e.effective.as_deref().unwrap_or("off (no thinking)")
        ),
        (None, None) => format!(
            "`{id}` answers at {}{}",
            probe.target.api_base,
            probe.server.as_deref().map_or(String::new(), |s| format!(" ({s})"))
        ),
        (Some(f), _) if transient == Some(true) => format!(
            "`{id}` did not answer ({}): transient, so the reference would still switch, with a warning",
            f.code
        ),
        (Some(f), _) => format!("`{id}` does not answer ({})", f.code),
    };
    Output {
        model_id: id.to_owned(),
        route,
        probe,
        effort,
        transient,
        verdict,
    }
}

/// Walks the effort cascade with 64-token requests (SPEC §7).
async fn cascade(
    id: &str,
    target: ProbeTarget,
    preference: &str,
    limits: Limits,
) -> (ProbeReport, EffortProbe) {
    let started = std::time::Instant::now();
    let mut stages = Vec::new();
    let mut tried = Vec::new();
    let mut effort = EffortProbe {
        preference: preference.to_owned(),
        tried: Vec::new(),
        effective: None,
        outcome: "exhausted",
    };
    let levels = accepted_cascade(id, preference);
    let mut failure = None;
    let client = match http::client(limits.connect_timeout) {
        Ok(c) => c,
        Err(e) => {
            let f = http::transport(&e);
            return (skipped(target, f), effort);
        }
    };
    for level in levels {
        let body = probe::chat_body(
            &target.model,
            64,
            &[("reasoning_effort", probe::json_string(level))],
        );
        let mut req = client
            .post(&target.chat_url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(key) = &target.api_key {
            req = req.bearer_auth(key);
        }
        let t0 = std::time::Instant::now();
        let result = match tokio::time::timeout(limits.timeout, http::send(req)).await {
            Ok(r) => r,
            Err(_) => Err(ProbeFailure::new(
                FailureClass::Timeout,
                format!("no answer within {:?} at effort {level}", limits.timeout),
                vec!["run again, or raise --timeout".to_owned()],
            )),
        };
        let (outcome, detail) = match result {
            Ok(answer) => {
                let cx = probe::Context {
                    target: &target,
                    url: &target.chat_url,
                };
                match probe::classify_completion(
                    &cx,
                    answer.status,
                    answer.content_type.as_deref(),
                    &answer.body,
                ) {
                    Ok(()) => {
                        effort.effective = Some(level.to_owned());
                        effort.outcome = "accepted";
                        ("ok", "accepted".to_owned())
                    }
                    Err(f) => match probe::effort_error_kind(answer.status, &answer.body) {
                        EffortErrorKind::ThinkingUnsupported => {
                            effort.outcome = "no_thinking";
                            ("ok", "thinking not supported: effort off".to_owned())
                        }
                        EffortErrorKind::EffortInvalid => {
                            ("warning", format!("refused: {}", f.message))
                        }
                        kind => {
                            effort.outcome = if kind == EffortErrorKind::Transient {
                                "inconclusive"
                            } else {
                                "rejected"
                            };
                            let detail = f.message.clone();
                            failure = Some(f);
                            ("failed", detail)
                        }
                    },
                }
            }
            Err(f) => {
                effort.outcome = if f.class.is_transient() {
                    "inconclusive"
                } else {
                    "rejected"
                };
                let detail = f.message.clone();
                failure = Some(f);
                ("failed", detail)
            }
        };
        tried.push((level.to_owned(), detail.clone()));
        stages.push(Stage {
            name: "effort",
            outcome,
            ms: t0.elapsed().as_secs_f64() * 1e3,
            detail: format!("{level}: {detail}"),
        });
        if outcome != "warning" {
            break;
        }
    }
    effort.tried = tried;
    let report = ProbeReport {
        target,
        ok: failure.is_none(),
        stages,
        served: None,
        server: None,
        failure,
        total_ms: started.elapsed().as_secs_f64() * 1e3,
    };
    (report, effort)
}

/// The human rendering of a probe.
pub fn human(o: &Output) -> String {
    let t = &o.probe.target;
    let mut s = String::new();
    if !t.api_base.is_empty() {
        s.push_str(&format!(
            "probe {} {} {} {}\n",
            paint(OK, &o.model_id),
            paint(DIM, "→"),
            t.api_base,
            paint(DIM, format!("(model `{}`)", t.model))
        ));
    }
    let width = o
        .probe
        .stages
        .iter()
        .map(|st| st.name.len())
        .max()
        .unwrap_or(0);
    for st in &o.probe.stages {
        let mark = match st.outcome {
            "ok" => paint(OK, "✓"),
            "warning" => paint(WARN, "!"),
            _ => paint(ERROR, "✗"),
        };
        s.push_str(&format!(
            "  {mark} {:<width$}  {}  {}\n",
            st.name,
            st.detail,
            paint(DIM, format!("{:.1} ms", st.ms))
        ));
    }
    if let Some(served) = &o.probe.served {
        if !served.is_empty() && o.probe.failure.is_none() {
            let mut shown: Vec<&str> = served.iter().take(6).map(String::as_str).collect();
            if served.len() > 6 {
                shown.push("…");
            }
            s.push_str(&format!(
                "  {} {}\n",
                paint(DIM, "serves"),
                shown.join(", ")
            ));
        }
    }
    let verdict_style = if o.probe.ok { OK } else { ERROR };
    s.push_str(&format!(
        "{} {} {}\n",
        paint(verdict_style, if o.probe.ok { "ok:" } else { "failed:" }),
        o.verdict,
        paint(DIM, format!("in {:.0} ms", o.probe.total_ms))
    ));
    s
}
