//! Rendering for people: styles, the one error printer, and aligned
//! key/value blocks. Colour goes through anstream, which drops it when the
//! output is not a terminal or NO_COLOR is set.

use anstyle::{AnsiColor, Style};

use crate::environment::EnvError;

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

/// Prints an error with its code and hints to stderr, cargo-style:
///
/// ```text
/// error[empty_model_name]: Unsupported local model id: ollama/
///
/// help: add a model name after the prefix, e.g. `ollama/llama3.1:8b`
/// ```
pub fn print_error(code: Option<&str>, message: &str, hints: &[String]) {
    let head = match code {
        Some(code) => format!("error[{code}]"),
        None => "error".to_owned(),
    };
    let mut out = format!("{}: {message}\n", paint(ERROR, head));
    if !hints.is_empty() {
        out.push('\n');
        for hint in hints {
            out.push_str(&format!("{}: {hint}\n", paint(HELP, "help")));
        }
    }
    anstream::eprint!("{}", crate::scrub::scrub(&out));
}

/// Prints an environment error.
pub fn print_env_error(e: &EnvError) {
    let hints: Vec<String> = e.hint.iter().cloned().collect();
    print_error(Some("environment"), &e.to_string(), &hints);
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
