//! `modelroute resolve --batch`: JSON Lines in, one JSON object out per
//! line, in order, streamed.
//!
//! Output is flushed whenever the input has nothing more buffered, so a
//! caller feeding lines one at a time gets each answer at once, while a
//! large file is written in big blocks.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::marker::PhantomData;

use modelroute_core::{report, Env, ResolveOptions};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::environment::{EnvError, Environment};
use crate::exit::ExitStatus;

/// One input line. Strings borrow from the line where JSON escapes allow,
/// which keeps a million-line batch from spending its time in the allocator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case<'a> {
    #[serde(borrow)]
    model: Cow<'a, str>,
    /// When present, the line is resolved against exactly this map.
    #[serde(borrow)]
    env: Option<Pairs<'a>>,
    effort: Option<String>,
    strict: Option<bool>,
    session_token: Option<String>,
    /// The token file's contents.
    hf_token_file: Option<String>,
}

/// A JSON object of strings as a list of pairs: a line's env is small, so a
/// scan beats hashing, and a repeated key keeps its last value, as a map
/// would.
#[derive(Debug, Default)]
struct Pairs<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl Env for Pairs<'_> {
    fn var(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_ref()).collect()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Visit<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Pairs<'a>, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some((k, v)) = map.next_entry::<Borrowed<'a>, Borrowed<'a>>()? {
                    pairs.push((k.0, v.0));
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(Visit(PhantomData))
    }
}

/// A string that borrows from the input when it has no escapes.
struct Borrowed<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Inner<'a>(#[serde(borrow)] Cow<'a, str>);
        Inner::deserialize(d).map(|i| Borrowed(i.0))
    }
}

/// Runs the batch; the status is `Resolution` when any line failed.
pub fn run(
    process_env: &Environment,
    redact: bool,
    input: &mut BufReader<impl Read>,
    out: &mut impl Write,
) -> std::io::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut disk_token: Option<Result<Option<String>, EnvError>> = None;
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0usize;
    loop {
        if !input.buffer().contains(&b'\n') {
            // The next read may block: let the caller see what is done.
            out.flush()?;
        }
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let case = match std::str::from_utf8(line) {
            Err(e) => Err(format!("not valid UTF-8 at byte {}", e.valid_up_to())),
            Ok(text) if text.trim().is_empty() => Err("empty line".to_owned()),
            Ok(text) => serde_json::from_str::<Case>(text).map_err(|e| e.to_string()),
        };
        let case = match case {
            Ok(case) => case,
            Err(message) => {
                status = ExitStatus::Resolution;
                malformed(out, line_no, &message)?;
                continue;
            }
        };
        let own = case.env.is_some();
        let env: &dyn Env = match &case.env {
            Some(pairs) => pairs,
            None => process_env,
        };
        let hf_token_file = if case.hf_token_file.is_some() || own {
            // A line with its own env reads nothing from the disk.
            case.hf_token_file
        } else if process_env.needs_token_file(&case.model, case.session_token.as_deref()) {
            match disk_token.get_or_insert_with(|| process_env.read_token_file()) {
                Ok(t) => t.clone(),
                Err(e) => {
                    status = ExitStatus::Resolution;
                    malformed(out, line_no, &e.to_string())?;
                    continue;
                }
            }
        } else {
            None
        };
        let options = ResolveOptions {
            effort: case.effort,
            strict: case.strict.unwrap_or(false),
            session_token: case.session_token,
            hf_token_file,
        };
        let mut r = report(&case.model, env, &options);
        if matches!(r, modelroute_core::Report::Failed(_)) {
            status = ExitStatus::Resolution;
        }
        if redact {
            r.redact_secrets();
        }
        serde_json::to_writer(&mut *out, &r)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(status)
}

fn malformed(out: &mut impl Write, line: usize, message: &str) -> std::io::Result<()> {
    let obj = serde_json::json!({
        "line": line,
        "valid": false,
        "local": false,
        "error": {
            "code": "malformed_line",
            "message": format!("line {line}: {message}"),
            "hints": [
                "each line must be one JSON object: {\"model\": str, \"env\": {str: str}?, \"effort\": str?, \"strict\": bool?, \"session_token\": str?, \"hf_token_file\": str?}"
            ],
        },
    });
    serde_json::to_writer(&mut *out, &obj)?;
    out.write_all(b"\n")
}
