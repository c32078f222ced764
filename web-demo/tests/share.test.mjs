// The URL hash: the state goes into it on every change, a reload or a
// fresh tab restores it, and no secret value ever reaches it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { fill, open, setReveal, shownLitellm, start, valueRow } from "./helpers.mjs";

const SECRETS = {
  LMSTUDIO_API_KEY: "sk-lmstudio-SECRET-0123456789",
  HF_TOKEN: "hf_SECRETtokenABCDEFGHIJ",
  INFERENCE_TOKEN: "inf_SECRET_0123456789abc",
  HUGGING_FACE_HUB_TOKEN: "hf_hubSECRET0123456789",
  MY_SERVICE_TOKEN: "svc-SECRET-987654321",
};
const PASSWORD = "pw-SECRET-42";

const ENV = [
  "# my laptop",
  'export LMSTUDIO_BASE_URL="http://127.0.0.1:1234/v1"',
  `LMSTUDIO_API_KEY='${SECRETS.LMSTUDIO_API_KEY}'`,
  `HF_TOKEN=${SECRETS.HF_TOKEN}`,
  `export INFERENCE_TOKEN="${SECRETS.INFERENCE_TOKEN}"`,
  `HUGGING_FACE_HUB_TOKEN = ${SECRETS.HUGGING_FACE_HUB_TOKEN}`,
  `MY_SERVICE_TOKEN=${SECRETS.MY_SERVICE_TOKEN}`,
  `LOCAL_LLM_BASE_URL=http://me:${PASSWORD}@gpu-box:8000`,
  "OLLAMA_API_KEY=",
  "HF_BILL_TO=my-org",
].join("\n");

let s;
before(async () => {
  s = await start();
});
after(async () => {
  await s?.close();
});

async function inputs(page) {
  return {
    id: await page.inputValue("#model-id"),
    env: await page.inputValue("#env"),
    effort: await page.inputValue("#effort"),
    strict: await page.isChecked("#strict"),
  };
}

test("state → URL → reload → the same state, without the secrets", async () => {
  const page = await open(s.context, s.url);
  await fill(page, { id: "lm_studio/qwen2.5-7b-instruct", env: ENV, effort: "high", strict: false });
  const url = page.url();
  const hash = decodeURIComponent(new URL(url).hash);
  for (const secret of [...Object.values(SECRETS), PASSWORD]) {
    assert.ok(!url.includes(secret) && !hash.includes(secret), `the URL holds ${secret}`);
  }
  // The secret variables are still named, with a placeholder value.
  for (const name of Object.keys(SECRETS)) assert.ok(hash.includes(`${name}`), `the URL lost ${name}`);
  assert.ok(hash.includes("<removed>"));
  assert.ok(hash.includes("OLLAMA_API_KEY=\n"), "an empty value stays empty");
  assert.ok(hash.includes("HF_BILL_TO=my-org"), "other values stay");
  assert.ok(hash.includes("http://me:<removed>@gpu-box:8000"), "a password in a URL is removed");

  const before = await shownLitellm(page);

  // Reload: the hash restores every input.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const restored = await inputs(page);
  assert.equal(restored.id, "lm_studio/qwen2.5-7b-instruct");
  assert.equal(restored.effort, "high");
  assert.equal(restored.strict, false);
  assert.ok(restored.env.includes('export LMSTUDIO_BASE_URL="http://127.0.0.1:1234/v1"'));
  assert.ok(restored.env.includes("LMSTUDIO_API_KEY='<removed>'") || restored.env.includes("LMSTUDIO_API_KEY=<removed>"), restored.env);
  for (const secret of Object.values(SECRETS)) assert.ok(!restored.env.includes(secret));

  // The same answer, apart from the key's value: the same variable still wins.
  const after = await shownLitellm(page);
  assert.equal(after.model, before.model);
  assert.equal(after.api_base, before.api_base);
  assert.equal((await valueRow(page, "api_key")).source, "env:LMSTUDIO_API_KEY");
  await page.close();
});

test("a fresh tab opened on a shared URL restores the state", async () => {
  const page = await open(s.context, s.url);
  await fill(page, { id: "vllm/meta-llama/Llama-3.1-8B-Instruct", env: "VLLM_BASE_URL=http://gpu:8001/\nLOCAL_LLM_BASE_URL=http://shared:9", effort: "max", strict: true });
  const url = page.url();
  await page.close();

  const tab = await open(s.context, url);
  assert.deepEqual(await inputs(tab), {
    id: "vllm/meta-llama/Llama-3.1-8B-Instruct",
    env: "VLLM_BASE_URL=http://gpu:8001/\nLOCAL_LLM_BASE_URL=http://shared:9",
    effort: "max",
    strict: true,
  });
  // strict + effort on a local id: the error is restored too.
  assert.equal(await tab.locator("#error-code").innerText(), "unsupported_effort");
  await tab.setChecked("#strict", false);
  const base = await valueRow(tab, "api_base");
  assert.equal(base.value, "http://gpu:8001/v1");
  assert.equal(base.source, "env:VLLM_BASE_URL");
  assert.equal(base.shadowed, "shadowing env:LOCAL_LLM_BASE_URL");
  assert.ok(!new URL(tab.url()).hash.includes("strict"), "unchecking strict updates the URL");
  await tab.close();
});

test("a multi-line secret is still kept out of the URL", async () => {
  const page = await open(s.context, s.url);
  await setReveal(page, false);
  const secret = 'line-one-SECRET\nline-two-SECRET';
  await fill(page, { id: "ollama/x", env: `OLLAMA_API_KEY="${secret}"\nOLLAMA_BASE_URL=http://o:1` });
  const hash = decodeURIComponent(new URL(page.url()).hash);
  assert.ok(!hash.includes("line-one-SECRET") && !hash.includes("line-two-SECRET"), hash);
  const tab = await open(s.context, page.url());
  assert.equal((await valueRow(tab, "api_key")).source, "env:OLLAMA_API_KEY");
  assert.equal((await valueRow(tab, "api_base")).value, "http://o:1/v1");
  await tab.close();
  await page.close();
});

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
