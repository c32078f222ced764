//! [`Tape`]: the `serde::Serializer` that writes a value as opcodes plus
//! its texts (README.md, "Layout").

use std::fmt;

use serde::ser::{self, Serialize};

use crate::number;
use crate::op::{ARRAY, END, FALSE, KEY, MAP, NULL, NUM, SHAPED, STR, TRUE, WIDE};
use crate::shapes::{Shapes, MAX_SHAPES};

/// `Compound::slot` of an array.
const AS_ARRAY: usize = usize::MAX;
/// `Compound::slot` of a map (an object with its keys inline).
const AS_MAP: usize = usize::MAX - 1;

/// A value laid out for `buildValue` (build.js).
///
/// ```
/// use modelroute_tape::{op, Tape};
///
/// let mut tape = Tape::start();
/// let done = serde::Serialize::serialize(&("é", "a", 2u8), &mut tape);
/// assert!(tape.check(done).is_ok());
/// assert_eq!(tape.ops()[..7], [op::ARRAY, op::STR, op::WIDE, 1, op::STR, 0, 1]);
/// assert_eq!(tape.text(), b"a");
/// assert_eq!(tape.wide(), "é".as_bytes());
/// tape.finish(false);
/// ```
pub struct Tape {
    /// The shape table, taken for the tape's life; `None` while another
    /// tape holds it: every object is then a map.
    shapes: Option<Box<Shapes>>,
    /// Shapes defined before this tape.
    base: u32,
    /// Shapes new to JavaScript: `(shape, parent, offset, length)` each,
    /// the key's text at `offset`; `(0, 0, 0, 0)` first when JavaScript
    /// must forget the shapes it has.
    defs: Vec<u32>,
    /// Opcodes and operands.
    ops: Vec<u32>,
    /// Every key and string that is ASCII, concatenated.
    text: Vec<u8>,
    /// Length of `text` (in bytes, which are its UTF-16 code units).
    units: usize,
    /// Every other key and string, concatenated (UTF-8): apart, so that
    /// JavaScript decodes the ASCII ones as a one-byte string, which is
    /// faster to make and to slice than the two-byte string a single
    /// non-ASCII character makes of the whole text.
    wide: Vec<u8>,
    /// Length of `wide` in UTF-16 code units.
    wide_units: usize,
    /// Set when the text outgrew `u32` offsets or the shapes their table.
    overflow: Option<&'static str>,
}

/// A value that cannot be laid out: a map key `serde_json` refuses too, a
/// `Serialize` implementation's own error, or a value too large for the
/// format.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// What laying a value out returns.
pub type Result<T = ()> = std::result::Result<T, Error>;

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

impl Tape {
    /// An empty tape, holding the shape table until [`Tape::finish`]
    /// (every tape must be finished).
    #[inline(never)]
    pub fn start() -> Tape {
        let mut shapes = Shapes::take();
        let mut defs = Vec::new();
        if let Some(table) = shapes.as_deref_mut() {
            if table.len > MAX_SHAPES / 2 {
                table.truncate(1);
                defs.extend_from_slice(&[0, 0, 0, 0]);
            }
        }
        Tape {
            base: shapes.as_ref().map_or(0, |t| t.len),
            shapes,
            defs,
            ops: Vec::with_capacity(256),
            text: Vec::with_capacity(1024),
            units: 0,
            wide: Vec::new(),
            wide_units: 0,
            overflow: None,
        }
    }

    /// The opcodes and their operands.
    pub fn ops(&self) -> &[u32] {
        &self.ops
    }

    /// Every key and string that is ASCII, concatenated.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// Every key and string that is not ASCII, concatenated (UTF-8): the
    /// ones whose offset has the [`WIDE`] bit.
    pub fn wide(&self) -> &[u8] {
        &self.wide
    }

    /// The shapes this tape defines: `(shape, parent, offset, length)`
    /// quadruples, `(0, 0, 0, 0)` first when the reader must forget the
    /// shapes it has.
    pub fn defs(&self) -> &[u32] {
        &self.defs
    }

    /// Whether the value was laid out whole: `done` (what serializing
    /// returned), unless the tape overflowed.
    pub fn check(&self, done: Result) -> Result {
        done?;
        match self.overflow {
            Some(why) => Err(Error(why.to_owned())),
            None => Ok(()),
        }
    }

    /// Puts the shape table back, forgetting this tape's shapes unless
    /// the reader saw them (`seen`).
    pub fn finish(mut self, seen: bool) {
        if let Some(mut table) = self.shapes.take() {
            if !seen {
                table.truncate(self.base);
            }
            table.put();
        }
    }

    /// Starts an object: shaped when the shape table is there (its slot in
    /// `ops`, which holds the shape of the keys written so far), a map
    /// ([`AS_MAP`]) otherwise.
    fn open_object(&mut self) -> usize {
        if self.shapes.is_some() {
            self.ops.extend_from_slice(&[SHAPED, 0]);
            self.ops.len() - 1
        } else {
            self.ops.push(MAP);
            AS_MAP
        }
    }

    /// Writes key `key` of the object at `slot` (from [`Tape::open_object`]).
    #[inline(never)]
    fn key(&mut self, slot: usize, key: &'static str) {
        if slot == AS_MAP {
            return self.text_op(KEY, key);
        }
        let parent = self.ops.get(slot).copied().unwrap_or_default();
        let Some(table) = self.shapes.as_deref_mut() else {
            return;
        };
        let shape = match table.slot(parent, key) {
            (_, Some(shape)) => shape,
            (_, None) if table.len >= MAX_SHAPES => {
                self.overflow = Some("result has too many object shapes");
                0
            }
            (i, None) => {
                let shape = table.define(i, parent, key);
                if let Some((at, len)) = self.push_text(key) {
                    self.defs.extend_from_slice(&[shape, parent, at, len]);
                }
                shape
            }
        };
        if let Some(op) = self.ops.get_mut(slot) {
            *op = shape;
        }
    }

    /// Ends the array or object at `slot`: arrays and maps end with
    /// [`END`], a shaped object is complete.
    fn close(&mut self, slot: usize) {
        if slot >= AS_MAP {
            self.ops.push(END);
        }
    }

    /// Opens the `{variant: ...}` wrapper of a newtype, tuple or struct
    /// variant: its slot, to [`Tape::close`] after the value.
    fn open_variant(&mut self, variant: &'static str) -> usize {
        let slot = self.open_object();
        self.key(slot, variant);
        slot
    }

    /// Appends `s` to the text, or to the wide text when it is not ASCII;
    /// its UTF-16 offset (with the [`WIDE`] bit in the wide text) and
    /// length.
    fn push_text(&mut self, s: &str) -> Option<(u32, u32)> {
        let n = utf16_len(s);
        // Only ASCII has as many UTF-16 units as UTF-8 bytes.
        let (text, units, flag) = if n == s.len() {
            (&mut self.text, &mut self.units, 0)
        } else {
            (&mut self.wide, &mut self.wide_units, WIDE)
        };
        let at = u32::try_from(*units).ok().filter(|at| *at < WIDE);
        let (Some(at), Ok(len)) = (at, u32::try_from(n)) else {
            self.overflow = Some("result too large");
            return None;
        };
        text.extend_from_slice(s.as_bytes());
        *units += n;
        Some((at | flag, len))
    }

    /// Writes `op` ([`STR`] or [`KEY`]) and the place of `s` in the text.
    pub(crate) fn text_op(&mut self, op: u32, s: &str) {
        if let Some((at, len)) = self.push_text(s) {
            self.ops.extend_from_slice(&[op, at, len]);
        }
    }

    fn number(&mut self, v: f64) {
        if v.is_finite() {
            let bits = v.to_bits();
            // Split into halves: truncation is the point.
            #[allow(clippy::cast_possible_truncation)]
            self.ops
                .extend_from_slice(&[NUM, bits as u32, (bits >> 32) as u32]);
        } else {
            self.ops.push(NULL);
        }
    }
}

/// Serializes the elements of one array or the fields of one object.
pub struct Compound<'a> {
    pub(crate) tape: &'a mut Tape,
    /// The object's slot ([`Tape::open_object`]), or [`AS_ARRAY`].
    slot: usize,
    /// The slot of the `{variant: ...}` wrapper around it, if any.
    wrapper: Option<usize>,
}

impl Compound<'_> {
    pub(crate) fn end(self) -> Result {
        self.tape.close(self.slot);
        if let Some(slot) = self.wrapper {
            self.tape.close(slot);
        }
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.tape.key(self.slot, key);
        value.serialize(&mut *self.tape)
    }
}

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.ops.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result {
        // The nearest number, as JSON.parse reads serde_json's digits:
        // exact up to 2^53.
        #[allow(clippy::cast_precision_loss)]
        self.serialize_f64(v as f64)
    }
    fn serialize_i128(self, v: i128) -> Result {
        #[allow(clippy::cast_precision_loss)]
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        #[allow(clippy::cast_precision_loss)]
        self.serialize_f64(v as f64)
    }
    fn serialize_u128(self, v: u128) -> Result {
        #[allow(clippy::cast_precision_loss)]
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(number::f32_as_json_reads_it(v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.text_op(STR, v);
        Ok(())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.serialize_str(&value.to_string())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.ops.push(ARRAY);
        for &b in v {
            self.number(f64::from(b));
        }
        self.ops.push(END);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        let wrapper = self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close(wrapper);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.ops.push(ARRAY);
        Ok(Compound {
            tape: self,
            slot: AS_ARRAY,
            wrapper: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        let wrapper = self.open_variant(variant);
        self.ops.push(ARRAY);
        Ok(Compound {
            tape: self,
            slot: AS_ARRAY,
            wrapper: Some(wrapper),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        // Keys are data: always inline.
        self.ops.push(MAP);
        Ok(Compound {
            tape: self,
            slot: AS_MAP,
            wrapper: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        let slot = self.open_object();
        Ok(Compound {
            tape: self,
            slot,
            wrapper: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        let wrapper = self.open_variant(variant);
        let slot = self.open_object();
        Ok(Compound {
            tape: self,
            slot,
            wrapper: Some(wrapper),
        })
    }
}

/// The compounds whose parts are values in turn (arrays).
macro_rules! elements {
    ($($kind:ident :: $method:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                value.serialize(&mut *self.tape)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The compounds whose parts are named fields (structs).
macro_rules! fields {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn ops_of<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u32>> {
        let mut tape = Tape::start();
        let done = value.serialize(&mut tape);
        let out = tape.check(done).map(|()| tape.ops().to_vec());
        tape.finish(false);
        out
    }

    #[test]
    fn offsets_count_utf16_units() {
        let ops = ops_of(&["\u{1F600}", "x", "é", "y"]).unwrap();
        assert_eq!((ops.len(), ops[0], ops[13]), (14, ARRAY, END));
        // ASCII strings in the text, the others in the wide text (bit 31).
        let strs: Vec<_> = ops[1..13].chunks(3).map(|c| (c[0], c[1], c[2])).collect();
        assert_eq!(
            strs,
            [(STR, WIDE, 2), (STR, 0, 1), (STR, WIDE | 2, 1), (STR, 1, 1)]
        );
    }

    #[test]
    fn map_keys_follow_serde_json() {
        assert!(ops_of(&BTreeMap::from([(true, 1)])).is_ok());
        assert!(ops_of(&BTreeMap::from([(Some(1), 1)])).is_ok());
        assert!(ops_of(&BTreeMap::from([(None::<u8>, 1)])).is_err());
        assert!(ops_of(&BTreeMap::from([((), 1)])).is_err());
        assert!(ops_of(&BTreeMap::from([(vec![1], 1)])).is_err());
    }

    #[test]
    fn non_finite_numbers_are_null() {
        let ops = ops_of(&(f64::NAN, f32::INFINITY, f64::NEG_INFINITY)).unwrap();
        assert_eq!(ops, [ARRAY, NULL, NULL, NULL, END]);
    }
}
