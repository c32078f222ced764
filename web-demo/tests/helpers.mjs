// Shared by the demo's browser tests: the built page served on a free
// loopback port, Debian's Chromium driven by playwright-core, and helpers
// that type into the page the way a person does.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { serve } from "../serve.mjs";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const demo = path.resolve(here, "..");
export const root = path.resolve(demo, "..");
export const dist = path.join(demo, "dist");
/** Screenshots and other test output (gitignored). */
export const output = path.join(demo, "test-output");

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * tests/vectors/resolve.json, each error of modelroute's own checks given
 * its message from the wording pins in tests/vectors/messages.json (the
 * vectors hold only the reference's wording; see tests/vectors/README.md).
 */
export function vectors() {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, "tests/vectors", file), "utf8"));
  const doc = read("resolve.json");
  const { messages } = read("messages.json");
  for (const { name, expect } of doc.cases) {
    if (expect.error && !("message" in expect.error)) {
      if (!(name in messages)) throw new Error(`tests/vectors/messages.json has no message for ${name}`);
      expect.error.message = messages[name];
    }
  }
  return doc;
}

/**
 * The built demo served on 127.0.0.1 and a browser with a fresh profile.
 * Call `close()` when done: it stops both and removes the profile.
 */
export async function start() {
  if (!fs.existsSync(path.join(dist, "index.html")) || !fs.existsSync(path.join(dist, "pkg/modelroute_wasm_bg.wasm"))) {
    throw new Error(`${dist} is not built: run scripts/demo.sh --build-only`);
  }
  const server = await serve({ root: dist, port: 0 });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "modelroute-demo-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
      // Only the page's own server and loopback stubs are ever reached.
      offline: false,
    });
  } catch (err) {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const errors = [];
  context.on("page", (page) => watch(page, errors));
  for (const page of context.pages()) watch(page, errors);
  return {
    url: server.url,
    context,
    /** Uncaught page errors and console errors seen so far. */
    errors,
    async close() {
      await context.close().catch(() => {});
      await server.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, errors) {
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
}

/** A new page at `url`, once the wasm package has loaded. */
export async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/**
 * The .env text for an env map: one `KEY='value'` line each. Single
 * quotes keep spaces and `#`; usable() says which values they can carry.
 */
export function envText(env) {
  return Object.entries(env)
    .map(([k, v]) => `${k}='${v}'`)
    .join("\n");
}

/** Whether a vector's env can be typed as `KEY='value'` lines unchanged. */
export function usable(env) {
  return Object.entries(env).every(
    ([k, v]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !/['\\\r\n\u0000]|\$\{/.test(v),
  );
}

/**
 * Fills the inputs as a person would: clears each field and types into it,
 * so every keystroke goes through the page's live update.
 */
export async function fill(page, { id, env = "", effort = "", strict = false }) {
  await page.fill("#model-id", "");
  await page.locator("#model-id").pressSequentially(id);
  await page.fill("#env", "");
  if (env) await page.locator("#env").pressSequentially(env);
  await page.fill("#effort", "");
  if (effort) await page.locator("#effort").pressSequentially(effort);
  await page.setChecked("#strict", strict);
}

/** What the values table shows for one field: value, source, shadowed. */
export async function valueRow(page, field) {
  const row = page.locator(`#values-table tr[data-field="${field}"]`);
  if ((await row.count()) === 0) return null;
  return {
    value: (await row.locator("td.value").innerText()).trim(),
    source: (await row.locator("td.source > code").innerText()).trim(),
    shadowed: (await row.locator(".shadowed").textContent()).trim(),
  };
}

/** Sets the reveal toggle. */
export async function setReveal(page, on) {
  const pressed = (await page.getAttribute("#reveal", "aria-pressed")) === "true";
  if (pressed !== on) await page.click("#reveal");
}

/** The LiteLLM keywords the page shows (keys as the page shows them). */
export async function shownLitellm(page) {
  return JSON.parse(await page.locator("#litellm-json").textContent());
}

/**
 * A loopback server, on a free 127.0.0.1 port, answering `routes`
 * (`"GET /v1/models"` → body; 404 otherwise), with CORS headers for the
 * paths in `allowed` (every path when undefined, none when empty). It
 * records each request in `seen`.
 */
export async function server(routes, allowed) {
  const seen = [];
  const srv = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, body, auth: req.headers.authorization, origin: req.headers.origin });
      const headers = { "Content-Type": "application/json" };
      if (!allowed || allowed.includes(req.url)) {
        headers["Access-Control-Allow-Origin"] = req.headers.origin ?? "*";
        headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type";
        headers["Access-Control-Allow-Methods"] = "GET, POST";
      }
      if (req.method === "OPTIONS") {
        res.writeHead(204, headers);
        return res.end();
      }
      const answer = routes[`${req.method} ${req.url}`];
      res.writeHead(answer === undefined ? 404 : 200, headers);
      res.end(answer ?? '{"error":"not found"}');
    });
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${srv.address().port}`, seen, close: () => new Promise((r) => srv.close(r)) };
}
