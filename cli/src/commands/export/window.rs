//! `export --probe`: the context window the server serves, found by the
//! probe's own stages (connect, models, capabilities; no completion) and
//! settled against `--context N`, with what was decided said on stderr.
//!
//! The window written is `context.served`, the tokens the server really
//! uses per request, never `context.max`: for Ollama the maximum is what
//! the model was trained for, while its OpenAI-compatible API cuts every
//! prompt at the window it serves (`OLLAMA_CONTEXT_LENGTH` or `num_ctx`),
//! silently (ollama/ollama#2722). An agent told the maximum would fill a
//! window the server then truncates; told the served one, it compacts in
//! time.

use std::num::NonZeroU32;

use modelroute_core::capabilities::{Capabilities, ContextWindow};
use modelroute_core::{ResolveOptions, Route};

use crate::cli::ExportArgs;
use crate::environment::Environment;
use crate::error::CliError;
use crate::probe::{capabilities_of, Limits};
use crate::{net, render, session};

/// The window to write: `--context N` when given, else the one the server
/// serves, else none. A probe that fails fails the export with the
/// probe's own code and exit status: the user asked for the server's
/// answer, and an export without it would look like one with it.
pub fn settle(
    args: &ExportArgs,
    env: &Environment,
    options: &ResolveOptions,
) -> Result<Option<NonZeroU32>, CliError> {
    let given = args.context.and_then(NonZeroU32::new);
    if !args.to.info().context.uses_window() {
        render::note(&format!(
            "`--to {}` has no field for the context window, so `--probe` asked the server nothing",
            args.to
        ));
        return Ok(given);
    }
    let served = served_window(args, env, options)?;
    Ok(match (given, served.served) {
        (Some(n), Some(s)) if u64::from(n.get()) != s => {
            render::warn(&format!(
                "`--context {n}` overrides the {s} tokens the server serves ({}): the server cuts or refuses a prompt over {s} tokens",
                source(&served)
            ));
            Some(n)
        }
        (Some(n), _) => Some(n),
        (None, Some(s)) => match u32::try_from(s).ok().and_then(NonZeroU32::new) {
            Some(n) => {
                render::note(&format!(
                    "the server serves a context window of {s} tokens ({}){}; `--context N` writes another",
                    source(&served),
                    of_max(&served),
                ));
                Some(n)
            }
            None => unknown(args),
        },
        (None, None) => unknown(args),
    })
}

/// Asks the endpoint `args.id` resolves to what it serves.
fn served_window(
    args: &ExportArgs,
    env: &Environment,
    options: &ResolveOptions,
) -> Result<ContextWindow, CliError> {
    // The probe resolves with no effort (SPEC §6), as `probe` does.
    let options = ResolveOptions {
        effort: None,
        ..options.clone()
    };
    let (route, target) =
        session::target(&args.id, env, &options).map_err(|t| t.into_error(&args.id, "probe"))?;
    if route != Route::Local && target.api_key.is_none() {
        return Err(session::no_key(&target, route, true).into());
    }
    let report = net::runtime().block_on(capabilities_of(target, Limits::from(&args.limits)));
    if let Some(f) = report.failure {
        return Err(f.into());
    }
    Ok(report
        .capabilities
        .unwrap_or_else(Capabilities::unknown)
        .context)
}

fn source(w: &ContextWindow) -> &str {
    w.source.as_deref().unwrap_or("the server's metadata")
}

/// `, of the 8192 the model supports` when the model could take more.
fn of_max(w: &ContextWindow) -> String {
    match (w.served, w.max) {
        (Some(s), Some(m)) if m > s => format!(", of the {m} the model supports"),
        _ => String::new(),
    }
}

/// No window: the export goes without one, and stderr says how to give it.
fn unknown(args: &ExportArgs) -> Option<NonZeroU32> {
    render::warn(&format!(
        "the server does not say what context window it serves for `{}`, so the export has none; give it with `--context N`",
        args.id
    ));
    None
}
