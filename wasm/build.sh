#!/usr/bin/env bash
# Builds the `modelroute` npm package from the modelroute-wasm crate and
# packs it. Idempotent: every run starts from an empty wasm/pkg.
#
#   wasm/pkg/                 the package directory (what `npm pack` packs)
#     package.json            exports: node import/require, browser, ./web,
#                             ./export, ./export/web
#     node.mjs, node.d.mts    ESM entry for Node (wraps the CommonJS build)
#     nodejs/                 wasm-bindgen --target nodejs  (CommonJS)
#     bundler/                wasm-bindgen --target bundler (ESM + .wasm import)
#     web/                    wasm-bindgen --target web     (ESM + async init())
#     export/                 the same five, built with the cargo feature
#                             `export` (adds exportAs, readCapabilities,
#                             capabilityRequests, explain and diagnose):
#                             `modelroute/export`
#     README.md               copied from wasm/README.md
#     LICENSE-MIT, LICENSE-APACHE   copied from the root (MIT OR Apache-2.0)
#   wasm/pkg-dist/modelroute-<version>.tgz   the packed package
#
# The crate is compiled once per feature set (cargo build --profile
# wasm-release); wasm-bindgen generates the three targets from that one
# .wasm, and wasm-opt (flags from wasm/Cargo.toml) runs once per distinct
# .wasm it outputs (wasm-bindgen 0.2.130 writes the same .wasm for all
# three targets). This is what `wasm-pack build --profile wasm-release`
# does per target, without compiling and optimizing three times.
#
# Needs the wasm32 target, wasm-bindgen (the version in Cargo.lock) and
# wasm-opt from the npm package binaryen in tests/js/node_modules:
# scripts/setup-wasm.sh installs all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# wasm-opt from npm's binaryen first on PATH (never a system binaryen).
export PATH="$root/tests/js/node_modules/.bin:$HOME/.cargo/bin:$PATH"
for tool in cargo wasm-bindgen wasm-opt node npm gzip; do
  if ! command -v "$tool" >/dev/null; then
    echo "wasm/build.sh: $tool not found; run scripts/setup-wasm.sh first" >&2
    exit 1
  fi
done
case "$(command -v wasm-opt)" in
  "$root/tests/js/node_modules/.bin/"*) ;;
  *) echo "wasm/build.sh: wasm-opt must come from tests/js/node_modules (npm binaryen); run scripts/setup-wasm.sh" >&2; exit 1 ;;
esac
bindgen_want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version)" != "wasm-bindgen $bindgen_want" ]; then
  echo "wasm/build.sh: $(wasm-bindgen --version), but Cargo.lock has wasm-bindgen $bindgen_want; run scripts/setup-wasm.sh" >&2
  exit 1
fi

# The target directory (CARGO_TARGET_DIR or the workspace's) and
# wasm-opt's flags ([package.metadata.wasm-pack.profile.custom] wasm-opt).
meta=$(cargo metadata --no-deps --format-version 1)
target_dir=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)' <<<"$meta")
mapfile -t opt_flags < <(node -e '
  const meta = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const crate = meta.packages.find((p) => p.name === "modelroute-wasm");
  const flags = crate.metadata?.["wasm-pack"]?.profile?.custom?.["wasm-opt"];
  if (!Array.isArray(flags) || flags.length === 0) throw new Error("no wasm-opt flags in wasm/Cargo.toml");
  for (const f of flags) console.log(f);' <<<"$meta")

pkg=wasm/pkg
dist=wasm/pkg-dist
rm -rf "$pkg" "$dist"
mkdir -p "$pkg" "$dist"

# build <out dir> [cargo args...]: the three targets of one feature set.
build() {
  local out=$1
  shift
  echo "==> cargo build -p modelroute-wasm --profile wasm-release $* ($out)"
  cargo build --quiet -p modelroute-wasm --lib --target wasm32-unknown-unknown --profile wasm-release "$@"
  local wasm=$target_dir/wasm32-unknown-unknown/wasm-release/modelroute_wasm.wasm
  local target first=""
  for target in nodejs bundler web; do
    wasm-bindgen "$wasm" --out-dir "$out/$target" --out-name modelroute_wasm --target "$target"
  done
  echo "==> wasm-opt ${opt_flags[*]} ($out)"
  local raw=$out/.raw.wasm
  for target in nodejs bundler web; do
    local bg=$out/$target/modelroute_wasm_bg.wasm
    if [ -n "$first" ] && cmp -s "$bg" "$raw"; then
      cp "$first" "$bg"
    else
      cp "$bg" "$raw"
      wasm-opt "$bg" -o "$bg" "${opt_flags[@]}"
      first=$bg
    fi
  done
  rm -f "$raw"
}

build "$pkg"
build "$pkg/export" --features export

echo "==> assembling $pkg"
node - "$root" <<'EOF'
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const root = process.argv[2];
const pkg = path.join(root, "wasm/pkg");
const write = (rel, text) => fs.writeFileSync(path.join(pkg, rel), text);
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);

// One feature set's builds under `base` ("" for the main entry, "export/").
function assemble(base) {
  // Module format of each build's .js files, whatever package.json is above.
  write(`${base}nodejs/package.json`, JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
  write(`${base}bundler/package.json`, JSON.stringify({ type: "module" }, null, 2) + "\n");
  write(`${base}web/package.json`, JSON.stringify({ type: "module" }, null, 2) + "\n");

  // The nodejs build require()s the glue snippets, which are written as ES
  // modules for the other builds: give the nodejs build CommonJS copies.
  // They export only with `export function name(` at the start of a line.
  for (const file of walk(path.join(pkg, base, "nodejs/snippets")).filter((f) => f.endsWith(".js"))) {
    let src = fs.readFileSync(file, "utf8");
    const names = [];
    src = src.replace(/^export function (\w+)\(/gm, (_, name) => {
      names.push(name);
      return `function ${name}(`;
    });
    if (/^\s*(export|import)\b/m.test(src)) {
      throw new Error(`${file}: only "export function" is supported in glue snippets`);
    }
    src = `"use strict";\n${src}\nmodule.exports = { ${names.join(", ")} };\n`;
    fs.writeFileSync(file, src);
  }

  // The ESM entry for Node: the CommonJS build's exports, by name, so both
  // entries share one instance.
  const exportsOf = Object.keys(require(path.join(pkg, base, "nodejs/modelroute_wasm.js"))).sort();
  write(`${base}node.mjs`,
    "// ESM entry for Node: the CommonJS build (./nodejs), re-exported by name.\n" +
    'import cjs from "./nodejs/modelroute_wasm.js";\n\n' +
    `export const {\n${exportsOf.map((n) => `  ${n},`).join("\n")}\n} = cjs;\n`);
  write(`${base}node.d.mts`, 'export * from "./nodejs/modelroute_wasm.js";\n');

  // The raw wasm exports are internal: drop their declarations (typed `any`
  // by wasm-bindgen) and leave the web build's InitOutput opaque.
  for (const dir of ["nodejs", "bundler", "web"]) {
    fs.rmSync(path.join(pkg, base, dir, "modelroute_wasm_bg.wasm.d.ts"), { force: true });
  }
  const webTypes = path.join(pkg, base, "web/modelroute_wasm.d.ts");
  const before = fs.readFileSync(webTypes, "utf8");
  const after = before.replace(/export interface InitOutput \{[^}]*\}/,
    "/** The instantiated module (internal: call the functions above instead). */\n" +
    "export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n}");
  if (after === before) throw new Error(`${webTypes}: no InitOutput interface to replace`);
  fs.writeFileSync(webTypes, after);
  return exportsOf;
}

const main = assemble("");
const withExport = assemble("export/");
// The export entry is the main entry plus exportAs, the capability parsers
// and the diagnostics engine (explain, diagnose), nothing else.
const extra = withExport.filter((n) => !main.includes(n));
const expected = ["capabilityRequests", "diagnose", "explain", "exportAs", "readCapabilities"];
if (JSON.stringify(extra) !== JSON.stringify(expected) || main.some((n) => !withExport.includes(n))) {
  throw new Error(`export entry: expected the main entry's exports plus ${expected}, got extra [${extra}]`);
}

const meta = JSON.parse(execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"],
  { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }));
const crate = meta.packages.find((p) => p.name === "modelroute-wasm");
const types = (dir) => `./${dir}/modelroute_wasm.d.ts`;
const entry = (dir) => `./${dir}/modelroute_wasm.js`;
// The conditions of one feature set's entry, under `base` ("" or "export/").
const conditions = (base) => ({
  node: {
    import: { types: `./${base}node.d.mts`, default: `./${base}node.mjs` },
    require: { types: types(`${base}nodejs`), default: entry(`${base}nodejs`) },
  },
  browser: { types: types(`${base}bundler`), default: entry(`${base}bundler`) },
  default: { types: types(`${base}bundler`), default: entry(`${base}bundler`) },
});
const manifest = {
  name: "modelroute",
  version: crate.version,
  description: "Resolve model ids (ollama/, vllm/, lm_studio/, llamacpp/, Hugging Face Router, ...) into LiteLLM endpoint parameters: modelroute-core compiled to WebAssembly",
  license: "MIT OR Apache-2.0",
  // No `repository`, `homepage` or `bugs` until the project has a public
  // URL (npm would show a dead link): the workspace Cargo.toml has none.
  ...(crate.repository ? { repository: { type: "git", url: `git+${crate.repository}.git`, directory: "wasm" } } : {}),
  keywords: ["litellm", "ollama", "vllm", "lm-studio", "llama.cpp", "huggingface", "wasm"],
  main: entry("nodejs"),
  module: entry("bundler"),
  types: types("nodejs"),
  exports: {
    ".": conditions(""),
    "./web": { types: types("web"), default: entry("web") },
    "./export": conditions("export/"),
    "./export/web": { types: types("export/web"), default: entry("export/web") },
    "./package.json": "./package.json",
  },
  files: ["nodejs/", "bundler/", "web/", "node.mjs", "node.d.mts", "export/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  // Importing a bundler build instantiates its module.
  sideEffects: [
    "./bundler/modelroute_wasm.js",
    "./export/bundler/modelroute_wasm.js",
    "./*/snippets/**",
    "./export/*/snippets/**",
  ],
  engines: { node: ">=18" },
};
write("package.json", JSON.stringify(manifest, null, 2) + "\n");
fs.copyFileSync(path.join(root, "wasm/README.md"), path.join(pkg, "README.md"));
for (const license of ["LICENSE-MIT", "LICENSE-APACHE"]) {
  fs.copyFileSync(path.join(root, license), path.join(pkg, license));
}
EOF

# npm pack honours nested .gitignore files: make sure none is there.
find "$pkg" -name .gitignore -delete

echo "==> npm pack"
(cd "$pkg" && npm pack --silent --pack-destination "$root/$dist" >/dev/null)
tarball=$(ls "$dist"/modelroute-*.tgz)
echo "wasm/build.sh: $tarball"
for wasm in "$pkg/nodejs/modelroute_wasm_bg.wasm" "$pkg/export/nodejs/modelroute_wasm_bg.wasm"; do
  echo "wasm/build.sh: $wasm $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
done
