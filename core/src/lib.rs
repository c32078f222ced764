//! # modelroute-core
//!
//! Turns a model id such as `ollama/llama3.1:8b` plus an environment into
//! the exact endpoint, model name and key an agent calls — the behaviour of
//! ml-intern's "CLI local model support" (PR #228), as pure functions.
//!
//! Nothing here touches the process: no `std::env`, files, network or clock.
//! Callers pass the environment as an [`Env`] and the token file's contents
//! as a string, so the CLI, the wasm package and the tests all get
//! byte-identical answers from the same inputs.
//!
//! ```
//! use modelroute_core::{resolve, ResolveOptions};
//!
//! let env = [("OLLAMA_BASE_URL", "http://127.0.0.1:11434/")];
//! let r = resolve("ollama/llama3.1:8b", &env, &ResolveOptions::default())?;
//! assert_eq!(r.litellm.model, "openai/llama3.1:8b");
//! assert_eq!(r.litellm.api_base.as_deref(), Some("http://127.0.0.1:11434/v1"));
//! assert_eq!(r.litellm.api_key, Some(Some("sk-local-no-key-required".to_owned())));
//! # Ok::<(), modelroute_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod base_url;
pub mod diagnostics;
pub mod dotenv;
pub mod effort;
pub mod env;
pub mod error;
pub mod explain;
pub mod export;
pub mod hf_token;
pub mod model_id;
#[cfg(feature = "probe")]
pub mod probe;
pub mod providers;
pub mod pyrepr;
pub mod redact;
pub mod resolve;
mod url;
pub mod whitespace;

pub use diagnostics::{
    diagnose, diagnose_with, Context, Diagnostic, Platform, Severity, Suggestion, DIAGNOSTIC_CODES,
};
pub use effort::{effort_cascade, EffortOutcome, EffortStatus};
pub use env::{Candidate, EmptyEnv, Env, EnvVar, Provenance, Source, State, ENV_VARS};
pub use error::{expected_formats_help, Error, ErrorKind, ERROR_CODES};
pub use explain::{explain, explain_with, Explanation};
pub use export::{export, Export, ExportError, ExportFormat, ExportOptions, EXPORT_FORMATS};
pub use model_id::{
    is_local, is_reserved, is_valid_model_id, local_name, parse, requires_hf_token, ModelId, Route,
};
pub use providers::{LocalProvider, LOCAL_PROVIDERS};
pub use redact::{redact, redact_url};
pub use resolve::{
    accepted_cascade, report, resolve, Failure, LiteLlmParams, Report, Resolution, ResolveOptions,
    Sources,
};
