//! `modelroute providers`: the local provider table, read from core, with
//! the base URL each prefix resolves to right now.

use std::io::Write;

use modelroute_core::providers::{LOCAL_LLM_API_KEY, LOCAL_LLM_BASE_URL};
use modelroute_core::{resolve, Env, ResolveOptions, LOCAL_PROVIDERS};
use serde_json::json;

use crate::cli::ProvidersArgs;
use crate::environment::Environment;
use crate::exit::ExitStatus;
use crate::render::{paint, BOLD, DIM, ERROR};

/// The effective base URL for a provider and where it came from, or the
/// error that resolving its prefix would give.
fn effective(prefix: &str, env: &Environment) -> Result<(String, String), modelroute_core::Error> {
    let id = format!("{prefix}model");
    let r = resolve(&id, env, &ResolveOptions::default())?;
    let base = r.litellm.api_base.unwrap_or_default();
    let source = r
        .sources
        .api_base
        .map(|p| p.source.to_string())
        .unwrap_or_default();
    Ok((base, source))
}

pub fn run(
    args: &ProvidersArgs,
    env: &Environment,
    out: &mut impl Write,
) -> std::io::Result<ExitStatus> {
    if args.json {
        let rows: Vec<_> = LOCAL_PROVIDERS
            .iter()
            .map(|p| {
                let (base, source, error) = match effective(p.prefix, env) {
                    Ok((base, source)) => (Some(base), Some(source), None),
                    Err(e) => (None, None, Some(e)),
                };
                json!({
                    "id": p.id,
                    "prefix": p.prefix,
                    "display_name": p.display_name,
                    "base_url_env": p.base_url_env,
                    "api_key_env": p.api_key_env,
                    "default_base_url": p.default_base_url,
                    "start_hint": p.start_hint,
                    "effective_base_url": base,
                    "effective_source": source,
                    "error": error,
                })
            })
            .collect();
        let obj = json!({
            "providers": rows,
            "shared": {"base_url_env": LOCAL_LLM_BASE_URL, "api_key_env": LOCAL_LLM_API_KEY},
        });
        writeln!(out, "{obj}")?;
        return Ok(ExitStatus::Success);
    }
    let header = [
        "PREFIX",
        "SERVER",
        "BASE URL VARIABLE",
        "KEY VARIABLE",
        "EFFECTIVE BASE URL",
    ];
    let rows: Vec<[String; 5]> = LOCAL_PROVIDERS
        .iter()
        .map(|p| {
            let eff = match effective(p.prefix, env) {
                Ok((base, source)) => format!("{base} {}", paint(DIM, format!("({source})"))),
                Err(e) => paint(ERROR, format!("error[{}]: {e}", e.code())),
            };
            [
                p.prefix.to_owned(),
                p.display_name.to_owned(),
                p.base_url_env.to_owned(),
                p.api_key_env.to_owned(),
                eff,
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 5]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i < 4 {
                s.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            } else {
                s.push_str(cell);
            }
        }
        s
    };
    writeln!(out, "{}", paint(BOLD, line(header)))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    let state = |name: &str| match env.var(name) {
        None => "unset".to_owned(),
        Some("") => "empty".to_owned(),
        Some(v) if name == LOCAL_LLM_API_KEY => format!("set ({})", modelroute_core::redact(v)),
        Some(v) => format!("{v:?}"),
    };
    writeln!(
        out,
        "\nshared fallbacks: {LOCAL_LLM_BASE_URL} {}, {LOCAL_LLM_API_KEY} {}",
        state(LOCAL_LLM_BASE_URL),
        state(LOCAL_LLM_API_KEY)
    )?;
    writeln!(out, "{}", paint(DIM, "precedence: <PROVIDER>_BASE_URL → LOCAL_LLM_BASE_URL → default; keys likewise, then a placeholder"))?;
    Ok(ExitStatus::Success)
}
