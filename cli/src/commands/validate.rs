//! `modelroute validate <ID>...`: the reference's `/model` input check.

use std::io::Write;

use modelroute_core::model_id::validity;
use modelroute_core::{expected_formats_help, is_local, parse, ModelId};
use serde_json::json;

use crate::cli::ValidateArgs;
use crate::exit::ExitStatus;
use crate::render::{paint, DIM, ERROR, OK};

pub fn run(args: &ValidateArgs, out: &mut impl Write) -> std::io::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let width = args
        .ids
        .iter()
        .map(|i| i.chars().count())
        .max()
        .unwrap_or(0);
    for id in &args.ids {
        let result = validity(id);
        if result.is_err() {
            status = ExitStatus::Resolution;
        }
        if args.json {
            let reason = result
                .err()
                .map(|r| json!({"code": r.code(), "message": r.message()}));
            let obj = json!({
                "id": id,
                "valid": reason.is_none(),
                "local": is_local(id),
                "requires_hf_token": !is_local(id),
                "reason": reason,
            });
            writeln!(out, "{obj}")?;
            continue;
        }
        let pad = " ".repeat(width - id.chars().count());
        match result {
            Ok(()) => {
                let kind = match parse(id) {
                    ModelId::Local { provider, .. } => format!("local · {}", provider.display_name),
                    other => other.route().as_str().replace('_', " "),
                };
                writeln!(out, "{} {id}{pad}  {}", paint(OK, "✓"), paint(DIM, kind))?;
            }
            Err(reason) => {
                writeln!(
                    out,
                    "{} {id}{pad}  {}: {}",
                    paint(ERROR, "✗"),
                    paint(ERROR, format!("invalid[{}]", reason.code())),
                    reason.message()
                )?;
                for line in expected_formats_help(id).lines() {
                    writeln!(out, "    {}", paint(DIM, line))?;
                }
            }
        }
    }
    Ok(status)
}
