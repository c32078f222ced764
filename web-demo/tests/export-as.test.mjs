// The package's `exportAs` (core's export module), loaded from the web
// build the demo ships (web-demo/dist/pkg), in Node: its answers, its
// options and its errors, which follow the package's conventions (a
// `ModelrouteError` with a stable `code`, a `message` and `hints`).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";

import { dist } from "./helpers.mjs";

let m;
before(async () => {
  const pkg = path.join(dist, "pkg");
  m = await import(path.join(pkg, "modelroute_wasm.js"));
  await m.default({ module_or_path: fs.readFileSync(path.join(pkg, "modelroute_wasm_bg.wasm")) });
});

const VLLM = { VLLM_BASE_URL: "http://gpu:8000/", VLLM_API_KEY: "sk-secret-0123456789" };

/** Runs `f`, which must throw a ModelrouteError; returns it. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.name, "ModelrouteError");
    assert.equal(typeof e.code, "string");
    assert.ok(Array.isArray(e.hints));
    return e;
  }
  assert.fail("did not throw");
}

test("exportAs: env lines, with the key masked by default", () => {
  const e = m.exportAs("vllm/meta-llama/Llama-3.1-8B-Instruct", VLLM, "env");
  assert.deepEqual(Object.keys(e), ["format", "text", "redacted"]);
  assert.equal(e.format, "env");
  assert.equal(e.redacted, true);
  assert.ok(e.text.includes("export VLLM_BASE_URL='http://gpu:8000'\n"), e.text);
  assert.ok(e.text.includes(`export VLLM_API_KEY='${m.redact(VLLM.VLLM_API_KEY)}'\n`), e.text);
  assert.ok(!e.text.includes(VLLM.VLLM_API_KEY));
  assert.ok(e.text.endsWith("\n"));
});

test("exportAs: show_secrets writes the key in full", () => {
  const e = m.exportAs("vllm/m", VLLM, "curl", { show_secrets: true });
  assert.equal(e.redacted, false);
  assert.ok(e.text.includes("-H 'Authorization: Bearer sk-secret-0123456789'"), e.text);
  assert.ok(e.text.includes("'http://gpu:8000/v1/chat/completions'"), e.text);
  assert.ok(e.text.includes('"max_tokens": 1'), e.text);
});

test("exportAs: the placeholder key is public and never masked", () => {
  const e = m.exportAs("ollama/llama3.1:8b", {}, "env");
  assert.equal(e.redacted, false);
  assert.ok(e.text.includes("export OLLAMA_API_KEY='sk-local-no-key-required'"), e.text);
});

test("exportAs: resolve options apply (effort, strict)", () => {
  const e = m.exportAs("moonshotai/Kimi-K2-Instruct:fastest", { HF_TOKEN: "hf_0123456789abcdef" }, "curl", { effort: "minimal" });
  assert.ok(e.text.includes('"reasoning_effort": "low"'), e.text);
  const strict = thrown(() => m.exportAs("ollama/x", {}, "env", { effort: "high", strict: true }));
  assert.equal(strict.code, "unsupported_effort");
  assert.equal(strict.message, "Local OpenAI-compatible endpoints don't accept reasoning_effort");
});

test("exportAs: every format of the table, for a local id", () => {
  for (const format of ["env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm"]) {
    const e = m.exportAs("lm_studio/qwen", { LMSTUDIO_API_KEY: "sk-lm-0123456789" }, format);
    assert.equal(e.format, format);
    assert.ok(e.text.length > 0 && e.text.endsWith("\n"), format);
    assert.ok(!e.text.includes("sk-lm-0123456789"), `${format} leaks the key`);
  }
});

test("exportAs: a resolution error throws its core code", () => {
  const e = thrown(() => m.exportAs("ollama/", {}, "env"));
  assert.equal(e.code, "empty_model_name");
  assert.equal(e.message, "Unsupported local model id: ollama/");
  assert.equal(thrown(() => m.exportAs("openai-compat/x", {}, "curl")).code, "reserved_prefix");
});

test("exportAs: export errors carry core's export codes and hints", () => {
  const unsupported = thrown(() => m.exportAs("anthropic/claude-opus-4-7", {}, "curl"));
  assert.equal(unsupported.code, "export_unsupported");
  assert.match(unsupported.message, /cannot export `anthropic\/claude-opus-4-7` as `curl`/);
  assert.ok(unsupported.hints.some((h) => h.includes("--to litellm")));
  // ...while litellm works for that route.
  assert.equal(m.exportAs("anthropic/claude-opus-4-7", {}, "litellm").format, "litellm");
  const missing = thrown(() => m.exportAs("moonshotai/Kimi-K2-Instruct", {}, "curl"));
  assert.equal(missing.code, "export_missing_key");
  const nul = thrown(() => m.exportAs("ollama/x", { OLLAMA_API_KEY: "a\0b" }, "env", { show_secrets: true }));
  assert.equal(nul.code, "export_unrepresentable");
});

test("exportAs: bad arguments are invalid_argument, naming the argument", () => {
  const format = thrown(() => m.exportAs("ollama/x", {}, "yaml"));
  assert.equal(format.code, "invalid_argument");
  assert.equal(format.message, "exportAs: argument `format`: unknown export format `yaml`; expected one of: env, dotenv, litellm, openai, curl, aider, continue, llm, codex, opencode, pi, goose, aider-metadata");
  assert.equal(thrown(() => m.exportAs("ollama/x", {}, 3)).code, "invalid_argument");
  assert.match(thrown(() => m.exportAs(42, {}, "env")).message, /^exportAs: argument `id` must be a string/);
  assert.match(thrown(() => m.exportAs("ollama/x", 7, "env")).message, /^exportAs: argument `env`/);

  const camel = thrown(() => m.exportAs("ollama/x", {}, "env", { showSecrets: true }));
  assert.equal(camel.code, "invalid_argument");
  assert.match(camel.message, /unknown option "showSecrets" in argument `options` \(did you mean `show_secrets`\?\)/);
  const unknown = thrown(() => m.exportAs("ollama/x", {}, "env", { verbose: true }));
  assert.ok(unknown.hints.some((h) => h.includes("`show_secrets`")), unknown.hints.join("|"));
  assert.equal(
    thrown(() => m.exportAs("ollama/x", {}, "env", { show_secrets: "yes" })).message,
    "exportAs: option `show_secrets` must be a boolean, got string",
  );
  assert.match(thrown(() => m.exportAs("ollama/x", {}, "env", { effort: 1 })).message, /option `effort` must be a string or null/);
  assert.match(thrown(() => m.exportAs("ollama/x", {}, "env", [])).message, /argument `options` must be an object/);
  const getter = thrown(() => m.exportAs("ollama/x", {}, "env", { get show_secrets() { throw new Error("boom"); } }));
  assert.equal(getter.code, "invalid_argument");
  assert.equal(getter.cause?.message, "boom");
});

test("exportAs: options may be absent, null or carry undefined values", () => {
  const a = m.exportAs("ollama/x", {}, "env");
  assert.deepEqual(m.exportAs("ollama/x", {}, "env", null), a);
  assert.deepEqual(m.exportAs("ollama/x", {}, "env", { show_secrets: undefined, effort: undefined }), a);
  assert.deepEqual(m.exportAs("ollama/x", undefined, "env"), a);
});

test("types.d.ts of the web build declares exportAs precisely", () => {
  const dts = fs.readFileSync(path.join(dist, "pkg/modelroute_wasm.d.ts"), "utf8");
  assert.match(dts, /export function exportAs\(id: string, env: EnvInput \| null \| undefined, format: ExportFormat, options\?: ExportAsOptions \| null\): Export;/);
  for (const name of ["ExportFormat", "ExportErrorCode", "ExportAsOptions", "Export"]) {
    assert.match(dts, new RegExp(`export (type|interface) ${name}\\b`), name);
  }
  assert.match(dts, /export type ErrorCode = ResolutionErrorCode \| ExportErrorCode \|/);
});
