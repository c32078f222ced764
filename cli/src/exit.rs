//! Exit codes: one enum, documented once, rendered into `--help` and the
//! README from [`ExitStatus::TABLE`].

use std::process::ExitCode;

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
    /// A probe failed; the code comes from core's failure table (10 and up).
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
        (5, "output error: stdout could not be written"),
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
            ExitStatus::Probe(10),
        ];
        let codes: Vec<u8> = all.iter().map(|s| s.code()).collect();
        let table: Vec<u8> = ExitStatus::TABLE.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, table);
    }
}
