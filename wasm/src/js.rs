//! The JavaScript helpers of `glue.js`, as Rust functions.
//!
//! On a native target these are stubs that must never be called: the native
//! build exists only so the workspace's `cargo clippy` and `cargo test` see
//! the crate; only code that does not touch JavaScript is tested natively.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    /// `"null"`, `"array"`, `"Map"` or the `typeof` of a value.
    pub fn describe(v: &JsValue) -> String;

    /// A `ModelrouteError` (`name`, `code`, `hints`, optional `line`,
    /// optional `cause`).
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(
        code: &str,
        message: &str,
        hints: &JsValue,
        line: Option<u32>,
        cause: &JsValue,
    ) -> JsValue;

    /// A string field (`"what"`, `"key"`, `"desc"`) of a thrown `Bad`, or
    /// `None` when `e` is something else that was thrown.
    #[wasm_bindgen(js_name = badField)]
    pub fn bad_field(e: &JsValue, name: &str) -> Option<String>;

    /// The `length` of a thrown `Bad` (a string over the limit).
    #[wasm_bindgen(js_name = badLength)]
    pub fn bad_length(e: &JsValue) -> u32;

    /// `v` if it is a string of at most `max` UTF-16 units; otherwise a
    /// lone surrogate, which arrives as U+FFFD: a string holding U+FFFD
    /// must be looked at again with [`arg_check`].
    #[wasm_bindgen(js_name = argStr)]
    pub fn arg_str(v: &JsValue, max: u32) -> String;

    /// `v` as a string of at most `max` UTF-16 units, or a thrown `Bad`.
    #[wasm_bindgen(js_name = argCheck, catch)]
    pub fn arg_check(v: &JsValue, max: u32) -> Result<String, JsValue>;

    /// Index of the first lone surrogate in a string, or -1.
    #[wasm_bindgen(js_name = loneSurrogate)]
    pub fn lone_surrogate(s: &JsValue) -> i32;

    /// 0: none, 1: object, 2: Map, -1: not an environment.
    #[wasm_bindgen(js_name = envKind)]
    pub fn env_kind(env: &JsValue) -> i32;

    /// Checks every entry of an environment of kind 1 or 2: a thrown `Bad`
    /// for the first bad one (or whatever a getter throws).
    #[wasm_bindgen(js_name = envCheckAll, catch)]
    pub fn env_check_all(env: &JsValue, kind: i32) -> Result<(), JsValue>;

    /// The names of an environment of kind 1 or 2 (at most 64 units, no
    /// NUL), joined by NUL; an error when listing them threw (a Proxy).
    #[wasm_bindgen(js_name = envNames, catch)]
    pub fn env_names(env: &JsValue, kind: i32) -> Result<String, JsValue>;

    /// Length of the longest value the last `envCheckAll` saw.
    #[wasm_bindgen(js_name = envLongest)]
    pub fn env_longest() -> u32;

    /// Reads one variable (once): -1 when unset, -3 when it is the string
    /// [`env_write`] last wrote for `slot` (-1: none), -4 when it is a
    /// string of at most `max` units for [`env_write`], -2 otherwise (see
    /// [`env_taken`]).
    #[wasm_bindgen(js_name = envRead)]
    pub fn env_read(env: &JsValue, kind: i32, name: &JsValue, slot: i32, max: u32) -> i32;

    /// Writes the string of the last [`env_read`] (which returned -4) as
    /// UTF-8 into `buf` and remembers it for `slot`: its length in bytes,
    /// or -2 when it does not fit.
    #[wasm_bindgen(js_name = envWrite)]
    pub fn env_write(slot: i32, buf: &mut [u8]) -> i32;

    /// The value of the last [`env_read`], if a string of at most `max`
    /// units; otherwise a lone surrogate, which arrives as
    /// U+FFFD: a value holding U+FFFD must be looked at again with
    /// [`env_taken_raw`].
    #[wasm_bindgen(js_name = envTaken)]
    pub fn env_taken(max: u32) -> String;

    /// The raw value of the last [`env_read`], or what its getter threw.
    #[wasm_bindgen(js_name = envTakenRaw, catch)]
    pub fn env_taken_raw() -> Result<JsValue, JsValue>;

    /// Checks an options object and keeps its values: `false` for none.
    #[wasm_bindgen(js_name = readOptions, catch)]
    pub fn read_options(v: &JsValue, max: u32) -> Result<bool, JsValue>;

    /// The raw value of option `i` of the last `readOptions`.
    #[wasm_bindgen(js_name = optionRaw)]
    pub fn option_raw(i: u32) -> JsValue;

    /// Option `i` of the last `readOptions` as a string, if it is one.
    #[wasm_bindgen(js_name = optionString)]
    pub fn option_string(i: u32) -> Option<String>;

    /// Whether boolean option `i` (`strict`, `show_secrets`) of the last
    /// `readOptions` is `true`.
    #[wasm_bindgen(js_name = optionFlag)]
    pub fn option_flag(i: u32) -> bool;

    /// Number option `i` (`context`) of the last `readOptions`, if set;
    /// glue.js has checked it is a whole number from 1 to 2^32 - 1.
    #[wasm_bindgen(js_name = optionNumber)]
    pub fn option_number(i: u32) -> Option<f64>;
}
