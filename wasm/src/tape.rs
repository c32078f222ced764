//! Core's serde output as plain JavaScript objects, built in one call.
//!
//! A `serde::Serializer` writes the value as a flat tape of `u32` opcodes
//! plus one string holding every key and string value; `buildValue` in
//! glue.js walks the tape and builds the objects. Compared with creating
//! each object, key and string through its own wasm-to-JS call (what
//! serde-wasm-bindgen does), this crosses the boundary twice per result
//! and is several times faster for a report (see README "Benchmarks").
//!
//! Structs are sent by *shape*: the sequence of their field names, which
//! both sides number the same way (a field name crosses once per process,
//! as part of the definition of a shape), so a struct is its shape's
//! number followed by its values, and JavaScript builds it with one object
//! literal per shape. Maps, whose keys are data, carry their keys.
//!
//! The mapping is `serde_json`'s, so `JSON.stringify` of the result equals
//! `serde_json::to_string` of the value: structs and maps become objects
//! with keys in serialization order, `None` and `()` become `null`, unit
//! variants their name, newtype/tuple/struct variants `{name: ...}`,
//! sequences arrays, numbers numbers (`NaN` and infinities `null`). Map keys
//! must be strings, chars, booleans are refused, and integers are written
//! as their decimal text, as `serde_json` does.

use std::fmt;

use serde::ser::{self, Serialize};

/// `null`.
pub const NULL: u32 = 0;
/// `true`.
pub const TRUE: u32 = 1;
/// `false`.
pub const FALSE: u32 = 2;
/// A string: UTF-16 offset and length in the text follow.
pub const STR: u32 = 3;
/// Start of an array; elements follow until [`END`].
pub const ARRAY: u32 = 4;
/// Start of an object with its keys (a map); [`KEY`]-value pairs follow
/// until [`END`].
pub const MAP: u32 = 5;
/// End of an array or a map.
pub const END: u32 = 6;
/// A map key: UTF-16 offset and length in the text follow.
pub const KEY: u32 = 7;
/// A number: the low and high halves of its `f64` bits follow.
pub const NUM: u32 = 8;
/// An object of a known shape: the shape's number follows, then one value
/// per key of the shape (no [`END`]).
pub const SHAPED: u32 = 9;

/// Most shapes kept; a tape that starts with more than half of them used
/// starts a new table (and tells JavaScript to), so the table never fills
/// up unless one result alone has `MAX_SHAPES / 2` shapes.
const MAX_SHAPES: u32 = 512;
/// Slots of the shape table's hash index (a power of two, twice
/// `MAX_SHAPES`).
const SLOTS: usize = 1024;

/// One slot of the shape table: `(parent, key address, key length,
/// shape)`, the shape with that key after the parent's; `shape` 0 marks a
/// free slot.
type Slot = (u32, usize, usize, u32);

/// The shapes already sent to JavaScript, which keeps the same table. A
/// shape is its parent (the shape without its last key) plus one key;
/// shape 0 is the empty object. Struct field names are `&'static str`, so
/// a key is identified by its address and length.
struct Shapes {
    slots: Vec<Slot>,
    /// Shapes defined, the empty one included.
    len: u32,
}

thread_local! {
    /// Taken while a tape is being built (`None` then), put back after.
    static SHAPES: std::cell::Cell<Option<Box<Shapes>>> = const { std::cell::Cell::new(None) };
    /// Whether the table was ever created (so a taken table is not
    /// mistaken for a missing one).
    static SHAPES_MADE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Shapes {
    /// The slot of `parent` + `key`: `(index, Some(shape))` when defined.
    fn slot(&self, parent: u32, key: &'static str) -> (usize, Option<u32>) {
        let addr = key.as_ptr() as usize;
        let mut i = (addr ^ (parent as usize) << 16).wrapping_mul(0x9E37_79B9) >> 6;
        loop {
            i %= SLOTS;
            let (p, a, n, shape) = self.slots.get(i).copied().unwrap_or_default();
            if shape == 0 {
                return (i, None);
            }
            if a == addr && p == parent && n == key.len() {
                return (i, Some(shape));
            }
            i += 1;
        }
    }

    /// Forgets the shapes from `from` on (a tape that failed before
    /// JavaScript saw them).
    fn truncate(&mut self, from: u32) {
        if self.len > from {
            for slot in &mut self.slots {
                if slot.3 >= from {
                    *slot = (0, 0, 0, 0);
                }
            }
            self.len = from;
        }
    }
}

/// `Compound::slot` of an array.
const AS_ARRAY: usize = usize::MAX;
/// `Compound::slot` of a map (an object with its keys inline).
const AS_MAP: usize = usize::MAX - 1;

/// A value laid out for `buildValue`.
pub struct Tape {
    /// The shape table, taken for the tape's life; `None` while another
    /// tape holds it (a result built from a setter the caller put on a
    /// prototype): every object is then a map.
    shapes: Option<Box<Shapes>>,
    /// Shapes defined before this tape.
    base: u32,
    /// Shapes new to JavaScript: `(shape, parent, offset, length)` each,
    /// the key's text at `offset`; `(0, 0, 0, 0)` first when JavaScript
    /// must forget the shapes it has.
    pub defs: Vec<u32>,
    /// Opcodes and operands.
    ops: Vec<u32>,
    /// Every key and string, concatenated (UTF-8).
    text: Vec<u8>,
    /// Length of `text` in UTF-16 code units.
    units: usize,
    /// Set when the text outgrew `u32` offsets or the shapes their table.
    overflow: Option<&'static str>,
}

/// A value that cannot be laid out (a non-string map key, or a custom
/// serializer's error).
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
        let mut shapes = SHAPES.with(std::cell::Cell::take);
        if shapes.is_none() && !SHAPES_MADE.with(|m| m.replace(true)) {
            shapes = Some(Box::new(Shapes {
                slots: vec![(0, 0, 0, 0); SLOTS],
                len: 1,
            }));
        }
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
            overflow: None,
        }
    }

    /// The opcodes and their operands.
    pub fn ops(&self) -> &[u32] {
        &self.ops
    }

    /// Every key and string, concatenated (UTF-8).
    pub fn text(&self) -> &[u8] {
        &self.text
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
    /// JavaScript saw them (`seen`).
    pub fn finish(mut self, seen: bool) {
        if let Some(mut table) = self.shapes.take() {
            if !seen {
                table.truncate(self.base);
            }
            SHAPES.with(|k| k.set(Some(table)));
        }
    }

    /// Lays out `value` and hands the tape to `then`.
    #[cfg(test)]
    pub fn with<T: Serialize + ?Sized, R>(value: &T, then: impl FnOnce(&Tape) -> R) -> Result<R> {
        let mut tape = Tape::start();
        let done = value.serialize(&mut tape);
        let out = tape.check(done).map(|()| then(&tape));
        tape.finish(out.is_ok());
        out
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
                let shape = table.len;
                table.len += 1;
                if let Some(s) = table.slots.get_mut(i) {
                    *s = (parent, key.as_ptr() as usize, key.len(), shape);
                }
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

    /// Appends `s` to the text; its UTF-16 offset and length.
    fn push_text(&mut self, s: &str) -> Option<(u32, u32)> {
        let n = utf16_len(s);
        let (Ok(at), Ok(len)) = (u32::try_from(self.units), u32::try_from(n)) else {
            self.overflow = Some("result too large");
            return None;
        };
        self.text.extend_from_slice(s.as_bytes());
        self.units += n;
        Some((at, len))
    }

    fn text_op(&mut self, op: u32, s: &str) {
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
    tape: &'a mut Tape,
    /// The object's slot ([`Tape::open_object`]), or [`AS_ARRAY`].
    slot: usize,
    /// The slot of the `{variant: ...}` wrapper around it, if any.
    wrapper: Option<usize>,
}

impl Compound<'_> {
    fn end(self) -> Result {
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
        // JavaScript numbers: exact up to 2^53, like JSON.parse of the text.
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
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(f64::from(v))
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

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(KeySerializer(&mut *self.tape))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Writes a map key: strings and chars as they are, integers as decimal
/// text, anything else refused.
struct KeySerializer<'a>(&'a mut Tape);

impl KeySerializer<'_> {
    fn integer(self, v: impl fmt::Display) -> Result {
        self.0.text_op(KEY, &v.to_string());
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error("a map key must be a string".to_owned())
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        self.0.text_op(KEY, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
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
    fn serialize_i8(self, v: i8) -> Result {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.integer(v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.integer(v)
    }
    fn serialize_bool(self, _v: bool) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_f32(self, _v: f32) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

/// The value a tape describes, as JSON text: the native twin of
/// `buildValue`, for testing that a tape means what `serde_json` says.
#[cfg(test)]
pub fn to_json(tape: &Tape) -> String {
    thread_local! {
        // JavaScript's shape table: the keys of each shape.
        static JS_SHAPES: std::cell::RefCell<Vec<Vec<String>>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    fn raw(tape: &Tape, at: u32, len: u32) -> String {
        let text = std::str::from_utf8(tape.text()).unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[at as usize..(at + len) as usize]).unwrap()
    }
    fn text(tape: &Tape, at: u32, len: u32) -> String {
        serde_json::to_string(&raw(tape, at, len)).unwrap()
    }
    JS_SHAPES.with(|k| {
        let mut shapes = k.borrow_mut();
        if shapes.is_empty() {
            shapes.push(Vec::new());
        }
        for def in tape.defs.chunks(4) {
            let (id, parent) = (def[0] as usize, def[1] as usize);
            if id == 0 {
                shapes.truncate(1);
                continue;
            }
            let mut keys = shapes[parent].clone();
            keys.push(raw(tape, def[2], def[3]));
            if shapes.len() <= id {
                shapes.resize(id + 1, Vec::new());
            }
            shapes[id] = keys;
        }
    });
    fn value(tape: &Tape, i: &mut usize, out: &mut String) {
        let ops = tape.ops();
        let op = ops[*i];
        *i += 1;
        match op {
            NULL => out.push_str("null"),
            TRUE => out.push_str("true"),
            FALSE => out.push_str("false"),
            STR => {
                out.push_str(&text(tape, ops[*i], ops[*i + 1]));
                *i += 2;
            }
            NUM => {
                let bits = u64::from(ops[*i]) | (u64::from(ops[*i + 1]) << 32);
                let v = f64::from_bits(bits);
                // JavaScript prints integral numbers without a fraction.
                #[allow(clippy::cast_possible_truncation)]
                if v.fract() == 0.0 && v.abs() < 1e16 {
                    out.push_str(&(v as i64).to_string());
                } else {
                    out.push_str(&serde_json::to_string(&v).unwrap());
                }
                *i += 2;
            }
            SHAPED => {
                let keys = JS_SHAPES.with(|k| k.borrow()[ops[*i] as usize].clone());
                *i += 1;
                out.push('{');
                for (n, key) in keys.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    value(tape, i, out);
                }
                out.push('}');
            }
            ARRAY | MAP => {
                out.push(if op == ARRAY { '[' } else { '{' });
                let mut first = true;
                while ops[*i] != END {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    if op == MAP {
                        assert_eq!(ops[*i], KEY);
                        out.push_str(&text(tape, ops[*i + 1], ops[*i + 2]));
                        out.push(':');
                        *i += 3;
                    }
                    value(tape, i, out);
                }
                *i += 1;
                out.push(if op == ARRAY { ']' } else { '}' });
            }
            other => panic!("bad opcode {other}"),
        }
    }
    let mut out = String::new();
    let mut i = 0;
    value(tape, &mut i, &mut out);
    assert_eq!(i, tape.ops().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        One { a: u8 },
    }

    #[derive(serde::Serialize)]
    enum External {
        Unit,
        New(String),
        Tuple(u8, bool),
        Struct { x: Option<u8> },
    }

    #[derive(serde::Serialize)]
    struct Flat {
        #[serde(flatten)]
        inner: BTreeMap<String, i32>,
        after: (),
    }

    fn same_as_serde_json<T: serde::Serialize>(value: &T) {
        let json = Tape::with(value, to_json).unwrap();
        assert_eq!(json, serde_json::to_string(value).unwrap());
    }

    #[test]
    fn lays_out_what_serde_json_prints() {
        same_as_serde_json(&Tagged::One { a: 7 });
        same_as_serde_json(&vec![
            External::Unit,
            External::New("é\u{1F600}\"\n".into()),
            External::Tuple(1, false),
            External::Struct { x: None },
        ]);
        same_as_serde_json(&Flat {
            inner: [("k".to_owned(), -3)].into(),
            after: (),
        });
        same_as_serde_json(&BTreeMap::from([(1u8, 'c'), (2, 'd')]));
        same_as_serde_json(&(
            f64::NAN,
            0.5,
            u64::MAX >> 11,
            i64::MIN >> 11,
            b"ab".as_slice(),
        ));
    }

    #[test]
    fn offsets_count_utf16_units() {
        let ops = Tape::with(&["\u{1F600}", "x"], |t| t.ops().to_vec()).unwrap();
        assert_eq!(ops, [ARRAY, STR, 0, 2, STR, 2, 1, END]);
    }

    #[test]
    fn refuses_non_string_keys() {
        assert!(Tape::with(&BTreeMap::from([(true, 1)]), |_| ()).is_err());
    }

    #[test]
    fn lays_out_every_core_output_like_serde_json() {
        use modelroute_core::{explain, report, ResolveOptions};
        let env = [
            ("INFERENCE_TOKEN", "it"),
            ("HF_BILL_TO", "org"),
            ("VLLM_BASE_URL", "http://gpu:8000/"),
        ];
        for id in [
            "vllm/m",
            "ollama/",
            "a/b:fastest",
            "olama/x",
            "",
            "openai-compat/x",
        ] {
            for effort in [None, Some("max"), Some("minimal")] {
                let options = ResolveOptions {
                    effort: effort.map(str::to_owned),
                    strict: true,
                    ..ResolveOptions::default()
                };
                same_as_serde_json(&report(id, &env, &options));
                same_as_serde_json(&explain(id, &env, &options));
            }
        }
    }
}
