//! Core's serde output as plain Python objects: structs and maps become
//! `dict`s (in serialization order), sequences `list`s, `None` `None`,
//! strings `str`. The rules are serde_json's, so
//! `json.dumps(value, separators=(",", ":"), ensure_ascii=False)` is byte
//! for byte what `serde_json::to_string` (the CLI's `--json`) writes.
//!
//! Written here rather than taken from `pythonize` for one reason, speed:
//! a resolution report holds about seventy field names, and creating a new
//! Python string for each would take more than the whole 2 µs budget of a
//! `resolve` (python/README.md, "Benchmarks"). Field names and map keys are
//! created once, interned, and reused from a per-thread cache, and so are
//! the short string values every result repeats (`"unset"`, `"default"`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use rustc_hash::FxBuildHasher;
use serde::ser::{self, Serialize};

/// Most names kept in the cache of each thread. Core's field names and the
/// variables it reads are about a hundred; a map key read from a caller's
/// `.env` text is cached only while there is room.
const MAX_NAMES: usize = 512;

/// Most string values kept in the cache of each thread, and the longest
/// cached. The values that repeat in every result are short (`"set"`,
/// `"unset"`, `"default"`, `"env:OLLAMA_BASE_URL"`, `"local"`); the first
/// ones a process sees fill the cache and stay.
const MAX_VALUES: usize = 256;
const MAX_VALUE_LEN: usize = 32;

type Cache<K> = RefCell<HashMap<K, Py<PyString>, FxBuildHasher>>;

/// The strings of one thread.
struct Caches {
    /// Struct field and variant names, keyed by address and length: they
    /// are `&'static str`, so no two different names share a key, and
    /// looking one up compares no text.
    fields: Cache<(usize, usize)>,
    /// Other names: map keys and the environment variable names core
    /// looks up (interned).
    names: Cache<String>,
    /// Short string values.
    values: Cache<String>,
}

thread_local! {
    static CACHES: Caches = const {
        Caches {
            fields: RefCell::new(HashMap::with_hasher(FxBuildHasher)),
            names: RefCell::new(HashMap::with_hasher(FxBuildHasher)),
            values: RefCell::new(HashMap::with_hasher(FxBuildHasher)),
        }
    };
}

/// Calls `f` with `s` as a Python string from `cache` under `key`, made
/// once per thread while the cache holds fewer than `max` (`intern`: as an
/// interned string).
fn cached<'py, K, Q, R>(
    cache: &Cache<K>,
    py: Python<'py>,
    key: &Q,
    s: &str,
    max: usize,
    intern: bool,
    f: impl FnOnce(&Bound<'py, PyString>) -> R,
) -> R
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
{
    let make = || {
        if intern {
            PyString::intern(py, s)
        } else {
            PyString::new(py, s)
        }
    };
    // Nothing in `f` calls back into Python code that converts again; were
    // it ever so, the inner call makes its own string.
    let Ok(mut map) = cache.try_borrow_mut() else {
        return f(&make());
    };
    if let Some(found) = map.get(key) {
        return f(found.bind(py));
    }
    let made = make();
    if map.len() < max {
        map.insert(key.to_owned(), made.clone().unbind());
    }
    f(&made)
}

/// Calls `f` with `name` as an interned Python string, made once per
/// thread (while the cache has room).
pub fn with_name<'py, R>(
    py: Python<'py>,
    name: &str,
    f: impl FnOnce(&Bound<'py, PyString>) -> R,
) -> R {
    CACHES.with(|c| cached(&c.names, py, name, name, MAX_NAMES, true, f))
}

/// `value` as Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    CACHES.with(|caches| value.serialize(Ser { py, caches }).map_err(|e| e.0))
}

/// A conversion failure: a Python exception.
#[derive(Debug)]
pub struct Error(PyErr);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

#[derive(Clone, Copy)]
struct Ser<'a, 'py> {
    py: Python<'py>,
    caches: &'a Caches,
}

impl<'py> Ser<'_, 'py> {
    fn str(self, v: &str) -> Bound<'py, PyAny> {
        if v.len() > MAX_VALUE_LEN {
            return PyString::new(self.py, v).into_any();
        }
        cached(&self.caches.values, self.py, v, v, MAX_VALUES, false, |s| {
            s.clone().into_any()
        })
    }

    /// Calls `f` with the field or variant name `name` as a Python string.
    fn field<R>(self, name: &'static str, f: impl FnOnce(&Bound<'py, PyString>) -> R) -> R {
        let key = (name.as_ptr() as usize, name.len());
        cached(&self.caches.fields, self.py, &key, name, MAX_NAMES, true, f)
    }

    /// A name that is not static (a map key), as a Python string.
    fn name(self, name: &str) -> Bound<'py, PyAny> {
        cached(
            &self.caches.names,
            self.py,
            name,
            name,
            MAX_NAMES,
            true,
            |s| s.clone().into_any(),
        )
    }

    /// `{variant: value}`: how serde_json writes a non-unit enum variant.
    fn tagged(self, variant: &'static str, value: Bound<'py, PyAny>) -> Out<'py> {
        let dict = PyDict::new(self.py);
        self.field(variant, |k| dict.set_item(k, value))?;
        Ok(dict.into_any())
    }
}

impl<'a, 'py> ser::Serializer for Ser<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        Ok(self.str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(self.str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        // serde_json writes bytes as an array of numbers.
        let items: Vec<u8> = v.to_vec();
        Ok(PyList::new(self.py, items)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        Ok(self.field(variant, |s| s.clone().into_any()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let inner = value.serialize(self)?;
        self.tagged(variant, inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(Map {
            ser: self,
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Map<'a, 'py>, Error> {
        let mut map = self.serialize_map(None)?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// A list being built.
pub struct Seq<'a, 'py> {
    ser: Ser<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.ser.py, self.items)?.into_any();
        match self.variant {
            Some(variant) => self.ser.tagged(variant, list),
            None => Ok(list),
        }
    }
}

/// The four serde traits of a list, each pushing its elements.
macro_rules! list_traits {
    ($($name:ident::$method:ident),*) => {
        $(impl<'py> ser::$name for Seq<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        })*
    };
}

list_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A dict being built.
pub struct Map<'a, 'py> {
    ser: Ser<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Map<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let value = value.serialize(self.ser)?;
        self.ser.field(key, |k| self.dict.set_item(k, value))?;
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(variant) => self.ser.tagged(variant, dict),
            None => Ok(dict),
        }
    }
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeySer { ser: self.ser })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without a key"))?;
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// The two serde traits of a struct, each setting its fields.
macro_rules! struct_traits {
    ($($name:ident),*) => {
        $(impl<'py> ser::$name for Map<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        })*
    };
}

struct_traits!(SerializeStruct, SerializeStructVariant);

/// A map key: a string, as serde_json requires (core's maps are keyed by
/// names), taken from the interned names.
struct KeySer<'a, 'py> {
    ser: Ser<'a, 'py>,
}

fn key_must_be_a_string() -> Error {
    <Error as ser::Error>::custom("a map key that is not a string")
}

/// The methods of a map key's serializer that refuse their value: only
/// strings are keys, as in serde_json.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, Error> {
            Err(key_must_be_a_string())
        })*
    };
}

impl<'py> ser::Serializer for KeySer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Self::Ok, Error>;
    type SerializeTuple = ser::Impossible<Self::Ok, Error>;
    type SerializeTupleStruct = ser::Impossible<Self::Ok, Error>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, Error>;
    type SerializeMap = ser::Impossible<Self::Ok, Error>;
    type SerializeStruct = ser::Impossible<Self::Ok, Error>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, Error>;

    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(self.ser.name(v))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Out<'py> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Out<'py> {
        Err(key_must_be_a_string())
    }
    refuse! {
        serialize_bool(bool) -> Self::Ok;
        serialize_i8(i8) -> Self::Ok;
        serialize_i16(i16) -> Self::Ok;
        serialize_i32(i32) -> Self::Ok;
        serialize_i64(i64) -> Self::Ok;
        serialize_u8(u8) -> Self::Ok;
        serialize_u16(u16) -> Self::Ok;
        serialize_u32(u32) -> Self::Ok;
        serialize_u64(u64) -> Self::Ok;
        serialize_f32(f32) -> Self::Ok;
        serialize_f64(f64) -> Self::Ok;
        serialize_bytes(&[u8]) -> Self::Ok;
        serialize_none() -> Self::Ok;
        serialize_unit() -> Self::Ok;
        serialize_unit_struct(&'static str) -> Self::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
