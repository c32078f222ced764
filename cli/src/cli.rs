//! The command-line surface, declared with clap's derive API. Doc comments
//! here are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Check model ids with the reference's `/model` rules.
    Validate(ValidateArgs),
    /// List the local providers, their variables and effective base URLs.
    Providers(ProvidersArgs),
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }
}
