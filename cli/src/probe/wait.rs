//! `--wait[=SECS]`: the probe again and again while the server is not
//! ready (nothing listens yet, or the model is loading), until it is or
//! the wait is over. Each attempt may take what is left of the wait, so a
//! request that itself waits for a load (Ollama, LM Studio's JIT loading)
//! is not cut short and re-sent.
//!
//! On a terminal the state and the time so far stay on one updating line
//! (on stderr); otherwise one line is printed per change of state.

use std::future::Future;
use std::io::Write;
use std::time::{Duration, Instant};

use modelroute_core::probe::FailureClass;

use super::outcome::Output;
use super::Limits;

/// How long to pause between attempts that ended at once.
const PAUSE: Duration = Duration::from_millis(500);

/// How often the terminal line is redrawn while an attempt runs.
const TICK: Duration = Duration::from_millis(250);

/// Why an outcome is not ready yet, or `None` when it is final (ready, or
/// a failure that waiting does not cure).
pub fn not_ready(output: &Output) -> Option<&'static str> {
    match output.probe.failure.as_ref().map(|f| f.class) {
        Some(FailureClass::Loading) => Some("loading the model"),
        Some(FailureClass::ConnectionRefused) => Some("not listening yet"),
        _ => None,
    }
}

/// Where the progress goes, and how.
pub struct Progress<W: Write> {
    out: W,
    terminal: bool,
    shown: Option<&'static str>,
}

impl<W: Write> Progress<W> {
    /// Progress to `out`, one updating line when `terminal`.
    pub fn new(out: W, terminal: bool) -> Self {
        Progress {
            out,
            terminal,
            shown: None,
        }
    }

    fn state(&mut self, id: &str, state: &'static str, elapsed: Duration) {
        let line = format!(
            "waiting for `{id}`: {state} ({:.0} s)",
            elapsed.as_secs_f64()
        );
        if self.terminal {
            let _ = write!(self.out, "\r\x1b[2K{line}");
            let _ = self.out.flush();
        } else if self.shown != Some(state) {
            let _ = writeln!(self.out, "{line}");
        }
        self.shown = Some(state);
    }

    fn done(&mut self, id: &str, ready: bool, elapsed: Duration) {
        if self.shown.is_none() {
            return;
        }
        let secs = elapsed.as_secs_f64();
        let line = if ready {
            format!("`{id}` is ready after {secs:.1} s")
        } else {
            format!("stopped waiting for `{id}` after {secs:.1} s")
        };
        if self.terminal {
            let _ = writeln!(self.out, "\r\x1b[2K{line}");
        } else {
            let _ = writeln!(self.out, "{line}");
        }
        let _ = self.out.flush();
    }
}

/// Runs `attempt` until its outcome is final or `wait` has passed, and
/// returns the last outcome.
pub async fn until_ready<F, Fut, W>(
    id: &str,
    wait: Duration,
    limits: Limits,
    mut attempt: F,
    progress: &mut Progress<W>,
) -> Output
where
    F: FnMut(Limits) -> Fut,
    Fut: Future<Output = Output>,
    W: Write,
{
    let started = Instant::now();
    let mut state: &'static str = "connecting";
    loop {
        // Whole seconds, so messages read "within 598 s".
        let left = Duration::from_secs(wait.saturating_sub(started.elapsed()).as_secs());
        let each = Limits {
            timeout: limits.timeout.max(left),
            ..limits
        };
        let run = attempt(each);
        tokio::pin!(run);
        let mut tick = tokio::time::interval(TICK);
        let output = loop {
            tokio::select! {
                out = &mut run => break out,
                _ = tick.tick() => {
                    if progress.terminal && progress.shown.is_some() {
                        progress.state(id, state, started.elapsed());
                    }
                }
            }
        };
        match not_ready(&output) {
            Some(now) if started.elapsed() + PAUSE < wait => {
                state = now;
                progress.state(id, state, started.elapsed());
                tokio::time::sleep(PAUSE).await;
            }
            _ => {
                progress.done(id, output.probe.failure.is_none(), started.elapsed());
                return output;
            }
        }
    }
}
