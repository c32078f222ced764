#!/usr/bin/env bash
# Everything about the wasm package, from a fresh machine: installs the
# tools (scripts/setup-wasm.sh), builds and packs the package
# (wasm/build.sh), reports its size, runs the wasm-bindgen tests under Node
# (wasm/tests/node.rs) and the Node test suite against the installed
# tarball (tests/js/*.test.mjs). Exits non-zero on any test failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "scripts/setup-wasm.sh"
bash scripts/setup-wasm.sh
export PATH="$PWD/tests/js/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step "wasm/build.sh"
bash wasm/build.sh

step "wasm size (a benchmark, reported: the budget is 60 KB gzipped)"
wasm=wasm/pkg/nodejs/modelroute_wasm_bg.wasm
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "$wasm: $raw bytes, $gz bytes gzipped"
if [ "$gz" -gt 60000 ]; then
  echo "WARNING: over the 60 KB budget; see \"Size\" in wasm/README.md" >&2
fi

step "wasm-pack test --node wasm"
wasm-pack test --node wasm

step "node --test tests/js"
node --test tests/js/*.test.mjs
