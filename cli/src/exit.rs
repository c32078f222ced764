//! Exit codes: one enum, documented once, rendered into `--help` and the
//! README from [`ExitStatus::TABLE`].

use std::process::ExitCode;

use modelroute_core::probe::FailureClass;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked for worked.
    Success,
    /// A run on a non-local model found no Hugging Face token: the
    /// reference's own exit code for it (SPEC §5).
    NoToken,
    /// The command line was wrong (clap's own code).
    Usage,
    /// An id was invalid or could not be resolved.
    Resolution,
    /// The environment could not be read: a `.env` or token file that is
    /// unreadable or malformed.
    Environment,
    /// Writing the output failed (other than a closed pipe).
    Io,
    /// `export --write` found the agent's file but could not parse it.
    Config,
    /// A probe failed; the code comes from [`PROBE_EXITS`] (10 and up).
    Probe(u8),
}

impl ExitStatus {
    /// Code, name and meaning of every status, for help text and docs.
    pub const TABLE: &'static [(u8, &'static str)] = &[
        (0, "success"),
        (
            1,
            "run/shell: a non-local model and no Hugging Face token (SPEC §5)",
        ),
        (2, "usage error: unknown flag, missing argument, bad value"),
        (3, "invalid model id, or the id could not be resolved"),
        (
            4,
            "environment error: unreadable or malformed .env or token file",
        ),
        (5, "output error: stdout or a file could not be written"),
        (
            6,
            "export --write: the agent's file exists but cannot be parsed; it was left untouched",
        ),
        (
            10,
            "and up: the probe failed; one code per failure class (see `modelroute probe --help`)",
        ),
    ];

    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::NoToken => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Resolution => 3,
            ExitStatus::Environment => 4,
            ExitStatus::Io => 5,
            ExitStatus::Config => 6,
            ExitStatus::Probe(code) => code,
        }
    }

    /// The table as help text.
    pub fn help_text() -> String {
        let mut s = String::from("Exit codes:\n");
        for (code, meaning) in Self::TABLE {
            s.push_str(&format!("  {code}  {meaning}\n"));
        }
        s
    }
}

/// Every probe failure class with its exit code and what it means, for
/// `probe --help`, the README and the table tests. Core classifies; what
/// a class means on the command line (the code, the flag names) is said
/// here, once.
pub const PROBE_EXITS: &[(FailureClass, u8, &str)] = &[
    (
        FailureClass::ConnectionRefused,
        10,
        "nothing listens at the base URL's port",
    ),
    (
        FailureClass::NameResolution,
        11,
        "the base URL's host name does not resolve",
    ),
    (
        FailureClass::ConnectTimeout,
        12,
        "no TCP connection within --connect-timeout",
    ),
    (
        FailureClass::Timeout,
        13,
        "no answer within --timeout (a cold model may still be loading)",
    ),
    (
        FailureClass::Tls,
        14,
        "TLS handshake or certificate failure, or https:// to a plain-HTTP port",
    ),
    (
        FailureClass::Unauthorized,
        15,
        "401/403: the key is missing or wrong",
    ),
    (
        FailureClass::PathNotFound,
        16,
        "404 on the path: missing or doubled /v1, or another server on the port",
    ),
    (
        FailureClass::ModelNotServed,
        17,
        "the server does not serve the model",
    ),
    (FailureClass::ServerError, 18, "5xx from the server"),
    (
        FailureClass::BadResponse,
        19,
        "not an OpenAI-compatible JSON answer (HTML, text, invalid, too large), or not HTTP",
    ),
    (FailureClass::NoChoices, 20, "a completion with no choices"),
    (
        FailureClass::Redirect,
        21,
        "a redirect to another host, not followed",
    ),
    (FailureClass::HttpError, 22, "another 4xx answer"),
    (
        FailureClass::ConnectionFailed,
        23,
        "the connection broke (reset, closed mid-answer)",
    ),
    (
        FailureClass::Unsupported,
        24,
        "the route has no OpenAI-compatible endpoint to probe",
    ),
    (
        FailureClass::Loading,
        25,
        "the server is still loading the model (wait for it: --wait)",
    ),
];

/// The exit code for a probe failure of `class`.
pub fn probe_exit_code(class: FailureClass) -> u8 {
    PROBE_EXITS
        .iter()
        .find(|row| row.0 == class)
        .map_or(PROBE_EXITS[PROBE_EXITS.len() - 1].1, |row| row.1)
}

/// `probe --help`'s table of exit codes.
pub fn probe_help() -> String {
    let mut s = String::from("Probe exit codes (0 when the endpoint answers):\n");
    for (class, exit, summary) in PROBE_EXITS {
        s.push_str(&format!("  {exit}  {}: {summary}\n", class.code()));
    }
    s
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        ExitCode::from(s.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_codes() {
        let all = [
            ExitStatus::Success,
            ExitStatus::NoToken,
            ExitStatus::Usage,
            ExitStatus::Resolution,
            ExitStatus::Environment,
            ExitStatus::Io,
            ExitStatus::Config,
            ExitStatus::Probe(10),
        ];
        let codes: Vec<u8> = all.iter().map(|s| s.code()).collect();
        let table: Vec<u8> = ExitStatus::TABLE.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, table);
    }

    #[test]
    fn probe_exits_cover_every_class_once() {
        use modelroute_core::probe::FAILURE_CLASSES;
        assert_eq!(PROBE_EXITS.len(), FAILURE_CLASSES.len());
        let mut exits: Vec<u8> = PROBE_EXITS.iter().map(|r| r.1).collect();
        exits.sort_unstable();
        exits.dedup();
        assert_eq!(exits.len(), PROBE_EXITS.len());
        for (class, _) in FAILURE_CLASSES {
            let code = probe_exit_code(*class);
            assert!(code >= 10, "probe codes sit above the CLI's 0-5");
            assert_eq!(
                PROBE_EXITS.iter().filter(|r| r.0 == *class).count(),
                1,
                "{class:?}"
            );
        }
    }
}
