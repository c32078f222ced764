//! `modelroute export <ID> --to <FORMAT>`: the resolution in the form
//! another tool reads. Core writes every format; this only resolves,
//! prints, and maps failures to exit 3.

use std::io::Write;

use modelroute_core::{export, report, ExportOptions, Report};

use crate::cli::ExportArgs;
use crate::environment::Environment;
use crate::exit::ExitStatus;
use crate::render::{paint, print_error, HELP};

pub fn run(
    args: &ExportArgs,
    env: &Environment,
    out: &mut impl Write,
) -> std::io::Result<ExitStatus> {
    let options = match super::options(&args.id, &args.resolution, env) {
        Ok(options) => options,
        Err(status) => return Ok(status),
    };
    let r = match report(&args.id, env, &options) {
        Report::Resolved(r) => r,
        Report::Failed(f) => {
            print_error(Some(f.error.code()), &f.error.to_string(), &f.error.hints());
            return Ok(ExitStatus::Resolution);
        }
    };
    let options = ExportOptions {
        show_secrets: args.show_secrets,
    };
    match export(&r, args.to, &options) {
        Ok(e) => {
            out.write_all(e.text.as_bytes())?;
            if e.redacted {
                anstream::eprintln!(
                    "{}: the API key is masked in this output; pass `--show-secrets` to write it in full",
                    paint(HELP, "note")
                );
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => {
            print_error(Some(e.code()), &e.to_string(), &e.hints());
            Ok(ExitStatus::Resolution)
        }
    }
}
