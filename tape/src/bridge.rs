//! [`to_js`]: a value laid out on a [`Tape`] and built by `buildValue`
//! (`build.js`), the one JavaScript function of the crate.

use std::fmt;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::writer::{Error, Tape};

#[wasm_bindgen(module = "/src/build.js")]
extern "C" {
    /// The value a tape describes, or `undefined` when JavaScript's view of
    /// wasm memory was detached while building (call again with a fresh
    /// view); throws what a setter of the caller's throws.
    #[wasm_bindgen(js_name = buildValue, catch)]
    fn build_value(text: &[u8], defs: &[u32], ops: &[u32])
        -> std::result::Result<JsValue, JsValue>;
}

/// Why [`to_js`] returned no value.
#[derive(Debug)]
pub enum BuildError {
    /// The value could not be laid out (see [`Error`]).
    Layout(Error),
    /// JavaScript threw while building it: a setter the caller put on
    /// `Array.prototype`, or memory exhausted.
    Thrown(JsValue),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Layout(e) => write!(f, "could not lay the value out: {e}"),
            BuildError::Thrown(_) => f.write_str("JavaScript threw while building the value"),
        }
    }
}

impl std::error::Error for BuildError {}

/// `value` as plain JavaScript objects, exactly as `serde_json` maps it
/// (README.md): one pass of serde into a [`Tape`], one call into
/// JavaScript. Only on wasm32 (elsewhere there is no JavaScript to call).
///
/// # Errors
/// [`BuildError::Layout`] for a value serde_json would refuse too (a map
/// key that is not a string, number or boolean; a `Serialize` error) or a
/// value too large for the format; [`BuildError::Thrown`] when JavaScript
/// threw.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, BuildError> {
    let mut tape = Tape::start();
    let done = value.serialize(&mut tape);
    build(tape, done)
}

/// The objects `tape` describes (the part of [`to_js`] that does not
/// depend on the type, kept out of line so it is compiled once).
#[inline(never)]
fn build(tape: Tape, done: crate::writer::Result) -> Result<JsValue, BuildError> {
    if let Err(e) = tape.check(done) {
        tape.finish(false);
        return Err(BuildError::Layout(e));
    }
    let mut built = build_value(tape.text(), tape.defs(), tape.ops());
    // A setter the caller put on Array.prototype called into wasm, which
    // grew the memory and so detached JavaScript's view of the tape: build
    // again from a fresh view (a few times at most).
    for _ in 0..3 {
        match &built {
            Ok(v) if v.is_undefined() => {
                built = build_value(tape.text(), tape.defs(), tape.ops());
            }
            _ => break,
        }
    }
    tape.finish(true);
    match built {
        Ok(v) if v.is_undefined() => Err(BuildError::Thrown(JsValue::from_str(
            "the wasm memory kept growing while the value was built",
        ))),
        Ok(v) => Ok(v),
        Err(e) => Err(BuildError::Thrown(e)),
    }
}
