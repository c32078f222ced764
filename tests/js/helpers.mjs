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

/** A scratch directory for the tests (tests/js/.tmp, gitignored). */
export function tmpDir() {
  fs.mkdirSync(tmp, { recursive: true });
  return tmp;
}

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

/** The package's two entries: the main one, and the one with `exportAs`. */
export const MAIN = "modelroute";
export const EXPORT = "modelroute/export";

/** The ESM file each entry's `import` must land on, in the package. */
const ESM_ENTRY = { [MAIN]: "node.mjs", [EXPORT]: "export/node.mjs" };

/** An entry (`MAIN` or `EXPORT`) loaded with `require` (CommonJS), from the installed project. */
export function requirePackage(project = installedProject(), specifier = MAIN) {
  return createRequire(path.join(project, "index.js"))(specifier);
}

/** An entry (`MAIN` or `EXPORT`) loaded with `import` (ESM), from the installed project. */
export async function importPackage(project = installedProject(), specifier = MAIN) {
  const entry = path.join(project, "node_modules/modelroute", ESM_ENTRY[specifier]);
  // Resolve through the package's exports, as `import "modelroute"` from
  // the project would, and check that it lands on the ESM entry.
  const resolved = resolveFrom(project, specifier, "import");
  if (resolved !== entry) throw new Error(`import "${specifier}" resolved to ${resolved}, not ${entry}`);
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
 * of modelroute-core, serialized by serde_json (wasm/examples/report_lines.rs):
 * secrets in full (what the package returns with `show_secrets: true`), or
 * with `redacted` as core's `redact_secrets()` masks them (its default).
 */
export function nativeLines(mode = "report", { redacted = false } = {}) {
  const args = ["run", "-q", "-p", "modelroute-wasm", "--example", "report_lines", "--", path.join(root, "tests/vectors/resolve.json")];
  if (mode === "explain") args.push("explain");
  if (redacted) args.push("redact");
  const run = spawnSync("cargo", args, { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
  if (run.status !== 0) throw new Error(`report_lines failed (${run.status}): ${run.stderr}`);
  return run.stdout.split("\n").slice(0, -1);
}

/** Every function of the main entry, for checks that apply to all. */
export const FUNCTIONS = [
  "acceptedCascade",
  "effortCascade",
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

/** The functions only `modelroute/export` has besides `exportAs` and the capability parsers: the diagnostics engine. */
export const DIAGNOSTIC_FUNCTIONS = ["diagnose", "explain"];

/** Every function of `modelroute/export`: the main entry's plus `exportAs`, the capability parsers and the diagnostics engine. */
export const EXPORT_FUNCTIONS = [...FUNCTIONS, ...DIAGNOSTIC_FUNCTIONS, "capabilityRequests", "exportAs", "readCapabilities"].sort();

let cli;
/** The `modelroute` CLI binary, built once (`cargo build -p modelroute`). */
export function cliBinary() {
  if (cli) return cli;
  const build = spawnSync("cargo", ["build", "-q", "-p", "modelroute", "--bin", "modelroute"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`cargo build -p modelroute failed (${build.status}): ${build.stderr}`);
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }),
  );
  cli = path.join(meta.target_directory, "debug", "modelroute");
  return cli;
}

/**
 * Runs the CLI with `args`, then the flags for `options` as resolve takes
 * them (`show_secrets` adds `--show-secrets`), with exactly `env` as its
 * environment (nothing inherited, so no HOME and no token file unless
 * `env` names one) from an empty directory. Returns `{status, stdout, stderr}`.
 */
function runCli(args, env, options) {
  args = [...args, "--no-dotenv", "--color", "never"];
  if (options.effort != null) args.push("--effort", options.effort);
  if (options.strict) args.push("--strict");
  if (options.session_token != null) args.push("--session-token", options.session_token);
  if (options.show_secrets) args.push("--show-secrets");
  if (options.context != null) args.push("--context", String(options.context));
  const cwd = fs.mkdtempSync(path.join(tmpDir(), "cli-"));
  try {
    const run = spawnSync(cliBinary(), args, { cwd, env, encoding: "utf8" });
    if (run.error) throw run.error;
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * `modelroute <command> <id> --json` (`resolve` or `explain`), run as
 * `runCli` runs it (no `hf_token_file` option: give the CLI a token file
 * through `env` instead). Returns `{status, stdout, stderr}`.
 */
export function cliJson(command, id, env, options = {}) {
  return runCli([command, id, "--json"], env, options);
}

/**
 * `modelroute export <id> --to <format>`, run as `runCli` runs it;
 * `options` as exportAs takes them. Returns `{status, stdout, stderr}`.
 */
export function cliExport(id, env, format, options = {}) {
  return runCli(["export", id, "--to", format], env, options);
}
