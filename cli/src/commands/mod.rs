//! One thin adapter per subcommand: each takes its parsed arguments and
//! the gathered environment, asks the layers below (`session`, `probe`,
//! `chat`), writes the result through `render`, and returns the exit
//! status or the error for `main` to render. None prints an error itself.

pub mod batch;
pub mod discover;
pub mod doctor;
pub mod explain;
pub mod export;
pub mod probe;
pub mod providers;
pub mod resolve;
pub mod run;
pub mod shell;
pub mod validate;
