//! Reasoning effort: what each route accepts, where it goes in the request,
//! and the cascade the reference walks when a level is refused (SPEC §3, §7).

use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::model_id::Route;
use crate::pyrepr::py_repr;

/// Where an accepted effort level is written into the LiteLLM keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `thinking: {type: "adaptive"}` and `output_config: {effort}` (Anthropic).
    AnthropicThinking,
    /// Top-level `reasoning_effort` (OpenAI).
    ReasoningEffort,
    /// `extra_body: {reasoning_effort}` (HF Router).
    ExtraBody,
}

/// How one route treats a requested effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffortRule {
    /// Accepted levels go where `placement` says; others are refused.
    Levels {
        /// Name used in the reference's refusal message.
        label: &'static str,
        /// Whether `minimal` is sent as `low`.
        minimal_as_low: bool,
        /// Levels sent on, compared case-sensitively after the mapping.
        accepted: &'static [&'static str],
        /// Where they go.
        placement: Placement,
    },
    /// Dropped without a word, even in strict mode (Bedrock).
    Ignored,
    /// Never sent; strict mode refuses any effort (local servers).
    Refused {
        /// The reference's refusal message.
        message: &'static str,
    },
}

/// The effort rule of every route that takes one, as data.
pub const EFFORT_RULES: &[(Route, EffortRule)] = &[
    (
        Route::Anthropic,
        EffortRule::Levels {
            label: "Anthropic",
            minimal_as_low: true,
            accepted: &["low", "medium", "high", "xhigh", "max"],
            placement: Placement::AnthropicThinking,
        },
    ),
    (Route::Bedrock, EffortRule::Ignored),
    (
        Route::Openai,
        EffortRule::Levels {
            label: "OpenAI",
            minimal_as_low: false,
            accepted: &["minimal", "low", "medium", "high", "xhigh"],
            placement: Placement::ReasoningEffort,
        },
    ),
    (
        Route::Local,
        EffortRule::Refused {
            message: "Local OpenAI-compatible endpoints don't accept reasoning_effort",
        },
    ),
    (
        Route::HfRouter,
        EffortRule::Levels {
            label: "HF router",
            minimal_as_low: true,
            accepted: &["low", "medium", "high"],
            placement: Placement::ExtraBody,
        },
    ),
];

/// The rule for `route` (the reserved route takes none: it never resolves).
pub fn rule_for(route: Route) -> Option<EffortRule> {
    EFFORT_RULES
        .iter()
        .find(|(r, _)| *r == route)
        .map(|&(_, rule)| rule)
}

/// What happened to the requested effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EffortStatus {
    /// No effort was requested (absent or the empty string).
    None,
    /// Sent, at the `sent` level.
    Sent,
    /// Not accepted by the route and dropped (non-strict).
    Dropped,
    /// The route ignores effort altogether (Bedrock).
    Ignored,
}

/// The requested effort and its fate, reported beside the keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffortOutcome {
    /// The level asked for, if any.
    pub requested: Option<String>,
    /// The level written into the request, if any.
    pub sent: Option<String>,
    /// What happened.
    pub status: EffortStatus,
}

/// An accepted level and where it goes.
pub(crate) type Placed = (Placement, &'static str);

/// Decides what becomes of `effort` on `route`: `Ok((placement, level))`
/// when it is sent, `Ok(None)` when it is not, or the reference's
/// `UnsupportedEffortError` in strict mode.
pub(crate) fn apply(
    route: Route,
    effort: Option<&str>,
    strict: bool,
) -> Result<(Option<Placed>, EffortOutcome), Error> {
    let requested = effort.filter(|e| !e.is_empty());
    let Some(level) = requested else {
        return Ok((None, outcome(None, None, EffortStatus::None)));
    };
    match rule_for(route) {
        None | Some(EffortRule::Ignored) => {
            Ok((None, outcome(requested, None, EffortStatus::Ignored)))
        }
        Some(EffortRule::Refused { message }) => {
            if strict {
                Err(ErrorKind::UnsupportedEffort {
                    message: message.to_owned(),
                    level: level.to_owned(),
                    accepted: &[],
                }
                .into())
            } else {
                Ok((None, outcome(requested, None, EffortStatus::Dropped)))
            }
        }
        Some(EffortRule::Levels {
            label,
            minimal_as_low,
            accepted,
            placement,
        }) => {
            let mapped = if minimal_as_low && level == "minimal" {
                "low"
            } else {
                level
            };
            match accepted.iter().find(|&&a| a == mapped) {
                Some(&sent) => Ok((
                    Some((placement, sent)),
                    outcome(requested, Some(sent), EffortStatus::Sent),
                )),
                None if strict => Err(ErrorKind::UnsupportedEffort {
                    message: format!("{label} doesn't accept effort={}", py_repr(mapped)),
                    level: level.to_owned(),
                    accepted,
                }
                .into()),
                None => Ok((None, outcome(requested, None, EffortStatus::Dropped))),
            }
        }
    }
}

fn outcome(requested: Option<&str>, sent: Option<&str>, status: EffortStatus) -> EffortOutcome {
    EffortOutcome {
        requested: requested.map(str::to_owned),
        sent: sent.map(str::to_owned),
        status,
    }
}

/// The cascade table (SPEC §7): for each preference, the levels tried in order.
pub const EFFORT_CASCADE: &[(&str, &[&str])] = &[
    ("max", &["max", "xhigh", "high", "medium", "low"]),
    ("xhigh", &["xhigh", "high", "medium", "low"]),
    ("high", &["high", "medium", "low"]),
    ("medium", &["medium", "low"]),
    ("minimal", &["minimal", "low"]),
    ("low", &["low"]),
];

/// The levels the reference tries for `preference`, in order; any other
/// preference is tried as itself only.
///
/// ```
/// use modelroute_core::effort_cascade;
/// assert_eq!(effort_cascade("high"), ["high", "medium", "low"]);
/// assert_eq!(effort_cascade("turbo"), ["turbo"]);
/// ```
pub fn effort_cascade(preference: &str) -> Vec<&str> {
    EFFORT_CASCADE
        .iter()
        .find(|(p, _)| *p == preference)
        .map_or_else(|| vec![preference], |(_, levels)| levels.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_but_reserved_has_exactly_one_rule() {
        for route in [
            Route::Anthropic,
            Route::Bedrock,
            Route::Openai,
            Route::Local,
            Route::HfRouter,
        ] {
            assert_eq!(EFFORT_RULES.iter().filter(|(r, _)| *r == route).count(), 1);
        }
        assert!(rule_for(Route::Reserved).is_none());
    }

    #[test]
    fn cascades_only_walk_down() {
        let order = ["minimal", "low", "medium", "high", "xhigh", "max"];
        for (pref, levels) in EFFORT_CASCADE {
            assert_eq!(levels[0], *pref);
            let ranks: Vec<usize> = levels
                .iter()
                .map(|l| order.iter().position(|o| o == l).unwrap())
                .collect();
            // Walks downwards, except minimal, which steps up to low.
            if *pref != "minimal" {
                assert!(ranks.windows(2).all(|w| w[0] > w[1]), "{pref}");
            }
            assert_eq!(*levels.last().unwrap(), "low");
        }
    }

    #[test]
    fn strict_refusals_quote_the_level_like_python() {
        let err = apply(Route::Openai, Some("max"), true).unwrap_err();
        assert_eq!(err.to_string(), "OpenAI doesn't accept effort='max'");
        let err = apply(Route::HfRouter, Some("it's"), true).unwrap_err();
        assert_eq!(err.to_string(), "HF router doesn't accept effort=\"it's\"");
    }
}
