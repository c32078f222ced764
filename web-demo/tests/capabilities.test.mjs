// The probe button shows what the server says about each model it lists,
// read by the package's readCapabilities (core's parser, as `modelroute
// probe` reads it): a loopback server answers the page like the recorded
// llama-server (core/tests/fixtures/capabilities/llamacpp-11434.0.0-*)
// and like Ollama's documented answers (ollama-0.33.0-rc2-*), with the
// CORS headers each needs; and a server that lets the page read /models
// but not /props, whose findings stay unknown with the reason shown.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { fill, open, output, root, server, start } from "./helpers.mjs";

const fixture = (name) => fs.readFileSync(path.join(root, "core/tests/fixtures/capabilities", name), "utf8");

let s;
let page;
before(async () => {
  s = await start();
  page = await open(s.context, s.url);
});
after(async () => {
  await s?.close();
});

/** Presses the probe and waits for the capabilities (or their absence). */
async function probe() {
  await page.click("#probe");
  await page.waitForFunction(() => /HTTP|could not|No answer/.test(document.getElementById("probe-result").textContent));
  await page.waitForFunction(() => !/Reading what the server says/.test(document.getElementById("probe-capabilities").textContent));
}

/** The capabilities the page shows for `model`: each row's value and source text. */
async function shown(model) {
  const card = page.locator(`#probe-capabilities section.caps[data-model="${model}"]`);
  assert.equal(await card.count(), 1, `no capabilities shown for ${model}`);
  const out = {};
  for (const row of await card.locator("tr").all()) {
    const field = await row.getAttribute("data-field");
    out[field] = [(await row.locator("td.value").innerText()).trim(), (await row.locator("td.source").innerText()).trim()];
  }
  return out;
}

test("llama.cpp: the recorded llama-server's answers, shown with their sources", async () => {
  const errors = s.errors.length;
  const srv = await server({
    "GET /v1/models": fixture("llamacpp-11434.0.0-v1-models.json"),
    "GET /props": fixture("llamacpp-11434.0.0-props.json"),
  });
  try {
    await fill(page, { id: "llamacpp/smollm2", env: `LLAMACPP_BASE_URL=${srv.base}\nLLAMACPP_API_KEY=secret` });
    await probe();
    assert.equal(await page.locator("#probe-result").innerText(), "HTTP 200: serves smollm2");
    assert.deepEqual(await shown("smollm2"), {
      context: ["3,072 served of 8,192 max", "llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"],
      tools: ["no", "llama.cpp /props chat_template_caps.supports_tool_calls"],
      vision: ["no", "llama.cpp /props modalities.vision"],
      state: ["loaded", ""],
      model: ["Q4_1, 134,515,008 parameters", ""],
    });
    assert.match(await page.locator("#probe-capabilities").innerText(), /read as llama\.cpp metadata/);
    assert.equal(await page.locator("#capabilities-blocked").count(), 0);
    // /props with the key, from the server's root (no /v1).
    const props = srv.seen.find((r) => r.method === "GET" && r.url === "/props");
    assert.equal(props?.auth, "Bearer secret");
    fs.mkdirSync(output, { recursive: true });
    await page.locator("#cors").screenshot({ path: path.join(output, "capabilities-llamacpp.png") });
  } finally {
    await srv.close();
  }
  assert.deepEqual(s.errors.slice(errors), []);
});

test("Ollama: /api/show (POST, with the model) and /api/ps, every listed model", async () => {
  const errors = s.errors.length;
  const srv = await server({
    "GET /v1/models": JSON.stringify({ object: "list", data: [
      { id: "llava:latest", object: "model", created: 1, owned_by: "library" },
      { id: "qwen3:8b", object: "model", created: 1, owned_by: "library" },
    ] }),
    "POST /api/show": fixture("ollama-0.33.0-rc2-api-show.json"),
    "GET /api/ps": fixture("ollama-0.33.0-rc2-api-ps.json"),
  });
  try {
    await fill(page, { id: "ollama/llava", env: `OLLAMA_BASE_URL=${srv.base}` });
    await probe();
    assert.deepEqual(await shown("llava:latest"), {
      context: ["4,096 served of 8,192 max", "Ollama /api/ps context_length, /api/show model_info.llama.context_length"],
      tools: ["no", "Ollama /api/show capabilities"],
      vision: ["yes", "Ollama /api/show capabilities"],
      state: ["loaded", ""],
      model: ["Q4_0, 8,030,261,248 parameters, llama", ""],
    });
    // The stub answers /api/show the same for any model; /api/ps lists only llava.
    assert.equal((await shown("qwen3:8b")).state[0], "not loaded");
    const shows = srv.seen.filter((r) => r.method === "POST" && r.url === "/api/show").map((r) => JSON.parse(r.body).model).sort();
    assert.deepEqual(shows, ["llava:latest", "qwen3:8b"]);
    // /api/ps is the same request for both models: sent once.
    assert.equal(srv.seen.filter((r) => r.method === "GET" && r.url === "/api/ps").length, 1);
  } finally {
    await srv.close();
  }
  assert.deepEqual(s.errors.slice(errors), []);
});

test("a metadata request the browser may not read: unknown, and the page says which", async () => {
  const errors = s.errors.length;
  const srv = await server({
    "GET /v1/models": fixture("llamacpp-11434.0.0-v1-models.json"),
    "GET /props": fixture("llamacpp-11434.0.0-props.json"),
  }, ["/v1/models"]);
  try {
    await fill(page, { id: "llamacpp/smollm2", env: `LLAMACPP_BASE_URL=${srv.base}` });
    await probe();
    const caps = await shown("smollm2");
    assert.deepEqual(caps.context, ["3,072 served of 8,192 max", "llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"]);
    assert.deepEqual(caps.tools, ["unknown", "not said"]);
    assert.match(await page.locator("#capabilities-blocked").innerText(), /could not read GET \/props: the server does not allow this page's origin/);
  } finally {
    await srv.close();
  }
  // Chromium logs the refusal itself; those are the only errors expected.
  const logged = s.errors.splice(errors);
  assert.ok(logged.some((e) => e.includes("blocked by CORS policy")), logged.join("\n"));
  assert.ok(logged.every((e) => /blocked by CORS policy|net::ERR_FAILED/.test(e)), logged.join("\n"));
});
