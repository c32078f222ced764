//! # modelroute-tape
//!
//! A `serde::Serializer` that hands a value to JavaScript as plain objects
//! in one call: [`to_js`] writes the value as a flat *tape* of `u32`
//! opcodes plus UTF-8 text holding every key and string ([`Tape`]),
//! and `buildValue` (`src/build.js`) walks the tape and builds the
//! objects. Compared with creating each object, key and string through its
//! own call from wasm into JavaScript (what serde-wasm-bindgen does), this
//! crosses the boundary twice per value and is several times faster (the
//! `modelroute` package's README, "Benchmarks").
//!
//! Structs are sent by *shape*: the sequence of their field names, which
//! both sides number the same way (a field name crosses once per process,
//! as part of the definition of a shape), so a struct is its shape's
//! number followed by its values, and JavaScript builds it with one object
//! literal per shape. Maps, whose keys are data, carry their keys.
//!
//! The mapping is `serde_json`'s: `JSON.stringify` of the built value is
//! `serde_json::to_string` of the Rust value, read back by `JSON.parse`
//! (byte for byte the same text when the value holds no float, no integer
//! beyond ±2^53 and no object key twice or in an order JavaScript changes).
//! README.md specifies the format and every edge case; `tests/node.rs`
//! checks the claim under Node for arbitrary values.
#![forbid(unsafe_code)]

mod bridge;
mod key;
mod number;
pub mod op;
mod shapes;
mod writer;

pub use crate::bridge::{to_js, BuildError};
pub use crate::writer::{Compound, Error, Result, Tape};
