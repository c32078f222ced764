// Screenshots at desktop (1280x800) and phone (390x844) width, saved under
// web-demo/test-output/ (gitignored) to look at, plus the layout checks
// they stand for: nothing wider than the screen at phone width.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { fill, open, output, start } from "./helpers.mjs";

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

const STATES = [
  { name: "ollama-default", example: "Ollama, defaults" },
  { name: "shared-base-url", example: "Shared LOCAL_LLM_BASE_URL" },
  { name: "hf-router", example: "HF Router with a tag" },
  { name: "empty-name-error", example: "Empty model name" },
  { name: "near-miss-diagnostic", input: { id: "Ollama/llama3.1:8b", env: "OLLAMA_BASE_URL=localhost:11434\nHF_TOKEN=hf_exampleExampleExample0" } },
  { name: "env-parse-error", input: { id: "vllm/m", env: "VLLM_BASE_URL=http://gpu:8000\nVLLM_API_KEY='unterminated" } },
];

let s;
before(async () => {
  s = await start();
  fs.mkdirSync(output, { recursive: true });
});
after(async () => {
  await s?.close();
});

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`screenshots at ${device} width (${viewport.width}x${viewport.height})`, async () => {
    const page = await open(s.context, s.url);
    await page.setViewportSize(viewport);
    for (const state of STATES) {
      if (state.example) await page.getByRole("button", { name: state.example, exact: true }).click();
      else await fill(page, state.input);
      const file = path.join(output, `${device}-${state.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10_000, file);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `${state.name}: the page is ${width}px wide at ${viewport.width}px`);
    }
    // The first screen at phone size, as a person first sees it.
    await page.getByRole("button", { name: "Ollama, defaults", exact: true }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(output, `${device}-first-screen.png`) });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "LM Studio with a key", exact: true }).click();
    await page.screenshot({ path: path.join(output, `${device}-dark.png`), fullPage: true });
    await page.close();
  });
}

test("no page errors", () => {
  assert.deepEqual(s.errors, []);
});
