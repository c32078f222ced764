//! The human rendering of `resolve`: the values, and where each came from.

use modelroute_core::{providers::local_provider_by_id, redact, Provenance, Resolution, Source};

use super::{aligned_notes, paint, DIM, OK, WARN};

/// The human rendering of a resolution (secrets already redacted or not).
pub fn human(r: &Resolution<'_>) -> String {
    let route = match r.provider.and_then(local_provider_by_id) {
        Some(p) => format!("local · {}", p.display_name),
        None => r.route.as_str().replace('_', " "),
    };
    let mut s = format!(
        "{} {} {}\n\n",
        paint(OK, r.model_id),
        paint(DIM, "→"),
        route
    );
    let none = String::new;
    let mut rows = vec![("model", r.litellm.model.clone(), "from the id".to_owned())];
    if let Some(base) = &r.litellm.api_base {
        rows.push((
            "api_base",
            modelroute_core::redact_url(base),
            from(r.sources.api_base.as_ref()),
        ));
    }
    match &r.litellm.api_key {
        None => {}
        Some(Some(key)) => rows.push(("api_key", key.clone(), from(r.sources.api_key.as_ref()))),
        Some(None) => rows.push((
            "api_key",
            "none".to_owned(),
            paint(
                WARN,
                format!(
                    "no token: set HF_TOKEN or run `{}`",
                    modelroute_core::hf_token::LOGIN_COMMAND
                ),
            ),
        )),
    }
    if let Some(h) = &r.litellm.extra_headers {
        rows.push((
            "header",
            format!("X-HF-Bill-To: {}", h.bill_to),
            from(r.sources.bill_to.as_ref()),
        ));
    }
    let effort = match (&r.effort.requested, &r.effort.sent) {
        (None, _) => ("none".to_owned(), none()),
        (Some(req), Some(sent)) if req == sent => (sent.clone(), "sent".to_owned()),
        (Some(req), Some(sent)) => (sent.clone(), format!("sent for requested {req}")),
        (Some(req), None) => (req.clone(), status_words(r).to_owned()),
    };
    rows.push(("effort", effort.0, effort.1));
    if let Some(e) = r.litellm.reasoning_effort {
        rows.push(("reasoning_effort", e.to_owned(), none()));
    }
    if let Some(b) = &r.litellm.extra_body {
        rows.push((
            "extra_body",
            format!("reasoning_effort={}", b.reasoning_effort),
            none(),
        ));
    }
    if let Some(o) = &r.litellm.output_config {
        rows.push(("thinking", format!("adaptive, effort={}", o.effort), none()));
    }
    s.push_str(&aligned_notes(&rows));
    s
}

fn status_words(r: &Resolution<'_>) -> &'static str {
    match r.effort.status {
        modelroute_core::EffortStatus::Ignored => "ignored by this route",
        _ => "not accepted by this route: dropped (--strict fails instead)",
    }
}

/// "from X, shadowing Y" for a value's provenance.
fn from(p: Option<&Provenance>) -> String {
    let Some(p) = p else {
        return String::new();
    };
    let mut from = format!("from {}", describe(p.source));
    if !p.shadowed.is_empty() {
        let names: Vec<String> = p.shadowed.iter().map(|s| s.to_string()).collect();
        from.push_str(&format!(", shadowing {}", names.join(", ")));
    }
    from
}

/// A source in words.
pub fn describe(s: Source) -> String {
    match s {
        Source::Default => "the built-in default".to_owned(),
        Source::Session => "the session token".to_owned(),
        Source::TokenFile => "the token file".to_owned(),
        other => other.to_string(),
    }
}

/// The redacted form used in human output, unless secrets were asked for.
pub fn secret(value: &str, show: bool) -> String {
    if show {
        value.to_owned()
    } else {
        redact(value)
    }
}
