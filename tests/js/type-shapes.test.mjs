// The declarations say what the package returns, checked against what it
// returns: every result of resolve, resolveOrThrow and explain over the
// conformance vectors and a set of calls for every route conforms to its
// declared type (`Report`, `Resolution`, `Explanation`), read from the
// installed .d.ts with the TypeScript compiler's own checker. Conforming is
// exact: a key the type does not declare is a failure, so a route's shape
// (e.g. no `litellm.api_base` for anthropic) is checked, not only its
// presence. Each member of the `Resolution` union must be met at least once.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { before, test } from "node:test";

import { EXPORT, here, installedProject, optionsOf, requirePackage, root, vectors } from "./helpers.mjs";

const ts = createRequire(path.join(here, "package.json"))("typescript");

let declared;
let m;
before(() => {
  const project = installedProject();
  m = requirePackage(project);
  declared = declarations(path.join(project, "node_modules/modelroute/nodejs/modelroute_wasm.d.ts"));
});

/** The checker of one entry's declarations, and its exported types by name. */
function declarations(dts) {
  const program = ts.createProgram([dts], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [] });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(dts)));
  const type = (name) => {
    const symbol = exports.find((e) => e.name === name);
    assert.ok(symbol, `${name} is not exported by ${dts}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  return { checker, type };
}

/**
 * Where `value` does not conform to `type`: a list of "path: why", empty
 * when it does. Objects must have every required property and no other.
 */
function mismatches(value, type, at = "$") {
  const { checker } = declared;
  const f = type.flags;
  const TF = ts.TypeFlags;
  if (f & (TF.Any | TF.Unknown)) return [];
  if (type.isUnion()) {
    const tries = type.types.map((t) => mismatches(value, t, at));
    if (tries.some((t) => t.length === 0)) return [];
    // Report against the member whose discriminant matched, if one did.
    return tries.reduce((best, t) => (t.length < best.length ? t : best));
  }
  if (f & TF.String) return typeof value === "string" ? [] : [`${at}: ${JSON.stringify(value)} is not a string`];
  if (f & TF.Number) return typeof value === "number" ? [] : [`${at}: ${JSON.stringify(value)} is not a number`];
  if (f & TF.Boolean) return typeof value === "boolean" ? [] : [`${at}: not a boolean`];
  if (f & TF.Null) return value === null ? [] : [`${at}: ${JSON.stringify(value)} is not null`];
  if (f & (TF.Undefined | TF.Void)) return value === undefined ? [] : [`${at}: ${JSON.stringify(value)} is not undefined`];
  if (f & TF.Never) return [`${at}: no value is allowed, got ${JSON.stringify(value)}`];
  if (f & (TF.StringLiteral | TF.NumberLiteral)) {
    return value === type.value ? [] : [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(type.value)}`];
  }
  if (f & TF.BooleanLiteral) {
    const want = checker.typeToString(type) === "true";
    return value === want ? [] : [`${at}: ${JSON.stringify(value)} is not ${want}`];
  }
  if (f & TF.TemplateLiteral) {
    // `${head}${string}...${tail}`: the fixed ends.
    const ok = typeof value === "string" && value.startsWith(type.texts[0]) && value.endsWith(type.texts.at(-1));
    return ok ? [] : [`${at}: ${JSON.stringify(value)} is not ${checker.typeToString(type)}`];
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    if (!Array.isArray(value)) return [`${at}: not an array`];
    const element = checker.getTypeArguments(type)[0];
    return value.flatMap((v, i) => mismatches(v, element, `${at}[${i}]`));
  }
  if (f & TF.Object || type.isIntersection()) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${at}: ${JSON.stringify(value)} is not an object`];
    const out = [];
    const props = checker.getPropertiesOfType(type);
    const names = new Set();
    for (const prop of props) {
      names.add(prop.name);
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      const propType = checker.getTypeOfSymbol(prop);
      if (!(prop.name in value)) {
        if (!optional) out.push(`${at}.${prop.name}: missing`);
        continue;
      }
      out.push(...mismatches(value[prop.name], propType, `${at}.${prop.name}`));
    }
    const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & TF.String);
    for (const key of Object.keys(value)) {
      if (names.has(key)) continue;
      if (index) out.push(...mismatches(value[key], index.type, `${at}.${key}`));
      else out.push(`${at}.${key}: not declared`);
    }
    return out;
  }
  return [`${at}: cannot check against ${checker.typeToString(type)}`];
}

/** Calls for every route: ids, environments and options that reach each shape's optional parts. */
function calls() {
  const out = [];
  for (const { input } of vectors().cases) {
    out.push([input.model, input.env ?? {}, optionsOf(input)]);
  }
  const ids = ["ollama/llama3.1:8b", "vllm/m", "lm_studio/g", "llamacpp/x", "a/b", "a/b:fastest", "a/b:groq",
    "anthropic/claude-sonnet-4-5", "bedrock/anthropic.claude", "openai/gpt-5", "gpt-4", "Ollama/x", "ollama/", "openai-compat/x", ""];
  const envs = [{}, { INFERENCE_TOKEN: "it" }, { INFERENCE_TOKEN: "it", HF_BILL_TO: "" }, { HF_TOKEN: "hf_x", OLLAMA_BASE_URL: "http://u:p@gpu:1/?token=t" },
    { VLLM_BASE_URL: "gpu:8000" }];
  for (const id of ids) {
    for (const env of envs) {
      for (const effort of [undefined, "high", "max", "minimal"]) {
        for (const strict of [false, true]) out.push([id, env, { effort, strict }]);
      }
    }
  }
  return out;
}

test("every result conforms to its declared type, exactly, and each route's shape is met", () => {
  const { type } = declared;
  const [Report, Resolution] = ["Report", "Resolution"].map(type);
  const routes = new Set();
  let checked = 0;
  for (const [id, env, options] of calls()) {
    for (const show_secrets of [false, true]) {
      const opts = { ...options, show_secrets };
      const report = m.resolve(id, env, opts);
      assert.deepEqual(mismatches(report, Report), [], `resolve(${JSON.stringify([id, env, opts])})`);
      if (!report.error) {
        routes.add(report.route);
        assert.deepEqual(mismatches(m.resolveOrThrow(id, env, opts), Resolution), [], `resolveOrThrow(${JSON.stringify(id)})`);
      }
      checked++;
    }
  }
  const members = Resolution.types.map((t) => declared.checker.getTypeOfSymbol(t.getProperty("route")).value).sort();
  assert.deepEqual([...routes].sort(), members, "a Resolution shape no call produced");
  assert.ok(checked > 500, `only ${checked} calls`);
});

test("every explain result conforms to Explanation (modelroute/export)", () => {
  const project = installedProject();
  const main = declared;
  declared = declarations(path.join(project, "node_modules/modelroute/export/nodejs/modelroute_wasm.d.ts"));
  try {
    const x = requirePackage(project, EXPORT);
    const Explanation = declared.type("Explanation");
    let checked = 0;
    for (const [id, env, options] of calls()) {
      for (const show_secrets of [false, true]) {
        const opts = { ...options, show_secrets };
        assert.deepEqual(mismatches(x.explain(id, env, opts), Explanation), [], `explain(${JSON.stringify([id, env, opts])})`);
        checked++;
      }
    }
    assert.ok(checked > 500, `only ${checked} calls`);
    // Exact: a diagnostic code that is not one is caught.
    const e = x.explain("Ollama/x", {});
    assert.ok(e.diagnostics.length > 0);
    assert.notDeepEqual(mismatches({ ...e, diagnostics: [{ ...e.diagnostics[0], code: "no_such_code" }] }, Explanation), []);
  } finally {
    declared = main;
  }
});

test("the check is exact: a field a route must not have, or must have, is caught", () => {
  const { type } = declared;
  const Resolution = type("Resolution");
  const local = m.resolveOrThrow("ollama/x");
  const anthropic = m.resolveOrThrow("anthropic/claude", {}, { effort: "high" });
  assert.deepEqual(mismatches(local, Resolution), []);
  assert.deepEqual(mismatches(anthropic, Resolution), []);
  const { api_base: _, ...noBase } = local.litellm;
  assert.notDeepEqual(mismatches({ ...local, litellm: noBase }, Resolution), []);
  assert.notDeepEqual(mismatches({ ...anthropic, litellm: { ...anthropic.litellm, api_base: "http://x" } }, Resolution), []);
  assert.notDeepEqual(mismatches({ ...local, provider: "anthropic" }, Resolution), []);
  assert.notDeepEqual(mismatches({ ...local, local: false }, Resolution), []);
});

test("every capability parser result conforms to its declared type (modelroute/export)", () => {
  const project = installedProject();
  const main = declared;
  declared = declarations(path.join(project, "node_modules/modelroute/export/nodejs/modelroute_wasm.d.ts"));
  try {
    const x = requirePackage(project, EXPORT);
    const doc = JSON.parse(fs.readFileSync(path.join(root, "tests/vectors/capabilities.json"), "utf8"));
    const reply = (r) => r && { status: r.status, body: "fixture" in r ? fs.readFileSync(path.join(root, doc.fixtures, r.fixture), "utf8") : r.body };
    const [Capabilities, MetadataRequest] = ["Capabilities", "MetadataRequest"].map(declared.type);
    for (const c of doc.cases) {
      const got = x.readCapabilities(c.family, c.model, reply(c.models), c.extra.map(reply));
      assert.deepEqual(mismatches(got, Capabilities), [], c.name);
    }
    for (const c of doc.requests) {
      for (const r of x.capabilityRequests(c.family, c.model)) assert.deepEqual(mismatches(r, MetadataRequest), [], c.name);
    }
    // Exact: a field that is not declared, or a state that is not one, is caught.
    const one = x.readCapabilities("vLLM", "m");
    assert.notDeepEqual(mismatches({ ...one, state: "ready" }, Capabilities), []);
    assert.notDeepEqual(mismatches({ ...one, context: { ...one.context, window: 1 } }, Capabilities), []);
  } finally {
    declared = main;
  }
});
