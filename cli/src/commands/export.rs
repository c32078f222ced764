//! `modelroute export <ID> --to <FORMAT>`: the resolution in the form
//! another tool reads. Core writes every format; this only resolves,
//! prints, and maps failures to exit 3.

use std::io::Write;

use modelroute_core::{export, report, ExportOptions, Report};

use crate::cli::ExportArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::render;
use crate::session;

pub fn run(args: &ExportArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let options = session::options(env, &args.id, &args.resolution)?;
    let r = match report(&args.id, env, &options) {
        Report::Resolved(r) => r,
        Report::Failed(f) => return Err(CliError::Resolution(Box::new(f.error))),
    };
    let options = ExportOptions {
        show_secrets: args.show_secrets,
    };
    match export(&r, args.to, &options) {
        Ok(e) => {
            out.write_all(e.text.as_bytes())?;
            if e.redacted {
                render::note("the API key is masked in this output; pass `--show-secrets` to write it in full");
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => Err(CliError::Export(e)),
    }
}
