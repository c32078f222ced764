// buildValue: the objects a tape (modelroute-tape, README.md) describes.
// Imported by src/bridge.rs; wasm-bindgen copies it into each build of a
// package as a snippet. Only `export function` exports (the npm package's
// build turns them into CommonJS for its nodejs build).

// The opcodes: src/op.rs's constants.
const NULL = 0, TRUE = 1, FALSE = 2, STR = 3, ARRAY = 4, MAP = 5, END = 6, NUM = 8, SHAPED = 9;
// Bit 31 of a text offset: the string is in the wide text (src/op.rs's WIDE).
const WIDE = 0x80000000;
// The keys of each shape, as Rust defined them; shape 0 is the empty object.
let shapeKeys = [[]];
// The function that builds an object of each shape, made on first use.
let builders = [];
// Whether `new Function` works here (a Content-Security-Policy without
// 'unsafe-eval' forbids it).
let canCompile = true;
// Thrown inside, when the tape's view of wasm memory was detached under us.
const DETACHED = new Error("modelroute-tape: wasm memory detached");
const f64 = new Float64Array(1);
const f64Halves = new Uint32Array(f64.buffer);
let ops = null;
let text = "";
let wide = "";
let at = 0;
// Views of the whole wasm memory (`useMemory`), made again when a grown
// memory detaches them; the tape is read in place, no view per call.
let memory = null;
let mem8 = new Uint8Array(0);
let mem32 = new Uint32Array(0);
// What the last buildValue threw (see `buildRethrow`).
let threw = false;
let thrown;

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

/** The string at UTF-16 offset `start` (WIDE bit: of the wide text), `len` units long. */
function piece(start, len) {
  return start < WIDE ? text.slice(start, start + len) : wide.slice(start - WIDE, start - WIDE + len);
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
      const len = ops[at + 1];
      at += 2;
      return start < WIDE ? text.slice(start, start + len) : wide.slice(start - WIDE, start - WIDE + len);
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
        const key = piece(ops[at + 1], ops[at + 2]);
        at += 3;
        Object.defineProperty(o, key, { value: value(), writable: true, enumerable: true, configurable: true });
      }
      at++;
      return o;
    }
    default:
      if (ops.length === 0) throw DETACHED;
      throw new Error(`modelroute-tape: bad opcode ${ops[at - 1]}`);
  }
}
const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });

/** Takes the wasm instance's `WebAssembly.Memory`, where tapes are read. */
export function useMemory(m) {
  memory = m;
  mem8 = new Uint8Array(0);
  mem32 = new Uint32Array(0);
}

/**
 * The value described by the tape at `opsAt` (`opsLen` u32s of wasm
 * memory) over the ASCII text at `textAt` (`textLen` bytes) and the wide
 * text at `wideAt` (`wideLen` bytes of UTF-8), after
 * adding the shapes of the `defsLen` u32s at `defsAt` (shape, parent,
 * offset, length quadruples; shape 0 first means forget all shapes); the
 * addresses are byte addresses, u32-aligned for `ops` and `defs`.
 * A setter the caller put on Array.prototype may call back into wasm: the
 * state is saved for that, and if the call grew the memory (which
 * detaches the views) the value is built again from fresh views, a few
 * times at most. Returns `undefined` (never a value a tape describes) when
 * something threw, which `buildRethrow` then throws: this function never
 * throws itself (one that may throw costs a wrapper on every call).
 */
export function buildValue(textAt, textLen, wideAt, wideLen, defsAt, defsLen, opsAt, opsLen) {
  const outerOps = ops;
  const outerText = text;
  const outerWide = wide;
  const outerAt = at;
  try {
    for (let tries = 0; tries < 4; tries++) {
      if (mem32.byteLength === 0) {
        mem8 = new Uint8Array(memory.buffer);
        mem32 = new Uint32Array(memory.buffer);
      }
      text = decoder.decode(mem8.subarray(textAt, textAt + textLen));
      wide = wideLen === 0 ? "" : decoder.decode(mem8.subarray(wideAt, wideAt + wideLen));
      const defs = defsAt >>> 2;
      for (let i = defs; i < defs + defsLen; i += 4) {
        const id = mem32[i];
        if (id === 0) {
          shapeKeys = [[]];
          builders = [];
          continue;
        }
        shapeKeys[id] = shapeKeys[mem32[i + 1]].concat(piece(mem32[i + 2], mem32[i + 3]));
        builders[id] = undefined;
      }
      ops = mem32;
      at = opsAt >>> 2;
      try {
        const v = value();
        if (at !== (opsAt >>> 2) + opsLen) throw new Error("modelroute-tape: the tape was not read whole");
        return v;
      } catch (e) {
        if (e !== DETACHED) throw e;
      }
    }
    throw "the wasm memory kept growing while the value was built";
  } catch (e) {
    threw = true;
    thrown = e;
    return undefined;
  } finally {
    ops = outerOps;
    text = outerText;
    wide = outerWide;
    at = outerAt;
  }
}

/** Throws what the last buildValue threw, if it threw (once). */
export function buildRethrow() {
  if (threw) {
    const e = thrown;
    threw = false;
    thrown = undefined;
    throw e;
  }
}
