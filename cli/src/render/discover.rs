//! The human form of `discover`: each answering server with what it is,
//! its models as ready ids, then the silent base URLs and the total time.

use std::io::Write;

use super::{paint, BOLD, DIM, OK};
use crate::probe::discovery::Found;

/// Writes the servers `found` in `total_ms`.
pub fn human(found: &[Found], total_ms: f64, out: &mut impl Write) -> std::io::Result<()> {
    let answering: Vec<&Found> = found.iter().filter(|f| f.survey.answering).collect();
    for f in &answering {
        let via: Vec<String> = f
            .candidate
            .providers
            .iter()
            .map(|(p, v)| format!("{p} ({v})"))
            .collect();
        writeln!(
            out,
            "{} {}  {}  {}",
            paint(OK, "●"),
            paint(BOLD, &f.survey.api_base),
            f.survey
                .server
                .as_deref()
                .unwrap_or("OpenAI-compatible server"),
            paint(DIM, format!("for {}", via.join(", ")))
        )?;
        if let Some(e) = &f.survey.error {
            writeln!(
                out,
                "    {}",
                paint(DIM, format!("{}: {}", e.code, e.message))
            )?;
        }
        if f.model_ids.is_empty() && f.survey.error.is_none() {
            writeln!(out, "    {}", paint(DIM, "no models loaded"))?;
        }
        for id in &f.model_ids {
            writeln!(out, "    {id}")?;
        }
        for d in &f.diagnostics {
            write!(out, "{}", super::diagnostic(d, 4))?;
        }
    }
    let silent: Vec<&str> = found
        .iter()
        .filter(|f| !f.survey.answering)
        .map(|f| f.survey.api_base.as_str())
        .collect();
    if !silent.is_empty() {
        writeln!(
            out,
            "{}",
            paint(DIM, format!("no answer: {}", silent.join(", ")))
        )?;
    }
    writeln!(
        out,
        "{}",
        paint(
            DIM,
            format!(
                "{} of {} checked in {:.0} ms",
                answering.len(),
                found.len(),
                total_ms
            )
        )
    )?;
    Ok(())
}
