//! Core's serde output as plain JavaScript objects, built in one call.
//!
//! A `serde::Serializer` writes the value as a flat tape of `u32` opcodes
//! plus one string holding every key and string value; `buildValue` in
//! glue.js walks the tape and builds the objects. Compared with creating
//! each object, key and string through its own wasm-to-JS call (what
//! serde-wasm-bindgen does), this crosses the boundary twice per result
//! and is several times faster for a report (see README "Benchmarks").
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
/// Start of an object; [`KEY`]-value pairs follow until [`END`].
pub const OBJECT: u32 = 5;
/// End of an array or object.
pub const END: u32 = 6;
/// An object key: UTF-16 offset and length in the text follow.
pub const KEY: u32 = 7;
/// A number: the low and high halves of its `f64` bits follow.
pub const NUM: u32 = 8;
/// An object key from the key table: its index follows.
pub const KEY_ID: u32 = 9;

/// Most field names kept in the key table; later ones are sent inline.
const MAX_KEYS: usize = 192;
/// Slots of the key table's hash index (a power of two above `MAX_KEYS`).
const SLOTS: usize = 256;

/// Field names already sent to JavaScript, which keeps them (internalized)
/// in its own table at the same index: a field name crosses once per
/// process, not once per result. Struct field names are `&'static str`, so
/// their address identifies them.
struct KeyTable {
    /// `(address, length, index + 1)`; 0 marks a free slot.
    slots: [(usize, usize, u32); SLOTS],
    len: u32,
}

thread_local! {
    /// Taken while a tape is being built (`None` then), put back after.
    static KEYS: std::cell::Cell<Option<Box<KeyTable>>> = const { std::cell::Cell::new(None) };
    /// Whether the table was ever created (so a taken table is not
    /// mistaken for a missing one).
    static KEYS_MADE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The key table, unless another tape holds it (a result built while
/// another is being built: only from a setter the caller put on
/// `Object.prototype`).
fn take_keys() -> Option<Box<KeyTable>> {
    if let Some(table) = KEYS.with(std::cell::Cell::take) {
        return Some(table);
    }
    if KEYS_MADE.with(|m| m.replace(true)) {
        return None;
    }
    Some(Box::new(KeyTable {
        slots: [(0, 0, 0); SLOTS],
        len: 0,
    }))
}

fn put_keys(table: Option<Box<KeyTable>>) {
    if let Some(table) = table {
        KEYS.with(|k| k.set(Some(table)));
    }
}

impl KeyTable {
    fn slot(&self, key: &'static str) -> (usize, Option<u32>) {
        let addr = key.as_ptr() as usize;
        let mut i = (addr >> 2).wrapping_mul(0x9E37_79B9) % SLOTS;
        loop {
            let (a, n, id) = self.slots[i];
            if id == 0 {
                return (i, None);
            }
            if a == addr && n == key.len() {
                return (i, Some(id - 1));
            }
            i = (i + 1) % SLOTS;
        }
    }

    /// Forgets the keys given indices from `from` on (a tape that failed
    /// before JavaScript saw them).
    fn truncate(&mut self, from: u32) {
        if self.len > from {
            for slot in &mut self.slots {
                if slot.2 > from {
                    *slot = (0, 0, 0);
                }
            }
            self.len = from;
        }
    }
}

/// A value laid out for `buildValue`.
pub struct Tape<'k> {
    /// `None` while another tape holds the table (a result built from a
    /// setter the caller put on `Object.prototype`): keys then go inline.
    keys: Option<&'k mut KeyTable>,
    /// Keys new to JavaScript's key table: `(index, offset, length)` each.
    pub defs: Vec<u32>,
    /// Opcodes and operands.
    pub ops: Vec<u32>,
    /// Every key and string, concatenated.
    pub text: String,
    /// Length of `text` in UTF-16 code units.
    units: usize,
    /// Set when the text outgrew `u32` offsets.
    overflow: bool,
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

type Result<T = ()> = std::result::Result<T, Error>;

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

impl Tape<'_> {
    /// Lays out `value`.
    /// Lays out `value` and hands the tape to `then`.
    pub fn with<T: Serialize + ?Sized, R>(
        value: &T,
        then: impl FnOnce(&Tape<'_>) -> R,
    ) -> Result<R> {
        let mut keys = take_keys();
        let base = keys.as_ref().map_or(0, |t| t.len);
        let mut tape = Tape {
            keys: keys.as_deref_mut(),
            defs: Vec::new(),
            ops: Vec::with_capacity(256),
            text: String::with_capacity(1024),
            units: 0,
            overflow: false,
        };
        let mut done = value.serialize(&mut tape);
        if done.is_ok() && tape.overflow {
            done = Err(Error("result too large".to_owned()));
        }
        let out = match done {
            Ok(()) => Ok(then(&tape)),
            Err(e) => {
                if let Some(keys) = tape.keys {
                    keys.truncate(base);
                }
                Err(e)
            }
        };
        put_keys(keys);
        out
    }

    /// Writes a struct field name, through the key table when it can.
    fn field(&mut self, key: &'static str) {
        let Some(table) = self.keys.as_deref_mut() else {
            return self.text_op(KEY, key);
        };
        let known = match table.slot(key) {
            (_, Some(id)) => Some((id, false)),
            (_, None) if table.len as usize >= MAX_KEYS => None,
            (slot, None) => {
                let id = table.len;
                table.len += 1;
                table.slots[slot] = (key.as_ptr() as usize, key.len(), id + 1);
                Some((id, true))
            }
        };
        match known {
            Some((id, is_new)) => {
                if is_new {
                    if let Some((at, len)) = self.push_text(key) {
                        self.defs.extend_from_slice(&[id, at, len]);
                    }
                }
                self.ops.extend_from_slice(&[KEY_ID, id]);
            }
            None => self.text_op(KEY, key),
        }
    }

    /// Appends `s` to the text; its UTF-16 offset and length.
    fn push_text(&mut self, s: &str) -> Option<(u32, u32)> {
        let n = utf16_len(s);
        let (Ok(at), Ok(len)) = (u32::try_from(self.units), u32::try_from(n)) else {
            self.overflow = true;
            return None;
        };
        self.text.push_str(s);
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

/// Serializes the elements or fields of one array or object.
pub struct Compound<'a, 'k> {
    tape: &'a mut Tape<'k>,
    /// Extra `END`s to write after ours (variant wrappers).
    wrappers: usize,
}

impl Compound<'_, '_> {
    fn end(self) -> Result {
        for _ in 0..=self.wrappers {
            self.tape.ops.push(END);
        }
        Ok(())
    }
}

impl<'a, 'k> ser::Serializer for &'a mut Tape<'k> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'k>;
    type SerializeTuple = Compound<'a, 'k>;
    type SerializeTupleStruct = Compound<'a, 'k>;
    type SerializeTupleVariant = Compound<'a, 'k>;
    type SerializeMap = Compound<'a, 'k>;
    type SerializeStruct = Compound<'a, 'k>;
    type SerializeStructVariant = Compound<'a, 'k>;

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
        // Written in place, without the String serde's default makes.
        use fmt::Write as _;
        let start = self.text.len();
        write!(self.text, "{value}").map_err(|_| Error("a Display impl failed".to_owned()))?;
        let n = utf16_len(&self.text[start..]);
        let (Ok(at), Ok(len)) = (u32::try_from(self.units), u32::try_from(n)) else {
            self.overflow = true;
            return Ok(());
        };
        self.ops.extend_from_slice(&[STR, at, len]);
        self.units += n;
        Ok(())
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
        self.ops.push(OBJECT);
        self.text_op(KEY, variant);
        value.serialize(&mut *self)?;
        self.ops.push(END);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'k>> {
        self.ops.push(ARRAY);
        Ok(Compound {
            tape: self,
            wrappers: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'k>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'k>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'k>> {
        self.ops.push(OBJECT);
        self.text_op(KEY, variant);
        self.ops.push(ARRAY);
        Ok(Compound {
            tape: self,
            wrappers: 1,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'k>> {
        self.ops.push(OBJECT);
        Ok(Compound {
            tape: self,
            wrappers: 0,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 'k>> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'k>> {
        self.ops.push(OBJECT);
        self.text_op(KEY, variant);
        self.ops.push(OBJECT);
        Ok(Compound {
            tape: self,
            wrappers: 1,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
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

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.tape.field(key);
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.tape.field(key);
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Writes a map key: strings and chars as they are, integers as decimal
/// text, anything else refused.
struct KeySerializer<'a, 'k>(&'a mut Tape<'k>);

impl KeySerializer<'_, '_> {
    fn integer(self, v: impl fmt::Display) -> Result {
        self.0.text_op(KEY, &v.to_string());
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    Error("a map key must be a string".to_owned())
}

impl ser::Serializer for KeySerializer<'_, '_> {
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
pub fn to_json(tape: &Tape<'_>) -> String {
    thread_local! {
        // JavaScript's key table.
        static JS_KEYS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    fn raw(tape: &Tape<'_>, at: u32, len: u32) -> String {
        let units: Vec<u16> = tape.text.encode_utf16().collect();
        String::from_utf16(&units[at as usize..(at + len) as usize]).unwrap()
    }
    fn text(tape: &Tape<'_>, at: u32, len: u32) -> String {
        serde_json::to_string(&raw(tape, at, len)).unwrap()
    }
    JS_KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        for def in tape.defs.chunks(3) {
            let id = def[0] as usize;
            if keys.len() <= id {
                keys.resize(id + 1, String::new());
            }
            keys[id] = raw(tape, def[1], def[2]);
        }
    });
    fn value(tape: &Tape<'_>, i: &mut usize, out: &mut String) {
        let ops = &tape.ops;
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
            ARRAY | OBJECT => {
                out.push(if op == ARRAY { '[' } else { '{' });
                let mut first = true;
                while ops[*i] != END {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    if op == OBJECT && ops[*i] == KEY_ID {
                        let id = ops[*i + 1] as usize;
                        let key = JS_KEYS.with(|k| k.borrow()[id].clone());
                        out.push_str(&serde_json::to_string(&key).unwrap());
                        out.push(':');
                        *i += 2;
                    } else if op == OBJECT {
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
    assert_eq!(i, tape.ops.len());
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
        let ops = Tape::with(&["\u{1F600}", "x"], |t| t.ops.clone()).unwrap();
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
