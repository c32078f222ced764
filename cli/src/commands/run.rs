//! `modelroute run --model <ID> <PROMPT>`: one prompt, the answer streamed
//! to stdout as it arrives (the reference's headless mode).
//!
//! Order: the prompt (`-` reads stdin), the Hub-token gate of SPEC §5 for
//! ids that are not local, the resolution (non-strict, with the effort),
//! then one chat completion. Failures print through the one error printer
//! and exit with the probe's codes.

use std::io::{Read, Write};

use crate::chat::{self, Message, Sampling};
use crate::cli::RunArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::{net, session};

pub fn run(args: &RunArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let prompt = if args.prompt == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::io("cannot read the prompt from stdin", e))?;
        text.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        args.prompt.clone()
    };
    if prompt.trim().is_empty() {
        return Err(CliError::Usage {
            code: Some("empty_prompt"),
            message: "the prompt is empty".to_owned(),
            hints: vec!["pass the prompt as an argument, or `-` to read it from stdin".to_owned()],
        });
    }
    let id = args.model.as_str();
    session::gate(id, env)?;
    let endpoint = chat::endpoint_for(id, env, args.chat.effort.clone(), None)?;
    let mut messages = Vec::new();
    if let Some(system) = &args.chat.system {
        messages.push(Message::system(system.clone()));
    }
    messages.push(Message::user(prompt));
    let stream = !args.no_stream;
    let body = chat::body(&endpoint, &messages, Sampling::from(&args.chat), stream);
    let mut line_open = false;
    let mut sink = |text: &str| -> std::io::Result<()> {
        if !text.is_empty() {
            out.write_all(text.as_bytes())?;
            out.flush()?;
            line_open = !text.ends_with('\n');
        }
        Ok(())
    };
    let result = net::runtime().block_on(chat::complete(
        &endpoint,
        body,
        stream,
        false,
        chat::Limits::from(&args.chat),
        &mut sink,
    ));
    if line_open {
        writeln!(out)?;
    }
    out.flush()?;
    let answer = result?;
    crate::render::warn_if_cut(&answer);
    Ok(ExitStatus::Success)
}
