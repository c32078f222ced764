// No full secret anywhere in the page until the person asks to see it.
// The env textarea necessarily holds what was typed (its value, which is
// not part of the document's HTML); everything the page writes itself —
// results, exports, attributes, other inputs, the URL — never holds a
// secret unless "Reveal secrets" is pressed.
import assert from "node:assert/strict";
import http from "node:http";
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

test("a password inside the base URL stays hidden until revealed", async () => {
  const page = await open(s.context, s.url);
  await setReveal(page, false);
  const password = "pw-SECRET-base-0123";
  await fill(page, { id: "vllm/m", env: `VLLM_BASE_URL=http://me:${password}@gpu:8000` });
  assertAbsent(await visible(page), password);
  // Masked by core (explain's default), in the table and on the probe button.
  assert.equal((await valueRow(page, "api_base")).value, "http://me:***@gpu:8000/v1");
  assert.ok((await page.locator("#probe").innerText()).includes("GET http://me:***@gpu:8000/v1/models"));

  await setReveal(page, true);
  assert.equal((await valueRow(page, "api_base")).value, `http://me:${password}@gpu:8000/v1`);
  assert.ok(!decodeURIComponent(page.url()).includes(password), "never in the URL, even revealed");
  await setReveal(page, false);
  assertAbsent(await visible(page), password);
  await page.close();
});

test("the probe sends the real key while the page shows it masked", async () => {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, auth: req.headers.authorization });
    const headers = { "Content-Type": "application/json", "Access-Control-Allow-Origin": req.headers.origin ?? "*", "Access-Control-Allow-Headers": "Authorization" };
    res.writeHead(req.method === "OPTIONS" ? 204 : 200, headers);
    res.end(req.method === "OPTIONS" ? undefined : JSON.stringify({ data: [{ id: "m" }] }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const page = await open(s.context, s.url);
  try {
    await setReveal(page, false);
    const secret = "sk-probe-SECRET-0123456789";
    await fill(page, { id: "vllm/m", env: `VLLM_BASE_URL=http://127.0.0.1:${server.address().port}
VLLM_API_KEY=${secret}` });
    assertAbsent(await visible(page), secret);
    assert.equal((await valueRow(page, "api_key")).value, "sk-p…6789");
    await page.click("#probe");
    await page.waitForFunction(() => /HTTP|could not|No answer/.test(document.getElementById("probe-result").textContent));
    assert.equal(await page.locator("#probe-result").innerText(), "HTTP 200: serves m");
    assert.equal(seen.find((r) => r.method === "GET")?.auth, `Bearer ${secret}`);
    // The key went into the request only: the page still does not show it.
    assertAbsent(await visible(page), secret);
  } finally {
    await page.close();
    await new Promise((r) => server.close(r));
  }
});

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
