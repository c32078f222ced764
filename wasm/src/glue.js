// The JavaScript side of the wasm layer (imported by wasm/src/js.rs): build
// the error object, walk the caller's `env` and `options` objects, and
// check strings (results are built by tape/src/build.js). Nothing here
// decides anything about model ids, and no message text is written here: a
// refused value is thrown as a `Bad` and Rust words the error.

const hasOwn = Object.prototype.hasOwnProperty;

/** What `got <type>` in an error message says about a value. */
export function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof Map) return "Map";
  return typeof v;
}

/** The error every function of the package throws. */
class ModelrouteError extends Error {
  constructor(code, message, hints, line, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.hints = hints;
    if (line !== undefined) this.line = line;
  }
}
Object.defineProperty(ModelrouteError.prototype, "name", {
  value: "ModelrouteError",
  writable: true,
  configurable: true,
});

export function makeError(code, message, hints, line, cause) {
  return new ModelrouteError(code, message, hints, line, cause);
}

/**
 * A refused value. `what`: "long" (a string over the limit, `length` set),
 * "type" (wrong type, `desc` set), "key" (a Map key that is not a string),
 * "unknown" (an option name that does not exist); `key` names the entry.
 */
class Bad {
  constructor(what, key, desc, length) {
    this.what = what;
    this.key = key;
    this.desc = desc;
    this.length = length;
  }
}

function bad(key, v) {
  return typeof v === "string"
    ? new Bad("long", key, "string", v.length)
    : new Bad("type", key, describe(v), 0);
}

/** A string field of a `Bad` ("what", "key", "desc"), or undefined when `e` is something else. */
export function badField(e, name) {
  return e instanceof Bad ? e[name] : undefined;
}

/** The `length` of a `Bad`. */
export function badLength(e) {
  return e instanceof Bad ? e.length : 0;
}

/**
 * Returned instead of a string that cannot be taken as it is: a lone
 * surrogate, which reaches Rust as U+FFFD, a character Rust then looks
 * closer at (with `argCheck` or `envTakenRaw`) anyway, as it does for any value
 * holding one. Keeps the hot imports free of exceptions (an import that
 * may throw costs a wrapper on every call).
 */
const LOOK_CLOSER = "\udfff";

/** `v` if it is a string of at most `max` UTF-16 units, else LOOK_CLOSER. */
export function argStr(v, max) {
  return typeof v === "string" && v.length <= max ? v : LOOK_CLOSER;
}

/** `v` if it is a string of at most `max` UTF-16 units; throws a `Bad` otherwise. */
export function argCheck(v, max) {
  if (typeof v === "string" && v.length <= max) return v;
  throw bad("", v);
}

/** Index of the first lone surrogate in `s`, or -1. */
export function loneSurrogate(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

let longest = 0;

/**
 * Classifies an environment: 0 for none (undefined or null), 1 for a plain
 * object, 2 for a Map, -1 for anything else. Values are checked as they
 * are read (`envRead`).
 */
export function envKind(env) {
  if (env === undefined || env === null) return 0;
  if (env instanceof Map) return 2;
  return typeof env !== "object" || Array.isArray(env) ? -1 : 1;
}

/**
 * Checks every entry of an environment of kind 1 or 2 and keeps the
 * longest value's length for `envLongest`: throws a `Bad` for the first
 * key that is not a string or value that is neither a string nor
 * undefined (and whatever a getter throws).
 */
export function envCheckAll(env, kind) {
  longest = 0;
  let max = 0;
  if (kind === 2) {
    for (const [k, v] of env) {
      if (typeof k !== "string") throw new Bad("key", String(k), describe(k), 0);
      if (v === undefined) continue;
      if (typeof v !== "string") throw new Bad("type", k, describe(v), 0);
      if (v.length > max) max = v.length;
    }
  } else {
    const keys = Object.keys(env);
    for (let i = 0; i < keys.length; i++) {
      const v = env[keys[i]];
      if (v === undefined) continue;
      if (typeof v !== "string") throw new Bad("type", keys[i], describe(v), 0);
      if (v.length > max) max = v.length;
    }
  }
  longest = max;
}

/**
 * The names of an environment of kind 1 or 2 that could be a variable's
 * (strings of at most 64 units without NUL), joined by NUL: for the
 * check that looks for misspelt names. No value is read.
 */
export function envNames(env, kind) {
  const keys = kind === 2 ? Array.from(env.keys()) : Object.keys(env);
  return keys.filter((k) => typeof k === "string" && k.length <= 64 && !k.includes("\0")).join("\0");
}

/** Length of the longest value the last `envCheckAll` saw. */
export function envLongest() {
  return longest;
}

// envRead: the value read last, for envTaken() and envTakenRaw().
let taken;
let takenThrew = false;
const encoder = new TextEncoder();
// The value envWrite last wrote for each slot of Rust's name table (where
// Rust keeps its copy): a variable holding that same string again needs
// no writing (envRead returns -3).
const written = [];

/**
 * Reads one variable (own properties only; any getter runs once, here)
 * and keeps it for `envWrite`, `envTaken` and `envTakenRaw`: -1 when it
 * is unset, -3 when it is the string envWrite last wrote for `slot` (-1
 * for none), -4 when it is a string of at most `max` units to write, -2
 * otherwise (not a string, longer, or a getter threw).
 */
export function envRead(env, kind, name, slot, max) {
  let v;
  try {
    v = kind === 2 ? env.get(name) : hasOwn.call(env, name) ? env[name] : undefined;
  } catch (e) {
    taken = e;
    takenThrew = true;
    return -2;
  }
  takenThrew = false;
  taken = v;
  if (v === undefined) return -1;
  if (slot >= 0 && v === written[slot]) return -3;
  return typeof v === "string" && v.length <= max ? -4 : -2;
}

/**
 * Writes the string the last `envRead` returned -4 for as UTF-8 into
 * `buf`, a view of wasm memory, and remembers it for `slot`: the number of
 * bytes, or -2 when it does not fit. A lone surrogate arrives as U+FFFD,
 * which Rust then looks closer at.
 */
export function envWrite(slot, buf) {
  const v = taken;
  const n = v.length;
  let out = n;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x7f) {
      const { read, written: bytes } = encoder.encodeInto(i === 0 ? v : v.slice(i), buf.subarray(i));
      out = read === n - i ? i + bytes : -2;
      break;
    }
    buf[i] = c;
  }
  if (slot >= 0) written[slot] = out >= 0 ? v : undefined;
  return out;
}

/**
 * The value of the last `envRead`, if it is a string of at most `max`
 * units; LOOK_CLOSER for anything else (see `envTakenRaw`).
 */
export function envTaken(max) {
  return !takenThrew && typeof taken === "string" && taken.length <= max ? taken : LOOK_CLOSER;
}

/** The raw value of the last `envRead`; throws what its getter threw. */
export function envTakenRaw() {
  if (takenThrew) throw taken;
  return taken;
}

// readOptions: the options object, checked, kept for Rust to fetch. The
// names are input.rs's OPTION_NAMES: core's, then `show_secrets` and
// `context`, which Rust peels off (they are core's export options).
// `strict` and `show_secrets` are booleans, `context` a whole number of
// tokens, the others strings or null.
const OPTIONS = ["effort", "strict", "session_token", "hf_token_file", "show_secrets", "context"];
const options = [undefined, undefined, undefined, undefined, undefined, undefined];

/**
 * Checks an options object: false for none (undefined or null), true when
 * its values are kept for `optionRaw`/`optionString`/`optionFlag`.
 * Throws a `Bad`: "type" with key "" when `v` is not a plain object,
 * "unknown" for a name that is not an option, "type" or "long" for a
 * value of the wrong type or length (and whatever a getter throws).
 */
export function readOptions(v, max) {
  options.fill(undefined);
  if (v === undefined || v === null) return false;
  if (typeof v !== "object" || Array.isArray(v) || v instanceof Map) {
    throw new Bad("type", "", describe(v), 0);
  }
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const at = OPTIONS.indexOf(k);
    if (at < 0) throw new Bad("unknown", k, "", 0);
    const x = v[k];
    if (x === undefined) continue;
    if (at === 1 || at === 4) {
      if (typeof x !== "boolean") throw new Bad("type", k, describe(x), 0);
    } else if (at === 5) {
      if (x !== null && !(Number.isInteger(x) && x >= 1 && x <= 4294967295)) {
        throw new Bad("type", k, describe(x), 0);
      }
    } else if (x !== null && (typeof x !== "string" || x.length > max)) {
      throw bad(k, x);
    }
    options[at] = x;
  }
  return true;
}

/** The raw value of option `i` (in `OPTIONS` order). */
export function optionRaw(i) {
  return options[i];
}

/** Option `i` as a string, or undefined when absent or null. */
export function optionString(i) {
  const x = options[i];
  return typeof x === "string" ? x : undefined;
}

/** Whether boolean option `i` (`strict`, `show_secrets`) is true. */
export function optionFlag(i) {
  return options[i] === true;
}

/** Number option `i` (`context`), or undefined when absent or null. */
export function optionNumber(i) {
  const x = options[i];
  return typeof x === "number" ? x : undefined;
}

// replyRead / listRead: the answers readCapabilities() takes, checked and
// kept for Rust to fetch (the body string, each item of `extra`).
let replyBodyKept = "";
let listKept = [];

/**
 * Checks one answer: -1 for none (undefined or null), else its status
 * (a whole number from 100 to 599), keeping its body (a string of at most
 * `max` UTF-16 units) for `replyBody`. Throws a `Bad`: "type" with key ""
 * when `v` is not a plain object, "type" with key "status" or "body" for
 * a field of the wrong type, "long" for a body over `max` (and whatever
 * a getter throws).
 */
export function replyRead(v, max) {
  replyBodyKept = "";
  if (v === undefined || v === null) return -1;
  if (typeof v !== "object" || Array.isArray(v) || v instanceof Map) throw new Bad("type", "", describe(v), 0);
  const status = v.status;
  if (!(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new Bad("type", "status", typeof status === "number" ? String(status) : describe(status), 0);
  }
  const body = v.body;
  if (typeof body !== "string" || body.length > max) throw bad("body", body);
  replyBodyKept = body;
  return status;
}

/** The body of the last `replyRead`; a lone surrogate arrives as U+FFFD. */
export function replyBody() {
  return replyBodyKept;
}

/** The body of the last `replyRead`, as it is (for the lone-surrogate check). */
export function replyBodyRaw() {
  return replyBodyKept;
}

/**
 * Checks a list argument: 0 for none (undefined or null), else its length
 * (at most `max`), keeping a copy of its items for `listItem` (so any
 * getter runs once, here). Throws a `Bad`: "type" when `v` is not an
 * array, "long" when it has more than `max` items.
 */
export function listRead(v, max) {
  listKept = [];
  if (v === undefined || v === null) return 0;
  if (!Array.isArray(v)) throw new Bad("type", "", describe(v), 0);
  if (v.length > max) throw new Bad("long", "", "array", v.length);
  listKept = Array.from(v);
  return listKept.length;
}

/** Item `i` of the last `listRead`. */
export function listItem(i) {
  return listKept[i];
}
