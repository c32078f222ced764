//! Core's [`Env`] over the caller's JavaScript environment object.
//!
//! Converting a whole environment (Node's `process.env` holds dozens of
//! variables) to Rust on every call would cost more than resolving. So only
//! the variables core asks for are read, each at most once per call, and
//! kept for the rest of the call; each is checked as it is read (a string
//! or `undefined`). Variables core never asks for are never looked at.
//! `parseDotenv`, which reads whatever names its text uses, checks every
//! entry up front instead ([`JsEnv::measured`]).

use std::cell::{Cell, OnceCell, RefCell};

use modelroute_core::Env;
use wasm_bindgen::JsValue;

use crate::error::Thrown;
use crate::input::{self, Place, MAX_STRING};
use crate::js;

/// Most UTF-8 bytes of variable values one call may read (64 MiB).
pub const MAX_ENV_BYTES: usize = 64 << 20;

/// Most variable names kept as JavaScript strings between calls.
const MAX_NAMES: usize = 64;

/// Longest value (UTF-8 bytes) read the fast way: through a buffer that
/// JavaScript writes, and kept for the next call (see [`NAMES`]).
const BUF: usize = 256;

/// One name of [`NAMES`]: the name, as a JavaScript string, and the
/// value glue.js last wrote for it (`envWrite`), which it also remembers.
struct Name {
    name: Box<str>,
    js: JsValue,
    written: Option<String>,
}

thread_local! {
    /// The variable names core asks for, as JavaScript strings: a name
    /// crosses to JavaScript once, not once per lookup. A name's index is
    /// its slot in glue.js's memory of the values it wrote.
    static NAMES: RefCell<Vec<Name>> = const { RefCell::new(Vec::new()) };
}

/// Calls `f` with `name` as a JavaScript string and, when it is in
/// [`NAMES`], its index there and the value last written for it (lent, not
/// cloned: a clone is a call into JavaScript).
fn with_js_name<R>(
    name: &str,
    f: impl FnOnce(&JsValue, Option<(i32, &mut Option<String>)>) -> R,
) -> R {
    NAMES.with(|names| {
        let Ok(mut names) = names.try_borrow_mut() else {
            // A call from a getter of the caller's env, during a lookup.
            return f(&JsValue::from_str(name), None);
        };
        let i = match names.iter().position(|n| &*n.name == name) {
            Some(i) => i,
            None if names.len() < MAX_NAMES => {
                names.push(Name {
                    name: name.into(),
                    js: JsValue::from_str(name),
                    written: None,
                });
                names.len() - 1
            }
            None => return f(&JsValue::from_str(name), None),
        };
        match (names.get_mut(i), i32::try_from(i)) {
            (Some(Name { js, written, .. }), Ok(i)) => f(js, Some((i, written))),
            _ => f(&JsValue::from_str(name), None),
        }
    })
}

/// Whether `s` holds U+FFFD, which a lone surrogate becomes on its way
/// from JavaScript (a quick byte check first: U+FFFD starts with 0xEF).
fn has_replacement(s: &str) -> bool {
    s.as_bytes().contains(&0xEF) && s.contains('\u{FFFD}')
}

/// What kind of object the environment is (see `envKind` in glue.js).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    None = 0,
    Object = 1,
    Map = 2,
}

/// One variable read so far; a singly linked list of cells lets entries be
/// appended through `&self` while earlier ones stay borrowed by core.
#[derive(Debug)]
struct Entry {
    name: Box<str>,
    value: Option<String>,
    next: OnceCell<Box<Entry>>,
}

/// The `env` argument of one call.
#[derive(Debug)]
pub struct JsEnv<'a> {
    func: &'static str,
    object: &'a JsValue,
    kind: Kind,
    head: OnceCell<Box<Entry>>,
    bytes: Cell<usize>,
    failure: RefCell<Option<Thrown>>,
    longest: usize,
    /// Every name, listed once when core first asks (see [`Env::names`]).
    names: OnceCell<Box<str>>,
}

impl<'a> JsEnv<'a> {
    /// Takes `object` (`undefined`, `null`, a plain object or a `Map`) as
    /// `func`'s environment.
    pub fn new(func: &'static str, object: &'a JsValue) -> Result<Self, Thrown> {
        Self::checked(func, object, false)
    }

    /// As [`JsEnv::new`], also checking every entry now (keys strings,
    /// values strings or `undefined`) and measuring the longest value (see
    /// [`JsEnv::longest`]).
    pub fn measured(func: &'static str, object: &'a JsValue) -> Result<Self, Thrown> {
        Self::checked(func, object, true)
    }

    fn checked(func: &'static str, object: &'a JsValue, measure: bool) -> Result<Self, Thrown> {
        let kind = match js::env_kind(object) {
            0 => Kind::None,
            1 => Kind::Object,
            2 => Kind::Map,
            _ => {
                return Err(input::wrong_type(
                    func,
                    Place::Arg("env"),
                    "an object, a Map, null or undefined",
                    object,
                ))
            }
        };
        if measure && kind != Kind::None {
            if let Err(e) = js::env_check_all(object, kind as i32) {
                let key = js::bad_field(&e, "key").unwrap_or_default();
                return Err(match js::bad_field(&e, "what").as_deref() {
                    None => Thrown::invalid(format!("{func}: reading argument `env` threw"))
                        .caused_by(e),
                    Some("key") => Thrown::invalid(format!(
                        "{func}: argument `env` is a Map with a key that is not a string: {} ({})",
                        input::quote(&key),
                        js::bad_field(&e, "desc").unwrap_or_default()
                    )),
                    _ => input::refused(
                        func,
                        Place::EnvValue(&key),
                        &e,
                        "a string or undefined",
                        MAX_STRING,
                    ),
                });
            }
        }
        let longest = if measure {
            js::env_longest() as usize
        } else {
            0
        };
        Ok(JsEnv {
            func,
            object,
            kind,
            head: OnceCell::new(),
            bytes: Cell::new(0),
            failure: RefCell::new(None),
            longest,
            names: OnceCell::new(),
        })
    }

    /// Longest value in UTF-16 code units (only from [`JsEnv::measured`]).
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The first problem met while core read variables, if any.
    pub fn finish(self) -> Result<(), Thrown> {
        match self.failure.into_inner() {
            Some(t) => Err(t),
            None => Ok(()),
        }
    }

    fn fail(&self, t: Thrown) {
        let mut slot = self.failure.borrow_mut();
        if slot.is_none() {
            *slot = Some(t);
        }
    }

    /// Reads one variable from JavaScript.
    fn fetch(&self, name: &str) -> Option<String> {
        if self.failure.borrow().is_some() {
            return None;
        }
        let func = self.func;
        let place = Place::EnvValue(name);
        let max = u32::try_from(MAX_STRING).unwrap_or(u32::MAX);
        let kind = self.kind as i32;
        let checked = with_js_name(name, |js_name, mut slot| {
            let index = slot.as_ref().map_or(-1, |(i, _)| *i);
            // Most values fit in a small buffer, which JavaScript writes
            // directly, and are the same string as the last time they were
            // read, which it then does not write again; anything else
            // takes the slow way.
            let fast = match js::env_read(self.object, kind, js_name, index, BUF as u32) {
                -1 => return None,
                -3 => slot.as_ref().and_then(|(_, written)| (*written).clone()),
                -4 => {
                    let mut buf = [0u8; BUF];
                    let n = js::env_write(index, &mut buf);
                    let s = usize::try_from(n)
                        .ok()
                        .and_then(|n| buf.get(..n))
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .map(str::to_owned);
                    if let Some((_, written)) = slot.as_mut() {
                        written.clone_from(&s);
                    }
                    s
                }
                _ => None,
            };
            if let Some(s) = fast.filter(|s| !has_replacement(s)) {
                return Some(Ok(s));
            }
            // Too long for the buffer, not a string, a getter that threw,
            // a lone surrogate (which arrives as U+FFFD) or a real U+FFFD:
            // take the value read, and look closer if need be.
            let s = js::env_taken(max);
            if !has_replacement(&s) {
                return Some(Ok(s));
            }
            Some(match js::env_taken_raw() {
                Ok(raw) => input::string_or(func, place, &raw, MAX_STRING, "a string or undefined"),
                Err(e) => Err(input::refused(
                    func,
                    place,
                    &e,
                    "a string or undefined",
                    MAX_STRING,
                )),
            })
        })?;
        match checked {
            Ok(s) => {
                let total = self.bytes.get().saturating_add(s.len());
                self.bytes.set(total);
                if total > MAX_ENV_BYTES {
                    self.fail(Thrown::invalid(format!(
                        "{func}: the values read from argument `env` exceed {MAX_ENV_BYTES} bytes"
                    )));
                    return None;
                }
                Some(s)
            }
            Err(t) => {
                self.fail(t);
                None
            }
        }
    }
}

impl Env for JsEnv<'_> {
    fn names(&self) -> Vec<&str> {
        if self.kind == Kind::None {
            return Vec::new();
        }
        // A Proxy whose key listing throws only goes without the check.
        let joined = self.names.get_or_init(|| {
            js::env_names(self.object, self.kind as i32)
                .unwrap_or_default()
                .into()
        });
        // A byte scan: `split` brings a searcher that costs the main
        // entry 2 KB of its size budget.
        let mut names = Vec::new();
        let mut rest: &str = joined;
        while !rest.is_empty() {
            let end = rest.bytes().position(|b| b == 0).unwrap_or(rest.len());
            if end > 0 {
                names.push(&rest[..end]);
            }
            rest = rest.get(end + 1..).unwrap_or_default();
        }
        names
    }

    fn var(&self, name: &str) -> Option<&str> {
        if self.kind == Kind::None {
            return None;
        }
        let mut slot = &self.head;
        while let Some(entry) = slot.get() {
            if &*entry.name == name {
                return entry.value.as_deref();
            }
            slot = &entry.next;
        }
        let value = self.fetch(name);
        let entry = slot.get_or_init(|| {
            Box::new(Entry {
                name: name.into(),
                value,
                next: OnceCell::new(),
            })
        });
        entry.value.as_deref()
    }
}
