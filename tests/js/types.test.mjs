// The package's TypeScript declarations, checked by tsc as a user's
// project would see them: tests/js/types/*.{mts,cts,ts} are copied next to
// the installed package and compiled with --noEmit under "nodenext"
// (import and require) and "bundler" resolution. Good calls must compile,
// results must be precisely typed, and every `@ts-expect-error` line (bad
// calls, `any` leaking) must really be an error.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";

import { here, installedProject } from "./helpers.mjs";

const tsc = path.join(here, "node_modules/typescript/bin/tsc");
let work;

before(() => {
  const project = installedProject();
  work = path.join(project, "types-check");
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(path.join(here, "types"), work, { recursive: true });
});

for (const config of ["tsconfig.node.json", "tsconfig.bundler.json"]) {
  test(`tsc --noEmit -p ${config}`, () => {
    assert.ok(fs.existsSync(tsc), `${tsc} missing: run scripts/setup-wasm.sh (npm ci in tests/js)`);
    const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", config], { cwd: work, encoding: "utf8" });
    assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
  });
}
