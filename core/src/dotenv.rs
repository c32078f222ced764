//! `.env` text as python-dotenv 1.2 reads it, as a pure function.
//!
//! The reference calls `load_dotenv()`: values already in the environment
//! win, `${VAR}` and `${VAR:-default}` are expanded (in every kind of
//! value, quoted or not), a leading byte order mark is dropped, and line
//! ends are read in Python's universal-newline mode. One deliberate
//! difference: where python-dotenv logs "could not parse statement" and
//! skips the line, modelroute stops with a [`DotenvError`] naming the line,
//! because a silently skipped `OLLAMA_BASE_URL=` line is exactly the kind of
//! mistake this tool exists to catch.

use std::fmt;

use crate::env::Env;
use crate::whitespace::{is_py_space, py_strip};

/// One `KEY=VALUE` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The key, as written (quotes removed).
    pub key: String,
    /// The value after unquoting and unescaping; `None` for a bare `KEY`
    /// line, which python-dotenv records but never exports.
    pub value: Option<String>,
    /// 1-based line where the statement starts.
    pub line: usize,
}

/// A statement python-dotenv could not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotenvError {
    /// 1-based line of the statement.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for DotenvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for DotenvError {}

/// Parses `.env` text into its statements, without expanding variables.
///
/// ```
/// use modelroute_core::dotenv::parse;
/// let b = parse("export OLLAMA_BASE_URL='http://gpu:11434' # box\nKEY\n").unwrap();
/// assert_eq!(b[0].key, "OLLAMA_BASE_URL");
/// assert_eq!(b[0].value.as_deref(), Some("http://gpu:11434"));
/// assert_eq!(b[1].value, None);
/// assert_eq!(parse("A=\"unterminated\n").unwrap_err().line, 1);
/// ```
///
/// # Errors
/// The first statement python-dotenv would skip as unparsable.
pub fn parse(text: &str) -> Result<Vec<Binding>, DotenvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = universal_newlines(text);
    let mut reader = Reader {
        s: &text,
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    loop {
        reader.skip_while(is_py_space);
        if reader.at_end() {
            return Ok(out);
        }
        let line = reader.line;
        match reader.binding() {
            Ok(Some((key, value))) => out.push(Binding { key, value, line }),
            Ok(None) => {}
            Err(message) => return Err(DotenvError { line, message }),
        }
    }
}

/// Parses and expands `.env` text the way `load_dotenv()` does, and returns
/// the variables it would set: those with a value that `process_env` does
/// not already hold (values already in the environment win).
///
/// ```
/// use modelroute_core::dotenv::load;
/// let env = [("VLLM_API_KEY", "from-shell")];
/// let set = load("HOST=gpu\nVLLM_BASE_URL=http://${HOST}:8000\nVLLM_API_KEY=from-file\n", &env).unwrap();
/// assert_eq!(set, [("HOST".to_owned(), "gpu".to_owned()), ("VLLM_BASE_URL".to_owned(), "http://gpu:8000".to_owned())]);
/// ```
///
/// # Errors
/// As [`parse`].
pub fn load(
    text: &str,
    process_env: &(impl Env + ?Sized),
) -> Result<Vec<(String, String)>, DotenvError> {
    // One body for every kind of environment (see `diagnose_with`).
    load_dyn(text, &process_env)
}

fn load_dyn(text: &str, process_env: &dyn Env) -> Result<Vec<(String, String)>, DotenvError> {
    let bindings = parse(text)?;
    let mut resolved: Vec<(String, Option<String>)> = Vec::with_capacity(bindings.len());
    let mut budget = MAX_EXPANDED;
    for b in bindings {
        let value = match b.value {
            None => None,
            Some(v) => Some(
                expand(&v, process_env, &resolved, &mut budget).ok_or_else(|| DotenvError {
                    line: b.line,
                    message: format!(
                        "expanding `${{...}}` in `{}` makes the file's values larger than {} MiB",
                        b.key,
                        MAX_EXPANDED >> 20
                    ),
                })?,
            ),
        };
        match resolved.iter_mut().find(|(k, _)| *k == b.key) {
            Some(slot) => slot.1 = value,
            None => resolved.push((b.key, value)),
        }
    }
    Ok(resolved
        .into_iter()
        .filter(|(k, _)| process_env.var(k).is_none())
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect())
}

/// Most bytes the values of one file may expand to. Each `${A}` may copy a
/// whole earlier value, so a few lines can otherwise ask for gigabytes.
pub const MAX_EXPANDED: usize = 64 << 20;

/// Expands `${NAME}` and `${NAME:-default}`: the process environment first
/// (it wins without `override`), then values set earlier in the file, then
/// the default (used only when the name is set nowhere, even if empty).
/// `None` when the result would exceed what is left of `budget`.
fn expand(
    value: &str,
    env: &(impl Env + ?Sized),
    earlier: &[(String, Option<String>)],
    budget: &mut usize,
) -> Option<String> {
    let mut out = String::with_capacity(value.len().min(*budget));
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        // name: [^}:]*, then optional :-default with default [^}]*, then }.
        let name_end = after.find(['}', ':']).unwrap_or(after.len());
        let name = &after[..name_end];
        let tail = &after[name_end..];
        let (default, consumed) = if let Some(t) = tail.strip_prefix('}') {
            (None, after.len() - t.len())
        } else if let Some(d) = tail.strip_prefix(":-") {
            match d.find('}') {
                Some(close) => (Some(&d[..close]), after.len() - d.len() + close + 1),
                None => {
                    out.push_str(&rest[..start + 2]);
                    rest = after;
                    continue;
                }
            }
        } else {
            out.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        let found = env.var(name).map(str::to_owned).or_else(|| {
            earlier
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone().unwrap_or_default())
        });
        let piece = found.as_deref().unwrap_or_else(|| default.unwrap_or(""));
        if out.len() + piece.len() > *budget {
            return None;
        }
        out.push_str(piece);
        rest = &after[consumed..];
    }
    if out.len() + rest.len() > *budget {
        return None;
    }
    out.push_str(rest);
    *budget -= out.len();
    Some(out)
}

/// Python's text mode turns `\r\n` and lone `\r` into `\n` on read.
fn universal_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// Horizontal whitespace: Python's `[^\S\r\n]`.
fn is_hspace(c: char) -> bool {
    c != '\n' && c != '\r' && is_py_space(c)
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    line: usize,
}

impl Reader<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn advance(&mut self, bytes: usize) -> &str {
        let taken = &self.s[self.pos..self.pos + bytes];
        self.line += taken.matches('\n').count();
        self.pos += bytes;
        taken
    }

    fn skip_while(&mut self, f: impl Fn(char) -> bool) -> &str {
        let n = self.rest().find(|c| !f(c)).unwrap_or(self.rest().len());
        self.advance(n)
    }

    /// One statement; `Ok(None)` for a comment line.
    fn binding(&mut self) -> Result<Option<(String, Option<String>)>, String> {
        if let Some(after) = self.rest().strip_prefix("export") {
            let ws = after.find(|c| !is_hspace(c)).unwrap_or(after.len());
            if ws > 0 {
                self.advance("export".len() + ws);
            }
        }
        let key = self.key()?;
        self.skip_while(is_hspace);
        let value = if self.peek() == Some('=') {
            self.advance(1);
            let ws = self.skip_while(is_hspace).len();
            if ws > 0 && self.peek() == Some('#') {
                Some(String::new())
            } else {
                Some(self.value()?)
            }
        } else {
            None
        };
        // Optional trailing comment, then the end of the line.
        let save = (self.pos, self.line);
        self.skip_while(is_hspace);
        if self.peek() == Some('#') {
            self.skip_while(|c| c != '\n');
        } else {
            (self.pos, self.line) = save;
        }
        self.skip_while(is_hspace);
        match self.peek() {
            None => {}
            Some('\n') => {
                self.advance(1);
            }
            Some(c) => {
                let what = match &key {
                    Some(k) => format!("unexpected {c:?} after the value of `{k}`"),
                    None => format!("unexpected {c:?}"),
                };
                return Err(format!(
                    "{what}; quote values that contain spaces, e.g. KEY=\"a b\""
                ));
            }
        }
        Ok(key.map(|k| (k, value)))
    }

    fn key(&mut self) -> Result<Option<String>, String> {
        match self.peek() {
            Some('#') => Ok(None),
            Some('\'') => {
                let body = &self.rest()[1..];
                match body.find('\'') {
                    Some(end) if end > 0 => {
                        let key = body[..end].to_owned();
                        self.advance(end + 2);
                        Ok(Some(key))
                    }
                    _ => Err("unterminated or empty quoted key".to_owned()),
                }
            }
            _ => {
                let key = self
                    .skip_while(|c| c != '=' && c != '#' && !is_py_space(c))
                    .to_owned();
                if key.is_empty() {
                    Err("missing variable name before `=`".to_owned())
                } else {
                    Ok(Some(key))
                }
            }
        }
    }

    fn value(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(q @ ('\'' | '"')) => {
                let body = &self.rest()[1..];
                let mut chars = body.char_indices();
                let end = loop {
                    match chars.next() {
                        Some((_, '\\')) => {
                            if chars.next().is_none() {
                                break None;
                            }
                        }
                        Some((i, c)) if c == q => break Some(i),
                        Some(_) => {}
                        None => break None,
                    }
                };
                let Some(end) = end else {
                    return Err(format!(
                        "unterminated {}-quoted value",
                        if q == '"' { "double" } else { "single" }
                    ));
                };
                let raw = body[..end].to_owned();
                self.advance(end + 2);
                Ok(unescape(&raw, q == '"'))
            }
            None | Some('\n') => Ok(String::new()),
            Some(_) => {
                let part = self.skip_while(|c| c != '\n');
                Ok(strip_inline_comment(part).to_owned())
            }
        }
    }
}

/// `re.sub(r"\s+#.*", "", part).rstrip()`.
fn strip_inline_comment(part: &str) -> &str {
    let mut cut = part.len();
    let mut run_start = None;
    for (i, c) in part.char_indices() {
        if is_py_space(c) {
            run_start.get_or_insert(i);
        } else {
            if c == '#' {
                if let Some(start) = run_start {
                    cut = start;
                    break;
                }
            }
            run_start = None;
        }
    }
    py_strip_end(&part[..cut])
}

fn py_strip_end(s: &str) -> &str {
    let stripped = py_strip(s);
    // py_strip trims both ends; the start of an unquoted value was already
    // past the whitespace after `=`, so only the end can change here.
    &s[..s.find(stripped).map_or(0, |i| i + stripped.len())]
}

/// Decodes `\\` and `\'` (single quotes), plus `\"`, `\a`, `\b`, `\f`,
/// `\n`, `\r`, `\t`, `\v` (double quotes). Other backslashes stay.
fn unescape(raw: &str, double: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.peek() {
            Some('\\') => Some('\\'),
            Some('\'') => Some('\''),
            Some('"') if double => Some('"'),
            Some('a') if double => Some('\u{7}'),
            Some('b') if double => Some('\u{8}'),
            Some('f') if double => Some('\u{C}'),
            Some('n') if double => Some('\n'),
            Some('r') if double => Some('\r'),
            Some('t') if double => Some('\t'),
            Some('v') if double => Some('\u{B}'),
            _ => None,
        };
        match decoded {
            Some(d) => {
                out.push(d);
                chars.next();
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EmptyEnv;

    fn values(text: &str) -> Vec<(String, Option<String>)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|b| (b.key, b.value))
            .collect()
    }

    fn one(text: &str) -> Option<String> {
        let v = values(text);
        assert_eq!(v.len(), 1, "{text:?}: {v:?}");
        v[0].1.clone()
    }

    #[test]
    fn values_as_python_dotenv_1_2_reads_them() {
        // Each expectation was checked against python-dotenv 1.2.4's
        // dotenv_values() on the same text.
        let cases: &[(&str, Option<&str>)] = &[
            ("A=1", Some("1")),
            ("A = 1 ", Some("1")),
            ("export A=1", Some("1")),
            ("A=a#b", Some("a#b")),
            ("A=a #b", Some("a")),
            ("A=#b", Some("#b")),
            ("A= #b", Some("")),
            ("A=", Some("")),
            ("A", None),
            ("A='x y' # c", Some("x y")),
            ("A=\"q\\nq\"", Some("q\nq")),
            ("A='q\\nq'", Some("q\\nq")),
            ("A='it\\'s'", Some("it's")),
            ("A=\"say \\\"hi\\\"\"", Some("say \"hi\"")),
            ("A=\"multi\nline\"", Some("multi\nline")),
            ("'A'=1", Some("1")),
            ("A=  spaced value  ", Some("spaced value")),
        ];
        for (text, want) in cases {
            assert_eq!(one(text).as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn comments_blank_lines_bom_and_crlf() {
        let v = values("\u{FEFF}# top\r\n\r\nA=1\r\n  # indented\rB=2");
        assert_eq!(
            v,
            [
                ("A".into(), Some("1".into())),
                ("B".into(), Some("2".into()))
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("A=1\n\nB=\"open\nC=3\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unterminated"));
        let e = parse("A=1\n=x\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "missing variable name before `=`")
        );
        let e = parse("A='x' y\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("line 1: unexpected 'y' after the value of `A`"));
    }

    #[test]
    fn load_expands_and_lets_the_environment_win() {
        let env = [("HOST", "shell-host"), ("EMPTY", "")];
        let text = "HOST=file-host\nA=${HOST}\nB=${NOPE:-dflt}\nC=${EMPTY:-dflt}\nD=${LATER}\nLATER=x\nE=$HOST\nF\n";
        let got = load(text, &env).unwrap();
        let get = |k: &str| got.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("HOST"), None); // already in the environment
        assert_eq!(get("A"), Some("shell-host"));
        assert_eq!(get("B"), Some("dflt"));
        assert_eq!(get("C"), Some("")); // set but empty: no default
        assert_eq!(get("D"), Some(""));
        assert_eq!(get("E"), Some("$HOST"));
        assert_eq!(get("F"), None);
    }

    #[test]
    fn expansion_is_bounded() {
        let mut text = format!("A={}\n", "x".repeat(1 << 16));
        text.push_str(&format!("B={}\n", "${A}".repeat(1024)));
        let e = load(&text, &EmptyEnv).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("larger than 64 MiB"), "{}", e.message);
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let got = load("A=1\nA=2\n", &EmptyEnv).unwrap();
        assert_eq!(got, [("A".to_owned(), "2".to_owned())]);
    }
}
