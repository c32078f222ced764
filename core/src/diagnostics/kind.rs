//! What a diagnostic is about: one [`DiagnosticKind`] per mistake, each
//! with its stable code, highest severity and one-line summary written
//! once, in one table ([`DIAGNOSTIC_CODES`] is derived from it).

use std::fmt;

use serde::{Serialize, Serializer};

use super::Severity;
use crate::error::{Error, ErrorKind};

/// Declares [`DiagnosticKind`] and everything read from its rows, so the
/// variants, codes, severities and summaries cannot drift apart.
macro_rules! diagnostic_kinds {
    ($($(#[$doc:meta])* $variant:ident = ($code:literal, $severity:ident, $summary:literal),)*) => {
        /// What a [`Diagnostic`](super::Diagnostic) is about. Serialized as
        /// its [`code`](DiagnosticKind::code), which is never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum DiagnosticKind {
            $($(#[$doc])* $variant,)*
        }

        impl DiagnosticKind {
            /// Every kind, in the table's order.
            pub const ALL: &'static [DiagnosticKind] = &[$(DiagnosticKind::$variant,)*];

            /// The stable snake_case code (`"near_miss_prefix"`).
            pub const fn code(self) -> &'static str {
                match self {
                    $(DiagnosticKind::$variant => $code,)*
                }
            }

            /// The highest severity this kind is emitted with.
            pub const fn max_severity(self) -> Severity {
                match self {
                    $(DiagnosticKind::$variant => Severity::$severity,)*
                }
            }

            /// What the kind means, in one line.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(DiagnosticKind::$variant => $summary,)*
                }
            }
        }

        /// Every diagnostic code: `(code, highest severity, one-line summary)`,
        /// one row per [`DiagnosticKind`] in its order.
        ///
        /// The severity is the highest the code is emitted with; some codes
        /// drop to `info` when the harm is uncertain: `docker_host_on_linux`
        /// when the platform is unknown, `plain_http_key` to a
        /// private-network host, `other_server_port` on a port in
        /// [`COMMON_HTTP_PORTS`](super::COMMON_HTTP_PORTS), and
        /// `foreign_variable` when the default already reaches the same
        /// server. Codes shared with [`crate::ERROR_CODES`] mean the same
        /// mistake, and their diagnostics are worded by [`crate::Error`].
        /// Codes are never renamed.
        pub const DIAGNOSTIC_CODES: &[(&str, Severity, &str)] = &[
            $(($code, Severity::$severity, $summary),)*
        ];
    };
}

diagnostic_kinds! {
    /// The model id is empty.
    EmptyModelId = ("empty_model_id", Error, "the model id is empty"),
    /// A local prefix with no model name after it.
    EmptyModelName = ("empty_model_name", Error, "a local prefix with no model name after it"),
    /// The model id contains whitespace.
    WhitespaceInId = ("whitespace_in_id", Error, "the model id contains whitespace"),
    /// The reserved `openai-compat/` prefix.
    ReservedPrefix = ("reserved_prefix", Error, "the reserved `openai-compat/` prefix"),
    /// A misspelt local prefix that falls through to the Hugging Face Router.
    NearMissPrefix = ("near_miss_prefix", Warning, "a misspelt local prefix that falls through to the Hugging Face Router"),
    /// The base URL is only whitespace.
    BlankBaseUrl = ("blank_base_url", Error, "the base URL is only whitespace"),
    /// The base URL has no `http://` or `https://`.
    BaseUrlMissingScheme = ("base_url_missing_scheme", Error, "the base URL has no `http://` or `https://`"),
    /// The base URL's scheme is not `http` or `https`.
    UnsupportedBaseUrlScheme = ("unsupported_base_url_scheme", Error, "the base URL's scheme is not `http` or `https`"),
    /// The base URL has no host.
    BaseUrlMissingHost = ("base_url_missing_host", Error, "the base URL has no host"),
    /// The base URL carries a user name or password.
    BaseUrlCredentials = ("base_url_credentials", Warning, "the base URL carries a user name or password"),
    /// The base URL has a query string or fragment.
    BaseUrlQuery = ("base_url_query", Error, "the base URL has a query string or fragment"),
    /// The base URL ends with an endpoint path such as `/chat/completions`.
    BaseUrlEndpointPath = ("base_url_endpoint_path", Error, "the base URL ends with an endpoint path such as `/chat/completions`"),
    /// The base URL points at a server's native API, not its OpenAI-compatible one.
    BaseUrlNativeApi = ("base_url_native_api", Error, "the base URL points at a server's native API, not its OpenAI-compatible one"),
    /// The base URL ends in `/v1/v1`.
    BaseUrlDoubleV1 = ("base_url_double_v1", Error, "the base URL ends in `/v1/v1`"),
    /// The base URL ends in a version segment other than `/v1`.
    BaseUrlVersionSegment = ("base_url_version_segment", Warning, "the base URL ends in a version segment other than `/v1`"),
    /// The base URL names `0.0.0.0` or `::`, an address to listen on, not to connect to.
    BaseUrlBindAddress = ("base_url_bind_address", Warning, "the base URL names `0.0.0.0` or `::`, an address to listen on, not to connect to"),
    /// `localhost` may resolve to IPv6 `::1` while the server listens on IPv4 only.
    BaseUrlLocalhost = ("base_url_localhost", Info, "`localhost` may resolve to IPv6 `::1` while the server listens on IPv4 only"),
    /// `https://` to a loopback address, where local servers speak plain HTTP.
    HttpsOnLoopback = ("https_on_loopback", Warning, "`https://` to a loopback address, where local servers speak plain HTTP"),
    /// The base URL's port is another local server's default.
    OtherServerPort = ("other_server_port", Warning, "the base URL's port is another local server's default"),
    /// `host.docker.internal` does not resolve on Linux without `--add-host`.
    DockerHostOnLinux = ("docker_host_on_linux", Warning, "`host.docker.internal` does not resolve on Linux without `--add-host`"),
    /// A real API key would travel over plain HTTP to another machine.
    PlainHttpKey = ("plain_http_key", Warning, "a real API key would travel over plain HTTP to another machine"),
    /// Another tool's variable for this setting is set, but not read here.
    ForeignVariable = ("foreign_variable", Warning, "another tool's variable for this setting is set, but not read here"),
    /// The base URL contains whitespace.
    BaseUrlWhitespace = ("base_url_whitespace", Error, "the base URL contains whitespace"),
    /// The base URL's host has a character a host name cannot contain, or
    /// ends in a number without being an IPv4 address.
    BaseUrlInvalidHost = ("base_url_invalid_host", Error, "the base URL's host is not a valid host name or IPv4 address"),
    /// The base URL's host is an IPv6 address that is malformed or lacks its brackets.
    BaseUrlInvalidIpv6 = ("base_url_invalid_ipv6", Error, "the base URL's host is an IPv6 address that is malformed or lacks its brackets"),
    /// The base URL's port is not a number from 0 to 65535.
    BaseUrlInvalidPort = ("base_url_invalid_port", Error, "the base URL's port is not a number from 0 to 65535"),
    /// A variable whose name is one typo away from one modelroute reads.
    NearMissVariable = ("near_miss_variable", Warning, "a variable whose name is one typo away from one modelroute reads"),
    /// A local server's base URL variable is set, but the id goes to the Hugging Face Router.
    RouterIdWithLocalServer = ("router_id_with_local_server", Warning, "a local server's base URL variable is set, but the id has no local prefix and goes to the Hugging Face Router"),
    /// The server that answered is another family than the one the id's prefix is for.
    ServerFamilyMismatch = ("server_family_mismatch", Warning, "the server that answered is another family than the one the id's prefix is for"),
    // What the server says about the model (issue 17): raised from a
    // probe's capabilities, never from the environment alone.
    /// The served context window is under what an agent needs, or far below the model's own.
    ContextTooSmall = ("context_too_small", Warning, "the served context window is under what an agent needs, or far below the model's own"),
    /// The server says, or shows, that the model cannot call tools.
    ToolsUnsupported = ("tools_unsupported", Warning, "the server says, or shows, that the model cannot call tools"),
    /// The model wrote its tool call into the text: the chat template did not parse it.
    ToolCallAsText = ("tool_call_as_text", Warning, "the model wrote its tool call into the text: the chat template did not parse it"),
    /// The model is not loaded: the first request waits for the load.
    ModelNotLoaded = ("model_not_loaded", Info, "the model is not loaded: the first request waits for the load"),
}

impl DiagnosticKind {
    /// The kind with this code.
    ///
    /// ```
    /// use modelroute_core::diagnostics::DiagnosticKind;
    /// let kind = DiagnosticKind::from_code("near_miss_prefix").unwrap();
    /// assert_eq!(kind, DiagnosticKind::NearMissPrefix);
    /// assert_eq!(kind.code(), "near_miss_prefix");
    /// assert_eq!(DiagnosticKind::from_code("nope"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<DiagnosticKind> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// Its row of [`DIAGNOSTIC_CODES`].
    pub fn entry(self) -> &'static (&'static str, Severity, &'static str) {
        // The table is built from the same rows, in variant order.
        &DIAGNOSTIC_CODES[self as usize]
    }

    /// The kind of the mistake a resolve error reports, which a diagnostic
    /// reports the same way (same code, the error's words). `None` for an
    /// unsupported effort: it is about the request, not the setup.
    pub fn of_error(error: &Error) -> Option<DiagnosticKind> {
        Some(match error.kind() {
            ErrorKind::EmptyModelId => DiagnosticKind::EmptyModelId,
            ErrorKind::ReservedPrefix { .. } => DiagnosticKind::ReservedPrefix,
            ErrorKind::EmptyModelName { .. } => DiagnosticKind::EmptyModelName,
            ErrorKind::WhitespaceInId { .. } => DiagnosticKind::WhitespaceInId,
            ErrorKind::BlankBaseUrl { .. } => DiagnosticKind::BlankBaseUrl,
            ErrorKind::BaseUrlMissingScheme { .. } => DiagnosticKind::BaseUrlMissingScheme,
            ErrorKind::UnsupportedBaseUrlScheme { .. } => DiagnosticKind::UnsupportedBaseUrlScheme,
            ErrorKind::BaseUrlMissingHost { .. } => DiagnosticKind::BaseUrlMissingHost,
            ErrorKind::UnsupportedEffort { .. } => return None,
        })
    }

    /// The code, as [`code`](Self::code); for comparing with strings.
    pub const fn as_str(self) -> &'static str {
        self.code()
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl AsRef<str> for DiagnosticKind {
    fn as_ref(&self) -> &str {
        self.code()
    }
}

impl PartialEq<str> for DiagnosticKind {
    fn eq(&self, other: &str) -> bool {
        self.code() == other
    }
}

impl PartialEq<&str> for DiagnosticKind {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl Serialize for DiagnosticKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The entry of [`DIAGNOSTIC_CODES`] for `code` (a string or a
/// [`DiagnosticKind`]).
pub fn code_entry(
    code: impl AsRef<str>,
) -> Option<&'static (&'static str, Severity, &'static str)> {
    DiagnosticKind::from_code(code.as_ref()).map(DiagnosticKind::entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_summaries_are_phrases() {
        for (i, (code, _, summary)) in DIAGNOSTIC_CODES.iter().enumerate() {
            assert!(code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(!summary.is_empty() && !summary.ends_with('.'), "{code}");
            assert!(
                DIAGNOSTIC_CODES[..i].iter().all(|(c, _, _)| c != code),
                "{code} twice"
            );
        }
    }

    #[test]
    fn codes_shared_with_errors_mean_errors() {
        for (code, severity, _) in DIAGNOSTIC_CODES {
            if crate::ERROR_CODES.contains(code) {
                assert_eq!(*severity, Severity::Error, "{code}");
            }
        }
    }

    #[test]
    fn the_table_follows_the_variants() {
        assert_eq!(DiagnosticKind::ALL.len(), DIAGNOSTIC_CODES.len());
        for (i, kind) in DiagnosticKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            assert_eq!(kind.entry().0, kind.code());
            assert_eq!(kind.entry().1, kind.max_severity());
            assert_eq!(kind.entry().2, kind.summary());
            assert_eq!(code_entry(kind.code()), Some(kind.entry()));
        }
    }
}
