//! The human rendering of a probe: the target, each stage with its mark
//! and time, what the answers showed about the setup (a server of another
//! family than the prefix is for), what the server serves, and the
//! verdict.

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
            _ => paint(ERROR, "✗"),
        };
        s.push_str(&format!(
            "  {mark} {:<width$}  {}  {}\n",
            st.name,
            st.detail,
            paint(DIM, format!("{:.1} ms", st.ms))
        ));
    }
    for d in &o.probe.diagnostics {
        s.push_str(&super::diagnostic(d, 2));
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
