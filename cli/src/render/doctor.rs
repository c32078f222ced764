//! The human form of `doctor`: after the explanation, the probe with its
//! error and fixes, then the verdict and the next command; without an id,
//! one line per local base URL.

use std::io::Write;

use super::{paint, BOLD, ERROR, HELP, OK, WARN};
use crate::probe::discovery::Found;
use crate::probe::outcome::Output;

/// The probe section (when there was a probe), the verdict and the next
/// command.
pub fn probe_and_verdict(
    probe: Option<&Output>,
    ok: bool,
    verdict: &str,
    next: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if let Some(o) = probe {
        writeln!(out, "\n{}", paint(BOLD, "probe"))?;
        write!(out, "{}", super::probe::human(o))?;
        if let Some(f) = &o.probe.failure {
            writeln!(
                out,
                "  {}: {}",
                paint(ERROR, format!("error[{}]", f.code)),
                f.message
            )?;
            for fix in &f.fixes {
                writeln!(out, "  {}: {fix}", paint(HELP, "help"))?;
            }
        }
    }
    let mark = if ok {
        paint(OK, "verdict: ready")
    } else {
        paint(ERROR, "verdict: not ready")
    };
    writeln!(out, "\n{mark} — {verdict}")?;
    writeln!(out, "{} {next}", paint(WARN, "next:"))?;
    Ok(())
}

/// Every local base URL and what answers there, the verdict and the next
/// command.
pub fn servers(
    found: &[Found],
    answering: usize,
    verdict: &str,
    next: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for f in found {
        let who: Vec<String> = f
            .candidate
            .providers
            .iter()
            .map(|(p, v)| format!("{p} ({v})"))
            .collect();
        let state = if f.survey.answering {
            paint(
                OK,
                format!(
                    "answers{}",
                    f.survey
                        .server
                        .as_deref()
                        .map_or(String::new(), |s| format!(" ({s})"))
                ),
            )
        } else {
            paint(
                ERROR,
                f.survey.error.as_ref().map_or("no answer", |e| e.code),
            )
        };
        writeln!(
            out,
            "{}  {}  {state}",
            paint(BOLD, &f.survey.api_base),
            who.join(", ")
        )?;
        if f.survey.answering {
            let n = f.model_ids.len();
            writeln!(
                out,
                "    {n} model{} listed{}",
                if n == 1 { "" } else { "s" },
                f.model_ids
                    .first()
                    .map_or(String::new(), |m| format!(", e.g. {m}"))
            )?;
        }
        for d in &f.diagnostics {
            write!(out, "{}", super::diagnostic(d, 4))?;
        }
    }
    let mark = if answering > 0 {
        paint(OK, "verdict:")
    } else {
        paint(ERROR, "verdict:")
    };
    writeln!(out, "\n{mark} {verdict}")?;
    writeln!(out, "{} {next}", paint(WARN, "next:"))?;
    Ok(())
}
