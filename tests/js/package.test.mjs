// The packed package as a user gets it: its files, its exports map, and
// the three builds (nodejs, bundler, web) of each entry (the main one and
// `modelroute/export`) giving the same answers.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { EXPORT, MAIN, importPackage, installedProject, requirePackage, resolveFrom, root, tarball, tmpDir } from "./helpers.mjs";

let project;
let dir;
before(() => {
  project = installedProject();
  dir = path.join(project, "node_modules/modelroute");
});

const SAMPLE = ["ollama/llama3.1:8b", { OLLAMA_BASE_URL: "http://gpu:11434/" }, { effort: "high" }];

// The builds of each entry: [entry, directory in the package].
const BUILDS = [MAIN, EXPORT].flatMap((entry) =>
  ["nodejs", "bundler", "web"].map((b) => [entry, entry === EXPORT ? `export/${b}` : b]),
);

test("the tarball holds the three builds of both entries, the entries, the README and the licenses, and nothing else", () => {
  const list = execFileSync("tar", ["tzf", tarball()], { encoding: "utf8" }).trim().split("\n").sort();
  const rel = list.map((f) => f.replace(/^package\//, ""));
  for (const f of ["package.json", "README.md", "node.mjs", "node.d.mts", "export/node.mjs", "export/node.d.mts"]) {
    assert.ok(rel.includes(f), f);
  }
  for (const [, build] of BUILDS) {
    for (const f of ["modelroute_wasm.js", "modelroute_wasm.d.ts", "modelroute_wasm_bg.wasm", "package.json"]) {
      assert.ok(rel.includes(`${build}/${f}`), `${build}/${f}`);
    }
    assert.ok(rel.some((f) => f.startsWith(`${build}/snippets/`) && f.endsWith("/glue.js")), `${build} glue`);
    assert.ok(rel.some((f) => f.startsWith(`${build}/snippets/modelroute-tape-`) && f.endsWith("/build.js")), `${build} tape builder`);
  }
  assert.ok(rel.includes("bundler/modelroute_wasm_bg.js"));
  assert.ok(rel.includes("export/bundler/modelroute_wasm_bg.js"));
  const top = new Set(rel.map((f) => f.split("/")[0]));
  assert.deepEqual([...top].sort(), ["LICENSE-APACHE", "LICENSE-MIT", "README.md", "bundler", "export", "node.d.mts", "node.mjs", "nodejs", "package.json", "web"]);
  assert.ok(!rel.some((f) => f.endsWith(".gitignore")), "no .gitignore");
  assert.ok(!rel.some((f) => f.endsWith("_bg.wasm.d.ts")), "no raw wasm declarations");
});

test("the tarball holds exactly the files wasm/README.md lists", () => {
  const readme = fs.readFileSync(path.join(root, "wasm/README.md"), "utf8");
  const block = readme.match(/The tarball holds exactly these files[\s\S]*?```text\n([\s\S]*?)```/);
  assert.ok(block, "wasm/README.md has no file list");
  const listed = block[1].trim().split("\n").sort();
  const packed = execFileSync("tar", ["tzf", tarball()], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, "").replace(/\/snippets\/([a-z-]+)-[0-9a-f]{16}\//, "/snippets/$1-<hash>/"))
    .sort();
  assert.deepEqual(packed, listed);
});

test("npm publish --dry-run of the tarball is clean: no warning, no correction", () => {
  const run = spawnSync("npm", ["publish", "--dry-run", "--no-color", "--loglevel=warn", tarball()], {
    cwd: tmpDir(),
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `npm publish --dry-run failed:\n${run.stdout}${run.stderr}`);
  // The one warning that is about this machine, not the package: no npm
  // account is logged in here.
  const warnings = `${run.stdout}${run.stderr}`
    .split("\n")
    .filter((l) => /\b(warn|WARN|error|ERR)\b/.test(l) && !/requires you to be logged in/.test(l));
  assert.deepEqual(warnings, []);
});

test("package.json: name, version from Cargo, license, exports, and no made-up URL", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  assert.equal(pkg.name, "modelroute");
  const cargo = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, cargo.match(/^version = "([^"]+)"/m)[1]);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  // The project has no public repository yet: npm would show a dead link.
  // (The workspace Cargo.toml has no `repository` either; build.sh copies
  // one from there once it exists.)
  for (const field of ["repository", "homepage", "bugs"]) assert.ok(!(field in pkg), `package.json has ${field}`);
  assert.doesNotMatch(JSON.stringify(pkg), /https?:\/\//);
  assert.deepEqual(Object.keys(pkg.exports), [".", "./web", "./export", "./export/web", "./package.json"]);
  assert.deepEqual(Object.keys(pkg.exports["."]), ["node", "browser", "default"]);
  assert.deepEqual(Object.keys(pkg.exports["./export"]), ["node", "browser", "default"]);
});

test("import and require resolve to the ESM wrapper and the CommonJS build, for both entries", () => {
  assert.equal(resolveFrom(project, "modelroute", "import"), path.join(dir, "node.mjs"));
  assert.equal(resolveFrom(project, "modelroute", "require"), path.join(dir, "nodejs/modelroute_wasm.js"));
  assert.equal(resolveFrom(project, "modelroute/web", "import"), path.join(dir, "web/modelroute_wasm.js"));
  assert.equal(resolveFrom(project, "modelroute/export", "import"), path.join(dir, "export/node.mjs"));
  assert.equal(resolveFrom(project, "modelroute/export", "require"), path.join(dir, "export/nodejs/modelroute_wasm.js"));
  assert.equal(resolveFrom(project, "modelroute/export/web", "import"), path.join(dir, "export/web/modelroute_wasm.js"));
});

test("import and require share one instance per entry; the entries are two modules", async () => {
  const esm = await importPackage(project);
  const cjs = requirePackage(project);
  assert.equal(esm.resolve, cjs.resolve);
  const xEsm = await importPackage(project, EXPORT);
  const xCjs = requirePackage(project, EXPORT);
  assert.equal(xEsm.resolve, xCjs.resolve);
  assert.equal(xEsm.exportAs, xCjs.exportAs);
  assert.notEqual(xEsm.resolve, esm.resolve);
});

test("the main entry's module is the smaller one: exportAs is only in modelroute/export", () => {
  const main = fs.statSync(path.join(dir, "nodejs/modelroute_wasm_bg.wasm")).size;
  const withExport = fs.statSync(path.join(dir, "export/nodejs/modelroute_wasm_bg.wasm")).size;
  assert.ok(main < withExport, `${main} >= ${withExport}`);
  for (const build of ["nodejs", "bundler", "web"]) {
    const dts = fs.readFileSync(path.join(dir, build, "modelroute_wasm.d.ts"), "utf8");
    assert.doesNotMatch(dts, /function exportAs|ExportFormat|ExportErrorCode/, build);
    assert.match(fs.readFileSync(path.join(dir, "export", build, "modelroute_wasm.d.ts"), "utf8"), /export function exportAs\(/);
  }
});

for (const entry of [MAIN, EXPORT]) {
  const base = entry === EXPORT ? "export/" : "";

  test(`${entry}: the CommonJS build loads without Node's require(esm)`, () => {
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(entry)}).resolve("vllm/x")))`;
    const out = execFileSync(process.execPath, ["--no-experimental-require-module", "-e", script], { cwd: project, encoding: "utf8" });
    assert.equal(JSON.parse(out).litellm.model, "openai/x");
  });

  test(`${entry}: the web build: init() with the wasm bytes, then the same answers`, async () => {
    const cjs = requirePackage(project, entry);
    const web = await import(pathToFileURL(path.join(dir, base, "web/modelroute_wasm.js")).href);
    await web.default({ module_or_path: fs.readFileSync(path.join(dir, base, "web/modelroute_wasm_bg.wasm")) });
    assert.equal(JSON.stringify(web.resolve(...SAMPLE)), JSON.stringify(cjs.resolve(...SAMPLE)));
    assert.throws(() => web.resolve(1), { name: "ModelrouteError", code: "invalid_argument" });
    assert.equal(typeof web.exportAs, entry === EXPORT ? "function" : "undefined");
    if (entry === EXPORT) {
      assert.deepEqual(web.exportAs(SAMPLE[0], SAMPLE[1], "curl"), cjs.exportAs(SAMPLE[0], SAMPLE[1], "curl"));
    }
  });

  test(`${entry}: the bundler build (ESM importing the .wasm) gives the same answers`, () => {
    // Node imports .wasm modules with --experimental-wasm-modules, as a
    // bundler would wire them.
    const url = pathToFileURL(path.join(dir, base, "bundler/modelroute_wasm.js")).href;
    const script = `import * as m from ${JSON.stringify(url)};
      process.stdout.write(JSON.stringify([m.resolve(...${JSON.stringify(SAMPLE)}), typeof m.exportAs]));`;
    const out = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", script], {
      cwd: project,
      encoding: "utf8",
    });
    const cjs = requirePackage(project, entry);
    assert.equal(out, JSON.stringify([cjs.resolve(...SAMPLE), typeof cjs.exportAs]));
  });
}

test("where code cannot be compiled from strings (a strict Content-Security-Policy), results are the same", () => {
  // Objects are then built from template copies instead of compiled literals.
  const calls = `[m.resolve("ollama/x", { OLLAMA_BASE_URL: "http://gpu:1" }, { effort: "high" }),
    m.explain("Ollama/x", {}), m.resolve("a/b:fastest", { HF_TOKEN: "hf_x" }), m.parseDotenv("__proto__=1\\nA=2\\n"),
    m.providers(), m.validate("gpt-4"), m.exportAs("vllm/m", {}, "curl")]`;
  const script = `const m = require("modelroute/export");
    let compiled = true;
    try { new Function(""); } catch { compiled = false; }
    process.stdout.write(JSON.stringify({ compiled, out: ${calls} }));`;
  const run = (flags) => JSON.parse(execFileSync(process.execPath, [...flags, "-e", script], { cwd: project, encoding: "utf8" }));
  const strict = run(["--disallow-code-generation-from-strings"]);
  const normal = run([]);
  assert.equal(strict.compiled, false);
  assert.equal(normal.compiled, true);
  assert.deepEqual(strict.out, normal.out);
  assert.equal(JSON.stringify(strict.out), JSON.stringify(normal.out));
});

test("the public declarations never say `any`", () => {
  const files = ["nodejs/modelroute_wasm.d.ts", "bundler/modelroute_wasm.d.ts", "web/modelroute_wasm.d.ts", "node.d.mts"];
  for (const f of [...files, ...files.map((f) => `export/${f}`)]) {
    const code = fs.readFileSync(path.join(dir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\bany\b/, f);
  }
});
