//! The differential property test of the format, under Node
//! (`cargo test -p modelroute-tape --target wasm32-unknown-unknown --tests`): for arbitrary serde values, the
//! `JSON.stringify` of what [`to_js`] builds is
//!
//! - exactly `serde_json::to_string` of the value, read back by JSON.parse
//!   and written again by JSON.stringify, for every value; and
//! - byte for byte `serde_json::to_string` itself for a *plain* value (no
//!   float, no integer beyond ±2^53, no object with a key twice or with an
//!   array-index key among others: the three things JavaScript's own
//!   numbers and objects change), which a good share of the cases are;
//!
//! and [`to_js`] refuses exactly the values serde_json refuses, with the
//! same message. Strings include every kind of character, those made in
//! JavaScript with lone surrogates (which reach Rust as U+FFFD), and
//! astral characters next to keys, where a wrong UTF-16 offset would cut
//! a surrogate pair (JSON.stringify writes a lone half as `\udXXX`, which
//! serde_json never writes). Struct field names include `__proto__`,
//! `constructor`, the empty string and array indices.
//!
//! `TAPE_CASES=N` sets the number of cases (default 600); README.md says
//! how long runs went.
#![cfg(target_arch = "wasm32")]

use std::collections::HashSet;
use std::fmt;

use js_sys::{JsString, Reflect, JSON};
use modelroute_tape::{to_js, BuildError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::ser::{self, Serialize, SerializeMap, SerializeStruct, Serializer};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// Struct field and variant names: JavaScript's special keys, array
/// indices, escapes, astral characters and the empty name among them.
static NAMES: [&str; 16] = [
    "a",
    "b",
    "model",
    "api_base",
    "__proto__",
    "constructor",
    "toString",
    "",
    "é",
    "\u{1F600}",
    "q\"\\",
    "0",
    "7",
    "length",
    "X-HF-Bill-To",
    "\u{0}\n\u{2028}\u{7f}",
];

/// A serde value of every kind serde has.
#[derive(Debug, Clone)]
enum V {
    None,
    Unit,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    I128(i128),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    U128(u128),
    F32(f32),
    F64(f64),
    Char(char),
    Str(String),
    Bytes(Vec<u8>),
    Some(Box<V>),
    UnitStruct,
    Newtype(Box<V>),
    Seq(Vec<V>),
    Tuple(Vec<V>),
    TupleStruct(Vec<V>),
    Map(Vec<(V, V)>),
    Struct(Vec<(usize, V)>),
    UnitVariant(usize),
    NewtypeVariant(usize, Box<V>),
    TupleVariant(usize, Vec<V>),
    StructVariant(usize, Vec<(usize, V)>),
    /// A `Serialize` implementation that fails.
    Fail,
}

impl Serialize for V {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStructVariant, SerializeTuple};
        use serde::ser::{SerializeTupleStruct, SerializeTupleVariant};
        match self {
            V::None => s.serialize_none(),
            V::Unit => s.serialize_unit(),
            V::Bool(v) => s.serialize_bool(*v),
            V::I8(v) => s.serialize_i8(*v),
            V::I16(v) => s.serialize_i16(*v),
            V::I32(v) => s.serialize_i32(*v),
            V::I64(v) => s.serialize_i64(*v),
            V::I128(v) => s.serialize_i128(*v),
            V::U8(v) => s.serialize_u8(*v),
            V::U16(v) => s.serialize_u16(*v),
            V::U32(v) => s.serialize_u32(*v),
            V::U64(v) => s.serialize_u64(*v),
            V::U128(v) => s.serialize_u128(*v),
            V::F32(v) => s.serialize_f32(*v),
            V::F64(v) => s.serialize_f64(*v),
            V::Char(v) => s.serialize_char(*v),
            V::Str(v) => s.serialize_str(v),
            V::Bytes(v) => s.serialize_bytes(v),
            V::Some(v) => s.serialize_some(v),
            V::UnitStruct => s.serialize_unit_struct("U"),
            V::Newtype(v) => s.serialize_newtype_struct("N", v),
            V::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            V::Tuple(items) => {
                let mut t = s.serialize_tuple(items.len())?;
                for v in items {
                    t.serialize_element(v)?;
                }
                t.end()
            }
            V::TupleStruct(items) => {
                let mut t = s.serialize_tuple_struct("T", items.len())?;
                for v in items {
                    t.serialize_field(v)?;
                }
                t.end()
            }
            V::Map(entries) => {
                let mut m = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            V::Struct(fields) => {
                let mut st = s.serialize_struct("S", fields.len())?;
                for (k, v) in fields {
                    st.serialize_field(NAMES[*k], v)?;
                }
                st.end()
            }
            V::UnitVariant(n) => s.serialize_unit_variant("E", 0, NAMES[*n]),
            V::NewtypeVariant(n, v) => s.serialize_newtype_variant("E", 1, NAMES[*n], v),
            V::TupleVariant(n, items) => {
                let mut t = s.serialize_tuple_variant("E", 2, NAMES[*n], items.len())?;
                for v in items {
                    t.serialize_field(v)?;
                }
                t.end()
            }
            V::StructVariant(n, fields) => {
                let mut st = s.serialize_struct_variant("E", 3, NAMES[*n], fields.len())?;
                for (k, v) in fields {
                    st.serialize_field(NAMES[*k], v)?;
                }
                st.end()
            }
            V::Fail => Err(ser::Error::custom("this value refuses to be serialized")),
        }
    }
}

/// Largest integer every JavaScript number below it is exact for.
const EXACT: u128 = 1 << 53;

/// Whether `key` is an array index, which JavaScript objects put first.
fn is_index(key: &str) -> bool {
    key == "0" || (!key.starts_with('0') && key.parse::<u32>().is_ok_and(|n| n < u32::MAX))
}

/// Whether an object with these keys stringifies as serde_json wrote it.
fn plain_keys(keys: &[String]) -> bool {
    let unique: HashSet<&String> = keys.iter().collect();
    unique.len() == keys.len() && (keys.len() < 2 || !keys.iter().any(|k| is_index(k)))
}

impl V {
    /// Whether serde_json's text of this value is also JSON.stringify's
    /// (module docs). `None` when serde_json refuses it anyway.
    fn plain(&self) -> bool {
        match self {
            V::F32(_) | V::F64(_) => false,
            V::I64(v) => v.unsigned_abs() as u128 <= EXACT,
            V::I128(v) => v.unsigned_abs() <= EXACT,
            V::U64(v) => u128::from(*v) <= EXACT,
            V::U128(v) => *v <= EXACT,
            V::Some(v) | V::Newtype(v) | V::NewtypeVariant(_, v) => v.plain(),
            V::Seq(items) | V::Tuple(items) | V::TupleStruct(items) | V::TupleVariant(_, items) => {
                items.iter().all(V::plain)
            }
            V::Map(entries) => {
                let keys: Option<Vec<String>> = entries.iter().map(|(k, _)| key_text(k)).collect();
                keys.is_some_and(|keys| plain_keys(&keys)) && entries.iter().all(|(_, v)| v.plain())
            }
            V::Struct(fields) | V::StructVariant(_, fields) => {
                let keys: Vec<String> = fields.iter().map(|(k, _)| NAMES[*k].to_owned()).collect();
                plain_keys(&keys) && fields.iter().all(|(_, v)| v.plain())
            }
            _ => true,
        }
    }
}

/// The text serde_json writes for a map key, if it takes it.
fn key_text(key: &V) -> Option<String> {
    let json = serde_json::to_string(&OneEntry(key)).ok()?;
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json)
        .ok()?
        .into_iter()
        .next()
        .map(|(k, _)| k)
}

/// A one-entry map `{key: null}`.
struct OneEntry<'a>(&'a V);

impl Serialize for OneEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.0, &())?;
        m.end()
    }
}

/// A string made in JavaScript from UTF-16 code units, lone surrogates
/// included: what a JavaScript string becomes in Rust (U+FFFD for each
/// lone surrogate).
fn from_js(units: &[u16]) -> String {
    let s: JsValue = JsString::from_char_code(units).into();
    let rust = s.as_string().unwrap();
    assert_eq!(rust, String::from_utf16_lossy(units));
    rust
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => proptest::collection::vec(
            prop_oneof![
                Just('a'), Just('"'), Just('\\'), Just('\n'), Just('\u{0}'), Just('\u{1f}'),
                Just('\u{7f}'), Just('é'), Just('\u{2028}'), Just('\u{d7ff}'), Just('\u{e000}'),
                Just('\u{fffd}'), Just('\u{feff}'), Just('\u{ffff}'), Just('\u{10000}'),
                Just('\u{1F600}'), Just('\u{10FFFF}'),
            ],
            0..8,
        )
        .prop_map(|chars| chars.into_iter().collect()),
        1 => proptest::collection::vec(
            prop_oneof![any::<u16>(), 0xd800u16..0xe000, Just(0x41u16)],
            0..8,
        )
        .prop_map(|units| from_js(&units)),
    ]
}

fn leaf() -> impl Strategy<Value = V> {
    prop_oneof![
        Just(V::None),
        Just(V::Unit),
        Just(V::UnitStruct),
        any::<bool>().prop_map(V::Bool),
        any::<i8>().prop_map(V::I8),
        any::<i16>().prop_map(V::I16),
        any::<i32>().prop_map(V::I32),
        prop_oneof![any::<i64>(), -(1i64 << 53)..=(1 << 53)].prop_map(V::I64),
        any::<i128>().prop_map(V::I128),
        any::<u8>().prop_map(V::U8),
        any::<u16>().prop_map(V::U16),
        any::<u32>().prop_map(V::U32),
        prop_oneof![any::<u64>(), 0u64..=(1 << 53)].prop_map(V::U64),
        any::<u128>().prop_map(V::U128),
        any::<f32>().prop_map(V::F32),
        prop_oneof![any::<f64>(), any::<u64>().prop_map(f64::from_bits)].prop_map(V::F64),
        any::<char>().prop_map(V::Char),
        string().prop_map(V::Str),
        proptest::collection::vec(any::<u8>(), 0..6).prop_map(V::Bytes),
        (0..NAMES.len()).prop_map(V::UnitVariant),
    ]
}

/// A map key: mostly one serde_json takes, sometimes one it refuses.
fn map_key() -> impl Strategy<Value = V> {
    prop_oneof![
        6 => string().prop_map(V::Str),
        1 => any::<char>().prop_map(V::Char),
        1 => any::<bool>().prop_map(V::Bool),
        1 => any::<i64>().prop_map(V::I64),
        1 => any::<u8>().prop_map(V::U8),
        1 => any::<u128>().prop_map(V::U128),
        1 => any::<f64>().prop_map(V::F64),
        1 => any::<f32>().prop_map(V::F32),
        1 => (0..NAMES.len()).prop_map(V::UnitVariant),
        1 => string().prop_map(|s| V::Some(Box::new(V::Newtype(Box::new(V::Str(s)))))),
        1 => prop_oneof![Just(V::None), Just(V::Unit), Just(V::Bytes(vec![1])), Just(V::Seq(vec![]))],
    ]
}

fn value() -> impl Strategy<Value = V> {
    leaf().prop_recursive(5, 96, 6, |inner| {
        let fields = proptest::collection::vec((0..NAMES.len(), inner.clone()), 0..6);
        let items = proptest::collection::vec(inner.clone(), 0..6);
        prop_oneof![
            3 => fields.clone().prop_map(V::Struct),
            2 => items.clone().prop_map(V::Seq),
            2 => proptest::collection::vec((map_key(), inner.clone()), 0..5).prop_map(V::Map),
            1 => items.clone().prop_map(V::Tuple),
            1 => items.clone().prop_map(V::TupleStruct),
            1 => inner.clone().prop_map(|v| V::Some(Box::new(v))),
            1 => inner.clone().prop_map(|v| V::Newtype(Box::new(v))),
            1 => (0..NAMES.len(), inner.clone()).prop_map(|(n, v)| V::NewtypeVariant(n, Box::new(v))),
            1 => (0..NAMES.len(), items).prop_map(|(n, v)| V::TupleVariant(n, v)),
            1 => (0..NAMES.len(), fields).prop_map(|(n, f)| V::StructVariant(n, f)),
            1 => inner.prop_map(|v| V::Seq(vec![v, V::Fail])),
        ]
    })
}

fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().into()
}

/// serde_json's text as JavaScript reads it: `JSON.stringify(JSON.parse(json))`.
fn as_javascript_reads(json: &str) -> String {
    stringify(&JSON::parse(json).unwrap())
}

/// What one case showed.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Built; whether the strict (byte for byte) comparison applied.
    Built { plain: bool },
    /// Refused by both.
    Refused,
}

/// The property, for one value.
fn check(v: &V) -> Result<Outcome, TestCaseError> {
    match (to_js(v), serde_json::to_string(v)) {
        (Ok(built), Ok(json)) => {
            let got = stringify(&built);
            prop_assert_eq!(
                &got,
                &as_javascript_reads(&json),
                "serde_json wrote {}",
                json
            );
            let plain = v.plain();
            if plain {
                prop_assert_eq!(&got, &json);
            }
            Ok(Outcome::Built { plain })
        }
        (Err(BuildError::Layout(e)), Err(json_error)) => {
            prop_assert_eq!(e.to_string(), json_error.to_string());
            Ok(Outcome::Refused)
        }
        (Err(e), Ok(json)) => Err(TestCaseError::fail(format!(
            "refused ({e}) what serde_json wrote as {json}"
        ))),
        (Ok(built), Err(e)) => Err(TestCaseError::fail(format!(
            "built {} where serde_json refused: {e}",
            stringify(&built)
        ))),
        (Err(e), Err(_)) => Err(TestCaseError::fail(format!("JavaScript threw: {e}"))),
    }
}

/// `TAPE_CASES` from Node's environment, or `default`.
fn cases(default: u32) -> u32 {
    let env = Reflect::get(&js_sys::global(), &"process".into())
        .and_then(|p| Reflect::get(&p, &"env".into()))
        .and_then(|e| Reflect::get(&e, &"TAPE_CASES".into()));
    env.ok()
        .and_then(|v| v.as_string())
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

struct Counts {
    plain: u32,
    other: u32,
    refused: u32,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} plain, {} other, {} refused",
            self.plain, self.other, self.refused
        )
    }
}

#[wasm_bindgen_test]
fn built_values_stringify_as_serde_json_writes_them() {
    let n = cases(600);
    let config = Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    };
    let counts = std::cell::RefCell::new(Counts {
        plain: 0,
        other: 0,
        refused: 0,
    });
    let mut runner = TestRunner::new(config);
    let result = runner.run(&value(), |v| {
        let outcome = check(&v)?;
        let mut c = counts.borrow_mut();
        match outcome {
            Outcome::Built { plain: true } => c.plain += 1,
            Outcome::Built { plain: false } => c.other += 1,
            Outcome::Refused => c.refused += 1,
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let c = counts.into_inner();
    wasm_bindgen_test::console_log!("tape property: {n} cases: {c}");
    // Each side of the property is exercised, not only the lenient one.
    assert!(c.plain >= n / 10, "too few plain cases: {c}");
    assert!(c.other >= n / 10, "too few other cases: {c}");
    assert!(c.refused >= 1, "no refused case: {c}");
}

/// A struct with the given field names, every value `1u8`.
fn shaped(names: &[usize]) -> V {
    V::Struct(names.iter().map(|&k| (k, V::U8(1))).collect())
}

#[wasm_bindgen_test]
fn the_shape_table_starts_again_when_half_full() {
    // 16 x 16 two-field shapes, twice: more than MAX_SHAPES / 2 (256) in
    // all, so a tape starts a new table on the way, and every value built
    // after that still has its keys.
    for _ in 0..2 {
        for i in 0..NAMES.len() {
            for j in 0..NAMES.len() {
                check(&shaped(&[i, j])).unwrap();
                check(&V::Seq(vec![shaped(&[j]), shaped(&[j, i, 2])])).unwrap();
            }
        }
    }
}

#[wasm_bindgen_test]
fn a_value_with_more_shapes_than_the_table_is_refused_and_forgotten() {
    // 16^3 three-field shapes in one value: over MAX_SHAPES (512).
    let mut all = Vec::new();
    for i in 0..NAMES.len() {
        for j in 0..NAMES.len() {
            for k in 0..3 {
                all.push(shaped(&[i, j, k]));
            }
        }
    }
    match to_js(&V::Seq(all)) {
        Err(BuildError::Layout(e)) => {
            assert_eq!(e.to_string(), "result has too many object shapes")
        }
        other => panic!("expected the shape limit, got {other:?}"),
    }
    // The shapes it defined were never seen by JavaScript: forgotten, and
    // the same names get correct shapes next time.
    for i in 0..NAMES.len() {
        check(&shaped(&[i, 3, 1])).unwrap();
    }
}

#[wasm_bindgen_test]
fn a_failed_value_leaves_no_shape_behind() {
    let fresh = V::StructVariant(4, vec![(11, V::U8(1)), (8, shaped(&[15, 14]))]);
    assert!(to_js(&V::Seq(vec![fresh.clone(), V::Fail])).is_err());
    check(&fresh).unwrap();
    check(&V::Seq(vec![fresh.clone(), fresh])).unwrap();
}
