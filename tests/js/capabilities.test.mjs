// The capability parsers of `modelroute/export` (readCapabilities,
// capabilityRequests) against the shared vectors
// (tests/vectors/capabilities.json), which core/tests/capabilities_vectors.rs
// replays against core: the same answers, byte for byte, in Rust and in
// JavaScript, through `import` and `require`. Then bad and hostile input:
// a ModelrouteError naming the argument, never a trap.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { before, describe, test } from "node:test";

import { EXPORT, MAIN, importPackage, installedProject, requirePackage, root } from "./helpers.mjs";

const doc = JSON.parse(fs.readFileSync(path.join(root, "tests/vectors/capabilities.json"), "utf8"));

/** A reply of the file as readCapabilities takes it: `{status, body}` or null. */
function reply(r) {
  if (r === null) return null;
  const body = "fixture" in r ? fs.readFileSync(path.join(root, doc.fixtures, r.fixture), "utf8") : r.body;
  return { status: r.status, body };
}

function invalid(f, ...parts) {
  let error;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, "did not throw");
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `trapped: ${error}`);
  assert.equal(error.name, "ModelrouteError", String(error?.stack ?? error));
  assert.equal(error.code, "invalid_argument", error.message);
  for (const part of parts) assert.ok(error.message.includes(part), `${JSON.stringify(error.message)} lacks ${JSON.stringify(part)}`);
  return error;
}

test("the main entry does not carry the capability parsers", async () => {
  const m = await importPackage(undefined, MAIN);
  assert.equal(m.readCapabilities, undefined);
  assert.equal(m.capabilityRequests, undefined);
});

for (const [how, load] of [
  ["import", () => importPackage(undefined, EXPORT)],
  ["require", async () => requirePackage(installedProject(), EXPORT)],
]) {
  describe(`modelroute/export via ${how}`, () => {
    let m;
    before(async () => {
      m = await load();
    });

    test(`every case of tests/vectors/capabilities.json (${doc.cases.length})`, () => {
      assert.ok(doc.cases.length >= 30);
      for (const c of doc.cases) {
        const got = m.readCapabilities(c.family, c.model, reply(c.models), c.extra.map(reply));
        // Byte for byte the JSON core writes (key order included).
        assert.equal(JSON.stringify(got), JSON.stringify(c.expect), c.name);
      }
    });

    test("every requests case", () => {
      for (const c of doc.requests) {
        assert.equal(JSON.stringify(m.capabilityRequests(c.family, c.model)), JSON.stringify(c.expect), c.name);
      }
    });

    test("results are plain objects", () => {
      const c = doc.cases[0];
      const got = m.readCapabilities(c.family, c.model, reply(c.models), c.extra.map(reply));
      assert.equal(Object.getPrototypeOf(got), Object.prototype);
      assert.equal(Object.getPrototypeOf(got.context), Object.prototype);
      assert.ok(Array.isArray(m.capabilityRequests("Ollama", "x")));
    });
  });
}

describe("bad and hostile input", () => {
  let m;
  before(async () => {
    m = await importPackage(undefined, EXPORT);
  });
  const models = { status: 200, body: '{"data":[{"id":"m","meta":{"n_ctx":4096}}]}' };

  test("family: a name probe and discover give a server, else an error listing them", () => {
    for (const f of ["ollama", "llamacpp", "LLAMA.CPP", "", "llama.cppx", "nginx"]) {
      const e = invalid(() => m.readCapabilities(f, "m"), "readCapabilities: argument `family` is not a server family", JSON.stringify(f));
      assert.ok(e.hints[0].includes("`llama.cpp`") && e.hints[0].includes("`LM Studio`"), e.hints[0]);
      invalid(() => m.capabilityRequests(f, "m"), "capabilityRequests: argument `family`");
    }
    for (const [v, what] of [[undefined, "undefined"], [null, "null"], [1, "number"], [{}, "object"], [["vLLM"], "array"]]) {
      invalid(() => m.readCapabilities(v, "m"), `readCapabilities: argument \`family\` must be a string, got ${what}`);
      invalid(() => m.capabilityRequests(v, "m"), `capabilityRequests: argument \`family\` must be a string, got ${what}`);
      invalid(() => m.readCapabilities("vLLM", v), `readCapabilities: argument \`model\` must be a string, got ${what}`);
    }
    // With a version, as probe reports a server.
    assert.equal(m.capabilityRequests("llama.cpp b5000", "m")[0].path, "/props");
  });

  test("models and extra items: {status, body}, null or undefined", () => {
    assert.equal(m.readCapabilities("llama.cpp", "m", undefined, undefined).state, "unknown");
    assert.equal(m.readCapabilities("llama.cpp", "m", null, [null, undefined]).state, "unknown");
    assert.equal(m.readCapabilities("llama.cpp", "m", models, []).context.served, 4096);
    for (const [v, what] of [[42, "number"], ["{}", "string"], [[], "array"], [new Map(), "Map"], [true, "boolean"]]) {
      invalid(() => m.readCapabilities("llama.cpp", "m", v), `readCapabilities: argument \`models\` must be an object {status, body}, null or undefined, got ${what}`);
      invalid(() => m.readCapabilities("llama.cpp", "m", null, [null, v]), `argument \`extra[1]\` must be an object {status, body}, null or undefined, got ${what}`);
    }
    for (const [status, what] of [[undefined, "undefined"], ["200", "string"], [200.5, "200.5"], [99, "99"], [600, "600"], [-1, "-1"], [Number.NaN, "NaN"]]) {
      invalid(() => m.readCapabilities("llama.cpp", "m", { status, body: "" }), `argument \`models.status\` must be an HTTP status (a whole number from 100 to 599), got ${what}`);
    }
    for (const [body, what] of [[undefined, "undefined"], [null, "null"], [new Uint8Array(2), "object"], [{}, "object"]]) {
      const e = invalid(() => m.readCapabilities("llama.cpp", "m", null, [{ status: 200, body }]), `argument \`extra[0].body\` must be a string (the answer's text), got ${what}`);
      assert.ok(e.hints[0].includes("response.text()"));
    }
    for (const [v, what] of [[42, "number"], ["x", "string"], [{ length: 1 }, "object"]]) {
      invalid(() => m.readCapabilities("llama.cpp", "m", null, v), `argument \`extra\` must be an array of answers, null or undefined, got ${what}`);
    }
    invalid(() => m.readCapabilities("llama.cpp", "m", null, new Array(17).fill(null)), "argument `extra` has 17 answers, the limit is 16");
    invalid(() => m.readCapabilities("llama.cpp", "m", { status: 200, body: "\ud800" }), "argument `models.body` is not well-formed Unicode");
  });

  test("a body over 1 MiB is refused, up to 1 MiB is read", () => {
    const limit = 1 << 20;
    // Over the limit in UTF-16 units, and within it in units but over it in UTF-8 bytes.
    invalid(() => m.readCapabilities("vLLM", "m", { status: 200, body: "x".repeat(limit + 1) }), "argument `models.body` is too long", "1048576 bytes (1 MiB)");
    invalid(() => m.readCapabilities("vLLM", "m", null, [{ status: 200, body: "é".repeat(limit / 2 + 1) }]), "argument `extra[0].body` is too long: 1048578 bytes of UTF-8");
    invalid(() => m.readCapabilities("vLLM", "m", { status: 200, body: "x".repeat(64 << 20) }), "is too long");
    const pad = " ".repeat(limit - 64);
    const body = `{"data":[{"id":"m","max_model_len":8192}]}${pad}`.slice(0, limit);
    assert.equal(m.readCapabilities("vLLM", "m", { status: 200, body }).context.served, 8192);
  });

  test("getters that throw, and deep or huge JSON, never trap", () => {
    const boom = new Error("boom");
    const getter = { get status() { throw boom; }, body: "" };
    const e = invalid(() => m.readCapabilities("vLLM", "m", getter), "readCapabilities: reading argument `models` threw");
    assert.equal(e.cause, boom);
    const list = [];
    Object.defineProperty(list, 0, { get() { throw boom; }, enumerable: true });
    assert.equal(invalid(() => m.readCapabilities("vLLM", "m", null, list), "reading argument `extra` threw").cause, boom);
    // JSON nested far deeper than the parser follows, at the size limit: unknown.
    const deep = "[".repeat(1 << 19) + "]".repeat(1 << 19);
    const caps = m.readCapabilities("llama.cpp", "m", { status: 200, body: deep }, [{ status: 200, body: deep }]);
    assert.equal(JSON.stringify(caps.context), '{"served":null,"max":null,"source":null}');
    // A megabyte of list entries, none of them the model.
    const many = JSON.stringify({ data: Array.from({ length: 20000 }, (_, i) => ({ id: `x${i}`, max_model_len: i + 1 })) });
    assert.ok(many.length < 1 << 20);
    assert.equal(m.readCapabilities("vLLM", "m", { status: 200, body: many }).state, "unknown");
    // Still works afterwards.
    assert.equal(m.readCapabilities("llama.cpp", "m", models).context.served, 4096);
    assert.equal(m.resolve("ollama/x").valid, true);
  });
});

test("the README's example runs as it is against a server answering like llama-server", async () => {
  const readme = fs.readFileSync(path.join(root, "wasm/README.md"), "utf8");
  const at = readme.indexOf("### Capabilities: `modelroute/export`");
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(at))[1];
  const project = installedProject();
  const script = path.join(project, "capabilities-readme.mjs");
  fs.writeFileSync(script, block);
  const fixture = (name) => fs.readFileSync(path.join(root, doc.fixtures, name), "utf8");
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const body = { "/v1/models": fixture("llamacpp-11434.0.0-v1-models.json"), "/props": fixture("llamacpp-11434.0.0-props.json") }[req.url];
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(body ?? "{}");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const env = { PATH: process.env.PATH, LLAMACPP_BASE_URL: `http://127.0.0.1:${server.address().port}`, LLAMACPP_API_KEY: "secret" };
    const child = spawn(process.execPath, [script], { cwd: project, env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const status = await new Promise((r) => child.on("close", r));
    assert.equal(status, 0, err);
    const loaded = doc.cases.find((c) => c.name === "llamacpp-11434-loaded");
    assert.equal(out.trim(), JSON.stringify(loaded.expect));
    assert.deepEqual(seen.sort(), ["GET /props Bearer secret", "GET /v1/models Bearer secret"]);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
