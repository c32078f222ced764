#!/usr/bin/env bash
# Builds the `modelroute` npm package from the modelroute-wasm crate and
# packs it. Idempotent: every run starts from an empty wasm/pkg.
#
#   wasm/pkg/                 the package directory (what `npm pack` packs)
#     package.json            exports: node import/require, browser, ./web
#     node.mjs, node.d.mts    ESM entry for Node (wraps the CommonJS build)
#     nodejs/                 wasm-pack --target nodejs  (CommonJS)
#     bundler/                wasm-pack --target bundler (ESM + .wasm import)
#     web/                    wasm-pack --target web     (ESM + async init())
#     README.md               copied from wasm/README.md
#   wasm/pkg-dist/modelroute-<version>.tgz   the packed package
#
# Needs the wasm32 target, wasm-pack, wasm-bindgen (the version in
# Cargo.lock) and wasm-opt from the npm package binaryen in
# tests/js/node_modules: scripts/setup-wasm.sh installs all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# wasm-opt from npm's binaryen first on PATH (never a system binaryen);
# with it and wasm-bindgen on PATH, wasm-pack downloads nothing.
export PATH="$root/tests/js/node_modules/.bin:$HOME/.cargo/bin:$PATH"
for tool in wasm-pack wasm-bindgen wasm-opt node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "wasm/build.sh: $tool not found; run scripts/setup-wasm.sh first" >&2
    exit 1
  fi
done
case "$(command -v wasm-opt)" in
  "$root/tests/js/node_modules/.bin/"*) ;;
  *) echo "wasm/build.sh: wasm-opt must come from tests/js/node_modules (npm binaryen); run scripts/setup-wasm.sh" >&2; exit 1 ;;
esac

pkg=wasm/pkg
dist=wasm/pkg-dist
rm -rf "$pkg" "$dist"
mkdir -p "$pkg" "$dist"

for target in nodejs bundler web; do
  echo "==> wasm-pack build --target $target"
  # --profile wasm-release: the workspace profile (opt-level z, LTO,
  # panic=abort); wasm-opt -Oz comes from [package.metadata.wasm-pack.profile.custom].
  wasm-pack --quiet build wasm --target "$target" --out-dir "pkg/$target" \
    --profile wasm-release --no-pack --no-gitignore
done

echo "==> assembling $pkg"
node - "$root" <<'EOF'
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const root = process.argv[2];
const pkg = path.join(root, "wasm/pkg");
const write = (rel, text) => fs.writeFileSync(path.join(pkg, rel), text);

// Module format of each build's .js files, whatever package.json is above.
write("nodejs/package.json", JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
write("bundler/package.json", JSON.stringify({ type: "module" }, null, 2) + "\n");
write("web/package.json", JSON.stringify({ type: "module" }, null, 2) + "\n");

// The nodejs build require()s the glue snippet, which is written as an ES
// module for the other builds: give the nodejs build a CommonJS copy.
// glue.js exports only with `export function name(` at the start of a line.
const snippets = path.join(pkg, "nodejs/snippets");
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
for (const file of walk(snippets).filter((f) => f.endsWith(".js"))) {
  let src = fs.readFileSync(file, "utf8");
  const names = [];
  src = src.replace(/^export function (\w+)\(/gm, (_, name) => {
    names.push(name);
    return `function ${name}(`;
  });
  if (/^\s*(export|import)\b/m.test(src)) {
    throw new Error(`${file}: only "export function" is supported in glue.js`);
  }
  src = `"use strict";\n${src}\nmodule.exports = { ${names.join(", ")} };\n`;
  fs.writeFileSync(file, src);
}

// The ESM entry for Node: the CommonJS build's exports, by name, so both
// entries share one instance.
const exportsOf = Object.keys(require(path.join(pkg, "nodejs/modelroute_wasm.js"))).sort();
write("node.mjs",
  "// ESM entry for Node: the CommonJS build (./nodejs), re-exported by name.\n" +
  'import cjs from "./nodejs/modelroute_wasm.js";\n\n' +
  `export const {\n${exportsOf.map((n) => `  ${n},`).join("\n")}\n} = cjs;\n`);
write("node.d.mts", 'export * from "./nodejs/modelroute_wasm.js";\n');

// The raw wasm exports are internal: drop their declarations (typed `any`
// by wasm-bindgen) and leave the web build's InitOutput opaque.
for (const dir of ["nodejs", "bundler", "web"]) {
  fs.rmSync(path.join(pkg, dir, "modelroute_wasm_bg.wasm.d.ts"), { force: true });
}
const webTypes = path.join(pkg, "web/modelroute_wasm.d.ts");
const before = fs.readFileSync(webTypes, "utf8");
const after = before.replace(/export interface InitOutput \{[^}]*\}/,
  "/** The instantiated module (internal: call the functions above instead). */\n" +
  "export interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n}");
if (after === before) throw new Error("web/modelroute_wasm.d.ts: no InitOutput interface to replace");
fs.writeFileSync(webTypes, after);

const meta = JSON.parse(execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"],
  { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }));
const crate = meta.packages.find((p) => p.name === "modelroute-wasm");
const types = (dir) => `./${dir}/modelroute_wasm.d.ts`;
const entry = (dir) => `./${dir}/modelroute_wasm.js`;
const manifest = {
  name: "modelroute",
  version: crate.version,
  description: "Resolve model ids (ollama/, vllm/, lm_studio/, llamacpp/, Hugging Face Router, ...) into LiteLLM endpoint parameters: modelroute-core compiled to WebAssembly",
  license: "MIT OR Apache-2.0",
  repository: { type: "git", url: `git+${crate.repository}.git`, directory: "wasm" },
  homepage: `${crate.repository}/tree/main/wasm#readme`,
  keywords: ["litellm", "ollama", "vllm", "lm-studio", "llama.cpp", "huggingface", "wasm"],
  main: entry("nodejs"),
  module: entry("bundler"),
  types: types("nodejs"),
  exports: {
    ".": {
      node: {
        import: { types: "./node.d.mts", default: "./node.mjs" },
        require: { types: types("nodejs"), default: entry("nodejs") },
      },
      browser: { types: types("bundler"), default: entry("bundler") },
      default: { types: types("bundler"), default: entry("bundler") },
    },
    "./web": { types: types("web"), default: entry("web") },
    "./package.json": "./package.json",
  },
  files: ["nodejs/", "bundler/", "web/", "node.mjs", "node.d.mts", "README.md"],
  // Importing the bundler build instantiates the module.
  sideEffects: ["./bundler/modelroute_wasm.js", "./*/snippets/**"],
  engines: { node: ">=18" },
};
write("package.json", JSON.stringify(manifest, null, 2) + "\n");
fs.copyFileSync(path.join(root, "wasm/README.md"), path.join(pkg, "README.md"));
EOF

# wasm-pack leaves a `*` .gitignore in out dirs unless told not to; npm
# pack honours nested .gitignore files, so make sure none is left.
find "$pkg" -name .gitignore -delete

echo "==> npm pack"
(cd "$pkg" && npm pack --silent --pack-destination "$root/$dist" >/dev/null)
tarball=$(ls "$dist"/modelroute-*.tgz)
wasm=$pkg/nodejs/modelroute_wasm_bg.wasm
echo "wasm/build.sh: $tarball"
echo "wasm/build.sh: $wasm $(wc -c <"$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
