#!/usr/bin/env bash
# The web demo's tests, self-contained from the repo root on a fresh
# machine (scripts/test.sh calls this when it exists):
#   1. scripts/setup-demo.sh: Debian's Chromium and web-demo/tests' npm
#      packages (playwright-core);
#   2. scripts/setup-wasm.sh: what wasm/build.sh needs (wasm target,
#      wasm-bindgen, binaryen);
#   3. scripts/demo.sh --build-only: the wasm web package (wasm/build.sh,
#      only when it is missing or older than the Rust sources) and
#      web-demo/dist;
#   4. node --test in web-demo/tests: the browser tests (they serve dist on
#      a free 127.0.0.1 port themselves) and the exportAs tests.
# Screenshots go to web-demo/test-output/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "scripts/setup-demo.sh"
bash scripts/setup-demo.sh

if [ -f scripts/setup-wasm.sh ]; then
  step "scripts/setup-wasm.sh"
  bash scripts/setup-wasm.sh
fi

step "scripts/demo.sh --build-only"
bash scripts/demo.sh --build-only

step "node --test (web-demo/tests)"
cd web-demo/tests
node --test --test-reporter=spec
