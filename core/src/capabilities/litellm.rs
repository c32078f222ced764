//! LiteLLM's proxy: `GET /model/info`, one entry per deployment, each with
//! its `model_name` and a `model_info` holding `max_input_tokens`,
//! `supports_function_calling` and `supports_vision` (from LiteLLM's own
//! model map, or from `model_info` in the proxy's config).
//!
//! Shape: LiteLLM's proxy docs ("Model Management", `/model/info`) and the
//! answer of a real proxy (litellm 1.108.7), recorded in
//! `core/tests/fixtures/capabilities/`. A name with several deployments
//! that disagree on a field leaves that field unknown.

use serde_json::Value;

use super::fields::{self, Source};
use super::{Capabilities, Reply};

const NAME: &str = "LiteLLM";
const ENDPOINT: &str = "/model/info";

pub(super) fn read(model: &str, info: Option<Reply<'_>>) -> Capabilities {
    let mut caps = Capabilities::unknown();
    let Some(info) = info.and_then(Reply::json) else {
        return caps;
    };
    let entries: Vec<&Value> = fields::list(&info, "data")
        .iter()
        .filter(|m| fields::names(m, "model_name", model))
        .filter_map(|m| m.get("model_info"))
        .collect();
    caps.context.served = agreed(&entries, |i| fields::tokens(i.get("max_input_tokens")));
    let mut source = Source::default();
    if caps.context.served.is_some() {
        source.add(ENDPOINT, "model_info.max_input_tokens");
    }
    caps.context.source = source.render(NAME);
    caps.tools = fields::finding(
        NAME,
        ENDPOINT,
        "model_info.supports_function_calling",
        agreed(&entries, |i| {
            fields::flag(i.get("supports_function_calling"))
        }),
    );
    caps.vision = fields::finding(
        NAME,
        ENDPOINT,
        "model_info.supports_vision",
        agreed(&entries, |i| fields::flag(i.get("supports_vision"))),
    );
    caps
}

/// The value every entry gives, or `None` if any lacks it or they differ.
fn agreed<T: PartialEq>(entries: &[&Value], get: impl Fn(&Value) -> Option<T>) -> Option<T> {
    let mut values = entries.iter().map(|e| get(e));
    let first = values.next()??;
    values.all(|v| v.as_ref() == Some(&first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployments_that_disagree_leave_a_field_unknown() {
        let body = br#"{"data":[
            {"model_name":"m","model_info":{"max_input_tokens":8192,"supports_vision":true}},
            {"model_name":"m","model_info":{"max_input_tokens":4096,"supports_vision":true}}]}"#;
        let caps = read("m", Some(Reply::ok(body)));
        assert_eq!(caps.context.served, None);
        assert_eq!(caps.vision.support, super::super::Support::Yes);
    }
}
