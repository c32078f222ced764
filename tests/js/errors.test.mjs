// Bad and hostile input for every function: each must throw a
// ModelrouteError whose message names the function and the argument, and
// never a WebAssembly.RuntimeError (a trap, e.g. "unreachable") or any
// other kind of error. Afterwards the module must still work. Run against
// both entries (two wasm modules): the main one and `modelroute/export`.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { EXPORT, MAIN, importPackage } from "./helpers.mjs";

/** Calls `f` and returns the ModelrouteError it throws (fails otherwise). */
function thrown(f, label) {
  let error;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${label}: did not throw`);
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `${label}: trapped: ${error}`);
  assert.ok(error instanceof Error, `${label}: threw a non-Error ${String(error)}`);
  assert.equal(error.name, "ModelrouteError", `${label}: ${error.stack}`);
  assert.equal(typeof error.code, "string", label);
  assert.ok(Array.isArray(error.hints) && error.hints.every((h) => typeof h === "string"), label);
  assert.ok(String(error.stack).startsWith("ModelrouteError: "), `${label}: stack ${error.stack}`);
  return error;
}

function expectInvalid(f, label, ...parts) {
  const e = thrown(f, label);
  assert.equal(e.code, "invalid_argument", `${label}: ${e.message}`);
  for (const part of parts) assert.ok(e.message.includes(part), `${label}: ${JSON.stringify(e.message)} lacks ${JSON.stringify(part)}`);
  return e;
}

const NOT_STRINGS = [
  [undefined, "undefined"],
  [null, "null"],
  [42, "number"],
  [Number.NaN, "number"],
  [true, "boolean"],
  [{}, "object"],
  [[], "array"],
  [["ollama/x"], "array"],
  [new Map(), "Map"],
  [() => "ollama/x", "function"],
  [Symbol("x"), "symbol"],
  [10n, "bigint"],
  [new String("ollama/x"), "object"],
];

// [name, call with the bad value in the string argument `arg`]
const STRING_ARGS = [
  ["resolve", "id", (m, v) => m.resolve(v, {})],
  ["resolveOrThrow", "id", (m, v) => m.resolveOrThrow(v, {})],
  ["explain", "id", (m, v) => m.explain(v, {})],
  ["diagnose", "id", (m, v) => m.diagnose(v, {})],
  ["validate", "id", (m, v) => m.validate(v)],
  ["isLocal", "id", (m, v) => m.isLocal(v)],
  ["requiresHfToken", "id", (m, v) => m.requiresHfToken(v)],
  ["isValidModelId", "id", (m, v) => m.isValidModelId(v)],
  ["acceptedCascade", "id", (m, v) => m.acceptedCascade(v, "high")],
  ["acceptedCascade", "preference", (m, v) => m.acceptedCascade("openai/x", v)],
  ["effortCascade", "preference", (m, v) => m.effortCascade(v)],
  ["redact", "secret", (m, v) => m.redact(v)],
  ["parseDotenv", "text", (m, v) => m.parseDotenv(v)],
  ["exportAs", "id", (m, v) => m.exportAs(v, {}, "env")],
  ["exportAs", "format", (m, v) => m.exportAs("ollama/x", {}, v)],
  ["readCapabilities", "family", (m, v) => m.readCapabilities(v, "m")],
  ["readCapabilities", "model", (m, v) => m.readCapabilities("vLLM", v)],
  ["capabilityRequests", "family", (m, v) => m.capabilityRequests(v, "m")],
  ["capabilityRequests", "model", (m, v) => m.capabilityRequests("Ollama", v)],
];

// [name, call with the bad value as `env`]
const ENV_ARGS = [
  ["resolve", (m, env) => m.resolve("ollama/x", env)],
  ["resolveOrThrow", (m, env) => m.resolveOrThrow("ollama/x", env)],
  ["explain", (m, env) => m.explain("ollama/x", env)],
  ["diagnose", (m, env) => m.diagnose("ollama/x", env)],
  ["parseDotenv", (m, env) => m.parseDotenv("OLLAMA_BASE_URL=x\n", env)],
  ["exportAs", (m, env) => m.exportAs("ollama/x", env, "env")],
];

// [name, call with the bad value as `options`]
const OPTION_ARGS = [
  ["resolve", (m, o) => m.resolve("ollama/x", {}, o)],
  ["resolveOrThrow", (m, o) => m.resolveOrThrow("openai/x", {}, o)],
  ["explain", (m, o) => m.explain("ollama/x", {}, o)],
  ["exportAs", (m, o) => m.exportAs("ollama/x", {}, "env", o)],
];

/** The functions of `modelroute/export` that the main entry lacks. */
const EXPORT_ONLY = ["exportAs", "readCapabilities", "capabilityRequests", "explain", "diagnose"];

function loneSurrogates() {
  return ["\ud800", "ollama/\udfff", "a/b\ud83d", "\udc00\ud800", "x\ud800y"];
}

for (const specifier of [MAIN, EXPORT]) {
  describe(`"${specifier}"`, () => {
    let m;
    before(async () => {
      m = await importPackage(undefined, specifier);
    });
    // exportAs, the capability parsers and the diagnostics engine are in
    // modelroute/export only.
    const has = (name) => !EXPORT_ONLY.includes(name) || specifier === EXPORT;

    describe("string arguments", () => {
      for (const [name, arg, call] of STRING_ARGS.filter(([name]) => has(name))) {
        test(`${name}: argument \`${arg}\` must be a string`, () => {
          for (const [v, what] of NOT_STRINGS) {
            expectInvalid(() => call(m, v), `${name}(${what})`, `${name}: argument \`${arg}\` must be a string, got ${what}`);
          }
        });

        test(`${name}: argument \`${arg}\` refuses lone surrogates and huge strings`, () => {
          for (const s of loneSurrogates()) {
            expectInvalid(() => call(m, s), `${name}(${JSON.stringify(s)})`, `argument \`${arg}\``, "lone surrogate");
          }
          const limit = name === "parseDotenv" ? 1 << 24 : 1 << 20;
          expectInvalid(() => call(m, "a".repeat(limit + 1)), `${name}(huge)`, `argument \`${arg}\` is too long`, String(limit + 1));
        });

        // Any string is a possible id, preference, secret, text or model
        // (not a format or a family).
        if (arg === "format" || arg === "family") continue;
        test(`${name}: argument \`${arg}\` takes NUL bytes, U+FFFD and long strings`, () => {
          for (const s of ["a/b\0", "ollama/\0", "\0", "ollama/\ufffd", "😀/😀", "a".repeat(1 << 16), "ollama/" + "x".repeat((1 << 20) - 8)]) {
            try {
              call(m, s);
            } catch (e) {
              // Only a real resolution or dotenv error is acceptable here.
              assert.equal(e.name, "ModelrouteError", String(e));
              assert.notEqual(e.code, "invalid_argument", e.message);
            }
          }
        });
      }
    });

    describe("the env argument", () => {
      for (const [name, call] of ENV_ARGS.filter(([name]) => has(name))) {
        test(`${name}: env must be an object, a Map, null or undefined`, () => {
          for (const [v, what] of [[42, "number"], ["A=1", "string"], [true, "boolean"], [[], "array"], [[["A", "1"]], "array"], [() => ({}), "function"], [Symbol("e"), "symbol"], [1n, "bigint"]]) {
            expectInvalid(() => call(m, v), `${name}(env: ${what})`, `${name}: argument \`env\` must be an object, a Map, null or undefined, got ${what}`);
          }
        });

        test(`${name}: every env value read must be a string or undefined`, () => {
          for (const [v, what] of [[1, "number"], [null, "null"], [{}, "object"], [["x"], "array"], [false, "boolean"], [new Map(), "Map"], [10n, "bigint"]]) {
            expectInvalid(() => call(m, { OLLAMA_BASE_URL: v }), `${name}(env.OLLAMA_BASE_URL: ${what})`, 'argument `env` value at key "OLLAMA_BASE_URL" must be a string or undefined, got ' + what);
            expectInvalid(() => call(m, new Map([["OLLAMA_BASE_URL", v]])), `${name}(Map: ${what})`, 'value at key "OLLAMA_BASE_URL"', `got ${what}`);
          }
          expectInvalid(() => call(m, { OLLAMA_BASE_URL: "http://\ud800" }), `${name}(surrogate)`, 'value at key "OLLAMA_BASE_URL"', "lone surrogate");
          expectInvalid(() => call(m, { OLLAMA_BASE_URL: "x".repeat((1 << 20) + 1) }), `${name}(huge env value)`, "is too long");
        });

        test(`${name}: a getter that throws becomes an invalid_argument with the cause`, () => {
          const boom = new Error("boom");
          const env = {};
          Object.defineProperty(env, "OLLAMA_BASE_URL", { enumerable: true, get() { throw boom; } });
          const e = expectInvalid(() => call(m, env), `${name}(throwing getter)`, `${name}: reading argument \`env\``, "threw");
          assert.equal(e.cause, boom);
          const proxy = new Proxy({}, { ownKeys() { throw boom; }, getOwnPropertyDescriptor() { throw boom; }, get() { throw boom; } });
          assert.equal(expectInvalid(() => call(m, proxy), `${name}(throwing proxy)`).cause, boom);
        });
      }

      test("variables modelroute does not read are not looked at", () => {
        assert.equal(m.resolve("ollama/x", { PORT: 8080, OTHER: null }).litellm.api_base, "http://localhost:11434/v1");
        assert.equal(m.resolve("ollama/x", new Map([[7, "x"], ["PORT", 1]])).route, "local");
      });

      test("parseDotenv checks every entry of its env (it reads any name the text uses)", () => {
        expectInvalid(() => m.parseDotenv("A=1\n", { PORT: 8080 }), "dotenv env PORT", 'argument `env` value at key "PORT" must be a string or undefined, got number');
        expectInvalid(() => m.parseDotenv("A=1\n", new Map([[7, "x"]])), "dotenv Map key", "a Map with a key that is not a string", '"7" (number)');
      });

      test("each variable is read at most once per call", () => {
        const reads = new Map();
        const env = {};
        for (const name of ["OLLAMA_BASE_URL", "LOCAL_LLM_BASE_URL", "OLLAMA_API_KEY", "HF_TOKEN"]) {
          Object.defineProperty(env, name, {
            enumerable: true,
            get() {
              reads.set(name, (reads.get(name) ?? 0) + 1);
              return reads.get(name) === 1 ? "http://first:1" : 42;
            },
          });
        }
        // explain reads the environment for the report and the diagnostics
        // (modelroute/export; the main entry's resolve reads it once).
        const e = has("explain") ? m.explain("ollama/x", env) : m.resolve("ollama/x", env);
        assert.equal(e.litellm.api_base, "http://first:1/v1");
        for (const [name, n] of reads) assert.equal(n, 1, name);
      });
    });

    describe("the options argument", () => {
      for (const [name, call] of OPTION_ARGS.filter(([name]) => has(name))) {
        test(`${name}: options must be a plain object, null or undefined`, () => {
          for (const [v, what] of [[42, "number"], ["strict", "string"], [true, "boolean"], [[], "array"], [new Map([["strict", true]]), "Map"], [() => ({}), "function"]]) {
            expectInvalid(() => call(m, v), `${name}(options: ${what})`, `${name}: argument \`options\` must be an object, null or undefined, got ${what}`);
          }
        });

        test(`${name}: unknown option names are refused by name`, () => {
          const e = expectInvalid(() => call(m, { sessionToken: "hf_x" }), `${name}(sessionToken)`, `${name}: unknown option "sessionToken" in argument \`options\``, "did you mean `session_token`?");
          assert.ok(e.hints.some((h) => h.includes("`effort`, `strict`, `session_token`, `hf_token_file`, `show_secrets`")), e.hints.join("|"));
          for (const key of ["showSecrets", "show-secrets", "ShowSecrets", "SHOW_SECRETS"]) {
            expectInvalid(() => call(m, { [key]: true }), key, `${name}: unknown option ${JSON.stringify(key)} in argument \`options\` (did you mean \`show_secrets\`?)`);
          }
          expectInvalid(() => call(m, { hfTokenFile: "x" }), "hfTokenFile", "did you mean `hf_token_file`?");
          expectInvalid(() => call(m, { verbose: true }), "verbose", 'unknown option "verbose"');
          expectInvalid(() => call(m, { redact: undefined }), "redact: undefined", 'unknown option "redact"');
          expectInvalid(() => call(m, { "": 1 }), "empty name", 'unknown option ""');
          expectInvalid(() => call(m, { "a\nb": 1 }), "newline name", 'unknown option "a\\nb"');
        });

        test(`${name}: option values have their types`, () => {
          for (const [v, what] of [["yes", "string"], [1, "number"], [null, "null"], [{}, "object"]]) {
            expectInvalid(() => call(m, { strict: v }), `strict: ${what}`, "option `strict` must be a boolean, got " + what);
          }
          for (const [v, what] of [["true", "string"], ["", "string"], [1, "number"], [0, "number"], [null, "null"], [{}, "object"], [[true], "array"], [new Boolean(true), "object"], [() => true, "function"], [1n, "bigint"], [Symbol("x"), "symbol"]]) {
            const e = expectInvalid(() => call(m, { show_secrets: v }), `show_secrets: ${what}`);
            assert.equal(e.message, `${name}: option \`show_secrets\` must be a boolean, got ${what}`);
          }
          const boom = new Error("boom");
          const getter = expectInvalid(() => call(m, { get show_secrets() { throw boom; } }), "show_secrets getter", `${name}: reading argument \`options\` threw`);
          assert.equal(getter.cause, boom);
          for (const key of ["effort", "session_token", "hf_token_file"]) {
            for (const [v, what] of [[1, "number"], [true, "boolean"], [{}, "object"], [["x"], "array"]]) {
              expectInvalid(() => call(m, { [key]: v }), `${key}: ${what}`, `option \`${key}\` must be a string or null, got ${what}`);
            }
            expectInvalid(() => call(m, { [key]: "\udc00" }), `${key}: surrogate`, `option \`${key}\``, "lone surrogate");
            expectInvalid(() => call(m, { [key]: "x".repeat((1 << 20) + 1) }), `${key}: huge`, `option \`${key}\` is too long`);
          }
        });
      }
    });

    describe("hostile input never traps", () => {
      test("random strings through every function", () => {
        // A fixed-seed generator: the same strings on every run.
        let seed = 0x2545f491;
        const rand = (n) => {
          seed ^= seed << 13;
          seed ^= seed >>> 17;
          seed ^= seed << 5;
          return (seed >>> 0) % n;
        };
        const alphabet = ["a", "/", ":", " ", "\t", "\n", "\r", "\0", "\u001f", "\u0085", "\u00a0", "\u2028", "\u3000", "é", "😀",
          "\ud800", "\udc00", "$", "{", "}", "=", "'", '"', "\\", "#", "ollama/", "vllm/", "lm_studio/", "llamacpp/", "openai-compat/",
          "openai/", "anthropic/", "bedrock/", "huggingface/", "http://", "${A}", "${A:-d}", "export ", "\ufeff", "\ufffd"];
        const str = () => Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join("");
        for (let i = 0; i < 1500; i++) {
          const id = str();
          const env = { OLLAMA_BASE_URL: str(), LOCAL_LLM_BASE_URL: str(), HF_TOKEN: str(), INFERENCE_TOKEN: str(), HF_BILL_TO: str() };
          const options = { effort: str(), strict: rand(2) === 0, session_token: str(), hf_token_file: str() };
          for (const f of [
            () => m.resolve(id, env, options),
            () => m.resolveOrThrow(id, env, options),
            () => has("explain") && m.explain(id, env, options),
            () => has("diagnose") && m.diagnose(id, env),
            () => m.validate(id),
            () => m.isLocal(id),
            () => m.acceptedCascade(id, options.effort),
            () => m.effortCascade(id),
            () => m.redact(id),
            () => m.parseDotenv(id + "\n" + str() + "=" + str(), env),
            () => has("exportAs") && m.exportAs(id, env, ["env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm"][rand(8)], options),
            () => has("readCapabilities") && m.readCapabilities(["llama.cpp", "Ollama", "vLLM", "LM Studio", "LiteLLM", "llama-cpp-python", id][rand(7)], id,
              { status: 200, body: `{"data":[{"id":${JSON.stringify(id)},"meta":{"n_ctx":${str()}}}]}` }, [{ status: [200, 503, 404][rand(3)], body: str() }, null]),
            () => has("capabilityRequests") && m.capabilityRequests(["Ollama", "llama.cpp", id][rand(3)], id),
          ]) {
            try {
              f();
            } catch (e) {
              assert.ok(!(e instanceof WebAssembly.RuntimeError), `trapped on ${JSON.stringify(id)}: ${e}`);
              assert.equal(e.name, "ModelrouteError", `${JSON.stringify(id)}: ${e}`);
            }
          }
        }
      });

      test("a .env whose ${} references multiply is refused before it expands", () => {
        let text = "A=0123456789\n";
        let prev = "A";
        for (const c of "BCDEFGHIJKLMNOPQRSTUVWXYZ") {
          text += `${c}=${"${" + prev + "}".repeat(1)}`.replace(/.*/, `${c}=${("${" + prev + "}").repeat(10)}`) + "\n";
          prev = c;
        }
        expectInvalid(() => m.parseDotenv(text), "billion laughs", "parseDotenv: expanding argument `text` could produce more than");
        // A long value referenced many times from the environment, too.
        expectInvalid(() => m.parseDotenv("X=" + "${BIG}".repeat(200000), { BIG: "x".repeat(1 << 20) }), "env amplification", "could produce more than");
      });

      test("results are built as JSON.parse builds objects: setters on Object.prototype never run", () => {
        let called = 0;
        for (const key of ["litellm", "model", "OLLAMA_BASE_URL"]) {
          Object.defineProperty(Object.prototype, key, { configurable: true, set() { called++; } });
        }
        let report, vars;
        try {
          report = m.resolve("ollama/x", {});
          vars = m.parseDotenv("OLLAMA_BASE_URL=http://box:11434\n");
        } finally {
          for (const key of ["litellm", "model", "OLLAMA_BASE_URL"]) delete Object.prototype[key];
        }
        assert.equal(called, 0);
        assert.ok(Object.hasOwn(report, "litellm") && Object.hasOwn(report.litellm, "model"));
        assert.equal(report.litellm.model, "openai/x");
        assert.deepEqual(Object.entries(vars), [["OLLAMA_BASE_URL", "http://box:11434"]]);
        const proto = m.parseDotenv("__proto__=x\n");
        assert.equal(Object.getPrototypeOf(proto), Object.prototype);
        assert.equal(Object.getOwnPropertyDescriptor(proto, "__proto__").value, "x");
      });

      test("reentrant calls from a setter on Array.prototype do not trap, even when they grow the memory", () => {
        let inner;
        let grown;
        Object.defineProperty(Array.prototype, "0", {
          configurable: true,
          set(v) {
            Object.defineProperty(this, "0", { value: v, enumerable: true, writable: true, configurable: true });
            if (inner === undefined) {
              inner = null;
              inner = m.resolve("vllm/inner", {});
              // Megabytes through wasm memory: it grows, which detaches the
              // outer build's view of its tape.
              grown = m.parseDotenv(`BIG=${"x".repeat(8 << 20)}\n`).BIG.length;
            }
          },
        });
        let outer;
        try {
          outer = m.resolve("ollama/outer", {});
        } finally {
          delete Array.prototype[0];
        }
        assert.equal(grown, 8 << 20);
        assert.equal(inner.litellm.model, "openai/inner");
        assert.equal(JSON.stringify(inner), JSON.stringify(m.resolve("vllm/inner", {})));
        assert.equal(outer.litellm.model, "openai/outer");
        assert.equal(JSON.stringify(outer), JSON.stringify(m.resolve("ollama/outer", {})));
      });

      test("the module still works after all of the above", () => {
        assert.equal(m.resolve("ollama/llama3.1:8b").litellm.api_base, "http://localhost:11434/v1");
        assert.deepEqual(m.effortCascade("high"), ["high", "medium", "low"]);
      });
    });
  });
}
