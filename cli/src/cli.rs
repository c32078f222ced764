//! The command-line surface, declared with clap's derive API, and nothing
//! else: doc comments here are the help text. It imports only leaf tables
//! (exit codes, the shell's commands), never a command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use modelroute_core::{ExportFormat, EXPORT_FORMATS};

const EXAMPLES: &str = "\
Examples:
  modelroute resolve ollama/llama3.1:8b
  VLLM_BASE_URL=http://gpu:8000 modelroute resolve vllm/meta-llama/Llama-3.1-8B-Instruct --json
  modelroute explain lm_studio/google/gemma-3-4b
  modelroute validate ollama/llama3.1:8b moonshotai/Kimi-K2-Instruct:fastest
  modelroute providers
  echo '{\"model\":\"ollama/x\",\"env\":{}}' | modelroute resolve --batch";

/// Turn a model id plus your environment into the exact endpoint, model
/// name and key an agent will call.
#[derive(Debug, Parser)]
#[command(name = "modelroute", version, about, long_about = None)]
#[command(after_help = after_help())]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

fn after_help() -> String {
    format!("{EXAMPLES}\n\n{}", crate::exit::ExitStatus::help_text())
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Read this .env file instead of ./.env (values already in the
    /// environment win, as with python-dotenv's load_dotenv()).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_dotenv")]
    pub env_file: Option<PathBuf>,
    /// Do not read any .env file.
    #[arg(long, global = true)]
    pub no_dotenv: bool,
    /// When to use colour (never when NO_COLOR is set, unless `always`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Resolve a model id into the LiteLLM endpoint, model and key.
    #[command(
        after_help = "Examples:\n  modelroute resolve ollama/llama3.1:8b\n  modelroute resolve openai/gpt-5 --effort high --strict --json\n  modelroute resolve --batch < cases.jsonl"
    )]
    Resolve(ResolveArgs),
    /// Tell the whole story of a resolution: parsing, every candidate
    /// source, what won and what was shadowed.
    Explain(ExplainArgs),
    /// Print the resolved setup in the form another tool reads: shell
    /// variables, .env, LiteLLM, OpenAI SDKs, curl, aider, Continue, llm.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Check model ids with the reference's `/model` rules.
    Validate(ValidateArgs),
    /// List the local providers, their variables and effective base URLs.
    Providers(ProvidersArgs),
    /// Prove the endpoint answers: connect, list models, send the
    /// reference's 1-token completion, each stage timed and classified.
    #[command(after_help = crate::exit::probe_help())]
    Probe(ProbeArgs),
    /// Explanation, diagnostics and probe in one report with a verdict and
    /// the next command to run; without an id, check every local provider.
    Doctor(DoctorArgs),
    /// Find local servers: probe every provider's effective base URL and
    /// default port at once and list the models each serves.
    Discover(DiscoverArgs),
    /// Send a prompt to a model and stream its answer to stdout.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Chat with a model: line editing, history, `/model` to switch models.
    #[command(after_help = crate::shell_commands::after_help())]
    Shell(ShellArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Options that shape one resolution.
#[derive(Debug, Args, Clone, Default)]
pub struct ResolutionArgs {
    /// Requested reasoning effort (minimal, low, medium, high, xhigh, max).
    #[arg(long, value_name = "LEVEL")]
    pub effort: Option<String>,
    /// Fail on an effort the route does not accept, instead of dropping it.
    #[arg(long)]
    pub strict: bool,
    /// Session Hugging Face token, tried after INFERENCE_TOKEN.
    #[arg(long, value_name = "TOKEN")]
    pub session_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The model id, e.g. ollama/llama3.1:8b.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub id: Option<String>,
    #[command(flatten)]
    pub resolution: ResolutionArgs,
    /// Print the resolution as one line of JSON (schema: docs/json.md).
    #[arg(long)]
    pub json: bool,
    /// Print API keys in full.
    #[arg(long)]
    pub show_secrets: bool,
    /// Read JSON Lines cases from stdin and write one JSON object per line.
    #[arg(long, conflicts_with_all = ["json", "show_secrets"])]
    pub batch: bool,
    /// With --batch: redact secrets in the output.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model id.
    pub id: String,
    #[command(flatten)]
    pub resolution: ResolutionArgs,
    /// Print the explanation as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print API keys in full.
    #[arg(long)]
    pub show_secrets: bool,
}

const EXPORT_EXAMPLES: &str = "\
Examples:
  eval \"$(modelroute export vllm/meta-llama/Llama-3.1-8B-Instruct --to env)\"
  modelroute export ollama/llama3.1:8b --to continue > ~/.continue/assistants/ollama.yaml
  modelroute export lm_studio/google/gemma-3-4b --to curl --show-secrets | sh
  modelroute export llamacpp/qwen2.5-coder --to codex --probe --write

Every format and its source: docs/export.md";

/// `--to`: the formats of core's table, with their descriptions as help.
fn export_format() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        EXPORT_FORMATS
            .iter()
            .map(|f| PossibleValue::new(f.name).help(f.description)),
    )
    .try_map(|name| name.parse::<ExportFormat>())
}

/// `--timeout` and `--connect-timeout` limit the probe that `--probe`
/// runs; without `--probe` export sends no request, so they would be
/// ignored in silence: clap refuses them instead.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("probe_limits")
        .args(["timeout", "connect_timeout"])
        .multiple(true)
        .requires("probe")
))]
pub struct ExportArgs {
    /// The model id.
    pub id: String,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = export_format())]
    pub to: ExportFormat,
    #[command(flatten)]
    pub resolution: ResolutionArgs,
    /// Write API keys in full (by default they are masked, and the output
    /// says so).
    #[arg(long)]
    pub show_secrets: bool,
    /// The model's context window in tokens, as the server serves it, for
    /// the formats that have a field for it (codex, opencode, pi, goose,
    /// aider-metadata, continue, litellm). Never guessed: without it (or
    /// `--probe`) those fields are left out. It wins over `--probe`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub context: Option<u32>,
    /// Ask the server for the context window it serves (the probe's
    /// connect, models and capabilities stages, under `--timeout`; no
    /// completion) and write it. A failing probe fails the export with the
    /// probe's exit code. Without it, export sends no request.
    #[arg(long)]
    pub probe: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Write the export where its agent reads it (codex, opencode, pi,
    /// goose, aider-metadata), merging into an existing file: only what
    /// the export holds is replaced, and the old file is kept as `.bak`.
    #[arg(long)]
    pub write: bool,
    /// With `--write`: this file instead of the agent's default location.
    #[arg(long, value_name = "PATH", requires = "write")]
    pub file: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// One or more model ids.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Print one JSON object per id.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Print the table as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses `15`, `2.5`, `15s` or `500ms` into a duration.
pub fn duration(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v * scale <= 3600.0 => {
            Ok(std::time::Duration::from_secs_f64(v * scale))
        }
        _ => Err(format!(
            "`{text}` is not a duration: use seconds (`15`, `2.5`, `15s`) or milliseconds (`500ms`), more than 0 and at most an hour"
        )),
    }
}

/// Time limits of a probe.
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// Deadline for the whole probe (seconds, or e.g. 500ms).
    #[arg(long, value_name = "DURATION", default_value = "15", value_parser = duration)]
    pub timeout: std::time::Duration,
    /// Deadline for the TCP connection.
    #[arg(long, value_name = "DURATION", default_value = "3", value_parser = duration)]
    pub connect_timeout: std::time::Duration,
}

/// What a probe checks besides "does it answer": the model's context
/// window and tool calling (docs/capabilities.md), and readiness.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// The smallest served context window, in tokens, that an agent can
    /// work with: a smaller one draws `context_too_small` [default: 64000,
    /// what Ollama's docs recommend for agents and coding tools].
    #[arg(
        long,
        value_name = "N",
        default_value_t = modelroute_core::diagnostics::DEFAULT_MIN_CONTEXT,
        hide_default_value = true,
        value_parser = clap::value_parser!(u64).range(1..=modelroute_core::capabilities::MAX_TOKENS)
    )]
    pub min_context: u64,
    /// Also send one chat request with one trivial function, and say
    /// whether the answer is a real tool call, plain text, a refusal, or
    /// a call written into the text.
    #[arg(long)]
    pub tools: bool,
    /// While nothing listens yet or the model is loading, try again until
    /// it is ready or SECS have passed [default: 600 when no SECS].
    #[arg(
        long,
        value_name = "SECS",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = DEFAULT_WAIT,
        value_parser = duration
    )]
    pub wait: Option<std::time::Duration>,
}

/// The wait when `--wait` is given without a number: 10 minutes. Ollama
/// gives up on a load only after it has made no progress for 5 minutes
/// (`OLLAMA_LOAD_TIMEOUT`, `envconfig/config.go`), so a slow load can take
/// longer than that in all; 10 minutes reads 40 GB (a 70B model at 4
/// bits) from a disk at 67 MB/s. Evidence and figures:
/// `docs/capabilities.md`, "Readiness".
pub const DEFAULT_WAIT: &str = "600";

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The model id.
    pub id: String,
    #[command(flatten)]
    pub resolution: ResolutionArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub checks: CheckArgs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The model id; without one, every local provider is checked.
    pub id: Option<String>,
    #[command(flatten)]
    pub resolution: ResolutionArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub checks: CheckArgs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Deadline for each server's answer.
    #[arg(long, value_name = "DURATION", default_value = "5", value_parser = duration)]
    pub timeout: std::time::Duration,
    /// Deadline for each TCP connection.
    #[arg(long, value_name = "DURATION", default_value = "1", value_parser = duration)]
    pub connect_timeout: std::time::Duration,
    /// Print the servers as JSON.
    #[arg(long)]
    pub json: bool,
}

const RUN_HELP: &str = "\
Examples:
  modelroute run --model ollama/llama3.1:8b \"summarize this repo\"
  git diff | modelroute run --model vllm/Qwen/Qwen3-8B --system \"review this diff\" -
  modelroute run --model openai/gpt-5 --effort high --no-stream \"one word: hi\"

A model that is not local needs a Hugging Face token (HF_TOKEN, HUGGING_FACE_HUB_TOKEN
or the token file); without one, run exits 1. Failures exit with the probe's codes
(see `modelroute probe --help`). Details: docs/run.md";

/// Parses a sampling temperature: a number from 0 to 2.
fn temperature(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if (0.0..=2.0).contains(&t) => Ok(t),
        _ => Err(format!(
            "`{text}` is not a temperature: use a number from 0 to 2"
        )),
    }
}

/// What every chat request carries, for `run` and `shell`.
#[derive(Debug, Args, Clone)]
pub struct ChatArgs {
    /// A system message sent before the conversation.
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,
    /// Most tokens an answer may have (the server's default when unset).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_tokens: Option<u32>,
    /// Sampling temperature, 0 to 2 (the server's default when unset).
    #[arg(long, value_name = "T", value_parser = temperature)]
    pub temperature: Option<f64>,
    /// Requested reasoning effort (minimal, low, medium, high, xhigh, max):
    /// sent only where the route takes it, never to local servers.
    #[arg(long, value_name = "LEVEL")]
    pub effort: Option<String>,
    /// Give up when the server sends nothing for this long (seconds, or
    /// e.g. 500ms), before or during an answer.
    #[arg(long, value_name = "DURATION", default_value = "60", value_parser = duration)]
    pub timeout: std::time::Duration,
    /// Deadline for the TCP connection.
    #[arg(long, value_name = "DURATION", default_value = "3", value_parser = duration)]
    pub connect_timeout: std::time::Duration,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The model id, e.g. ollama/llama3.1:8b.
    #[arg(long, short = 'm', value_name = "ID")]
    pub model: String,
    /// The prompt; `-` reads it from standard input.
    pub prompt: String,
    #[command(flatten)]
    pub chat: ChatArgs,
    /// Ask for the whole answer at once instead of a stream.
    #[arg(long)]
    pub no_stream: bool,
}

#[derive(Debug, Args)]
pub struct ShellArgs {
    /// The model to start on [default: ollama/llama3.1:8b].
    #[arg(long, short = 'm', value_name = "ID")]
    pub model: Option<String>,
    #[command(flatten)]
    pub chat: ChatArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        use std::time::Duration;
        assert_eq!(duration("15"), Ok(Duration::from_secs(15)));
        assert_eq!(duration("2.5s"), Ok(Duration::from_millis(2500)));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "x", "", "nan", "1e9", "5m"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
    }
}
