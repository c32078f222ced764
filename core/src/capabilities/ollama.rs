//! Ollama: `POST /api/show` (the model's `capabilities`, its trained
//! context at `model_info.<arch>.context_length`, a `num_ctx` among its
//! `parameters`) and `GET /api/ps` (whether it is loaded, and the context
//! it was loaded with, `context_length`).
//!
//! Shapes: Ollama's `docs/api.md` ("Show Model Information", "List Running
//! Models", and `ContextLength` in `api/types.go` `ProcessModelResponse`).
//! Older releases send no `context_length` in `/api/ps`: the served window
//! is then read from a `num_ctx` parameter, or unknown.

use serde_json::Value;

use super::fields::{self, Source};
use super::{Capabilities, Finding, LoadState, Reply, Support};

const NAME: &str = "Ollama";

pub(super) fn read(model: &str, show: Option<Reply<'_>>, ps: Option<Reply<'_>>) -> Capabilities {
    let show = show.and_then(Reply::json);
    let ps = ps.and_then(Reply::json);
    let mut caps = Capabilities::unknown();
    let mut served_from = Source::default();
    let mut max_from = Source::default();

    // Loaded, and with which window, from /api/ps.
    if let Some(ps) = &ps {
        if let Some(running) = ps.get("models").and_then(Value::as_array) {
            match running
                .iter()
                .find(|m| fields::names(m, "model", model) || fields::names(m, "name", model))
            {
                Some(entry) => {
                    caps.state = LoadState::Loaded;
                    caps.context.served = fields::tokens(entry.get("context_length"));
                    if caps.context.served.is_some() {
                        served_from.add("/api/ps", "context_length");
                    }
                }
                None => caps.state = LoadState::NotLoaded,
            }
        }
    }

    if let Some(show) = &show {
        if caps.context.served.is_none() {
            caps.context.served = num_ctx(show.get("parameters"));
            if caps.context.served.is_some() {
                served_from.add("/api/show", "parameters num_ctx");
            }
        }
        let info = show.get("model_info");
        let arch = fields::name(info.and_then(|i| i.get("general.architecture")));
        if let Some(arch) = &arch {
            let key = format!("{arch}.context_length");
            caps.context.max = fields::tokens(info.and_then(|i| i.get(&key)));
            if caps.context.max.is_some() {
                max_from.add("/api/show", format!("model_info.{key}"));
            }
        }
        caps.parameter_count =
            fields::parameters(info.and_then(|i| i.get("general.parameter_count")));
        let details = show.get("details");
        caps.quantization = fields::name(details.and_then(|d| d.get("quantization_level")));
        caps.model_family = fields::name(details.and_then(|d| d.get("family"))).or(arch);
        if let Some(list) = show.get("capabilities").and_then(Value::as_array) {
            let has = |c: &str| list.iter().any(|x| x.as_str() == Some(c));
            caps.tools = listed(has("tools"));
            caps.vision = listed(has("vision"));
        }
    }

    let mut source = served_from;
    source.parts_from(max_from);
    caps.context.source = source.render(NAME);
    caps
}

fn listed(yes: bool) -> Finding {
    Finding {
        support: if yes { Support::Yes } else { Support::No },
        source: Some(format!("{NAME} /api/show capabilities")),
    }
}

/// `num_ctx` among a Modelfile's `parameters` (`"num_ctx    8192\nstop ..."`).
fn num_ctx(parameters: Option<&Value>) -> Option<u64> {
    let text = parameters?.as_str()?;
    let mut found = None;
    for line in text.lines() {
        let mut words = line.split_whitespace();
        if words.next() == Some("num_ctx") {
            let value = words.next().and_then(|w| w.parse::<u64>().ok());
            // Two different values: not a guess which one wins.
            match (found, value) {
                (None, Some(v)) => found = Some(v),
                (Some(f), Some(v)) if f == v => {}
                _ => return None,
            }
        }
    }
    found.filter(|n| (1..=fields::MAX_TOKENS).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_ctx_is_read_from_the_parameters() {
        let p = Value::String("num_ctx                        8192\nstop \"<|eot_id|>\"".into());
        assert_eq!(num_ctx(Some(&p)), Some(8192));
        for bad in [
            "num_ctx -1",
            "num_ctx 0",
            "num_ctx x",
            "num_ctx 4096\nnum_ctx 8192",
            "stop x",
        ] {
            assert_eq!(num_ctx(Some(&Value::String(bad.into()))), None, "{bad}");
        }
        assert_eq!(num_ctx(Some(&Value::from(8192))), None);
    }
}
