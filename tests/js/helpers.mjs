// Shared by the node tests: the packed package installed as a user would,
// the conformance vectors, and the native reports to compare with.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
const tmp = path.join(here, ".tmp");

/** The tarball wasm/build.sh packed. */
export function tarball() {
  const dist = path.join(root, "wasm/pkg-dist");
  const found = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => /^modelroute-.*\.tgz$/.test(f)) : [];
  if (found.length !== 1) {
    throw new Error(`expected one modelroute-*.tgz in ${dist}, found ${found.length}: run wasm/build.sh`);
  }
  return path.join(dist, found[0]);
}

/**
 * A project directory with the tarball installed by `npm install`, as a
 * user would, reused while the tarball is unchanged. Safe when several
 * test files ask at once: each installs into its own directory and the
 * first to finish is renamed into place.
 */
export function installedProject() {
  const tgz = tarball();
  const hash = createHash("sha256").update(fs.readFileSync(tgz)).digest("hex").slice(0, 16);
  const project = path.join(tmp, `project-${hash}`);
  if (fs.existsSync(path.join(project, "node_modules/modelroute/package.json"))) return project;
  fs.mkdirSync(tmp, { recursive: true });
  const work = fs.mkdtempSync(path.join(tmp, "install-"));
  fs.writeFileSync(
    path.join(work, "package.json"),
    JSON.stringify({ name: "modelroute-consumer", private: true, version: "0.0.0" }, null, 2),
  );
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tgz], {
    cwd: work,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    fs.renameSync(work, project);
  } catch (e) {
    // Another test file got there first.
    fs.rmSync(work, { recursive: true, force: true });
    if (!fs.existsSync(project)) throw e;
  }
  return project;
}

/** The package loaded with `require` (CommonJS), from the installed project. */
export function requirePackage(project = installedProject()) {
  return createRequire(path.join(project, "index.js"))("modelroute");
}

/** The package loaded with `import` (ESM), from the installed project. */
export async function importPackage(project = installedProject()) {
  const entry = path.join(project, "node_modules/modelroute/node.mjs");
  // Resolve through the package's exports, as `import "modelroute"` from
  // the project would, and check that it lands on the ESM entry.
  const resolved = resolveFrom(project, "modelroute", "import");
  if (resolved !== entry) throw new Error(`import "modelroute" resolved to ${resolved}, not ${entry}`);
  return import(pathToFileURL(resolved).href);
}

/** Where `specifier` resolves from `project` under a condition ("import" or "require"). */
export function resolveFrom(project, specifier, condition) {
  const script =
    condition === "import"
      ? `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`
      : `console.log(require.resolve(${JSON.stringify(specifier)}))`;
  const args = condition === "import" ? ["--input-type=module", "-e", script] : ["-e", script];
  const out = execFileSync(process.execPath, args, { cwd: project, encoding: "utf8" }).trim();
  return out.startsWith("file:") ? fileURLToPath(out) : out;
}

/** tests/vectors/resolve.json. */
export function vectors() {
  return JSON.parse(fs.readFileSync(path.join(root, "tests/vectors/resolve.json"), "utf8"));
}

/** The options object a vector case's input asks for (only the keys it has). */
export function optionsOf(input) {
  const options = {};
  for (const key of ["effort", "strict", "session_token", "hf_token_file"]) {
    if (key in input) options[key] = input[key];
  }
  return options;
}

/**
 * The native lines for the vector file: `report` (default) or `explain`
 * of modelroute-core, serialized by serde_json (wasm/examples/report_lines.rs).
 */
export function nativeLines(mode = "report") {
  const args = ["run", "-q", "-p", "modelroute-wasm", "--example", "report_lines", "--", path.join(root, "tests/vectors/resolve.json")];
  if (mode === "explain") args.push("explain");
  const run = spawnSync("cargo", args, { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
  if (run.status !== 0) throw new Error(`report_lines failed (${run.status}): ${run.stderr}`);
  return run.stdout.split("\n").slice(0, -1);
}

/** Every function of the package, for checks that apply to all. */
export const FUNCTIONS = [
  "acceptedCascade",
  "diagnose",
  "effortCascade",
  "explain",
  "exportAs",
  "isLocal",
  "isValidModelId",
  "parseDotenv",
  "providers",
  "redact",
  "requiresHfToken",
  "resolve",
  "resolveOrThrow",
  "validate",
];
