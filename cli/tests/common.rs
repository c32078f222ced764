//! Shared helpers: run the real binary in an empty, isolated environment,
//! and give every blocking wait in a test its own deadline, so a broken
//! feature fails the test instead of hanging it.

#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Child, ExitStatus};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// How long any one run of the binary may take before the test kills it
/// and fails: far above what any test needs, far below a hang.
pub const RUN_DEADLINE: Duration = Duration::from_secs(60);

/// `modelroute` with a cleared environment, `HOME` and the working
/// directory in `dir`, so no stray `.env`, token file or variable leaks in.
/// `.output()` kills it after [`RUN_DEADLINE`].
pub fn modelroute(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("modelroute").expect("binary built");
    cmd.env_clear()
        .env("HOME", dir)
        .current_dir(dir)
        .timeout(RUN_DEADLINE);
    cmd
}

/// An insta snapshot of a transcript with what varies from run to run
/// replaced: ports by `[PORT]`, timings by `[TIME]`, and whatever else the
/// `(regex, replacement)` pairs after the text name.
#[allow(unused_macros)]
macro_rules! snap {
    ($name:expr, $text:expr $(, ($re:expr, $with:expr))* $(,)?) => {
        insta::with_settings!({filters => vec![
            $(($re, $with),)*
            (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
            (r"localhost:\d+", "localhost:[PORT]"),
            (r"\b\d+(\.\d+)? ?(ms|µs|s)\b", "[TIME]"),
        ]}, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

/// `modelroute <args> --json` with `env` (see [`modelroute`]): the exit
/// code and the JSON it printed; fails the test when it printed none.
pub fn json_output<V: AsRef<std::ffi::OsStr>>(
    args: &[&str],
    env: &[(&str, V)],
) -> (i32, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = modelroute(dir.path());
    cmd.args(args).arg("--json");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    (out.status.code().unwrap(), v)
}

/// The entry for `api_base` in the `servers` of `discover --json` or
/// `doctor --json` without an id.
pub fn server_at<'v>(v: &'v serde_json::Value, api_base: &str) -> &'v serde_json::Value {
    v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["api_base"] == api_base)
        .unwrap_or_else(|| panic!("{api_base} not in {v}"))
}

/// The lines of a `discover` transcript about the configured servers: the
/// default ports (`localhost:…`, LM Studio's `127.0.0.1:1234`) may be
/// taken by whatever else runs on the machine, so their lines are dropped.
pub fn configured_only(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("localhost:") && !l.contains("127.0.0.1:1234"))
        .map(|l| format!("{l}\n"))
        .collect()
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

/// Waits for `child` until `deadline` has passed, then kills it and fails
/// the test with `what`.
pub fn wait_within(child: &mut Child, deadline: Duration, what: &str) -> ExitStatus {
    let until = Instant::now() + deadline;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() >= until {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {deadline:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A pipe read on its own thread: the test takes what has arrived with a
/// deadline instead of blocking on the pipe.
pub struct Pipe {
    chunks: Receiver<Vec<u8>>,
    /// Everything received so far.
    pub seen: Vec<u8>,
    closed: bool,
}

impl Pipe {
    pub fn new(mut reader: impl Read + Send + 'static) -> Self {
        let (tx, chunks) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pipe {
            chunks,
            seen: Vec::new(),
            closed: false,
        }
    }

    /// Reads until `done(seen)` holds; fails the test when `deadline`
    /// passes first or the pipe closes first.
    pub fn until(&mut self, deadline: Duration, what: &str, done: impl Fn(&[u8]) -> bool) {
        let until = Instant::now() + deadline;
        while !done(&self.seen) {
            let left = until.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.seen.extend_from_slice(&chunk),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "{what}: not there after {deadline:?}; got so far: {:?}",
                    String::from_utf8_lossy(&self.seen)
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    panic!(
                        "{what}: the pipe closed first; got: {:?}",
                        String::from_utf8_lossy(&self.seen)
                    )
                }
            }
        }
    }

    /// Reads to the end of the pipe; fails the test when `deadline` passes
    /// first.
    pub fn read_to_end(&mut self, deadline: Duration, what: &str) {
        let until = Instant::now() + deadline;
        while !self.closed {
            let left = until.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.seen.extend_from_slice(&chunk),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "{what}: the pipe is still open after {deadline:?}; got: {:?}",
                    String::from_utf8_lossy(&self.seen)
                ),
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }

    /// The next complete line (without its newline), waiting at most
    /// `deadline` for it.
    pub fn line(&mut self, deadline: Duration, what: &str) -> String {
        self.until(deadline, what, |seen| seen.contains(&b'\n'));
        let end = self.seen.iter().position(|&b| b == b'\n').unwrap();
        let line: Vec<u8> = self.seen.drain(..=end).collect();
        String::from_utf8_lossy(&line[..end]).into_owned()
    }
}
