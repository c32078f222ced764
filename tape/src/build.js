// buildValue: the objects a tape (modelroute-tape, README.md) describes.
// Imported by src/bridge.rs; wasm-bindgen copies it into each build of a
// package as a snippet. Only `export function` exports (the npm package's
// build turns them into CommonJS for its nodejs build).

// The opcodes: src/op.rs's constants.
const NULL = 0, TRUE = 1, FALSE = 2, STR = 3, ARRAY = 4, MAP = 5, END = 6, NUM = 8, SHAPED = 9;
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
      throw new Error(`modelroute-tape: bad opcode ${ops[at - 1]}`);
  }
}
const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });

/**
 * The value described by `tape` (a Uint32Array view of wasm memory) over
 * the text `utf8` (a Uint8Array view), after adding the shapes of `defs`
 * (shape, parent, offset, length quadruples; shape 0 first means forget
 * all shapes). A setter the caller put on Array.prototype may call back
 * into wasm: the state is saved for that, and if the call grew the memory
 * (which detaches `tape`), `undefined` is returned (never a value a tape
 * describes) and Rust calls again with a fresh view.
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
  } catch (e) {
    if (e === DETACHED) return undefined;
    throw e;
  } finally {
    ops = outerOps;
    text = outerText;
    at = outerAt;
  }
}

