//! Shared helpers: run the real binary in an empty, isolated environment.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// `modelroute` with a cleared environment, `HOME` and the working
/// directory in `dir`, so no stray `.env`, token file or variable leaks in.
pub fn modelroute(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("modelroute").expect("binary built");
    cmd.env_clear().env("HOME", dir).current_dir(dir);
    cmd
}

/// stdout and stderr as text, with the exit code, for snapshots.
pub fn transcript(out: &std::process::Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
