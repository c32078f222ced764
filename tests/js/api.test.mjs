// What each function of the package returns for good input.
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { DIAGNOSTIC_FUNCTIONS, EXPORT, EXPORT_FUNCTIONS, FUNCTIONS, importPackage } from "./helpers.mjs";

let m;
/** `modelroute/export`: explain and diagnose live there. */
let x;
before(async () => {
  m = await importPackage();
  x = await importPackage(undefined, EXPORT);
});

test("the package exports exactly the documented functions", () => {
  assert.deepEqual(Object.keys(m).sort(), [...FUNCTIONS].sort());
  for (const name of ["exportAs", "readCapabilities", "capabilityRequests", ...DIAGNOSTIC_FUNCTIONS]) {
    assert.ok(!(name in m), `${name} is in modelroute/export only`);
  }
});

test("modelroute/export exports the same functions plus exportAs, the capability parsers, explain and diagnose", () => {
  assert.deepEqual(Object.keys(x).sort(), EXPORT_FUNCTIONS);
});

test("resolve: local model with its own and the shared variables", () => {
  const r = m.resolve("vllm/meta-llama/Llama-3.1-8B-Instruct", {
    VLLM_BASE_URL: " http://gpu-box:8000/ ",
    LOCAL_LLM_BASE_URL: "http://other:1",
    LOCAL_LLM_API_KEY: "sk-shared-key-value",
  }, { show_secrets: true });
  assert.equal(r.route, "local");
  assert.equal(r.provider, "vllm");
  assert.deepEqual(r.parsed, { route: "local", provider: "vllm", name: "meta-llama/Llama-3.1-8B-Instruct" });
  assert.deepEqual(r.litellm, {
    model: "openai/meta-llama/Llama-3.1-8B-Instruct",
    api_base: "http://gpu-box:8000/v1",
    api_key: "sk-shared-key-value",
  });
  assert.equal(r.sources.api_base.source, "env:VLLM_BASE_URL");
  assert.deepEqual(r.sources.api_base.shadowed, ["env:LOCAL_LLM_BASE_URL"]);
  assert.equal(r.sources.api_key.source, "env:LOCAL_LLM_API_KEY");
  assert.deepEqual(r.effort, { requested: null, sent: null, status: "none" });
  // Plain objects and arrays, never Maps or class instances.
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.ok(Array.isArray(r.sources.api_base.candidates));
});

test("resolve: keys are redacted by default, in full with show_secrets: true", () => {
  const env = { OLLAMA_API_KEY: "sk-very-secret-value" };
  assert.equal(m.resolve("ollama/llama3", env).litellm.api_key, "sk-v…alue");
  assert.equal(m.resolve("ollama/llama3", env, { show_secrets: false }).litellm.api_key, "sk-v…alue");
  const r = m.resolve("ollama/llama3", env, { show_secrets: true });
  assert.equal(r.litellm.api_key, "sk-very-secret-value");
  assert.equal(m.redact(r.litellm.api_key), "sk-v…alue");
  // Even the public placeholder key is masked, as `resolve --json` masks it.
  assert.equal(m.resolve("ollama/llama3").litellm.api_key, "sk-l…ired");
});

test("resolve: HF Router with the inference token, billing and effort", () => {
  const r = m.resolve(
    "huggingface/moonshotai/Kimi-K2-Instruct:fastest",
    { INFERENCE_TOKEN: " hf_inference\n", HF_TOKEN: "hf_user" },
    { effort: "minimal", show_secrets: true },
  );
  assert.equal(r.route, "hf_router");
  assert.equal(r.provider, null);
  assert.deepEqual(r.parsed, { route: "hf_router", model: "moonshotai/Kimi-K2-Instruct", tag: "fastest", tag_kind: "policy" });
  assert.deepEqual(r.litellm, {
    model: "openai/moonshotai/Kimi-K2-Instruct:fastest",
    api_base: "https://router.huggingface.co/v1",
    api_key: "hf_inference",
    extra_headers: { "X-HF-Bill-To": "smolagents" },
    extra_body: { reasoning_effort: "low" },
  });
  assert.equal(r.sources.bill_to.source, "default");
  assert.deepEqual(r.effort, { requested: "minimal", sent: "low", status: "sent" });
});

test("resolve: options session_token, hf_token_file, strict", () => {
  const session = m.resolve("a/b", {}, { session_token: "hf_session", show_secrets: true });
  assert.equal(session.litellm.api_key, "hf_session");
  assert.equal(session.sources.api_key.source, "session");
  const file = m.resolve("a/b", {}, { hf_token_file: "hf_from_file\n", show_secrets: true });
  assert.equal(file.litellm.api_key, "hf_from_file");
  assert.equal(file.sources.api_key.source, "token_file");
  const none = m.resolve("a/b", {});
  assert.equal(none.litellm.api_key, null);
  const strict = m.resolve("ollama/x", {}, { effort: "high", strict: true });
  assert.equal(strict.error.code, "unsupported_effort");
  assert.equal(strict.error.message, "Local OpenAI-compatible endpoints don't accept reasoning_effort");
  const lenient = m.resolve("ollama/x", {}, { effort: "high", strict: false });
  assert.equal(lenient.effort.status, "dropped");
});

test("resolve: env may be omitted, null, a Map, process.env or a null-prototype object", () => {
  const base = JSON.stringify(m.resolve("ollama/x"));
  assert.equal(JSON.stringify(m.resolve("ollama/x", null)), base);
  assert.equal(JSON.stringify(m.resolve("ollama/x", undefined, null)), base);
  assert.equal(JSON.stringify(m.resolve("ollama/x", new Map())), base);
  const bare = Object.create(null);
  bare.OLLAMA_BASE_URL = "http://bare:1";
  assert.equal(m.resolve("ollama/x", bare).litellm.api_base, "http://bare:1/v1");
  const saved = process.env.OLLAMA_BASE_URL;
  process.env.OLLAMA_BASE_URL = "http://from-process-env:11434";
  try {
    assert.equal(m.resolve("ollama/x", process.env).litellm.api_base, "http://from-process-env:11434/v1");
  } finally {
    if (saved === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = saved;
  }
});

test("resolve: a variable read call after call gives its value of each call (values are kept between calls)", () => {
  const long = `http://${"h".repeat(300)}:1`;
  const values = ["http://a:1", "http://a:1", "http://b:2", long, long, "http://é:1", "http://é:1", "http://\ud800:1", "http://\ud800:1", "http://a:1", "", "http://a:1"];
  for (const [i, v] of values.entries()) {
    for (const env of [{ OLLAMA_BASE_URL: v }, new Map([["OLLAMA_BASE_URL", v]])]) {
      const label = `${i}: ${JSON.stringify(v).slice(0, 40)}`;
      if (v.includes("\ud800")) {
        assert.throws(() => m.resolve("ollama/x", env), { code: "invalid_argument", message: /lone surrogate/ }, label);
      } else if (v === "") {
        assert.equal(m.resolve("ollama/x", env).litellm.api_base, "http://localhost:11434/v1", label);
      } else {
        assert.equal(m.resolve("ollama/x", env).litellm.api_base, `${v}/v1`, label);
        assert.equal(m.resolve("ollama/x", env).sources.api_base.source, "env:OLLAMA_BASE_URL", label);
      }
    }
  }
  // A getter that returns a new string each time is read once per call.
  let n = 0;
  const env = { get OLLAMA_BASE_URL() { n++; return `http://h${n}:1`; } };
  for (let i = 1; i <= 3; i++) assert.equal(m.resolve("ollama/x", env).litellm.api_base, `http://h${i}:1/v1`);
});

test("resolve: only own properties are read, never the prototype chain", () => {
  const proto = { OLLAMA_BASE_URL: "http://inherited:1" };
  const env = Object.create(proto);
  assert.equal(m.resolve("ollama/x", env).litellm.api_base, "http://localhost:11434/v1");
  // `constructor`, `toString` and friends are not variables either.
  const vars = m.parseDotenv("X=${constructor}${toString}\n", {});
  assert.deepEqual(vars, { X: "" });
});

test("resolve: failures are reports, with the id's checks", () => {
  const r = m.resolve("openai-compat/gpt-4o");
  assert.deepEqual(Object.keys(r), ["model_id", "valid", "local", "requires_hf_token", "route", "error"]);
  assert.equal(r.route, "reserved");
  assert.equal(r.error.code, "reserved_prefix");
  assert.ok(r.error.hints.length > 0);
  assert.equal(m.resolve("").error.code, "empty_model_id");
});

test("resolveOrThrow: the resolution, or a ModelrouteError with core's code", () => {
  assert.equal(m.resolveOrThrow("openai/gpt-5", {}, { effort: "high" }).litellm.reasoning_effort, "high");
  assert.throws(() => m.resolveOrThrow("ollama/"), { name: "ModelrouteError", code: "empty_model_name" });
  assert.throws(
    () => m.resolveOrThrow("ollama/x", { OLLAMA_BASE_URL: "ftp://x" }),
    { code: "unsupported_base_url_scheme" },
  );
});

test("explain (modelroute/export): the report plus expected_formats, effort_cascade, diagnostics", () => {
  const e = x.explain("lmstudio/google/gemma-3-4b", {}, { effort: "max" });
  assert.equal(e.route, "hf_router");
  assert.equal(e.expected_formats, null);
  assert.deepEqual(e.effort_cascade, ["high", "medium", "low"]);
  assert.ok(e.diagnostics.some((d) => d.code === "near_miss_prefix" && d.fix.includes("lm_studio/google/gemma-3-4b")));
  const bad = x.explain("gpt-4");
  assert.match(bad.expected_formats, /^Invalid model id format: gpt-4\nExpected:\n/);
});

test("diagnose (modelroute/export): core's diagnostics, unchanged", () => {
  const d = x.diagnose("Ollama/llama3", {});
  assert.ok(d.length > 0);
  for (const one of d) {
    assert.equal(typeof one.code, "string");
    assert.ok(["info", "warning", "error"].includes(one.severity));
    assert.equal(typeof one.message, "string");
    assert.equal(typeof one.fix, "string");
  }
  assert.deepEqual(JSON.stringify(x.diagnose("Ollama/llama3")), JSON.stringify(x.explain("Ollama/llama3").diagnostics));
});

test("validate: flags, reason and the reference's help", () => {
  assert.deepEqual(m.validate("ollama/llama3.1:8b"), {
    id: "ollama/llama3.1:8b",
    valid: true,
    local: true,
    requires_hf_token: false,
    reason: null,
    expected_formats: null,
  });
  const v = m.validate("gpt-4");
  assert.equal(v.valid, false);
  assert.equal(v.reason.code, "missing_slash");
  assert.match(v.expected_formats, /ollama\/<model> \| vllm\/<model>/);
  assert.equal(m.validate("a b/c").valid, true, "the reference's quirk");
});

test("isLocal, requiresHfToken, isValidModelId", () => {
  assert.equal(m.isLocal("llamacpp/x"), true);
  assert.equal(m.isLocal("llamacpp/a b"), false);
  assert.equal(m.requiresHfToken("llamacpp/x"), false);
  assert.equal(m.requiresHfToken("a/b"), true);
  assert.equal(m.isValidModelId("ollama/"), false);
  assert.equal(m.isValidModelId("moonshotai/Kimi-K2-Instruct:cheapest"), true);
});

test("providers: the table and the shared names", () => {
  const p = m.providers();
  assert.deepEqual(p.providers.map((x) => x.id), ["ollama", "vllm", "lm_studio", "llamacpp"]);
  assert.deepEqual(Object.keys(p.providers[0]), [
    "id", "prefix", "display_name", "base_url_env", "api_key_env", "default_base_url", "start_hint",
  ]);
  assert.deepEqual(p.shared, { base_url_env: "LOCAL_LLM_BASE_URL", api_key_env: "LOCAL_LLM_API_KEY" });
  assert.equal(p.placeholder_api_key, "sk-local-no-key-required");
  assert.equal(p.reserved_prefix, "openai-compat/");
  assert.equal(p.hf_router_base_url, "https://router.huggingface.co/v1");
});

test("effortCascade and acceptedCascade", () => {
  assert.deepEqual(m.effortCascade("max"), ["max", "xhigh", "high", "medium", "low"]);
  assert.deepEqual(m.effortCascade("turbo"), ["turbo"]);
  assert.deepEqual(m.acceptedCascade("openai/gpt-5", "max"), ["xhigh", "high", "medium", "low"]);
  assert.deepEqual(m.acceptedCascade("anthropic/claude-opus-4-7", "minimal"), ["minimal", "low"]);
  assert.deepEqual(m.acceptedCascade("ollama/x", "high"), []);
});

test("redact", () => {
  assert.equal(m.redact("sk-local-no-key-required"), "sk-l…ired");
  assert.equal(m.redact("hf_short"), "…");
  assert.equal(m.redact(""), "");
  assert.equal(m.redact("😀😀😀😀xxxxxxxx😀😀😀😀"), "😀😀😀😀…😀😀😀😀");
});

test("parseDotenv: python-dotenv's reading, the environment wins", () => {
  const vars = m.parseDotenv(
    "# models\nexport HOST=gpu\nVLLM_BASE_URL=http://${HOST}:8000\nVLLM_API_KEY='from file'\nEMPTY=\nBARE\n",
    { VLLM_API_KEY: "from shell" },
  );
  assert.deepEqual(vars, { HOST: "gpu", VLLM_BASE_URL: "http://gpu:8000", EMPTY: "" });
  assert.deepEqual(Object.keys(m.parseDotenv("B=1\nA=2\n")), ["B", "A"]);
  const proto = m.parseDotenv("__proto__=x\n");
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(Object.keys(proto), ["__proto__"]);
  assert.equal(Object.getOwnPropertyDescriptor(proto, "__proto__").value, "x");
});

test("parseDotenv: a line python-dotenv would skip throws dotenv_parse with its line", () => {
  assert.throws(() => m.parseDotenv("A=1\nB='x' y\n"), (e) => {
    assert.equal(e.name, "ModelrouteError");
    assert.equal(e.code, "dotenv_parse");
    assert.equal(e.line, 2);
    assert.match(e.message, /^line 2: /);
    assert.ok(e.hints.length > 0);
    return true;
  });
});
