// What a person does on the page besides typing a vector: the example
// picker, a .env mistake, a diagnostic's one-click fix, the exports, the
// CORS advice and the probe from the browser, keyboard use, labels and
// contrast.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { fill, open, server, setReveal, start, valueRow } from "./helpers.mjs";

let s;
let page;
before(async () => {
  s = await start();
  page = await open(s.context, s.url);
});
after(async () => {
  await s?.close();
});

test("the page opens on the first example, already resolved", async () => {
  const fresh = await open(s.context, s.url.replace(/#.*$/, ""));
  assert.equal(await fresh.inputValue("#model-id"), "ollama/llama3.1:8b");
  assert.match(await fresh.locator("#summary").innerText(), /^Valid id · local OpenAI-compatible server · Ollama · http:\/\/localhost:11434\/v1$/);
  await fresh.close();
});

test("each example works in one click", async () => {
  const expected = {
    "Ollama, defaults": { route: "local", base: "http://localhost:11434/v1" },
    "vLLM on another port": { route: "local", base: "http://localhost:8001/v1", source: "env:VLLM_BASE_URL" },
    "Shared LOCAL_LLM_BASE_URL": { route: "local", base: "http://gpu-box:8080/v1", source: "env:LOCAL_LLM_BASE_URL" },
    "LM Studio with a key": { route: "local", base: "http://127.0.0.1:1234/v1", key: "env:LMSTUDIO_API_KEY" },
    "Reserved prefix": { route: "reserved", error: "reserved_prefix" },
    "Empty model name": { route: "local", error: "empty_model_name" },
    "HF Router with a tag": { route: "hf_router", base: "https://router.huggingface.co/v1", key: "env:HF_TOKEN" },
  };
  const labels = await page.locator("#examples button").allInnerTexts();
  assert.deepEqual(labels, Object.keys(expected));
  for (const [label, want] of Object.entries(expected)) {
    await page.getByRole("button", { name: label, exact: true }).click();
    assert.equal(await page.getAttribute("#route", "data-route"), want.route, label);
    if (want.error) {
      assert.equal(await page.locator("#error-code").innerText(), want.error, label);
      continue;
    }
    const base = await valueRow(page, "api_base");
    assert.equal(base.value, want.base, label);
    if (want.source) assert.equal(base.source, want.source, label);
    if (want.key) assert.equal((await valueRow(page, "api_key")).source, want.key, label);
  }
  // The HF example carries an effort, sent as extra_body.
  assert.match(await page.locator("#effort-outcome").innerText(), /"high" → sent as "high"/);
});

test("a .env parse error shows its line and stops the results", async () => {
  await fill(page, { id: "ollama/x", env: "OLLAMA_BASE_URL=http://o:1\n# fine\nOLLAMA_API_KEY='unterminated\n" });
  const error = page.locator("#env-error");
  assert.ok(await error.isVisible());
  assert.match(await error.innerText(), /^Line 3: /);
  assert.equal(await page.getAttribute("#env", "aria-invalid"), "true");
  assert.match(await page.locator("#summary").innerText(), /error on line 3/);
  assert.ok(await page.locator("#report").isHidden());
  // Fixing it brings the results back.
  await page.locator("#env").press("End");
  await page.locator("#env").press("Backspace");
  await page.locator("#env").pressSequentially("'");
  assert.ok(await error.isHidden());
  assert.equal(await page.getAttribute("#env", "aria-invalid"), null);
  assert.equal((await valueRow(page, "api_key")).source, "env:OLLAMA_API_KEY");
});

test(".env syntax: export, quotes, comments, blank lines and ${VAR}", async () => {
  await setReveal(page, true);
  await fill(page, {
    id: "vllm/m",
    env: "# comment\n\nexport HOST=gpu-box\nVLLM_BASE_URL=\"http://${HOST}:8000/\"  # inline comment\nVLLM_API_KEY='k-#-not-a-comment'\n",
  });
  assert.equal((await valueRow(page, "api_base")).value, "http://gpu-box:8000/v1");
  assert.equal((await valueRow(page, "api_key")).value, "k-#-not-a-comment");
  await setReveal(page, false);
});

test("diagnostics show their fix, and a suggestion applies in one click", async () => {
  await fill(page, { id: "Ollama/llama3", env: "" });
  const diag = page.locator('#diagnostics-list li[data-code="near_miss_prefix"]');
  assert.equal(await diag.count(), 1);
  assert.match(await diag.innerText(), /Fix: did you mean ollama\/llama3\?/);
  await diag.getByRole("button").click();
  assert.equal(await page.inputValue("#model-id"), "ollama/llama3");
  assert.equal(await page.getAttribute("#route", "data-route"), "local");

  await fill(page, { id: "ollama/llama3", env: "OLLAMA_BASE_URL=localhost:11434" });
  assert.equal(await page.locator("#error-code").innerText(), "base_url_missing_scheme");
  const fix = page.locator("#diagnostics-list li", { hasText: "OLLAMA_BASE_URL" }).first();
  assert.ok((await fix.count()) === 1);
  const button = fix.getByRole("button");
  if (await button.count()) {
    await button.click();
    assert.equal(await page.locator("#error").count(), 0, "the suggested value resolves");
  }
});

test("each diagnostic of the second round shows, and its one-click fix needs no second one", async () => {
  // One setup per code (modelroute#19); the fix is core's suggestion.
  const cases = [
    ["base_url_whitespace", "llamacpp/qwen3-8b", 'LLAMACPP_BASE_URL="http://local host:8080"'],
    ["base_url_invalid_host", "ollama/llama3.1:8b", "OLLAMA_BASE_URL=http://localhost;11434"],
    ["base_url_invalid_ipv6", "ollama/llama3.2", "OLLAMA_BASE_URL=http://::1:11434"],
    ["base_url_invalid_port", "vllm/m", "VLLM_BASE_URL=http://127.0.0.1:444444"],
    ["near_miss_variable", "lm_studio/qwen2.5-7b-instruct", "LM_STUDIO_BASE_URL=http://127.0.0.1:1234/v1"],
    ["router_id_with_local_server", "meta-llama/Llama-2-7b-chat-hf", "VLLM_BASE_URL=http://127.0.0.1:8000"],
  ];
  for (const [name, id, env] of cases) {
    await fill(page, { id, env });
    const item = page.locator(`#diagnostics-list li[data-code="${name}"]`);
    assert.equal(await item.count(), 1, name);
    await item.getByRole("button").click();
    assert.equal(await page.locator(`#diagnostics-list li[data-code="${name}"]`).count(), 0, name);
    assert.equal(await page.locator("#diagnostics-list button.apply").count(), 0, `${name}: a second fix`);
  }
});

test("the export lines and the curl probe come from core's export", async () => {
  await fill(page, { id: "vllm/meta-llama/Llama-3.1-8B-Instruct", env: "VLLM_BASE_URL=http://gpu:8000/\nVLLM_API_KEY=sk-secret-0123456789" });
  const env = await page.locator("#export-env").textContent();
  assert.ok(env.includes("export VLLM_BASE_URL='http://gpu:8000'\n"), env);
  assert.ok(env.includes("export VLLM_API_KEY='sk-s…6789'\n"), env);
  const curl = await page.locator("#export-curl").textContent();
  assert.ok(curl.includes("-X POST 'http://gpu:8000/v1/chat/completions'"), curl);
  assert.ok(curl.includes("Bearer sk-s…6789"), curl);
  await setReveal(page, true);
  assert.ok((await page.locator("#export-curl").textContent()).includes("Bearer sk-secret-0123456789"));
  await setReveal(page, false);
  // A route with no endpoint of its own: core's export error, shown.
  await fill(page, { id: "anthropic/claude-opus-4-7", env: "" });
  assert.equal(await page.getAttribute("#export-curl", "data-code"), "export_unsupported");
});

test("CORS advice names the setting for each local server", async () => {
  const origin = new URL(s.url).origin;
  const cases = [
    ["ollama/x", "Ollama", "allows this page already"],
    ["vllm/x", "vLLM", "allows this page already"],
    ["lm_studio/x", "LM Studio", "needs a setting for this page"],
    ["llamacpp/x", "llama.cpp (llama-server)", "allows this page already"],
  ];
  for (const [id, server, verdict] of cases) {
    await fill(page, { id, env: "" });
    const main = page.locator("#cors .cors.main");
    assert.equal(await main.getAttribute("data-server"), server, id);
    assert.match(await main.innerText(), new RegExp(verdict), id);
  }
  await fill(page, { id: "lm_studio/x", env: "" });
  assert.match(await page.locator("#cors-setting").textContent(), /lms server start --cors/);
  // Ollama from a page it does not allow by default would need OLLAMA_ORIGINS.
  const others = await page.locator("#cors .other-servers").textContent();
  assert.ok(others.includes(`OLLAMA_ORIGINS=${origin}`) || origin.includes("127.0.0.1"), others);
  assert.ok(others.includes("LITELLM_CORS_ALLOW_ORIGINS="), others);
});

/** A stub OpenAI-compatible server on loopback; `cors` decides whether it allows the page. */
function stub(cors) {
  return server({ "GET /v1/models": JSON.stringify({ object: "list", data: [{ id: "m1" }, { id: "m2" }] }) }, cors ? undefined : []);
}

test("the browser probe reads /models when the server allows the page", async () => {
  const server = await stub(true);
  try {
    await fill(page, { id: "vllm/m1", env: `VLLM_BASE_URL=${server.base}\nVLLM_API_KEY=sk-probe-0123456789` });
    await page.click("#probe");
    await page.waitForFunction(() => /HTTP|could not|No answer/.test(document.getElementById("probe-result").textContent));
    assert.equal(await page.locator("#probe-result").innerText(), "HTTP 200: serves m1, m2");
    const get = server.seen.find((r) => r.method === "GET");
    assert.equal(get.url, "/v1/models");
    assert.equal(get.auth, "Bearer sk-probe-0123456789");
    assert.equal(get.origin, new URL(s.url).origin);
  } finally {
    await server.close();
  }
});

test("the browser probe explains a refusal it cannot read", async () => {
  const server = await stub(false);
  const seen = s.errors.length;
  try {
    await fill(page, { id: "lm_studio/m1", env: `LMSTUDIO_BASE_URL=${server.base}` });
    await page.click("#probe");
    await page.waitForFunction(() => /HTTP|could not|No answer/.test(document.getElementById("probe-result").textContent));
    assert.match(await page.locator("#probe-result").innerText(), /does not allow this page's origin/);
  } finally {
    await server.close();
  }
  // Chromium logs the refusal itself; those are the expected errors here.
  const logged = s.errors.splice(seen);
  assert.ok(logged.some((e) => e.includes("blocked by CORS policy")), logged.join("\n"));
  assert.ok(logged.every((e) => /blocked by CORS policy|net::ERR_FAILED/.test(e)), logged.join("\n"));
});

test("every control has a label, and the results are announced", async () => {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, textarea, select, button")]
      .filter((el) => {
        const name = el.labels?.length ? [...el.labels].map((l) => l.textContent).join(" ") : el.getAttribute("aria-label") || el.textContent;
        return !name || !name.trim();
      })
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute("#summary", "aria-live"), "polite");
  assert.equal(await page.getAttribute("#summary", "role"), "status");
  assert.equal(await page.getAttribute("#env-error", "role"), "alert");
  assert.equal(await page.getAttribute("html", "lang"), "en");
});

test("the inputs work from the keyboard alone", async () => {
  await page.goto(s.url.replace(/#.*$/, "") + "#id=");
  await page.waitForSelector('body[data-ready="true"]');
  await page.focus("#model-id");
  await page.keyboard.type("vllm/m1");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "effort");
  await page.keyboard.type("high");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "strict");
  await page.keyboard.press("Space");
  assert.equal(await page.locator("#error-code").innerText(), "unsupported_effort");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "env");
  await page.keyboard.type("VLLM_BASE_URL=http://gpu:1");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Space");
  assert.equal((await valueRow(page, "api_base")).value, "http://gpu:1/v1");
  // The skip link is the first stop and leads to the results.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "results");
});

/** Every text's contrast ratio against the background it sits on. */
async function lowContrast(p) {
  return p.evaluate(() => {
    const rgb = (s) => {
      const m = s.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const bad = [];
    for (const el of document.querySelectorAll("body *")) {
      if (!el.checkVisibility?.() || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const style = getComputedStyle(el);
      const fg = rgb(style.color);
      const bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      // Placeholder text is exempt (it is not content); everything else is AA.
      if (ratio < 4.5) bad.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
    }
    return bad;
  });
}

for (const scheme of ["light", "dark"]) {
  test(`text contrast is at least 4.5:1 (${scheme} scheme)`, async () => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const label of ["LM Studio with a key", "Empty model name", "HF Router with a tag"]) {
      await page.getByRole("button", { name: label, exact: true }).click();
      await page.locator("#diagnostics").evaluate(() => {});
      assert.deepEqual(await lowContrast(page), [], label);
    }
    await fill(page, { id: "Ollama/x", env: "OLLAMA_BASE_URL='broken" });
    assert.deepEqual(await lowContrast(page), [], "env error");
    await page.emulateMedia({ colorScheme: "light" });
  });
}

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
