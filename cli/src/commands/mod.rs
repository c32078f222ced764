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
pub mod validate;

use modelroute_core::ResolveOptions;

use crate::cli::ResolutionArgs;

/// Core options from the command line and the token file's contents.
pub fn options(args: &ResolutionArgs, hf_token_file: Option<String>) -> ResolveOptions {
    ResolveOptions {
        effort: args.effort.clone(),
        strict: args.strict,
        session_token: args.session_token.clone(),
        hf_token_file,
    }
}
