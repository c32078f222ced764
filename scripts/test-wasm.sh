#!/usr/bin/env bash
# Everything about the wasm package, from a fresh machine: installs the
# tools (scripts/setup-wasm.sh), builds and packs the package
# (wasm/build.sh), reports the size of both wasm modules and fails when the
# main entry's is over its budget (60 KiB gzipped), runs the wasm-bindgen
# tests under Node (wasm/tests/node.rs, tape/tests/node.rs) and the Node test suite against the
# installed tarball (tests/js/*.test.mjs). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "scripts/setup-wasm.sh"
bash scripts/setup-wasm.sh
export PATH="$PWD/tests/js/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step "wasm/build.sh"
bash wasm/build.sh

step "wasm size (the main entry's budget: 60 KiB gzipped)"
# The main entry (`modelroute`) must fit in 60 KiB gzipped; the
# `modelroute/export` entry (with exportAs) is reported, not limited.
budget=61440
for entry in main export; do
  if [ "$entry" = main ]; then wasm=wasm/pkg/nodejs/modelroute_wasm_bg.wasm; else wasm=wasm/pkg/export/nodejs/modelroute_wasm_bg.wasm; fi
  raw=$(wc -c <"$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  printf '%-7s %s: %s bytes, %s bytes gzipped\n' "$entry" "$wasm" "$raw" "$gz"
  if [ "$entry" = main ]; then main_gz=$gz; fi
done
if [ "$main_gz" -gt "$budget" ]; then
  echo "FAIL: the main entry's module is $main_gz bytes gzipped, over the budget of $budget; see \"Size\" in wasm/README.md" >&2
  exit 1
fi
echo "main entry: $main_gz <= $budget bytes gzipped"

# The wasm-bindgen tests under Node: what `wasm-pack test --node` runs,
# without wasm-pack. Cargo builds each test as a .wasm and hands it to the
# runner .cargo/config.toml names, wasm-bindgen-test-runner.
wasm_test() {
  cargo test -p "$1" --target wasm32-unknown-unknown --tests "${@:2}"
}

step "wasm tests under Node: modelroute-wasm (wasm/tests/node.rs)"
wasm_test modelroute-wasm

step "wasm tests under Node: modelroute-wasm --features export (explain, diagnose: modelroute/export)"
wasm_test modelroute-wasm --features export

step "wasm tests under Node: modelroute-tape (tape/tests/node.rs, the serializer's differential property test)"
wasm_test modelroute-tape

step "node --test tests/js"
node --test tests/js/*.test.mjs
