//! Reading a model id: which route it takes and what its parts are.
//!
//! The checks here are the reference's, bit for bit (SPEC §2, §4, §5),
//! including its quirks: [`is_valid_model_id`] accepts `"a b/c"` because the
//! reference does.

use serde::Serialize;

use crate::providers::{
    local_provider_for, LocalProvider, HF_ROUTING_POLICIES, HUGGINGFACE_PREFIX, RESERVED_PREFIX,
};
use crate::whitespace::contains_py_space;

/// Where a model id sends its requests. The order of [`ROUTES`] is the order
/// in which [`parse`] tries them; the first match wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// `anthropic/…`, handed to LiteLLM as is.
    Anthropic,
    /// `bedrock/…`, handed to LiteLLM as is.
    Bedrock,
    /// `openai/…`, handed to LiteLLM as is (it reads `OPENAI_BASE_URL`).
    Openai,
    /// `openai-compat/…`: reserved by the reference and always rejected.
    Reserved,
    /// A local OpenAI-compatible server (`ollama/`, `vllm/`, …).
    Local,
    /// Anything else: the Hugging Face Router.
    HfRouter,
}

impl Route {
    /// Stable snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Anthropic => "anthropic",
            Route::Bedrock => "bedrock",
            Route::Openai => "openai",
            Route::Reserved => "reserved",
            Route::Local => "local",
            Route::HfRouter => "hf_router",
        }
    }
}

/// Prefixes of the routes LiteLLM serves directly, in matching order.
pub const DIRECT_PREFIXES: &[(&str, Route)] = &[
    ("anthropic/", Route::Anthropic),
    ("bedrock/", Route::Bedrock),
    ("openai/", Route::Openai),
];

/// What follows the `:` of a Hugging Face Router id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// `fastest`, `cheapest` or `preferred`: the router picks the provider.
    Policy,
    /// Anything else names an inference provider (`:together`).
    Provider,
}

/// A model id taken apart.
///
/// ```
/// use modelroute_core::model_id::{parse, ModelId};
/// match parse("ollama/llama3.1:8b") {
///     ModelId::Local { provider, name } => {
///         assert_eq!(provider.id, "ollama");
///         assert_eq!(name, "llama3.1:8b");
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "route", rename_all = "snake_case")]
pub enum ModelId<'a> {
    /// `anthropic/<name>`.
    Anthropic {
        /// Text after the prefix.
        name: &'a str,
    },
    /// `bedrock/<name>`.
    Bedrock {
        /// Text after the prefix.
        name: &'a str,
    },
    /// `openai/<name>`.
    Openai {
        /// Text after the prefix.
        name: &'a str,
    },
    /// `openai-compat/<name>`, rejected by `resolve`.
    Reserved {
        /// Text after the prefix.
        name: &'a str,
    },
    /// `<local prefix><name>`; `name` may be empty (`ollama/`).
    Local {
        /// The matched row of the provider table.
        #[serde(serialize_with = "serialize_provider_id")]
        provider: &'static LocalProvider,
        /// Text after the prefix, sent to the server as the model name.
        name: &'a str,
    },
    /// Anything else, for the Hugging Face Router.
    HfRouter {
        /// The repository id: one leading `huggingface/` removed, and the
        /// part before the first `:`.
        model: &'a str,
        /// Text after the first `:`, if any.
        tag: Option<&'a str>,
        /// What kind of tag it is.
        tag_kind: Option<TagKind>,
    },
}

fn serialize_provider_id<S: serde::Serializer>(
    p: &&'static LocalProvider,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.id)
}

impl ModelId<'_> {
    /// The route this id takes.
    pub fn route(&self) -> Route {
        match self {
            ModelId::Anthropic { .. } => Route::Anthropic,
            ModelId::Bedrock { .. } => Route::Bedrock,
            ModelId::Openai { .. } => Route::Openai,
            ModelId::Reserved { .. } => Route::Reserved,
            ModelId::Local { .. } => Route::Local,
            ModelId::HfRouter { .. } => Route::HfRouter,
        }
    }
}

/// Takes an id apart in the reference's route order (SPEC §3). Never fails:
/// every string has a route; whether it resolves is `resolve`'s call.
pub fn parse(id: &str) -> ModelId<'_> {
    for &(prefix, route) in DIRECT_PREFIXES {
        if let Some(name) = id.strip_prefix(prefix) {
            return match route {
                Route::Anthropic => ModelId::Anthropic { name },
                Route::Bedrock => ModelId::Bedrock { name },
                _ => ModelId::Openai { name },
            };
        }
    }
    if let Some(name) = id.strip_prefix(RESERVED_PREFIX) {
        return ModelId::Reserved { name };
    }
    if let Some(provider) = local_provider_for(id) {
        return ModelId::Local {
            provider,
            name: &id[provider.prefix.len()..],
        };
    }
    let full = hf_router_model(id);
    let (model, tag) = match full.split_once(':') {
        Some((model, tag)) => (model, Some(tag)),
        None => (full, None),
    };
    let tag_kind = tag.map(|t| {
        if HF_ROUTING_POLICIES.contains(&t) {
            TagKind::Policy
        } else {
            TagKind::Provider
        }
    });
    ModelId::HfRouter {
        model,
        tag,
        tag_kind,
    }
}

/// The HF Router model as sent (tag included): `id` with one leading
/// `huggingface/` removed.
pub fn hf_router_model(id: &str) -> &str {
    id.strip_prefix(HUGGINGFACE_PREFIX).unwrap_or(id)
}

/// The text after the first matching local prefix, or `None` when no prefix
/// matches or nothing follows it (SPEC §2 `local_name`).
///
/// ```
/// use modelroute_core::local_name;
/// assert_eq!(local_name("lm_studio/google/gemma-3-4b"), Some("google/gemma-3-4b"));
/// assert_eq!(local_name("ollama/"), None);
/// assert_eq!(local_name("openai/gpt-5"), None);
/// ```
pub fn local_name(id: &str) -> Option<&str> {
    let provider = local_provider_for(id)?;
    let name = &id[provider.prefix.len()..];
    (!name.is_empty()).then_some(name)
}

/// Whether `id` names a local model: non-empty, no Python whitespace, and a
/// local prefix with a name after it (SPEC §2 `is_local`).
///
/// ```
/// use modelroute_core::is_local;
/// assert!(is_local("ollama/llama3.1:8b"));
/// assert!(!is_local("ollama/a b"));
/// assert!(!is_local("Ollama/llama3"));
/// ```
pub fn is_local(id: &str) -> bool {
    !id.is_empty() && !contains_py_space(id) && local_name(id).is_some()
}

/// Whether `id` starts with the reserved `openai-compat/` prefix.
pub fn is_reserved(id: &str) -> bool {
    id.starts_with(RESERVED_PREFIX)
}

/// The reference's `/model` input check (SPEC §4), quirks included.
///
/// ```
/// use modelroute_core::is_valid_model_id;
/// assert!(is_valid_model_id("ollama/llama3.1:8b"));
/// assert!(is_valid_model_id("moonshotai/Kimi-K2-Instruct:fastest"));
/// assert!(!is_valid_model_id("openai-compat/x"));
/// assert!(!is_valid_model_id("ollama/"));
/// assert!(!is_valid_model_id("gpt-4"));
/// assert!(is_valid_model_id("a b/c")); // the reference's quirk, kept
/// ```
pub fn is_valid_model_id(id: &str) -> bool {
    validity(id).is_ok()
}

/// `(is_valid_model_id(id), is_local(id))` with one look at the prefix.
pub(crate) fn checks(id: &str) -> (bool, bool) {
    let valid = validity(id).is_ok();
    // A valid id with a local prefix is exactly a local id.
    (valid, valid && local_provider_for(id).is_some())
}

/// Why an id fails [`is_valid_model_id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Invalid {
    /// The empty string.
    EmptyModelId,
    /// Starts with `openai-compat/`.
    ReservedPrefix,
    /// A local prefix with nothing after it.
    EmptyModelName,
    /// A local prefix followed by a name containing whitespace.
    WhitespaceInId,
    /// No `/` at all.
    MissingSlash,
    /// An empty segment before the `:` tag (`a//b`, `/b`, `a/`).
    EmptySegment,
}

impl Invalid {
    /// Stable snake_case code, shared with [`crate::Error::code`] where the
    /// same mistake also fails resolution.
    pub fn code(self) -> &'static str {
        match self {
            Invalid::EmptyModelId => "empty_model_id",
            Invalid::ReservedPrefix => "reserved_prefix",
            Invalid::EmptyModelName => "empty_model_name",
            Invalid::WhitespaceInId => "whitespace_in_id",
            Invalid::MissingSlash => "missing_slash",
            Invalid::EmptySegment => "empty_segment",
        }
    }

    /// One line saying what is wrong.
    pub fn message(self) -> &'static str {
        match self {
            Invalid::EmptyModelId => "the model id is empty",
            Invalid::ReservedPrefix => "`openai-compat/` is reserved and not supported",
            Invalid::EmptyModelName => "no model name after the local prefix",
            Invalid::WhitespaceInId => "local model ids cannot contain whitespace",
            Invalid::MissingSlash => "no `/`: expected `<org>/<model>[:tag]` or a provider prefix",
            Invalid::EmptySegment => "an empty segment between `/` before the tag",
        }
    }
}

/// [`is_valid_model_id`] with the reason when it says no.
///
/// ```
/// use modelroute_core::model_id::{validity, Invalid};
/// assert_eq!(validity("ollama/llama3"), Ok(()));
/// assert_eq!(validity("gpt-4"), Err(Invalid::MissingSlash));
/// assert_eq!(validity("vllm/a b"), Err(Invalid::WhitespaceInId));
/// ```
pub fn validity(id: &str) -> Result<(), Invalid> {
    // SPEC §4 in an order that looks at the prefix once. Step 2 (`is_local`)
    // and step 4 (any other local-prefixed id) both need the prefix, and
    // the reserved prefix of step 3 never overlaps a local one, so taking
    // the local prefix first gives the same answer.
    if id.is_empty() {
        return Err(Invalid::EmptyModelId);
    }
    if let Some(provider) = local_provider_for(id) {
        return if id.len() == provider.prefix.len() {
            Err(Invalid::EmptyModelName)
        } else if contains_py_space(id) {
            Err(Invalid::WhitespaceInId)
        } else {
            Ok(())
        };
    }
    if is_reserved(id) {
        return Err(Invalid::ReservedPrefix);
    }
    // SPEC §4 steps 5 and 6 in one pass over the part before the first
    // `:`: at least one `/` (a `/` only in the tag makes no second part),
    // and no empty segment (no leading, trailing or doubled `/`).
    let head = id
        .as_bytes()
        .split(|&b| b == b':')
        .next()
        .unwrap_or_default();
    let mut slashes = 0usize;
    let mut empty_segment = head.first() == Some(&b'/') || head.last() == Some(&b'/');
    for pair in head.windows(2) {
        empty_segment |= pair == b"//";
    }
    for &b in head {
        slashes += usize::from(b == b'/');
    }
    if slashes == 0 {
        return Err(Invalid::MissingSlash);
    }
    if empty_segment {
        return Err(Invalid::EmptySegment);
    }
    Ok(())
}

/// Whether starting a run on `id` needs a Hugging Face token (SPEC §5):
/// local models need none, everything else does.
pub fn requires_hf_token(id: &str) -> bool {
    !is_local(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_prefixes_come_before_reserved_and_local() {
        assert_eq!(parse("openai/x").route(), Route::Openai);
        assert_eq!(parse("openai-compat/x").route(), Route::Reserved);
        assert_eq!(parse("anthropic/claude").route(), Route::Anthropic);
        assert_eq!(parse("bedrock/claude").route(), Route::Bedrock);
        assert_eq!(parse("ollama/x").route(), Route::Local);
        assert_eq!(parse("OLLAMA/x").route(), Route::HfRouter);
    }

    #[test]
    fn hf_router_ids_split_model_and_tag() {
        assert_eq!(
            parse("huggingface/moonshotai/Kimi-K2:fastest"),
            ModelId::HfRouter {
                model: "moonshotai/Kimi-K2",
                tag: Some("fastest"),
                tag_kind: Some(TagKind::Policy),
            }
        );
        assert_eq!(
            parse("a/b:together:x"),
            ModelId::HfRouter {
                model: "a/b",
                tag: Some("together:x"),
                tag_kind: Some(TagKind::Provider),
            }
        );
        // Only one leading huggingface/ goes.
        assert_eq!(
            parse("huggingface/huggingface/x"),
            ModelId::HfRouter {
                model: "huggingface/x",
                tag: None,
                tag_kind: None
            }
        );
    }

    #[test]
    fn validity_follows_spec_section_4_step_by_step() {
        let cases = [
            ("", false),
            ("ollama/llama3.1:8b", true),
            ("vllm/meta-llama/Llama-3.1-8B-Instruct", true),
            ("lm_studio/google/gemma-3-4b", true),
            ("llamacpp/llama-3.1-8b-instruct", true),
            ("openai-compat/x", false),
            ("ollama/", false),
            ("ollama/a b", false),
            ("vllm/ x", false),
            ("gpt-4", false),
            ("a/b", true),
            ("a//b", false),
            ("/b", false),
            ("a/", false),
            ("a/b:", true),
            ("a:/b", false),
            ("a/b:c/d/", true),
            ("a b/c", true),
            ("anthropic/claude-opus-4-7", true),
            ("anthropic/", false),
            ("huggingface/moonshotai/Kimi-K2:fastest", true),
        ];
        for (id, valid) in cases {
            assert_eq!(is_valid_model_id(id), valid, "{id:?}");
            assert_eq!(validity(id).is_ok(), valid, "{id:?}");
        }
    }

    #[test]
    fn local_needs_a_name_and_no_python_whitespace() {
        assert!(is_local("vllm/x"));
        assert!(!is_local("vllm/"));
        assert!(!is_local("vllm/x\u{1F}"));
        assert!(!is_local(""));
        assert!(requires_hf_token("vllm/x\u{1F}"));
        assert!(!requires_hf_token("llamacpp/x"));
    }
}
