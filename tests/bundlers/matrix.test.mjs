// The bundler matrix (run by scripts/test-bundlers.sh, which installs each
// project's node_modules into the cache first): per recipe, a fresh copy of
// its project with the packed package installed as a user installs it,
// built, served on a free 127.0.0.1 port and opened in Debian's Chromium.
// The page (check.js) must show exactly what the same calls return in
// Node, and nothing may be logged as an error.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
// The demo's browser tests install playwright-core (scripts/setup-demo.sh),
// and their static server serves .wasm as application/wasm.
const { chromium } = createRequire(path.join(root, "web-demo/tests/package.json"))("playwright-core");
const { serve } = await import(path.join(root, "web-demo/serve.mjs"));

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CACHE = process.env.MODELROUTE_BUNDLERS_CACHE || path.join(os.homedir(), ".cache/modelroute-bundlers");

/**
 * The recipes: the project folder, and the folder its build leaves to be
 * served (the project itself where index.html loads ./dist/main.js).
 */
const RECIPES = [
  { name: "vite", serve: "dist" },
  { name: "vite-wasm", serve: "dist" },
  { name: "webpack", serve: "." },
  { name: "rollup", serve: "." },
  { name: "esbuild", serve: "." },
  { name: "script", serve: "." },
];

test("every project under tests/bundlers is a recipe of the matrix", () => {
  const projects = fs.readdirSync(here, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual(projects, RECIPES.map((r) => r.name).sort());
});

function tarball() {
  const dist = path.join(root, "wasm/pkg-dist");
  const found = fs.readdirSync(dist).filter((f) => /^modelroute-.*\.tgz$/.test(f));
  assert.equal(found.length, 1, `expected one tarball in ${dist}`);
  return path.join(dist, found[0]);
}

/** The cached node_modules of a project (scripts/test-bundlers.sh made it). */
function cachedModules(name) {
  const project = path.join(here, name);
  const key = createHash("sha256")
    .update(fs.readFileSync(path.join(project, "package.json")))
    .update(fs.readFileSync(path.join(project, "package-lock.json")))
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(CACHE, `${name}-${key}`);
  assert.ok(fs.existsSync(path.join(dir, ".installed")), `${dir} missing: run scripts/test-bundlers.sh`);
  return path.join(dir, "node_modules");
}

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });

let work;
let browser;
before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "modelroute-bundlers-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
});
after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const filter = process.env.BUNDLERS ? process.env.BUNDLERS.split(/[\s,]+/) : null;

for (const recipe of RECIPES) {
  test(`${recipe.name}: built, loaded in Chromium, same answers as Node, no error logged`, { skip: filter !== null && !filter.includes(recipe.name) }, async () => {
    // A fresh copy of the project, as a user has it: its files, its
    // locked dependencies, then the package from the tarball.
    const dir = path.join(work, recipe.name);
    fs.cpSync(path.join(here, recipe.name), dir, { recursive: true });
    fs.copyFileSync(path.join(here, "check.js"), path.join(dir, "check.js"));
    fs.cpSync(cachedModules(recipe.name), path.join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
    run("npm", ["install", "--no-save", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball()], dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    if (pkg.scripts?.build) {
      try {
        run("npm", ["run", "--silent", "build"], dir);
      } catch (e) {
        assert.fail(`npm run build failed:\n${e.stdout}${e.stderr}`);
      }
    }

    // What the same calls return in Node, from the same installed package.
    const m = createRequire(path.join(dir, "package.json"))("modelroute");
    const expected = {
      recipe: recipe.name,
      resolved: m.resolve("ollama/llama3.1:8b", { OLLAMA_BASE_URL: "http://gpu:11434" }, { effort: "high" }),
      thrown: { name: "ModelrouteError", code: "empty_model_name", isError: true },
      isLocal: true,
    };
    assert.equal(expected.resolved.litellm.api_base, "http://gpu:11434/v1");

    const server = await serve({ root: path.join(dir, recipe.serve), port: 0 });
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
    try {
      await page.goto(server.url);
      try {
        await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      } catch {
        assert.fail(`the page never showed a result; errors: ${JSON.stringify(errors)}`);
      }
      const shown = JSON.parse(await page.locator("#out").textContent());
      assert.deepEqual(shown, JSON.parse(JSON.stringify(expected)));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await server.close();
    }
  });
}
