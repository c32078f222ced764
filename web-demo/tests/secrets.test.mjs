// No full secret anywhere in the page until the person asks to see it.
// The env textarea necessarily holds what was typed (its value, which is
// not part of the document's HTML); everything the page writes itself —
// results, exports, attributes, other inputs, the URL — never holds a
// secret unless "Reveal secrets" is pressed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { fill, open, setReveal, start, valueRow } from "./helpers.mjs";

let s;
before(async () => {
  s = await start();
});
after(async () => {
  await s?.close();
});

/** Everything the page shows besides the env textarea's typed value. */
async function visible(page) {
  return page.evaluate(() => {
    const inputs = [...document.querySelectorAll("input, textarea, select")]
      .filter((el) => el.id !== "env")
      .map((el) => el.value);
    return {
      html: document.documentElement.outerHTML,
      results: document.getElementById("results").innerText,
      inputs: inputs.join("\n"),
      url: location.href + "\n" + decodeURIComponent(location.href),
      title: document.title,
    };
  });
}

function assertAbsent(seen, secret) {
  for (const [where, text] of Object.entries(seen)) {
    assert.ok(!text.includes(secret), `${where} holds the secret ${secret}`);
  }
}

const CASES = [
  { id: "vllm/m", name: "VLLM_API_KEY", secret: "sk-vllm-SECRET-0123456789", field: "api_key" },
  { id: "ollama/llama3", name: "LOCAL_LLM_API_KEY", secret: "sk-shared-SECRET-abcdefgh", field: "api_key" },
  { id: "moonshotai/Kimi-K2-Instruct:fastest", name: "HF_TOKEN", secret: "hf_SECRETtoken0123456789", field: "api_key" },
  { id: "moonshotai/Kimi-K2-Instruct", name: "INFERENCE_TOKEN", secret: "inf_SECRET_token_98765", field: "api_key" },
  // Short keys are masked to `…` alone.
  { id: "llamacpp/phi-4", name: "LLAMACPP_API_KEY", secret: "short-key", field: "api_key" },
];

for (const c of CASES) {
  test(`${c.name} stays hidden until revealed (${c.id})`, async () => {
    const page = await open(s.context, s.url);
    await setReveal(page, false);
    await fill(page, { id: c.id, env: `${c.name}=${c.secret}\nHF_BILL_TO=org` });
    assert.equal(await page.inputValue("#env"), `${c.name}=${c.secret}\nHF_BILL_TO=org`, "the textarea holds what was typed");
    assertAbsent(await visible(page), c.secret);
    const masked = (await valueRow(page, c.field)).value;
    assert.ok(masked.includes("…"), `masked as ${masked}`);

    await setReveal(page, true);
    assert.equal(await page.getAttribute("#reveal", "aria-pressed"), "true");
    assert.equal((await valueRow(page, c.field)).value, c.secret);
    const revealed = await page.locator("#results").innerText();
    assert.ok(revealed.includes(c.secret), "revealed in the results");
    assert.ok(!decodeURIComponent(page.url()).includes(c.secret), "never in the URL, even revealed");

    await setReveal(page, false);
    assertAbsent(await visible(page), c.secret);
    await page.close();
  });
}

test("the secret stays hidden on every keystroke while typing it", async () => {
  const page = await open(s.context, s.url);
  await setReveal(page, false);
  await fill(page, { id: "vllm/m", env: "" });
  const secret = "sk-typed-SECRET-0123456789";
  const prefix = "VLLM_API_KEY=";
  await page.locator("#env").pressSequentially(prefix);
  for (let i = 0; i < secret.length; i++) {
    await page.locator("#env").press(secret[i]);
    const typed = secret.slice(0, i + 1);
    // Past 11 characters core shows the first and last four: never all of it.
    if (typed.length >= 9) {
      const html = (await visible(page)).html;
      assert.ok(!html.includes(typed), `the page shows ${typed}`);
    }
  }
  await page.close();
});

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
