// The JavaScript side of the wasm layer (imported by wasm/src/js.rs): build
// the error object, walk the caller's `env` and `options` objects, check
// strings, and build results from a tape. Nothing here decides anything
// about model ids, and no message text is written here: a refused value is
// thrown as a `Bad` and Rust words the error.

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
// names are input.rs's OPTION_NAMES: core's, then `show_secrets`, which
// Rust peels off (core's options do not have it). `strict` and
// `show_secrets` are booleans, the others strings or null.
const OPTIONS = ["effort", "strict", "session_token", "hf_token_file", "show_secrets"];
const options = [undefined, undefined, undefined, undefined, undefined];

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

// buildValue: the objects a tape (wasm/src/tape.rs) describes. The opcodes
// are tape.rs's constants.
const NULL = 0, TRUE = 1, FALSE = 2, STR = 3, ARRAY = 4, MAP = 5, END = 6, NUM = 8, SHAPED = 9;
// The keys of each shape (tape.rs `Shapes`), as Rust defined them; shape 0
// is the empty object.
let shapeKeys = [[]];
// The function that builds an object of each shape, made on first use.
let builders = [];
// Whether `new Function` works here (a Content-Security-Policy without
// 'unsafe-eval' forbids it).
let canCompile = true;
// Thrown when the tape's view of wasm memory was detached under us.
const DETACHED = new Bad("detached", "", "", 0);
const f64 = new Float64Array(1);
const f64Halves = new Uint32Array(f64.buffer);
let ops = null;
let text = "";
let at = 0;

/**
 * The builder of objects of shape `id`: one object literal with the
 * shape's keys, each value read from the tape in order, so every object of
 * a shape is made the same fast way. The keys are struct field names from
 * the Rust code (never data: maps carry their keys in the tape). Where
 * code cannot be compiled, a copy of a template object with the keys,
 * filled in order. Both define the properties, as JSON.parse does: no
 * setter of Object.prototype runs, and `__proto__` is an ordinary key.
 */
function makeBuilder(id) {
  const keys = shapeKeys[id];
  if (canCompile) {
    try {
      const fields = keys.map((k) => `${k === "__proto__" ? '["__proto__"]' : JSON.stringify(k)}: value()`);
      return (builders[id] = new Function("value", `return function () { return { ${fields.join(", ")} }; };`)(value));
    } catch {
      canCompile = false;
    }
  }
  const template = {};
  for (const k of keys) Object.defineProperty(template, k, { value: null, writable: true, enumerable: true, configurable: true });
  return (builders[id] = function () {
    const o = { ...template };
    for (let i = 0; i < keys.length; i++) o[keys[i]] = value();
    return o;
  });
}

function value() {
  switch (ops[at++]) {
    case NULL:
      return null;
    case TRUE:
      return true;
    case FALSE:
      return false;
    case STR: {
      const start = ops[at];
      const end = start + ops[at + 1];
      at += 2;
      return text.slice(start, end);
    }
    case SHAPED: {
      const id = ops[at++];
      const build = builders[id];
      return build === undefined ? makeBuilder(id)() : build();
    }
    case NUM:
      f64Halves[0] = ops[at];
      f64Halves[1] = ops[at + 1];
      at += 2;
      return f64[0];
    case ARRAY: {
      const a = [];
      while (ops[at] !== END) {
        a[a.length] = value();
        // A setter on Array.prototype ran and grew the wasm memory.
        if (ops.length === 0) throw DETACHED;
      }
      at++;
      return a;
    }
    case MAP: {
      const o = {};
      while (ops[at] !== END) {
        // KEY offset length, then the value.
        const start = ops[at + 1];
        const key = text.slice(start, start + ops[at + 2]);
        at += 3;
        Object.defineProperty(o, key, { value: value(), writable: true, enumerable: true, configurable: true });
      }
      at++;
      return o;
    }
    default:
      if (ops.length === 0) throw DETACHED;
      throw new Error(`modelroute: bad tape opcode ${ops[at - 1]}`);
  }
}
const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });

/**
 * The value described by `tape` (a Uint32Array view of wasm memory) over
 * the text `utf8` (a Uint8Array view), after adding the shapes of `defs` (shape, parent, offset, length
 * quadruples; shape 0 first means forget all shapes). A setter the caller
 * put on Array.prototype may call back into the package: the state is
 * saved for that, and if the call grew the memory (which detaches `tape`),
 * a `Bad` "detached" is thrown and Rust builds again with a fresh view.
 */
export function buildValue(utf8, defs, tape) {
  const str = decoder.decode(utf8);
  for (let i = 0; i < defs.length; i += 4) {
    const id = defs[i];
    if (id === 0) {
      shapeKeys = [[]];
      builders = [];
      continue;
    }
    const start = defs[i + 2];
    shapeKeys[id] = shapeKeys[defs[i + 1]].concat(str.slice(start, start + defs[i + 3]));
    builders[id] = undefined;
  }
  const outerOps = ops;
  const outerText = text;
  const outerAt = at;
  ops = tape;
  text = str;
  at = 0;
  try {
    return value();
  } finally {
    ops = outerOps;
    text = outerText;
    at = outerAt;
  }
}
