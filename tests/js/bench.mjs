// Benchmark of the built package (wasm/pkg, from wasm/build.sh):
//
//   node tests/js/bench.mjs [--json] [--export]
//
// times the main entry's module, or with --export the `modelroute/export`
// one (wasm/pkg/export); MODELROUTE_PKG=DIR times the package in DIR.
// Median time per call over 41 batches of 10,000 calls after a warm-up,
// for `resolve` with a 20-variable environment (the number recorded in
// wasm/README.md), plus a few neighbours for context: no environment, Node's
// process.env, a Map, `explain`, an id check, and JSON.parse of the same
// report's JSON (a yardstick for how fast the machine is). Two clocks:
// wall time, and this process's CPU time (user + system), which a busy
// machine inflates much less.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
// 20 variables: 4 that a local id reads, 16 it does not.
import { env20, id } from "./bench-input.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = process.env.MODELROUTE_PKG ?? path.join(here, "../../wasm/pkg");
const entry = path.join(pkg, process.argv.includes("--export") ? "export/node.mjs" : "node.mjs");
const m = await import(pathToFileURL(entry).href);

const BATCHES = 41;
const PER_BATCH = 10_000;

function median(f) {
  for (let i = 0; i < 20_000; i++) f();
  const wall = [];
  const cpu = [];
  for (let b = 0; b < BATCHES; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < PER_BATCH; i++) f();
    wall.push(((performance.now() - t0) * 1000) / PER_BATCH);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / PER_BATCH);
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[BATCHES >> 1];
  return { wall: mid(wall), cpu: mid(cpu) };
}

const map20 = new Map(Object.entries(env20));
const json = JSON.stringify(m.resolve(id, env20));

const cases = [
  ["resolve(id, env20)", () => m.resolve(id, env20)],
  ["resolve(hf id, env20)", () => m.resolve("moonshotai/Kimi-K2-Instruct:fastest", env20)],
  ["resolve(id)", () => m.resolve(id)],
  ["resolve(id, Map(20))", () => m.resolve(id, map20)],
  ["resolve(id, process.env)", () => m.resolve(id, process.env)],
  // explain is in modelroute/export only (--export).
  ...(m.explain ? [["explain(id, env20)", () => m.explain(id, env20)]] : []),
  ["isLocal(id)", () => m.isLocal(id)],
  ["JSON.parse(report JSON)", () => JSON.parse(json)],
];

const results = cases.map(([name, f]) => [name, median(f)]);
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(Object.fromEntries(results)));
} else {
  console.log(`node ${process.version}, ${BATCHES} batches x ${PER_BATCH} calls, median µs per call`);
  console.log(`${"".padEnd(28)} ${"wall".padStart(7)}    ${"cpu".padStart(7)}`);
  for (const [name, { wall, cpu }] of results) {
    console.log(`${name.padEnd(28)} ${wall.toFixed(2).padStart(7)} µs ${cpu.toFixed(2).padStart(7)} µs`);
  }
}
