//! Gathering the real environment: the process's variables, a `.env` file
//! and the Hugging Face token file. The only place the CLI reads them; core
//! gets the result as a plain map.

use std::collections::HashMap;
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use modelroute_core::{dotenv, hf_token, Env, Route};

/// The variables a resolution sees, and where the extra ones came from.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    vars: HashMap<String, String>,
    /// The `.env` file that was read, if any, and the names it set.
    pub dotenv: Option<(PathBuf, Vec<String>)>,
}

impl Env for Environment {
    fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn names(&self) -> Vec<&str> {
        self.vars.names()
    }
}

/// Which `.env` file to read.
#[derive(Debug, Clone)]
pub enum DotenvChoice {
    /// `./.env`, when it exists.
    Default,
    /// This file, which must exist (`--env-file`).
    File(PathBuf),
    /// None (`--no-dotenv`).
    None,
}

/// The environment could not be read.
#[derive(Debug)]
pub struct EnvError {
    /// The file concerned.
    pub path: PathBuf,
    /// 1-based line, for parse errors.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl Environment {
    /// An environment holding exactly these variables (batch lines with
    /// their own `env`).
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        Environment { vars, dotenv: None }
    }

    /// The process environment plus the `.env` file `dotenv` selects.
    pub fn gather(dotenv: &DotenvChoice) -> Result<Self, EnvError> {
        // Variables whose name or value is not UTF-8 cannot be any of the
        // ones modelroute reads, so they are left out rather than mangled.
        let vars: HashMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let mut env = Environment::from_map(vars);
        let (path, required) = match dotenv {
            DotenvChoice::None => return Ok(env),
            DotenvChoice::File(p) => (p.clone(), true),
            DotenvChoice::Default => (PathBuf::from(".env"), false),
        };
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| EnvError {
                path: path.clone(),
                line: None,
                message: format!(
                    "not valid UTF-8 (byte {} on line {})",
                    e.utf8_error().valid_up_to(),
                    line_of(e.as_bytes(), e.utf8_error().valid_up_to())
                ),
                hint: Some("save the file as UTF-8".to_owned()),
            })?,
            Err(e) if e.kind() == ErrorKind::NotFound && !required => return Ok(env),
            Err(e) => return Err(io_error(&path, &e)),
        };
        let set = dotenv::load(&text, &env).map_err(|e| EnvError {
            path: path.clone(),
            line: Some(e.line),
            message: e.message,
            hint: Some("fix the line, or pass --no-dotenv to ignore the file".to_owned()),
        })?;
        let names = set.iter().map(|(k, _)| k.clone()).collect();
        env.vars.extend(set);
        env.dotenv = Some((path, names));
        Ok(env)
    }

    /// Whether resolving `id` needs the token file: an HF Router id with
    /// no key from the environment or the session.
    pub fn needs_token_file(&self, id: &str, session_token: Option<&str>) -> bool {
        modelroute_core::parse(id).route() == Route::HfRouter
            && hf_token::needs_token_file(self, session_token)
    }

    /// The token file's contents when resolving `id` needs them (SPEC §3:
    /// the file is the last source), else `None` without touching the disk.
    pub fn token_file_for(
        &self,
        id: &str,
        session_token: Option<&str>,
    ) -> Result<Option<String>, EnvError> {
        if self.needs_token_file(id, session_token) {
            self.read_token_file()
        } else {
            Ok(None)
        }
    }

    /// Reads the Hugging Face token file at the path SPEC §3 gives. A
    /// missing file, or no way to name one, is no token.
    pub fn read_token_file(&self) -> Result<Option<String>, EnvError> {
        let Some(path) = hf_token::token_file_path(self, self.var("HOME")) else {
            return Ok(None);
        };
        let path = PathBuf::from(path);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .inspect(|token| crate::scrub::add_key(token))
                .map(Some)
                .map_err(|_| EnvError {
                    path,
                    line: None,
                    message: "token file is not valid UTF-8".to_owned(),
                    hint: Some(format!(
                        "run `{}` again, or set HF_TOKEN",
                        hf_token::LOGIN_COMMAND
                    )),
                }),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&path, &e)),
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> EnvError {
    EnvError {
        path: path.to_owned(),
        line: None,
        message: format!("cannot read: {e}"),
        hint: None,
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}
