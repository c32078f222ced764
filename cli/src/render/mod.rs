//! Rendering for people: styles, the one error renderer, aligned
//! key/value blocks, and the human form of each command's result (one
//! module each). Colour goes through anstream, which drops it when the
//! output is not a terminal or NO_COLOR is set.

pub mod discover;
pub mod doctor;
pub mod explain;
pub mod probe;
pub mod resolve;

use anstyle::{AnsiColor, Style};
use modelroute_core::{Diagnostic, Severity, Suggestion};

use crate::error::CliError;

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();
pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
pub const OK: Style = AnsiColor::Green.on_default().bold();
pub const DIM: Style = Style::new().dimmed();
pub const BOLD: Style = Style::new().bold();

/// `text` in `style`.
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// One diagnostic, `indent` spaces in: `warning[code]: message`, then
/// its fix and the change it suggests, indented two more. `explain`,
/// `probe`, `doctor` and `discover` all show diagnostics this way.
pub fn diagnostic(d: &Diagnostic, indent: usize) -> String {
    let style = match d.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARN,
        Severity::Info => DIM,
    };
    let label = format!("{}[{}]", d.severity.as_str(), d.code);
    let pad = " ".repeat(indent);
    let mut s = format!(
        "{pad}{}: {}\n{pad}  {}: {}\n",
        paint(style, label),
        d.message,
        paint(HELP, "fix"),
        d.fix
    );
    match &d.suggestion {
        Some(Suggestion::SetVariable { variable, value }) => s.push_str(&format!(
            "{pad}  {}: {variable}={}\n",
            paint(HELP, "set"),
            shell_quote(value)
        )),
        Some(Suggestion::UseId { id }) => {
            s.push_str(&format!("{pad}  {}: {id}\n", paint(HELP, "use")))
        }
        None => {}
    }
    s
}

/// An error with its code, causes and hints, cargo-style:
///
/// ```text
/// error[empty_model_name]: Unsupported local model id: ollama/
///
/// help: add a model name after the prefix, e.g. `ollama/llama3.1:8b`
/// ```
///
/// with `  Caused by: …` lines under the message where the error has a
/// cause chain. The reference's own no-token line is printed as it is.
pub fn error_text(e: &CliError) -> String {
    if let CliError::NoToken = e {
        return format!("{e}\n");
    }
    let head = match e.code() {
        Some(code) => format!("error[{code}]"),
        None => "error".to_owned(),
    };
    let mut out = format!("{}: {e}\n", paint(ERROR, head));
    for cause in e.causes() {
        out.push_str(&format!("  Caused by: {cause}\n"));
    }
    let hints = e.hints();
    if !hints.is_empty() {
        out.push('\n');
        for hint in hints {
            out.push_str(&format!("{}: {hint}\n", paint(HELP, "help")));
        }
    }
    out
}

/// Prints an error to stderr through the secret scrubber: the one place
/// errors reach the terminal (`main` for one-shot commands, the REPL loop
/// for `shell`).
pub fn error(e: &CliError) {
    anstream::eprint!("{}", crate::scrub::scrub(&error_text(e)));
}

/// A note on stderr (context, not a failure).
pub fn note(text: &str) {
    anstream::eprintln!("{}: {text}", paint(HELP, "note"));
}

/// A warning on stderr.
pub fn warn(text: &str) {
    anstream::eprintln!("{}: {text}", paint(WARN, "warning"));
}

/// Lines of `label  value` with the labels padded to one width.
pub fn aligned(rows: &[(&str, String)]) -> String {
    let rows: Vec<(&str, String, String)> = rows
        .iter()
        .map(|(l, v)| (*l, v.clone(), String::new()))
        .collect();
    aligned_notes(&rows)
}

/// Lines of `label  value  note`, labels and values each padded to one
/// width, notes dimmed.
pub fn aligned_notes(rows: &[(&str, String, String)]) -> String {
    let width =
        |f: &dyn Fn(&(&str, String, String)) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let lw = width(&|r| r.0.chars().count());
    let vw = width(&|r| {
        if r.2.is_empty() {
            0
        } else {
            r.1.chars().count()
        }
    });
    rows.iter()
        .map(|(label, value, note)| {
            let lpad = " ".repeat(lw - label.chars().count());
            if note.is_empty() {
                format!("  {}{lpad}  {value}\n", paint(BOLD, label))
            } else {
                let vpad = " ".repeat(vw.saturating_sub(value.chars().count()));
                format!(
                    "  {}{lpad}  {value}{vpad}  {}\n",
                    paint(BOLD, label),
                    paint(DIM, note)
                )
            }
        })
        .collect()
}

/// `value` quoted for a POSIX shell when it needs quoting.
pub fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// A warning on stderr when an answer stopped at the token limit.
pub fn warn_if_cut(answer: &crate::chat::Answer) {
    if answer.finish_reason.as_deref() == Some("length") {
        warn("the answer stopped at the token limit (finish_reason: length); raise --max-tokens for more");
    }
}
