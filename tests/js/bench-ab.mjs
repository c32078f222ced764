// A/B timing of two built packages in one process (wasm/README.md,
// "Benchmarks"):
//
//   node tests/js/bench-ab.mjs <package dir A> <package dir B> [rounds]
//
// loads both packages (each a wasm/pkg from wasm/build.sh, e.g. a copy of
// the base commit's and this tree's), then times batches of 10,000 calls of
// `resolve(id, env20)` (bench.mjs's headline call) from A and from B in
// turn, with a batch of JSON.parse of the same report (the yardstick) after
// each pair, for `rounds` rounds (41 unless given). It prints, in µs of
// this process's CPU time per call, the smallest and the median batch of
// each, and the median of the per-round ratios B/A. A busy machine slows
// both builds of a round alike, so the ratio holds where absolute times do
// not (separate processes of the same build can differ by a third).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env20, id } from "./bench-input.mjs";

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (dirA === undefined || dirB === undefined) {
  console.error("usage: node tests/js/bench-ab.mjs <package dir A> <package dir B> [rounds]");
  process.exit(2);
}
const load = (dir) => import(pathToFileURL(path.join(path.resolve(dir), "node.mjs")).href);
const [a, b] = await Promise.all([load(dirA), load(dirB)]);
const rounds = Number(roundsArg ?? 41);
const PER_BATCH = 10_000;

const jsonA = JSON.stringify(a.resolve(id, env20));
if (JSON.stringify(b.resolve(id, env20)) !== jsonA) {
  console.error("bench-ab: the two packages return different reports");
  process.exit(1);
}

function batch(f) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < PER_BATCH; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / PER_BATCH;
}
const fa = () => a.resolve(id, env20);
const fb = () => b.resolve(id, env20);
const fj = () => JSON.parse(jsonA);
for (let i = 0; i < 3; i++) [fa, fb, fj].forEach(batch);

const ta = [];
const tb = [];
const tj = [];
const ratio = [];
for (let r = 0; r < rounds; r++) {
  const x = batch(fa);
  const y = batch(fb);
  ta.push(x);
  tb.push(y);
  ratio.push(y / x);
  tj.push(batch(fj));
}
const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const fmt = (xs) => `min ${Math.min(...xs).toFixed(2)} median ${median(xs).toFixed(2)}`;
console.log(
  JSON.stringify({
    A: fmt(ta),
    B: fmt(tb),
    "B/A median": Number(median(ratio).toFixed(3)),
    "JSON.parse": fmt(tj),
  }),
);
