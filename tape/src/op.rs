//! The opcodes of a tape (README.md, "Opcodes"). `build.js` keeps the same
//! numbers; a test reads them from there (`tests/node.rs`).

/// `null`.
pub const NULL: u32 = 0;
/// `true`.
pub const TRUE: u32 = 1;
/// `false`.
pub const FALSE: u32 = 2;
/// A string: its UTF-16 offset and length in the text follow.
pub const STR: u32 = 3;
/// Start of an array; elements follow until [`END`].
pub const ARRAY: u32 = 4;
/// Start of an object with its keys (a map); [`KEY`]-value pairs follow
/// until [`END`].
pub const MAP: u32 = 5;
/// End of an array or a map.
pub const END: u32 = 6;
/// A map key: its UTF-16 offset and length in the text follow.
pub const KEY: u32 = 7;
/// A number: the low and high halves of its `f64` bits follow.
pub const NUM: u32 = 8;
/// An object of a known shape: the shape's number follows, then one value
/// per key of the shape (no [`END`]).
pub const SHAPED: u32 = 9;

/// Bit 31 of a text offset (of [`STR`], [`KEY`] and a shape's key): the
/// string is in the *wide* text, which holds every string that is not
/// ASCII, rather than in the ASCII text (README.md, "Layout").
pub const WIDE: u32 = 1 << 31;
