//! The human rendering of `explain` (also the shell's `/env` and the top of
//! `doctor`): parsing, every candidate source, what won and what was
//! shadowed.

use modelroute_core::hf_token::{clean, DEFAULT_BILL_TO};
use modelroute_core::providers::{local_provider_by_id, HF_ROUTER_BASE_URL, PLACEHOLDER_API_KEY};
use modelroute_core::{
    Env, Explanation, ModelId, Provenance, Report, ResolveOptions, Source, State,
};

use super::resolve::secret;
use super::{paint, BOLD, DIM, ERROR, HELP, OK, WARN};
use crate::environment::Environment;

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The human rendering of an explanation.
pub fn human(
    e: &Explanation<'_>,
    env: &Environment,
    options: &ResolveOptions,
    show: bool,
) -> String {
    let (id, valid, local, route) = match &e.report {
        Report::Resolved(r) => (r.model_id, r.valid, r.local, r.route),
        Report::Failed(f) => (f.model_id, f.valid, f.local, f.route),
    };
    let mut s = format!("{}\n\n{}\n", paint(BOLD, id), paint(BOLD, "id"));
    let parsed = modelroute_core::parse(id);
    let mut rows: Vec<(&str, String)> = vec![("route", route.as_str().to_owned())];
    match parsed {
        ModelId::Local { provider, name } => {
            rows.push((
                "provider",
                format!("{} ({})", provider.id, provider.display_name),
            ));
            rows.push(("prefix", provider.prefix.to_owned()));
            rows.push(("name", format!("{name:?}")));
        }
        ModelId::HfRouter {
            model,
            tag,
            tag_kind,
        } => {
            rows.push(("model", format!("{model:?}")));
            let tag = match (tag, tag_kind) {
                (Some(t), Some(k)) => format!(
                    "{t:?} ({})",
                    serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
                _ => "none (router picks: fastest with failover)".to_owned(),
            };
            rows.push(("tag", tag));
        }
        ModelId::Anthropic { name }
        | ModelId::Bedrock { name }
        | ModelId::Openai { name }
        | ModelId::Reserved { name } => {
            rows.push(("name", format!("{name:?}")));
        }
    }
    rows.push(("valid", format!("{} (the /model check)", yes_no(valid))));
    rows.push(("local", yes_no(local).to_owned()));
    rows.push((
        "HF token",
        if local {
            "not needed (local model)".to_owned()
        } else {
            "needed to start a run".to_owned()
        },
    ));
    s.push_str(&crate::render::aligned(&rows));

    match &e.report {
        Report::Failed(f) => {
            s.push_str(&format!(
                "\n{}\n  {}: {}\n",
                paint(BOLD, "resolution"),
                paint(ERROR, format!("error[{}]", f.error.code())),
                f.error
            ));
            for hint in f.error.hints() {
                s.push_str(&format!("  {}: {hint}\n", paint(HELP, "help")));
            }
        }
        Report::Resolved(r) => {
            s.push_str(&format!(
                "\n{}  {}\n",
                paint(BOLD, "model"),
                r.litellm.model
            ));
            s.push_str(&format!("  {}\n", paint(DIM, "from the id")));
            let provider = r.provider.and_then(local_provider_by_id);
            if let (Some(base), Some(p)) = (&r.litellm.api_base, &r.sources.api_base) {
                let default = provider.map_or(HF_ROUTER_BASE_URL, |p| p.default_base_url);
                s.push_str(&chain(
                    "api_base",
                    &modelroute_core::redact_url(base),
                    p,
                    |src| value_of(src, env, options, default, false, true),
                ));
            }
            if let (Some(key), Some(p)) = (&r.litellm.api_key, &r.sources.api_key) {
                let shown = match key {
                    Some(k) => secret(k, show),
                    None => paint(WARN, "null (no token anywhere)"),
                };
                s.push_str(&chain("api_key", &shown, p, |src| {
                    value_of(src, env, options, PLACEHOLDER_API_KEY, true, show)
                }));
            }
            if let (Some(h), Some(p)) = (&r.litellm.extra_headers, &r.sources.bill_to) {
                s.push_str(&chain("X-HF-Bill-To", &h.bill_to, p, |src| {
                    value_of(src, env, options, DEFAULT_BILL_TO, false, true)
                }));
            }
            s.push_str(&format!("\n{}\n", paint(BOLD, "effort")));
            let requested = r
                .effort
                .requested
                .as_deref()
                .map_or("none".to_owned(), |x| format!("{x:?}"));
            let sent = match (&r.effort.sent, r.effort.status) {
                (Some(l), _) => l.clone(),
                (None, modelroute_core::EffortStatus::None) => "none".to_owned(),
                (None, modelroute_core::EffortStatus::Ignored) => {
                    "none (this route ignores effort)".to_owned()
                }
                (None, _) => "none (not accepted here: dropped; --strict would fail)".to_owned(),
            };
            let mut rows = vec![("requested", requested), ("sent", sent)];
            if options.effort.as_deref().is_some_and(|x| !x.is_empty()) {
                let cascade = if e.effort_cascade.is_empty() {
                    "none: no level of the cascade is accepted here".to_owned()
                } else {
                    e.effort_cascade.join(" → ")
                };
                rows.push(("cascade", cascade));
            }
            s.push_str(&crate::render::aligned(&rows));
        }
    }
    if let Some(help) = &e.expected_formats {
        s.push_str(&format!("\n{}\n", paint(DIM, help)));
    }
    s.push_str(&format!("\n{}\n", paint(BOLD, "diagnostics")));
    if e.diagnostics.is_empty() {
        s.push_str(&format!("  {}\n", paint(OK, "none")));
    }
    for d in &e.diagnostics {
        s.push_str(&super::diagnostic(d, 2));
    }
    s
}

/// One value's chain: every candidate in order, its state, and which won.
fn chain(
    label: &str,
    value: &str,
    p: &Provenance,
    value_of: impl Fn(Source) -> Option<String>,
) -> String {
    let mut s = format!("\n{}  {value}\n", paint(BOLD, label));
    let width = p
        .candidates
        .iter()
        .map(|c| c.source.to_string().len())
        .max()
        .unwrap_or(0);
    for (i, c) in p.candidates.iter().enumerate() {
        let name = c.source.to_string();
        let state = match c.state {
            State::Set => value_of(c.source).unwrap_or_else(|| "set".to_owned()),
            State::Empty => "empty (counts as unset)".to_owned(),
            State::Unset => "unset".to_owned(),
            State::Blank => "only whitespace (cleans to nothing)".to_owned(),
            State::Hidden => "set, but never read: HF_TOKEN is non-empty".to_owned(),
            State::Builtin => value_of(c.source).unwrap_or_else(|| "built in".to_owned()),
        };
        let mark = if c.source == p.source {
            format!("  {}", paint(OK, "← used"))
        } else if p.shadowed.contains(&c.source) {
            format!("  {}", paint(WARN, "shadowed"))
        } else {
            String::new()
        };
        s.push_str(&format!("  {}  {name:<width$}  {state}{mark}\n", i + 1));
    }
    if p.source == Source::None {
        s.push_str(&format!("  {}\n", paint(WARN, "no source holds a value")));
    }
    s
}

/// The value a candidate holds, for display (secrets redacted unless shown).
fn value_of(
    src: Source,
    env: &Environment,
    options: &ResolveOptions,
    default: &str,
    is_secret: bool,
    show: bool,
) -> Option<String> {
    let raw = match src {
        Source::Env(var) => env.var(var.name())?.to_owned(),
        Source::Session => options.session_token.clone()?,
        Source::TokenFile => clean(options.hf_token_file.as_deref()?)?,
        Source::Default => default.to_owned(),
        Source::Id | Source::None => return None,
    };
    Some(if is_secret {
        secret(&raw, show)
    } else {
        format!("{:?}", modelroute_core::redact_url(&raw))
    })
}
