//! The CLI's one error type. Every failure a command can end with is a
//! [`CliError`] value: it is propagated with `?` and rendered once, by
//! `main` for one-shot commands and by the REPL loop for `shell`
//! (`render::error`). The exit status travels next to the error, never
//! inside its text (cargo's `CliError`, uv's `ExitStatus`).

use std::fmt;

use crate::environment::EnvError;
use crate::exit::ExitStatus;
use crate::failure::ProbeFailure;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The id is invalid or does not resolve (exit 3).
    Resolution(Box<modelroute_core::Error>),
    /// The resolution cannot be written in the asked format (exit 3).
    Export(modelroute_core::ExportError),
    /// A `.env` or token file is unreadable or malformed (exit 4).
    Environment(EnvError),
    /// The endpoint failed, or there is nothing to probe (exit 10 and up).
    Probe(Box<ProbeFailure>),
    /// `run`/`shell` on a model that is not local, with no Hub token: the
    /// reference's own line and exit 1 (SPEC §5).
    NoToken,
    /// The command line is well-formed but unusable, e.g. an empty prompt
    /// (exit 2, like clap's usage errors).
    Usage {
        /// A stable code, when the mistake has one.
        code: Option<&'static str>,
        /// What is wrong.
        message: String,
        /// What to do.
        hints: Vec<String>,
    },
    /// `export --write`: the agent's file exists but cannot be parsed, so
    /// it was left untouched (exit 6).
    Config {
        /// The file.
        path: std::path::PathBuf,
        /// Why it cannot be merged into.
        message: String,
    },
    /// Reading input or writing output failed (exit 5).
    Io {
        /// What was being done, e.g. "cannot write output".
        context: String,
        /// The operating system's error, shown as `Caused by:`.
        source: std::io::Error,
    },
}

/// The reference's start-up error when a non-local model has no Hub token
/// (SPEC §5), word for word: it is the reference's output, so it keeps
/// the reference's `huggingface-cli login` even where hints say `hf`.
pub const NO_TOKEN: &str = "ERROR: No HF token found. Set HF_TOKEN or run `huggingface-cli login`.";

impl CliError {
    /// The status the process exits with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            CliError::Resolution(_) | CliError::Export(_) => ExitStatus::Resolution,
            CliError::Environment(_) => ExitStatus::Environment,
            CliError::Probe(f) => ExitStatus::Probe(crate::exit::probe_exit_code(f.class)),
            CliError::NoToken => ExitStatus::NoToken,
            CliError::Usage { .. } => ExitStatus::Usage,
            CliError::Io { .. } => ExitStatus::Io,
            CliError::Config { .. } => ExitStatus::Config,
        }
    }

    /// The stable code shown as `error[code]`, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            CliError::Resolution(e) => Some(e.code()),
            CliError::Export(e) => Some(e.code()),
            CliError::Environment(_) => Some("environment"),
            CliError::Probe(f) => Some(f.code),
            CliError::NoToken | CliError::Io { .. } => None,
            CliError::Usage { code, .. } => *code,
            CliError::Config { .. } => Some("write_unparseable"),
        }
    }

    /// What to do about it, most likely first.
    pub fn hints(&self) -> Vec<String> {
        match self {
            CliError::Resolution(e) => e.hints(),
            CliError::Export(e) => e.hints(),
            CliError::Environment(e) => e.hint.iter().cloned().collect(),
            CliError::Probe(f) => f.fixes.clone(),
            CliError::Usage { hints, .. } => hints.clone(),
            CliError::NoToken | CliError::Io { .. } => Vec::new(),
            CliError::Config { path, .. } => vec![
                format!("fix {} by hand, or merge the export into it yourself: print it without `--write`", path.display()),
                "`--file PATH` writes to another file instead".to_owned(),
            ],
        }
    }

    /// The causes below the message, outermost first (`Caused by:`).
    pub fn causes(&self) -> Vec<String> {
        let mut causes = Vec::new();
        if let CliError::Io { source, .. } = self {
            let mut next: Option<&dyn std::error::Error> = Some(source);
            while let Some(e) = next {
                causes.push(e.to_string());
                next = e.source();
            }
        }
        causes
    }

    /// An I/O failure while doing `context`.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        CliError::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether this is a closed pipe on output (`modelroute … | head`),
    /// which ends the command quietly and successfully.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Resolution(e) => write!(f, "{e}"),
            CliError::Export(e) => write!(f, "{e}"),
            CliError::Environment(e) => write!(f, "{e}"),
            CliError::Probe(p) => f.write_str(&p.message),
            CliError::NoToken => f.write_str(NO_TOKEN),
            CliError::Usage { message, .. } => f.write_str(message),
            CliError::Io { context, .. } => f.write_str(context),
            CliError::Config { path, message } => write!(
                f,
                "cannot merge into {}: {message}; the file was left untouched",
                path.display()
            ),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Resolution(e) => Some(e.as_ref()),
            CliError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<modelroute_core::Error> for CliError {
    fn from(e: modelroute_core::Error) -> Self {
        CliError::Resolution(Box::new(e))
    }
}

impl From<EnvError> for CliError {
    fn from(e: EnvError) -> Self {
        CliError::Environment(e)
    }
}

impl From<ProbeFailure> for CliError {
    fn from(f: ProbeFailure) -> Self {
        CliError::Probe(Box::new(f))
    }
}

/// Output that could not be written.
impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::io("cannot write output", e)
    }
}

/// JSON that could not be written (serde_json wraps the I/O error).
impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::from(std::io::Error::from(e))
    }
}

/// What a command returns: the status to exit with when it ran to its end
/// (a probe report that ends in failure still ran to its end), or the
/// error to render.
pub type CliResult = Result<ExitStatus, CliError>;
