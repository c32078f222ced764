//! `modelroute shell [--model ID]`: an interactive chat, the reference's
//! interactive mode.
//!
//! A line is a message: it gets a streamed answer, and the conversation is
//! kept for the next one. Lines starting with `/` are commands
//! ([`COMMANDS`]); `/model <id>` switches as SPEC §6 says. Line editing and
//! history come from rustyline; the history file lives under
//! `$XDG_STATE_HOME/modelroute/` or `~/.local/state/modelroute/`.
//!
//! Ctrl-C while an answer (or a switch probe) runs stops it and stays in
//! the shell; at the prompt it clears the line; Ctrl-D or `/quit` leaves.

use std::borrow::Cow;
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use modelroute_core::providers::HF_ROUTING_POLICIES;
use modelroute_core::{
    expected_formats_help, explain_with, is_local, is_valid_model_id, Env, ResolveOptions, Route,
    LOCAL_PROVIDERS,
};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::history::{FileHistory, MemHistory};
use rustyline::validate::Validator;
use rustyline::{ColorMode, Config, Editor, Helper};

use crate::chat::{self, ChatError, Message, Sampling};
use crate::cli::ShellArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::probe::{self as staged, outcome, Limits, Plan};
use crate::render::{self, paint, warn, BOLD, DIM, ERROR, OK, WARN};
use crate::session::{self, Target};
use crate::shell_commands::{self, ShellCommand, COMMANDS};

/// The model a shell starts on without `--model`.
pub const DEFAULT_MODEL: &str = "ollama/llama3.1:8b";

/// The prompt.
const PROMPT: &str = "> ";

/// The switch probe's deadline for the whole call (SPEC §6, §7).
const SWITCH_TIMEOUT: Duration = Duration::from_secs(15);
/// The switch probe's deadline for the TCP connection.
const SWITCH_CONNECT: Duration = Duration::from_secs(3);

/// The reference's suggested models (ml-intern `SUGGESTED_MODELS`), less
/// the `anthropic/` and `bedrock/` ones, which have no OpenAI-compatible
/// endpoint to chat with here.
const SUGGESTED: &[(&str, &str)] = &[
    ("openai/gpt-5.5", "GPT-5.5"),
    ("openai/gpt-5.4", "GPT-5.4"),
    ("MiniMaxAI/MiniMax-M2.7", "MiniMax M2.7"),
    ("moonshotai/Kimi-K2.6", "Kimi K2.6"),
    ("zai-org/GLM-5.1", "GLM 5.1"),
    ("deepseek-ai/DeepSeek-V4-Pro:deepinfra", "DeepSeek V4 Pro"),
];

pub fn run(args: &ShellArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let model = args
        .model
        .clone()
        .unwrap_or_else(|| DEFAULT_MODEL.to_owned());
    // SPEC §5: a start on a model that is not local needs a Hub token;
    // interactive, so ask for one.
    let mut session_token = None;
    if !is_local(&model) && session::hub_token(env)?.is_none() {
        session_token = Some(ask_token(out)?.ok_or(CliError::NoToken)?);
    }
    let config = Config::builder().auto_add_history(false).build();
    let mut editor = Editor::<(), FileHistory>::with_config(config)
        .map_err(|e| CliError::io("cannot set up the terminal", std::io::Error::other(e)))?;
    let mut history = history_path(env);
    if let Some(path) = &history {
        let loaded = prepare_history(path)
            .map_err(|e| e.to_string())
            .and_then(|()| editor.load_history(path).map_err(|e| e.to_string()));
        if let Err(e) = loaded {
            warn(&format!("history is not kept: {}: {e}", path.display()));
            history = None;
        }
    }
    let mut shell = Shell {
        env,
        args,
        model,
        session_token,
        effective: None,
        messages: Vec::new(),
        rt: crate::net::runtime(),
    };
    writeln!(
        out,
        "{} {} {}",
        paint(BOLD, "modelroute shell"),
        paint(DIM, "·"),
        shell.describe()
    )?;
    writeln!(
        out,
        "{}",
        paint(
            DIM,
            "Type a message, or /help for commands. Ctrl-C stops an answer, Ctrl-D leaves."
        )
    )?;
    loop {
        out.flush()?;
        let line = match editor.readline(PROMPT) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => {
                writeln!(out)?;
                break;
            }
            Err(e) => return Err(CliError::io("cannot read input", std::io::Error::other(e))),
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(line);
        if let Some(path) = &history {
            if let Err(e) = editor.append_history(path) {
                warn(&format!(
                    "history is no longer kept: {}: {e}",
                    path.display()
                ));
                history = None;
            }
        }
        let Some(command) = line.strip_prefix('/') else {
            shell.send(line, out)?;
            continue;
        };
        match shell_commands::parse(command) {
            Ok((ShellCommand::Quit, _)) => break,
            Ok((ShellCommand::Help, _)) => write!(out, "{}", help())?,
            Ok((ShellCommand::Model, "")) => write!(out, "{}", listing(&shell.model))?,
            Ok((ShellCommand::Model, arg)) => shell.switch(arg, out)?,
            Ok((ShellCommand::Models, _)) => shell.models(out)?,
            Ok((ShellCommand::Env, _)) => shell.explain(out)?,
            Ok((ShellCommand::Clear, _)) => {
                shell.messages.clear();
                writeln!(out, "{}", paint(DIM, "conversation cleared"))?;
            }
            Err(name) => writeln!(
                out,
                "{} /{name}: type /help for the commands",
                paint(ERROR, "Unknown command")
            )?,
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The conversation and the model it talks to.
struct Shell<'a> {
    env: &'a Environment,
    args: &'a ShellArgs,
    model: String,
    /// A token typed in at start-up (the reference's session token).
    session_token: Option<String>,
    /// What the effort cascade settled on for the current model:
    /// `Some(level or none)`; `None` sends the preference as requested.
    effective: Option<Option<String>>,
    messages: Vec<Message>,
    rt: tokio::runtime::Runtime,
}

impl Shell<'_> {
    /// The effort requests to the current model carry.
    fn effort(&self) -> Option<String> {
        match &self.effective {
            Some(level) => level.clone(),
            None => self.args.chat.effort.clone().filter(|e| !e.is_empty()),
        }
    }

    /// Resolve options for `id` with `effort` (non-strict, as the
    /// reference's shell resolves); an error is rendered here, by the loop.
    fn options(&self, id: &str, effort: Option<String>) -> Option<ResolveOptions> {
        session::resolve_options(self.env, id, effort, false, self.session_token.as_deref())
            .map_err(|e| render::error(&e.into()))
            .ok()
    }

    /// `<id> → <where>` for the banner.
    fn describe(&self) -> String {
        let effort = if is_local(&self.model) {
            None
        } else {
            self.effort()
        };
        let place = match self.options(&self.model, None) {
            Some(options) => match session::target(&self.model, self.env, &options) {
                Ok((_, t)) => modelroute_core::redact_url(&t.api_base),
                Err(Target::Unsupported(route)) => {
                    format!("{} (not reachable from here)", route.as_str())
                }
                Err(Target::Resolution(e)) => format!("unresolved: {e}"),
            },
            None => "unresolved".to_owned(),
        };
        format!(
            "{} {} {place} {}",
            paint(OK, &self.model),
            paint(DIM, "→"),
            paint(
                DIM,
                format!("(effort: {})", effort.as_deref().unwrap_or("off"))
            )
        )
    }

    /// Sends `text` with the conversation so far and streams the answer.
    fn send(&mut self, text: &str, out: &mut impl Write) -> std::io::Result<()> {
        let args = &self.args.chat;
        let endpoint = match chat::endpoint_for(
            &self.model,
            self.env,
            self.effort(),
            self.session_token.as_deref(),
        ) {
            Ok(endpoint) => endpoint,
            Err(e) => {
                render::error(&e);
                return Ok(());
            }
        };
        let mut messages = Vec::new();
        if let Some(system) = &args.system {
            messages.push(Message::system(system.clone()));
        }
        messages.extend(self.messages.iter().cloned());
        messages.push(Message::user(text));
        let body = chat::body(&endpoint, &messages, Sampling::from(args), true);
        let limits = chat::Limits::from(args);
        let mut line_open = false;
        let mut sink = |piece: &str| -> std::io::Result<()> {
            if !piece.is_empty() {
                out.write_all(piece.as_bytes())?;
                out.flush()?;
                line_open = !piece.ends_with('\n');
            }
            Ok(())
        };
        let result = race(
            &self.rt,
            chat::complete(&endpoint, body, true, true, limits, &mut sink),
        );
        if line_open {
            writeln!(out)?;
        }
        out.flush()?;
        // Only finished exchanges join the conversation.
        match result {
            None => writeln!(out, "{}", paint(DIM, "(answer stopped)"))?,
            Some(Ok(answer)) => {
                render::warn_if_cut(&answer);
                self.messages.push(Message::user(text));
                self.messages.push(Message::assistant(answer.text));
            }
            Some(Err(ChatError::Output(e))) => return Err(e),
            Some(Err(ChatError::Failure(f))) => render::error(&f.into()),
        }
        Ok(())
    }

    /// `/model <id>` (SPEC §6).
    fn switch(&mut self, id: &str, out: &mut impl Write) -> std::io::Result<()> {
        if !is_valid_model_id(id) {
            let help = expected_formats_help(id);
            let (head, rest) = help.split_once('\n').unwrap_or((&help, ""));
            let head = head.strip_prefix("Invalid model id format:").map_or_else(
                || head.to_owned(),
                |arg| format!("{}{arg}", paint(ERROR, "Invalid model id format:")),
            );
            writeln!(out, "{head}\n{}", paint(DIM, rest))?;
            return Ok(());
        }
        if is_local(id) {
            writeln!(
                out,
                "{}",
                paint(DIM, format!("checking local model {id}..."))
            )?;
            out.flush()?;
            let Some(options) = self.options(id, None) else {
                return Ok(());
            };
            let limits = Limits {
                timeout: SWITCH_TIMEOUT,
                connect_timeout: SWITCH_CONNECT,
            };
            let checked = match session::target(id, self.env, &options) {
                Ok((_, target)) => race(&self.rt, staged::run(target, limits, Plan::Switch))
                    .map(|report| report.failure.map_or(Ok(()), Err)),
                Err(Target::Resolution(e)) => return self.keep(out, &e.to_string(), &e.hints()),
                // Local ids always have an endpoint.
                Err(Target::Unsupported(_)) => return Ok(()),
            };
            return match checked {
                None => self.keep(out, "stopped", &[]),
                Some(Err(f)) => self.keep(out, &f.message, &f.fixes),
                Some(Ok(())) => {
                    self.commit(id, Some(None));
                    self.switched(out, OK, "(effort: off)")
                }
            };
        }
        let Some(preference) = self.args.chat.effort.clone().filter(|e| !e.is_empty()) else {
            // Nothing a ping could check that the first message will not.
            self.commit(id, None);
            self.switched(out, OK, "(effort: off)")?;
            return self.warn_unreachable(id);
        };
        writeln!(
            out,
            "{}",
            paint(DIM, format!("checking {id} (effort: {preference})..."))
        )?;
        out.flush()?;
        let Some(options) = self.options(id, None) else {
            return Ok(());
        };
        let (route, target) = match session::target(id, self.env, &options) {
            Ok(t) => t,
            Err(Target::Resolution(e)) => return self.keep(out, &e.to_string(), &e.hints()),
            Err(Target::Unsupported(route)) => {
                self.commit(id, None);
                return self.switched(
                    out,
                    WARN,
                    &format!(
                        "(couldn't validate: modelroute has no OpenAI-compatible endpoint for {})",
                        route.as_str()
                    ),
                );
            }
        };
        let started = Instant::now();
        let limits = Limits {
            timeout: SWITCH_TIMEOUT,
            connect_timeout: SWITCH_CONNECT,
        };
        let Some(output) = race(
            &self.rt,
            outcome::probe_any(
                id,
                route,
                target,
                Some(preference.clone()),
                limits,
                crate::probe::Checks::default(),
            ),
        ) else {
            return self.keep(out, "stopped", &[]);
        };
        match (&output.probe.failure, output.transient) {
            (Some(f), Some(true)) => {
                self.commit(id, None);
                self.switched(
                    out,
                    WARN,
                    &format!(
                        "(couldn't validate: {}; will verify on first message)",
                        f.message
                    ),
                )
            }
            (Some(f), _) => self.keep(out, &f.message, &f.fixes),
            (None, _) => {
                let effort = output.effort.as_ref();
                let effective = effort.and_then(|e| e.effective.clone());
                let note = effort.map_or(String::new(), |e| match (e.outcome, &e.effective) {
                    ("no_thinking", _) => "model doesn't support reasoning, dropped".to_owned(),
                    ("exhausted", _) if e.tried.is_empty() => {
                        "no effort level accepted — proceeding without thinking".to_owned()
                    }
                    ("exhausted", _) => {
                        let levels: Vec<&str> = e.tried.iter().map(|(l, _)| l.as_str()).collect();
                        format!("provider rejected all efforts ({})", levels.join(", "))
                    }
                    (_, Some(level)) if *level != preference => {
                        format!("{preference} not supported, using {level}")
                    }
                    _ => String::new(),
                });
                let label = effective.clone().unwrap_or_else(|| "off".to_owned());
                let note = if note.is_empty() {
                    note
                } else {
                    format!(" — {note}")
                };
                self.commit(id, Some(effective));
                self.switched(
                    out,
                    OK,
                    &format!(
                        "(effort: {label}{note}, {}ms)",
                        started.elapsed().as_millis()
                    ),
                )
            }
        }
    }

    fn commit(&mut self, id: &str, effective: Option<Option<String>>) {
        self.model = id.to_owned();
        self.effective = effective;
    }

    fn switched(
        &self,
        out: &mut impl Write,
        style: anstyle::Style,
        note: &str,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "{} {}",
            paint(style, format!("Model switched to {}", self.model)),
            paint(DIM, note)
        )
    }

    /// The reference's two lines for a rejected switch, then the fixes.
    fn keep(&self, out: &mut impl Write, error: &str, fixes: &[String]) -> std::io::Result<()> {
        writeln!(out, "{} {error}", paint(ERROR, "Switch failed:"))?;
        writeln!(
            out,
            "{}",
            paint(DIM, format!("Keeping current model: {}", self.model))
        )?;
        for fix in fixes {
            writeln!(out, "{}", paint(DIM, format!("  help: {fix}")))?;
        }
        Ok(())
    }

    /// After a switch to a route modelroute cannot talk to: say so now.
    fn warn_unreachable(&self, id: &str) -> std::io::Result<()> {
        let route = modelroute_core::parse(id).route();
        if matches!(route, Route::Anthropic | Route::Bedrock) {
            warn(&format!(
                "`{id}` goes to {} through LiteLLM's own client; messages to it fail here (use a local, HF Router or `openai/` id)",
                route.as_str()
            ));
        }
        Ok(())
    }

    /// `/models`: what the current local server lists, as ready ids, each
    /// with what the server says about it (context window, tools, loaded).
    fn models(&self, out: &mut impl Write) -> std::io::Result<()> {
        let provider = modelroute_core::providers::local_provider_for(&self.model);
        let (Some(provider), true) = (provider, is_local(&self.model)) else {
            writeln!(
                out,
                "/models lists a local server's models; `{}` goes to {}",
                self.model,
                modelroute_core::parse(&self.model).route().as_str()
            )?;
            return Ok(());
        };
        let Some(options) = self.options(&self.model, None) else {
            return Ok(());
        };
        let target = match session::target(&self.model, self.env, &options) {
            Ok((_, t)) => t,
            Err(Target::Resolution(e)) => {
                render::error(&CliError::Resolution(e));
                return Ok(());
            }
            Err(Target::Unsupported(_)) => return Ok(()),
        };
        let Some(survey) = race(
            &self.rt,
            staged::survey::survey(target, SWITCH_CONNECT, SWITCH_TIMEOUT),
        ) else {
            return writeln!(out, "{}", paint(DIM, "(stopped)"));
        };
        if let Some(f) = survey.error {
            out.flush()?;
            render::error(&f.into());
            return Ok(());
        }
        writeln!(
            out,
            "{} {}{}",
            paint(BOLD, "Served at"),
            modelroute_core::redact_url(&survey.api_base),
            survey
                .server
                .as_deref()
                .map_or(String::new(), |s| format!(" ({s})"))
        )?;
        if survey.models.is_empty() {
            writeln!(out, "  {}", paint(DIM, "no models listed"))?;
        }
        for name in &survey.models {
            let id = format!("{}{name}", provider.prefix);
            let marker = if id == self.model {
                format!(" {}", paint(DIM, "<-- current"))
            } else {
                String::new()
            };
            let caps = survey
                .capabilities
                .get(name)
                .filter(|c| **c != modelroute_core::capabilities::Capabilities::unknown())
                .map_or(String::new(), |c| {
                    format!("  {}", paint(DIM, staged::capabilities::summary(c)))
                });
            writeln!(out, "  {id}{marker}{caps}")?;
        }
        Ok(())
    }

    /// `/env`: the whole story of the current model's resolution.
    fn explain(&self, out: &mut impl Write) -> std::io::Result<()> {
        let Some(options) = self.options(&self.model, self.effort()) else {
            return Ok(());
        };
        let e = explain_with(
            &self.model,
            self.env,
            &options,
            &session::platform_context(),
        );
        write!(
            out,
            "{}",
            render::explain::human(&e, self.env, &options, false)
        )
    }
}

/// `/help`.
fn help() -> String {
    let mut s = String::new();
    for row in COMMANDS {
        s.push_str(&format!(
            "  {}  {}\n",
            paint(BOLD, format!("{:<12}", row.usage)),
            row.what
        ));
    }
    s.push_str(&format!(
        "  {}\n",
        paint(DIM, "Anything else is a message to the model.")
    ));
    s
}

/// `/model` with no argument: the current model, suggestions, and the
/// hints of the reference's `print_model_listing`, adapted.
pub fn listing(current: &str) -> String {
    let mut s = format!(
        "{}\n  {current}\n\n{}\n",
        paint(BOLD, "Current model:"),
        paint(BOLD, "Suggested:")
    );
    let locals = LOCAL_PROVIDERS.iter().map(|p| {
        (
            format!("{}{}", p.prefix, p.example_model),
            p.display_name.to_owned(),
        )
    });
    let rows = SUGGESTED
        .iter()
        .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
        .chain(locals);
    for (id, label) in rows {
        let marker = if id == current {
            format!(" {}", paint(DIM, "<-- current"))
        } else {
            String::new()
        };
        s.push_str(&format!(
            "  {id}  {}{marker}\n",
            paint(DIM, format!("({label})"))
        ));
    }
    let policies: Vec<String> = HF_ROUTING_POLICIES
        .iter()
        .map(|p| format!("':{p}'"))
        .collect();
    let prefixes: Vec<String> = LOCAL_PROVIDERS
        .iter()
        .map(|p| format!("'{}<model>'", p.prefix))
        .collect();
    let (last, rest) = prefixes
        .split_last()
        .expect("the provider table is not empty");
    let hints = [
        "Paste any HF model id (e.g. 'MiniMaxAI/MiniMax-M2.7').".to_owned(),
        format!(
            "Add {}, or ':<provider>' to override routing.",
            policies.join(", ")
        ),
        "Use 'openai/<model>' for direct API access (OPENAI_API_KEY, OPENAI_BASE_URL).".to_owned(),
        format!(
            "Use {}, or {last} for local OpenAI-compatible endpoints.",
            rest.join(", ")
        ),
        "Type /models to list what the current local server serves.".to_owned(),
    ];
    s.push('\n');
    for hint in hints {
        s.push_str(&format!("{}\n", paint(DIM, hint)));
    }
    s
}

/// Runs `work` until it ends or Ctrl-C comes; `None` on Ctrl-C.
fn race<F: Future>(rt: &tokio::runtime::Runtime, work: F) -> Option<F::Output> {
    rt.block_on(async {
        let interrupt = async {
            if tokio::signal::ctrl_c().await.is_err() {
                // No way to catch it: Ctrl-C keeps its default effect.
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            output = work => Some(output),
            () = interrupt => None,
        }
    })
}

/// The history file: `$XDG_STATE_HOME/modelroute/history`, else
/// `~/.local/state/modelroute/history`; `None` (not kept) when neither is
/// known. A relative `XDG_STATE_HOME` is ignored, as the XDG spec says.
pub fn history_path(env: &Environment) -> Option<PathBuf> {
    let state = env
        .var("XDG_STATE_HOME")
        .filter(|v| Path::new(v).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            env.var("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| Path::new(h).join(".local").join("state"))
        })?;
    Some(state.join("modelroute").join("history"))
}

/// Creates the history file's folder (owner-only) and the file itself
/// (owner-only), and refuses a path that is not a regular file, such as a
/// symlink planted there.
fn prepare_history(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(()),
        Ok(_) => Err(std::io::Error::other("not a regular file")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(path).map(drop)
        }
        Err(e) => Err(e),
    }
}

/// Asks for a Hugging Face token with the input masked. `None` when the
/// user enters nothing or leaves.
fn ask_token(out: &mut impl Write) -> std::io::Result<Option<String>> {
    writeln!(
        out,
        "No HF token found. Paste a Hugging Face token (huggingface.co/settings/tokens), or press Enter to quit."
    )?;
    out.flush()?;
    let config = Config::builder()
        .auto_add_history(false)
        .color_mode(ColorMode::Forced)
        .build();
    let Ok(mut editor) = Editor::<Masked, MemHistory>::with_history(config, MemHistory::new())
    else {
        return Ok(None);
    };
    editor.set_helper(Some(Masked));
    match editor.readline("HF token: ") {
        Ok(line) => Ok(modelroute_core::hf_token::clean(&line)),
        Err(_) => Ok(None),
    }
}

/// Shows every typed character as a space.
struct Masked;

impl Highlighter for Masked {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Owned(" ".repeat(line.chars().count()))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        kind != CmdKind::MoveCursor
    }
}

impl Completer for Masked {
    type Candidate = String;
}

impl Hinter for Masked {
    type Hint = String;
}

impl Validator for Masked {}

impl Helper for Masked {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_local_provider_example_is_a_local_id() {
        for p in LOCAL_PROVIDERS {
            let id = format!("{}{}", p.prefix, p.example_model);
            assert!(is_local(&id) && is_valid_model_id(&id), "{id}");
        }
    }

    #[test]
    fn suggestions_are_valid_and_reachable() {
        for (id, _) in SUGGESTED {
            assert!(is_valid_model_id(id), "{id}");
            let route = modelroute_core::parse(id).route();
            assert!(!matches!(route, Route::Anthropic | Route::Bedrock), "{id}");
        }
    }

    #[test]
    fn listing_marks_the_current_model_and_names_every_prefix() {
        let text = anstream::adapter::strip_str(&listing("ollama/llama3.1:8b")).to_string();
        assert!(
            text.contains("  ollama/llama3.1:8b  (Ollama) <-- current\n"),
            "{text}"
        );
        for p in LOCAL_PROVIDERS {
            assert!(text.contains(&format!("'{}<model>'", p.prefix)));
        }
        assert!(text.contains("':fastest', ':cheapest', ':preferred', or ':<provider>'"));
    }

    #[test]
    fn history_goes_under_the_state_folder() {
        let env = |pairs: &[(&str, &str)]| {
            Environment::from_map(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        assert_eq!(
            history_path(&env(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")])),
            Some(PathBuf::from("/s/modelroute/history"))
        );
        assert_eq!(
            history_path(&env(&[("XDG_STATE_HOME", "rel"), ("HOME", "/h")])),
            Some(PathBuf::from("/h/.local/state/modelroute/history"))
        );
        assert_eq!(history_path(&env(&[("HOME", "")])), None);
        assert_eq!(history_path(&env(&[])), None);
    }

    #[cfg(unix)]
    #[test]
    fn history_file_is_private_and_never_a_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/modelroute/history");
        prepare_history(&path).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        // Again: the file is kept as it is.
        prepare_history(&path).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(prepare_history(&link).is_err());
    }
}
