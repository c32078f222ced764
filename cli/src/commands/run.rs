//! `modelroute run --model <ID> <PROMPT>`: one prompt, the answer streamed
//! to stdout as it arrives (the reference's headless mode).
//!
//! Order: the prompt (`-` reads stdin), the Hub-token gate of SPEC §5 for
//! ids that are not local, the resolution (non-strict, with the effort),
//! then one chat completion. Failures print through the one error printer
//! and exit with the probe's codes.

use std::io::{Read, Write};

use modelroute_core::ResolveOptions;

use crate::chat::{self, ChatError, Endpoint, Message, Sampling, Unusable};
use crate::cli::{ChatArgs, RunArgs};
use crate::environment::Environment;
use crate::exit::ExitStatus;
use crate::render::{paint, print_env_error, print_error, WARN};

pub fn run(args: &RunArgs, env: &Environment, out: &mut impl Write) -> std::io::Result<ExitStatus> {
    let prompt = if args.prompt == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            print_error(
                None,
                &format!("cannot read the prompt from stdin: {e}"),
                &[],
            );
            return Ok(ExitStatus::Usage);
        }
        text.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        args.prompt.clone()
    };
    if prompt.trim().is_empty() {
        print_error(
            Some("empty_prompt"),
            "the prompt is empty",
            &["pass the prompt as an argument, or `-` to read it from stdin".to_owned()],
        );
        return Ok(ExitStatus::Usage);
    }
    let id = args.model.as_str();
    if let Some(status) = gate(id, env) {
        return Ok(status);
    }
    let endpoint = match endpoint(id, env, &args.chat, None) {
        Ok(e) => e,
        Err(status) => return Ok(status),
    };
    let mut messages = Vec::new();
    if let Some(system) = &args.chat.system {
        messages.push(Message::system(system.clone()));
    }
    messages.push(Message::user(prompt));
    let stream = !args.no_stream;
    let body = chat::body(&endpoint, &messages, sampling(&args.chat), stream);
    let mut line_open = false;
    let mut sink = |text: &str| -> std::io::Result<()> {
        if !text.is_empty() {
            out.write_all(text.as_bytes())?;
            out.flush()?;
            line_open = !text.ends_with('\n');
        }
        Ok(())
    };
    let result = super::probe::runtime().block_on(chat::complete(
        &endpoint,
        body,
        stream,
        false,
        limits(&args.chat),
        &mut sink,
    ));
    if line_open {
        writeln!(out)?;
    }
    out.flush()?;
    match result {
        Ok(answer) => {
            warn_if_cut(&answer);
            Ok(ExitStatus::Success)
        }
        Err(ChatError::Output(e)) => Err(e),
        Err(ChatError::Failure(f)) => {
            print_error(Some(f.code), &f.message, &f.fixes);
            Ok(ExitStatus::Probe(f.class.exit_code()))
        }
    }
}

/// SPEC §5: a start on an id that is not local needs a Hub token; without
/// one, the reference's error and exit 1. `Some` is the status to exit with.
pub fn gate(id: &str, env: &Environment) -> Option<ExitStatus> {
    if modelroute_core::is_local(id) {
        return None;
    }
    match chat::hub_token(env) {
        Ok(Some(_)) => None,
        Ok(None) => {
            anstream::eprintln!("{}", chat::NO_TOKEN);
            Some(chat::NO_TOKEN_EXIT)
        }
        Err(e) => {
            print_env_error(&e);
            Some(ExitStatus::Environment)
        }
    }
}

/// The endpoint for `id`, resolved non-strict with the requested effort;
/// the error is already printed when it fails.
pub fn endpoint(
    id: &str,
    env: &Environment,
    args: &ChatArgs,
    session_token: Option<&str>,
) -> Result<Endpoint, ExitStatus> {
    let hf_token_file = match env.token_file_for(id, session_token) {
        Ok(t) => t,
        Err(e) => {
            print_env_error(&e);
            return Err(ExitStatus::Environment);
        }
    };
    let options = ResolveOptions {
        effort: args.effort.clone(),
        strict: false,
        session_token: session_token.map(str::to_owned),
        hf_token_file,
    };
    chat::endpoint(id, env, &options).map_err(|e| match e {
        Unusable::Resolution(e) => {
            print_error(Some(e.code()), &e.to_string(), &e.hints());
            ExitStatus::Resolution
        }
        Unusable::Failure(f) => {
            print_error(Some(f.code), &f.message, &f.fixes);
            ExitStatus::Probe(f.class.exit_code())
        }
    })
}

pub fn sampling(args: &ChatArgs) -> Sampling {
    Sampling {
        max_tokens: args.max_tokens,
        temperature: args.temperature,
    }
}

pub fn limits(args: &ChatArgs) -> chat::Limits {
    chat::Limits {
        idle: args.timeout,
        connect: args.connect_timeout,
    }
}

/// A warning on stderr when the answer stopped at the token limit.
pub fn warn_if_cut(answer: &chat::Answer) {
    if answer.finish_reason.as_deref() == Some("length") {
        anstream::eprintln!(
            "{}: the answer stopped at the token limit (finish_reason: length); raise --max-tokens for more",
            paint(WARN, "warning")
        );
    }
}
