// Replays the whole conformance vector file (tests/vectors/resolve.json)
// through the packed npm package, through both of its entries (the main
// one and `modelroute/export`, two wasm modules), each loaded both with
// `import` and with `require`, and checks each result twice: against the vector's
// expectations, and byte for byte against the native report that
// modelroute-core serializes with serde_json (what the CLI prints). The
// vectors expect keys in full: those calls pass `show_secrets: true`
// (`--show-secrets`); the default output is compared with the native
// report redacted by core (what `resolve --json` prints).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { EXPORT, MAIN, importPackage, installedProject, nativeLines, optionsOf, requirePackage, vectors } from "./helpers.mjs";

const { cases } = vectors();

/** The options of a case, asking for secrets in full as the vectors expect them. */
const full = (input) => ({ ...optionsOf(input), show_secrets: true });

function checkExpectations(result, expect, name) {
  for (const key of ["valid", "local", "requires_hf_token", "route"]) {
    assert.equal(result[key], expect[key], `${name}: ${key}`);
  }
  if (expect.error) {
    assert.ok(result.error, `${name}: expected error ${expect.error.code}, got a resolution`);
    assert.equal(result.error.code, expect.error.code, `${name}: error.code`);
    assert.equal(result.error.message, expect.error.message, `${name}: error.message`);
    assert.ok(Array.isArray(result.error.hints), `${name}: error.hints`);
    assert.equal(result.litellm, undefined, `${name}: a failure has no litellm`);
    return;
  }
  assert.equal(result.error, undefined, `${name}: unexpected error ${JSON.stringify(result.error)}`);
  if ("provider" in expect) assert.equal(result.provider, expect.provider, `${name}: provider`);
  if ("litellm" in expect) assert.deepEqual(result.litellm, expect.litellm, `${name}: litellm`);
  for (const [key, source] of Object.entries(expect.sources ?? {})) {
    assert.equal(result.sources[key]?.source, source, `${name}: sources.${key}`);
  }
}

let native;
let nativeExplain;
let nativeRedacted;
let nativeExplainRedacted;
let project;

before(() => {
  project = installedProject();
  native = nativeLines("report");
  nativeExplain = nativeLines("explain");
  nativeRedacted = nativeLines("report", { redacted: true });
  nativeExplainRedacted = nativeLines("explain", { redacted: true });
  assert.equal(native.length, cases.length, "one native line per case");
  assert.equal(nativeRedacted.length, cases.length, "one redacted native line per case");
  assert.ok(cases.length > 0, "the vector file has cases");
});

for (const [format, load, entry] of [
  [`ESM import "${MAIN}"`, () => importPackage(project, MAIN), MAIN],
  [`CommonJS require "${MAIN}"`, () => requirePackage(project, MAIN), MAIN],
  [`ESM import "${EXPORT}"`, () => importPackage(project, EXPORT), EXPORT],
  [`CommonJS require "${EXPORT}"`, () => requirePackage(project, EXPORT), EXPORT],
]) {
  describe(`conformance vectors via ${format}`, () => {
    let m;
    before(async () => {
      m = await load();
    });
    // explain is in modelroute/export only: the main entry's tests check
    // that it is not there, the export entry's that it gives the native
    // explanation.
    const explains = entry === EXPORT;

    test(`explain() is ${explains ? "" : "not "}exported`, () => {
      assert.equal(typeof m.explain, explains ? "function" : "undefined");
      assert.equal(typeof m.diagnose, explains ? "function" : "undefined");
    });

    test(`resolve() meets every expectation of ${cases.length} cases`, () => {
      for (const { name, input, expect } of cases) {
        checkExpectations(m.resolve(input.model, input.env, full(input)), expect, name);
      }
    });

    test("JSON.stringify(resolve(.., {show_secrets: true})) is byte-identical to the native report", () => {
      cases.forEach(({ name, input }, i) => {
        const line = JSON.stringify(m.resolve(input.model, input.env, full(input)));
        assert.equal(line, native[i], `${name}`);
      });
    });

    test("JSON.stringify(explain(.., {show_secrets: true})) is byte-identical to the native explanation", { skip: !explains && "modelroute/export only" }, () => {
      cases.forEach(({ name, input }, i) => {
        const line = JSON.stringify(m.explain(input.model, input.env, full(input)));
        assert.equal(line, nativeExplain[i], `${name}`);
      });
    });

    test("by default, resolve() and explain() are byte-identical to the native output redacted by core", () => {
      let differ = 0;
      cases.forEach(({ name, input }, i) => {
        const options = optionsOf(input);
        assert.equal(JSON.stringify(m.resolve(input.model, input.env, options)), nativeRedacted[i], `${name}: resolve`);
        assert.equal(JSON.stringify(m.resolve(input.model, input.env, { ...options, show_secrets: false })), nativeRedacted[i], `${name}: show_secrets: false`);
        if (explains) {
          assert.equal(JSON.stringify(m.explain(input.model, input.env, options)), nativeExplainRedacted[i], `${name}: explain`);
        }
        if (nativeRedacted[i] !== native[i]) differ++;
      });
      // Most resolutions carry a key: redaction changed them.
      assert.ok(differ > cases.length / 4, `only ${differ} of ${cases.length} cases had a secret to redact`);
    });

    test("a Map environment gives the same answers as an object", () => {
      cases.forEach(({ name, input }, i) => {
        const env = new Map(Object.entries(input.env));
        assert.equal(JSON.stringify(m.resolve(input.model, env, full(input))), native[i], name);
        assert.equal(JSON.stringify(m.resolve(input.model, env, optionsOf(input))), nativeRedacted[i], name);
      });
    });

    test("resolveOrThrow() returns the resolution or throws the report's error", () => {
      for (const { name, input } of cases) {
        const report = m.resolve(input.model, input.env, full(input));
        if (report.error) {
          assert.throws(
            () => m.resolveOrThrow(input.model, input.env, optionsOf(input)),
            (e) => {
              assert.ok(e instanceof Error, name);
              assert.equal(e.name, "ModelrouteError", name);
              assert.equal(e.code, report.error.code, name);
              assert.equal(e.message, report.error.message, name);
              assert.deepEqual(e.hints, report.error.hints, name);
              return true;
            },
          );
        } else {
          assert.deepEqual(m.resolveOrThrow(input.model, input.env, full(input)), report, name);
          // By default, redacted exactly as resolve() redacts its report.
          assert.deepEqual(m.resolveOrThrow(input.model, input.env, optionsOf(input)), m.resolve(input.model, input.env, optionsOf(input)), `${name}: redacted`);
        }
      }
    });

    test("the id checks agree with the vectors", () => {
      for (const { name, input, expect } of cases) {
        assert.equal(m.isValidModelId(input.model), expect.valid, `${name}: isValidModelId`);
        assert.equal(m.isLocal(input.model), expect.local, `${name}: isLocal`);
        assert.equal(m.requiresHfToken(input.model), expect.requires_hf_token, `${name}: requiresHfToken`);
        const v = m.validate(input.model);
        assert.equal(v.valid, expect.valid, `${name}: validate().valid`);
        assert.equal(v.local, expect.local, `${name}: validate().local`);
      }
    });
  });
}
