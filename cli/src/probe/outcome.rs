//! A probe's outcome for any route: the staged probe of a local or HF
//! Router endpoint, or, for a non-local id with an effort preference, the
//! reference's effort cascade (SPEC §7), with the verdict `probe`,
//! `doctor` and the shell's `/model` read.

use modelroute_core::probe::{self, EffortErrorKind, FailureKind, ProbeTarget};
use modelroute_core::{accepted_cascade, Route, Source};
use serde::Serialize;

use super::{Limits, Plan, ProbeReport, Stage};
use crate::exit::{probe_exit_code, ExitStatus};
use crate::failure::ProbeFailure;
use crate::net;
use crate::session;

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

pub fn status_of(output: &Output) -> ExitStatus {
    match &output.probe.failure {
        None => ExitStatus::Success,
        Some(f) => ExitStatus::Probe(probe_exit_code(f.class)),
    }
}

pub fn unsupported(id: &str, route: Route) -> Output {
    let failure = session::unsupported(id, route, "probe");
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
                base_source: Source::None,
                provider: None,
            },
            stages: Vec::new(),
            ok: false,
            served: None,
            server: None,
            diagnostics: Vec::new(),
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
        let failure = session::no_key(&target, route, true);
        return finish(id, route, skipped(target, failure), None);
    }
    match preference {
        Some(pref) if !local => {
            let (report, effort) = cascade(id, target, &pref, limits).await;
            finish(id, route, report, Some(effort))
        }
        _ => finish(
            id,
            route,
            super::run(target, limits, Plan::Full).await,
            None,
        ),
    }
}

fn skipped(target: ProbeTarget, failure: ProbeFailure) -> ProbeReport {
    ProbeReport {
        target,
        stages: Vec::new(),
        ok: false,
        served: None,
        server: None,
        diagnostics: Vec::new(),
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
    let client = match net::client(limits.connect_timeout) {
        Ok(c) => c,
        Err(e) => {
            let f = ProbeFailure::new(net::transport(&e), Some(&target));
            return (skipped(target, f), effort);
        }
    };
    for level in levels {
        let body = probe::chat_body(
            &target.model,
            64,
            &[("reasoning_effort", probe::json_string(level))],
        );
        let req = net::post_json(
            &client,
            &target.chat_url,
            target.api_key.as_deref(),
            &[],
            body,
        );
        let t0 = std::time::Instant::now();
        let result = match tokio::time::timeout(limits.timeout, net::send(req)).await {
            Ok(r) => r,
            Err(_) => Err(FailureKind::Timeout {
                url: target.chat_url.clone(),
                after: limits.timeout,
                during: format!("effort {level}"),
            }),
        }
        .map_err(|kind| ProbeFailure::new(kind, Some(&target)));
        let (outcome, detail) = match result {
            Ok(answer) => {
                match probe::classify_completion(
                    &target.chat_url,
                    answer.status,
                    answer.content_type.as_deref(),
                    &answer.body,
                )
                .map_err(|kind| ProbeFailure::new(kind, Some(&target)))
                {
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
        diagnostics: Vec::new(),
        failure,
        total_ms: started.elapsed().as_secs_f64() * 1e3,
    };
    (report, effort)
}
