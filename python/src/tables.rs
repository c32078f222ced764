//! Every name a result or an error can carry, read from core: what the
//! `Literal` unions of `modelroute/__init__.pyi` must list
//! (`python/tests/test_types.py` compares them). Core's tables are used
//! as they are; the enums without a table are listed here, each with a
//! `match` that stops compiling when core adds a variant.

use modelroute_core::diagnostics::Platform;
use modelroute_core::model_id::Invalid;
use modelroute_core::{EffortStatus, Route, Severity, State};
use serde::Serialize;

use crate::errors::PYTHON_ERROR_CODES;

const ROUTES: [Route; 6] = [
    Route::Anthropic,
    Route::Bedrock,
    Route::Openai,
    Route::Reserved,
    Route::Local,
    Route::HfRouter,
];

const STATES: [State; 6] = [
    State::Set,
    State::Empty,
    State::Unset,
    State::Blank,
    State::Hidden,
    State::Builtin,
];

const EFFORT_STATUSES: [EffortStatus; 4] = [
    EffortStatus::None,
    EffortStatus::Sent,
    EffortStatus::Dropped,
    EffortStatus::Ignored,
];

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

const PLATFORMS: [Platform; 4] = [
    Platform::Linux,
    Platform::MacOs,
    Platform::Windows,
    Platform::Unknown,
];

const INVALID: [Invalid; 6] = [
    Invalid::EmptyModelId,
    Invalid::ReservedPrefix,
    Invalid::EmptyModelName,
    Invalid::WhitespaceInId,
    Invalid::MissingSlash,
    Invalid::EmptySegment,
];

/// Fails to compile when an enum above gains a variant its list lacks.
#[allow(dead_code)]
fn every_variant_is_listed(
    r: Route,
    s: State,
    e: EffortStatus,
    v: Severity,
    p: Platform,
    i: Invalid,
) {
    match r {
        Route::Anthropic
        | Route::Bedrock
        | Route::Openai
        | Route::Reserved
        | Route::Local
        | Route::HfRouter => {}
    }
    match s {
        State::Set
        | State::Empty
        | State::Unset
        | State::Blank
        | State::Hidden
        | State::Builtin => {}
    }
    match e {
        EffortStatus::None | EffortStatus::Sent | EffortStatus::Dropped | EffortStatus::Ignored => {
        }
    }
    match v {
        Severity::Info | Severity::Warning | Severity::Error => {}
    }
    match p {
        Platform::Linux | Platform::MacOs | Platform::Windows | Platform::Unknown => {}
    }
    match i {
        Invalid::EmptyModelId
        | Invalid::ReservedPrefix
        | Invalid::EmptyModelName
        | Invalid::WhitespaceInId
        | Invalid::MissingSlash
        | Invalid::EmptySegment => {}
    }
}

/// The names, by the `Literal` alias of the stubs that lists them.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tables {
    resolution_error_code: &'static [&'static str],
    export_error_code: &'static [&'static str],
    python_error_code: &'static [&'static str],
    diagnostic_code: Vec<&'static str>,
    export_format: Vec<&'static str>,
    local_provider_id: Vec<&'static str>,
    route: [Route; 6],
    candidate_state: [State; 6],
    effort_status: [EffortStatus; 4],
    severity: [Severity; 3],
    platform: [Platform; 4],
    invalid_code: [Invalid; 6],
}

/// Core's names, now.
pub fn tables() -> Tables {
    Tables {
        resolution_error_code: modelroute_core::ERROR_CODES,
        export_error_code: modelroute_core::export::EXPORT_ERROR_CODES,
        python_error_code: PYTHON_ERROR_CODES,
        diagnostic_code: modelroute_core::DIAGNOSTIC_CODES
            .iter()
            .map(|(code, _, _)| *code)
            .collect(),
        export_format: modelroute_core::EXPORT_FORMATS
            .iter()
            .map(|f| f.name)
            .collect(),
        local_provider_id: modelroute_core::LOCAL_PROVIDERS
            .iter()
            .map(|p| p.id)
            .collect(),
        route: ROUTES,
        candidate_state: STATES,
        effort_status: EFFORT_STATUSES,
        severity: SEVERITIES,
        platform: PLATFORMS,
        invalid_code: INVALID,
    }
}
