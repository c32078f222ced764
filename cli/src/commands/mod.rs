//! One module per subcommand. Each takes its parsed arguments and the
//! gathered environment, prints, and returns an exit status.

pub mod batch;
pub mod discover;
pub mod doctor;
pub mod explain;
pub mod export;
pub mod probe;
pub mod providers;
pub mod resolve;
pub mod run;
pub mod shell;
pub mod validate;

use modelroute_core::ResolveOptions;

use crate::cli::ResolutionArgs;
use crate::environment::Environment;
use crate::exit::ExitStatus;

/// Core options for resolving `id`: the command line's, plus the token
/// file's contents when the id needs them. An unreadable token file is
/// reported here and comes back as the exit status to end with.
pub fn options(
    id: &str,
    args: &ResolutionArgs,
    env: &Environment,
) -> Result<ResolveOptions, ExitStatus> {
    let hf_token_file = env
        .token_file_for(id, args.session_token.as_deref())
        .map_err(|e| {
            crate::render::print_env_error(&e);
            ExitStatus::Environment
        })?;
    Ok(ResolveOptions {
        effort: args.effort.clone(),
        strict: args.strict,
        session_token: args.session_token.clone(),
        hf_token_file,
    })
}

/// What the CLI knows about the machine, for platform-dependent diagnostics.
pub fn platform_context() -> modelroute_core::Context {
    modelroute_core::Context {
        platform: modelroute_core::Platform::from_os(std::env::consts::OS),
    }
}

/// `value` quoted for a POSIX shell when it needs quoting.
pub fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}
