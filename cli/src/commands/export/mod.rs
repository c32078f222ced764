//! `modelroute export <ID> --to <FORMAT>`: the resolution in the form
//! another tool reads. Core writes every format; this resolves, prints or
//! (with `--write`) puts the text where the agent reads it, and maps
//! failures to exit codes. With `--probe` it first asks the server for
//! the context window it serves (`window.rs`); without, it sends nothing.

mod window;

use std::io::Write;
use std::num::NonZeroU32;

use modelroute_core::{export, report, ExportOptions, Report};

use crate::agent_file;
use crate::cli::ExportArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::render;
use crate::session;

pub fn run(args: &ExportArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    // Known before anything is resolved: a format `--write` cannot place.
    let location = if args.write {
        Some(agent_file::location(args.to)?)
    } else {
        None
    };
    let options = session::options(env, &args.id, &args.resolution)?;
    let r = match report(&args.id, env, &options) {
        Report::Resolved(r) => r,
        Report::Failed(f) => return Err(CliError::Resolution(Box::new(f.error))),
    };
    let mut export_options = ExportOptions {
        show_secrets: args.show_secrets,
        context: args.context.and_then(NonZeroU32::new),
    };
    if args.probe {
        // What fails with any window fails before a request is sent.
        if let Err(e) = export(&r, args.to, &export_options) {
            if e.code() != "export_needs_context" {
                return Err(CliError::Export(e));
            }
        }
        export_options.context = window::settle(args, env, &options)?;
    }
    let e = export(&r, args.to, &export_options).map_err(CliError::Export)?;
    if e.redacted {
        render::note(
            "the API key is masked in this output; pass `--show-secrets` to write it in full",
        );
    }
    let Some(location) = location else {
        out.write_all(e.text.as_bytes())?;
        return Ok(ExitStatus::Success);
    };
    let name = file_name(&e.text);
    let path = agent_file::path_for(location, &name, env, args.file.as_deref())?;
    let written = agent_file::write(location, &path, &e.text)?;
    writeln!(out, "wrote {}", written.path.display())?;
    if let Some(b) = &written.backup {
        writeln!(
            out,
            "merged into the existing file, keeping {} other key{}; the old file is {}",
            written.kept,
            if written.kept == 1 { "" } else { "s" },
            b.display()
        )?;
    }
    Ok(ExitStatus::Success)
}

/// The name an export gives its own file (goose's provider id, from its
/// `name` field); empty for the formats whose file name is fixed.
fn file_name(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}
