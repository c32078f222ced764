// The `modelroute/export` entry: a second wasm module, built with the
// cargo feature `export`, that offers every function of the main entry
// plus `exportAs`. Loaded with `import` and `require`, its `exportAs`
// must write exactly what the CLI's `modelroute export <id> --to <format>`
// prints for the same setup (run with only that setup as its environment
// and --no-dotenv), and fail with the CLI's code, message and hints.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { EXPORT, cliExport, importPackage, installedProject, requirePackage, tmpDir } from "./helpers.mjs";

const FORMATS = ["env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm", "codex", "opencode", "pi", "goose", "aider-metadata"];

// [label, id, env, options]: local servers, the shared fallback, the HF
// Router (tokens, billing, effort, session token, token file), direct
// routes, and setups each export error comes from.
const SETUPS = [
  ["ollama, nothing set", "ollama/llama3.1:8b", {}, {}],
  ["vllm, own variables, key masked", "vllm/meta-llama/Llama-3.1-8B-Instruct", { VLLM_BASE_URL: "http://gpu:8000/", VLLM_API_KEY: "sk-secret-0123456789" }, {}],
  ["vllm, key shown", "vllm/m", { VLLM_BASE_URL: "http://gpu:8000/", VLLM_API_KEY: "sk-secret-0123456789" }, { show_secrets: true }],
  ["lm_studio, shared fallback", "lm_studio/google/gemma-3-4b", { LOCAL_LLM_BASE_URL: "127.0.0.1:1234", LOCAL_LLM_API_KEY: "sk-shared-0123456789" }, {}],
  ["llamacpp, effort dropped", "llamacpp/qwen", { LLAMACPP_BASE_URL: "http://box:8080" }, { effort: "high" }],
  ["llamacpp, strict effort refused", "llamacpp/qwen", {}, { effort: "high", strict: true }],
  ["HF Router, HF_TOKEN, effort", "moonshotai/Kimi-K2-Instruct:fastest", { HF_TOKEN: "hf_0123456789abcdef" }, { effort: "minimal" }],
  ["HF Router, inference token and billing", "huggingface/meta-llama/Llama-3.3-70B-Instruct:together", { INFERENCE_TOKEN: "hf_inference_0123456789", HF_BILL_TO: "my-org" }, { show_secrets: true }],
  ["HF Router, session token", "Qwen/Qwen3-Coder-480B-A35B-Instruct", {}, { session_token: "hf_session_0123456789" }],
  ["HF Router, no token", "a/b", {}, {}],
  ["anthropic, a direct route", "anthropic/claude-sonnet-4-5", {}, { effort: "high" }],
  ["openai, a direct route", "openai/gpt-5", {}, {}],
  ["a base URL that is not one", "ollama/x", { OLLAMA_BASE_URL: "ftp://box" }, {}],
  ["an empty model name", "vllm/", {}, {}],
  ["a quote in the key", "vllm/m", { VLLM_API_KEY: "it's-a-key" }, { show_secrets: true }],
  ["`${` in the key", "vllm/m", { VLLM_API_KEY: "sk-${HOME}-0123456789" }, { show_secrets: true }],
  ["a line break in the billing header", "a/b:cerebras", { HF_TOKEN: "hf_0123456789abcdef", HF_BILL_TO: "my\norg" }, {}],
];

/** What the CLI says about one export: the text, or the error it prints. */
function cli(id, env, format, options, home) {
  const run = cliExport(id, home ? { ...env, HOME: home } : env, format, options);
  if (run.status === 0) return { text: run.stdout };
  const lines = run.stderr.split("\n");
  const head = /^error\[(\w+)\]: (.*)$/.exec(lines[0]);
  assert.ok(head, `unexpected CLI output for ${id} --to ${format}:\n${run.stderr}`);
  const hints = lines.filter((l) => l.startsWith("help: ")).map((l) => l.slice("help: ".length));
  return { code: head[1], message: head[2], hints };
}

/** The same, from exportAs. */
function wasm(m, id, env, format, options) {
  try {
    return { text: m.exportAs(id, env, format, options).text };
  } catch (e) {
    assert.equal(e.name, "ModelrouteError", String(e));
    return { code: e.code, message: e.message, hints: e.hints };
  }
}

for (const [how, load] of [
  ["ESM import", () => importPackage(undefined, EXPORT)],
  ["CommonJS require", () => requirePackage(undefined, EXPORT)],
]) {
  describe(`"${EXPORT}" via ${how}`, () => {
    let m;
    before(async () => {
      m = await load();
    });

    test("exportAs is a function next to the main entry's functions", () => {
      assert.equal(typeof m.exportAs, "function");
      assert.equal(m.resolve("vllm/x").litellm.model, "openai/x");
    });

    test("exportAs matches `modelroute export <id> --to <format>` for every format and setup", () => {
      let texts = 0;
      const errors = new Set();
      for (const [label, id, env, plain] of SETUPS) {
        // Each setup without a context window and with one (`--context`).
        for (const options of [plain, { ...plain, context: 8192 }]) {
          for (const format of FORMATS) {
            const want = cli(id, env, format, options);
            const got = wasm(m, id, env, format, options);
            assert.deepEqual(got, want, `${label}: ${id} --to ${format} ${JSON.stringify(options)}`);
            if (want.text !== undefined) texts++;
            else errors.add(want.code);
          }
        }
      }
      // The setups reach the texts and every kind of failure.
      assert.ok(texts > 60, `only ${texts} texts`);
      const codes = ["export_unsupported", "export_missing_key", "export_unrepresentable", "export_needs_context", "unsupported_effort", "empty_model_name"];
      for (const code of codes) {
        assert.ok(errors.has(code), `no setup fails with ${code}: ${[...errors]}`);
      }
    });

    test("the context option is a whole number of tokens, checked at the boundary", () => {
      for (const bad of [0, -1, 1.5, "8192", 2 ** 32, NaN, true]) {
        assert.throws(
          () => m.exportAs("vllm/m", {}, "codex", { context: bad }),
          (e) => e.code === "invalid_argument" && /`context`/.test(e.message) && /whole number of tokens/.test(e.message),
          String(bad),
        );
      }
      assert.match(m.exportAs("vllm/m", {}, "codex", { context: 4096 }).text, /^model_context_window = 4096$/m);
      assert.doesNotMatch(m.exportAs("vllm/m", {}, "codex", { context: null }).text, /^model_context_window/m);
    });

    test("exportAs with hf_token_file matches the CLI reading the token file", () => {
      const home = fs.mkdtempSync(path.join(tmpDir(), "home-"));
      try {
        fs.mkdirSync(path.join(home, ".cache/huggingface"), { recursive: true });
        fs.writeFileSync(path.join(home, ".cache/huggingface/token"), "hf_from_file_0123456789\n");
        for (const format of ["env", "curl", "openai"]) {
          for (const options of [{}, { show_secrets: true }]) {
            const want = cli("deepseek-ai/DeepSeek-R1", {}, format, options, home);
            assert.ok(want.text, `${format}: ${JSON.stringify(want)}`);
            const got = wasm(m, "deepseek-ai/DeepSeek-R1", {}, format, { ...options, hf_token_file: "hf_from_file_0123456789\n" });
            assert.deepEqual(got, want, format);
          }
        }
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  });
}

test("import and require of modelroute/export share one instance", async () => {
  const project = installedProject();
  const esm = await importPackage(project, EXPORT);
  const cjs = requirePackage(project, EXPORT);
  assert.equal(esm.exportAs, cjs.exportAs);
});
