//! The human rendering of a probe: the target, each stage with its mark
//! and time, what the answers showed about the setup (a server of another
//! family than the prefix is for), what the server serves, and the
//! verdict.

use modelroute_core::capabilities::{Capabilities, Finding, LoadState, Support};

use super::{paint, DIM, ERROR, OK, WARN};
use crate::probe::outcome::Output;

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
            "skipped" => paint(DIM, "-"),
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
    if let Some(caps) = o
        .probe
        .capabilities
        .as_ref()
        .filter(|c| **c != Capabilities::unknown())
    {
        s.push_str(&capabilities(caps));
    }
    for d in &o.probe.diagnostics {
        s.push_str(&super::diagnostic(d, 2));
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

/// What the server says about the model, one aligned row per finding,
/// each with where it was read.
fn capabilities(caps: &Capabilities) -> String {
    let n = |v: Option<u64>| v.map_or("unknown".to_owned(), |n| n.to_string());
    let source = |s: &Option<String>| {
        s.as_deref().map_or(String::new(), |s| {
            format!("  {}", paint(DIM, format!("({s})")))
        })
    };
    let support = |f: &Finding| {
        let word = match f.support {
            Support::Yes => paint(OK, "yes"),
            Support::No => paint(WARN, "no"),
            Support::Unknown => paint(DIM, "unknown"),
        };
        format!("{word}{}", source(&f.source))
    };
    let state = match caps.state {
        LoadState::Loaded => "loaded",
        LoadState::Loading => "loading",
        LoadState::NotLoaded => "not loaded",
        LoadState::Unknown => "unknown",
    };
    let mut rows = vec![
        (
            "context",
            format!(
                "{} served of {} tokens{}",
                n(caps.context.served),
                n(caps.context.max),
                source(&caps.context.source)
            ),
        ),
        ("tools", support(&caps.tools)),
        ("vision", support(&caps.vision)),
        ("state", state.to_owned()),
    ];
    let about: Vec<String> = [
        caps.model_family.clone(),
        caps.parameter_count.map(|p| format!("{p} parameters")),
        caps.quantization.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !about.is_empty() {
        rows.push(("model", about.join(", ")));
    }
    rows.iter()
        .map(|(k, v)| format!("  {} {v}\n", paint(DIM, format!("{k:<8}"))))
        .collect()
}
