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
//!
//! ## Modules, by layer
//!
//! Each module imports only from the layers above it in this list, never
//! from its own or a lower one (`scripts/check-cycles.sh` fails the tests
//! on any import cycle):
//!
//! 1. Leaves: [`whitespace`](mod@whitespace) (Python's whitespace set), [`pyrepr`](mod@pyrepr)
//!    (Python's `repr`), `url` (the one parser of a URL's scheme and
//!    authority, and the judge of its host and port) and [`redact`](mod@redact) (how secrets are shown).
//! 2. Tables: [`providers`](mod@providers), the local providers and every environment
//!    variable core reads, with [`EnvVar`], the one-byte handle provenance
//!    records.
//! 3. The environment and the id: [`env`](mod@env) (the [`Env`] map, precedence
//!    chains and their provenance), [`hf_token`](mod@hf_token) (the HF Router's key
//!    chain), [`model_id`](mod@model_id) (parsing and the reference's checks),
//!    [`error`](mod@error) (resolve errors: stable codes, messages, hints),
//!    [`base_url`](mod@base_url) and [`effort`](mod@effort).
//! 4. [`resolve`](mod@resolve): the resolution and its report; [`dotenv`](mod@dotenv), the `.env`
//!    parser; [`capabilities`](mod@capabilities), what a server's metadata says a
//!    model can do (context windows, tools, vision, loaded), and the
//!    classes of a tools answer.
//! 5. What is built on a resolution: [`diagnostics`](mod@diagnostics) (a folder: the kinds
//!    table, the data tables, and the checks of the id, the base URL, its
//!    host and other tools' variables; a mistake `resolve` refuses too is
//!    worded by its [`Error`]), [`explain`](mod@explain), and [`export`](mod@export) (a folder: the
//!    formats table, the tools' routes table, and one writer per syntax:
//!    shell, JSON through serde_json, YAML). The diagnostics of a model's
//!    capabilities (`context_too_small`, `tools_unsupported`, ...) are
//!    built on [`capabilities`](mod@capabilities).
//! 6. With the `probe` feature: `probe`, the probe's pure half.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod base_url;
pub mod capabilities;
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
