//! [`to_js`]: a value laid out on a [`Tape`] and built by `buildValue`
//! (`build.js`), the one JavaScript function of the crate.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::writer::{Error, Tape};

#[wasm_bindgen(module = "/src/build.js")]
extern "C" {
    /// Gives `buildValue` the instance's memory, where it reads tapes.
    #[wasm_bindgen(js_name = useMemory)]
    fn use_memory(memory: JsValue);

    /// The value the tape at `ops` describes over the texts at `text` and
    /// `wide`,
    /// after adding the shapes at `defs` (addresses and lengths, as
    /// numbers: no view of the memory is made per call), or `undefined`
    /// when JavaScript threw (a setter of the caller's, memory exhausted,
    /// or the memory kept growing under it): [`build_rethrow`] throws it.
    #[wasm_bindgen(js_name = buildValue)]
    #[allow(clippy::too_many_arguments)]
    fn build_value(
        text: *const u8,
        text_len: usize,
        wide: *const u8,
        wide_len: usize,
        defs: *const u32,
        defs_len: usize,
        ops: *const u32,
        ops_len: usize,
    ) -> JsValue;

    /// Throws what the last `buildValue` threw.
    #[wasm_bindgen(js_name = buildRethrow, catch)]
    fn build_rethrow() -> std::result::Result<(), JsValue>;
}

thread_local! {
    /// Whether `buildValue` has the memory ([`use_memory`]).
    static MEMORY_GIVEN: Cell<bool> = const { Cell::new(false) };
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
    if !MEMORY_GIVEN.with(|given| given.replace(true)) {
        use_memory(wasm_bindgen::memory());
    }
    let built = build_value(
        tape.text().as_ptr(),
        tape.text().len(),
        tape.wide().as_ptr(),
        tape.wide().len(),
        tape.defs().as_ptr(),
        tape.defs().len(),
        tape.ops().as_ptr(),
        tape.ops().len(),
    );
    let built = if built.is_undefined() {
        build_rethrow().map(|()| built)
    } else {
        Ok(built)
    };
    tape.finish(true);
    built.map_err(BuildError::Thrown)
}
