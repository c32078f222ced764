// Cases of the shared conformance vectors (tests/vectors/resolve.json),
// typed into the page as a person would: the id, the env as KEY='value'
// lines, the effort and strict. What the page then shows must be what the
// vector expects: validity, route, provider, the LiteLLM keywords (model,
// api_base, api_key, ...), the source that won each value, or the error's
// code and message.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { envText, fill, open, setReveal, shownLitellm, start, usable, valueRow, vectors } from "./helpers.mjs";

/** The cases, chosen to cover every route, the precedence rules and the errors. */
const PICKED = [
  // local providers
  "pr-ollama-llama3-1-8b-defaults",
  "pr-lm-studio-gemma-defaults",
  "llamacpp-own-api-key",
  "vllm-own-base-beats-shared",
  // the shared fallback
  "pr-shared-endpoint-vllm-custom-model",
  "lm-studio-empty-own-base-falls-to-shared",
  "mixed-own-base-shared-key",
  // errors
  "missing-scheme-own-localhost",
  "empty-name-ollama",
  "reserved-openai-compat",
  "empty-id",
  "whitespace-space-in-ollama-id",
  // efforts
  "local-ollama-effort-high-strict-refused",
  "local-vllm-effort-max-non-strict-dropped",
  "anthropic-minimal-becomes-low",
  "openai-max-strict-refused",
  "bedrock-high-strict-ignored",
  // the Hugging Face Router
  "hf-hf-token-beats-hub-token",
  "hf-inference-token-custom-bill-to",
  "hf-effort-minimal-becomes-low",
  "capitalised-ollama-prefix-is-hf-router",
];

const byName = new Map(vectors().cases.map((c) => [c.name, c]));

let s;
let page;
before(async () => {
  s = await start();
  page = await open(s.context, s.url);
  // Keys are compared in full here; secrecy has its own test.
  await setReveal(page, true);
});
after(async () => {
  await s?.close();
});

test("the picked cases exist and can be typed as .env lines", () => {
  assert.ok(PICKED.length >= 12);
  for (const name of PICKED) {
    const c = byName.get(name);
    assert.ok(c, `no vector ${name}`);
    assert.ok(usable(c.input.env), `${name}: env cannot be typed as KEY='value' lines`);
    assert.ok(!("session_token" in c.input) && !("hf_token_file" in c.input), `${name}: the page has no session token or token file`);
  }
});

for (const name of PICKED) {
  test(`vector ${name}`, async () => {
    const { input, expect } = byName.get(name);
    await fill(page, { id: input.model, env: envText(input.env), effort: input.effort ?? "", strict: input.strict ?? false });

    assert.equal(await page.getAttribute('[data-testid="validity"]', "data-valid"), String(expect.valid), "valid");
    assert.equal(await page.getAttribute("#route", "data-route"), expect.route, "route");
    assert.equal(await page.locator("#hf-token").innerText(), expect.requires_hf_token ? "needed to start a run (not a local id)" : "not needed (local id)");

    if (expect.error) {
      assert.equal(await page.locator("#error-code").innerText(), expect.error.code);
      assert.equal(await page.locator("#error-message").textContent(), expect.error.message);
      assert.equal(await page.locator("#values-table").count(), 0, "no values on an error");
      assert.match(await page.locator("#summary").innerText(), new RegExp(`Error ${expect.error.code}`));
      return;
    }
    assert.equal(await page.locator("#error").count(), 0, "no error shown");
    assert.equal(await page.getAttribute("#provider", "data-provider"), expect.provider ?? "", "provider");
    assert.deepEqual(await shownLitellm(page), expect.litellm, "LiteLLM keywords");

    const model = await valueRow(page, "model");
    assert.equal(model.value, expect.litellm.model);
    if ("api_base" in expect.litellm) {
      assert.equal((await valueRow(page, "api_base")).value, expect.litellm.api_base);
    }
    if ("api_key" in expect.litellm) {
      assert.equal((await valueRow(page, "api_key")).value, expect.litellm.api_key ?? "none");
    }
    for (const [field, source] of Object.entries(expect.sources ?? {})) {
      const row = await valueRow(page, field);
      assert.ok(row, `no row for ${field}`);
      assert.equal(row.source, source, `source of ${field}`);
    }
  });
}

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
