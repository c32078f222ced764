// Replays the whole conformance vector file (tests/vectors/resolve.json)
// through the packed npm package, through both of its entries (the main
// one and `modelroute/export`, two wasm modules), each loaded both with
// `import` and with `require`, and checks each result twice: against the vector's
// expectations, and byte for byte against the native report that
// modelroute-core serializes with serde_json (what the CLI prints).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { EXPORT, MAIN, importPackage, installedProject, nativeLines, optionsOf, requirePackage, vectors } from "./helpers.mjs";

const { cases } = vectors();

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
let project;

before(() => {
  project = installedProject();
  native = nativeLines("report");
  nativeExplain = nativeLines("explain");
  assert.equal(native.length, cases.length, "one native line per case");
  assert.ok(cases.length > 0, "the vector file has cases");
});

for (const [format, load] of [
  [`ESM import "${MAIN}"`, () => importPackage(project, MAIN)],
  [`CommonJS require "${MAIN}"`, () => requirePackage(project, MAIN)],
  [`ESM import "${EXPORT}"`, () => importPackage(project, EXPORT)],
  [`CommonJS require "${EXPORT}"`, () => requirePackage(project, EXPORT)],
]) {
  describe(`conformance vectors via ${format}`, () => {
    let m;
    before(async () => {
      m = await load();
    });

    test(`resolve() meets every expectation of ${cases.length} cases`, () => {
      for (const { name, input, expect } of cases) {
        checkExpectations(m.resolve(input.model, input.env, optionsOf(input)), expect, name);
      }
    });

    test("JSON.stringify(resolve()) is byte-identical to the native report", () => {
      cases.forEach(({ name, input }, i) => {
        const line = JSON.stringify(m.resolve(input.model, input.env, optionsOf(input)));
        assert.equal(line, native[i], `${name}`);
      });
    });

    test("JSON.stringify(explain()) is byte-identical to the native explanation", () => {
      cases.forEach(({ name, input }, i) => {
        const line = JSON.stringify(m.explain(input.model, input.env, optionsOf(input)));
        assert.equal(line, nativeExplain[i], `${name}`);
      });
    });

    test("a Map environment gives the same answers as an object", () => {
      cases.forEach(({ name, input }, i) => {
        const env = new Map(Object.entries(input.env));
        assert.equal(JSON.stringify(m.resolve(input.model, env, optionsOf(input))), native[i], name);
      });
    });

    test("resolveOrThrow() returns the resolution or throws the report's error", () => {
      for (const { name, input } of cases) {
        const report = m.resolve(input.model, input.env, optionsOf(input));
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
          assert.deepEqual(m.resolveOrThrow(input.model, input.env, optionsOf(input)), report, name);
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
