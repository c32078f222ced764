#!/usr/bin/env bash
# Installs what the wasm package's build and tests need, skipping whatever
# is already there at the right version (safe to run again and again):
#   - the wasm32-unknown-unknown target (rustup)
#   - wasm-bindgen-cli (wasm-bindgen, and wasm-bindgen-test-runner, the
#     cargo runner of the wasm tests) at the wasm-bindgen version in
#     Cargo.lock. No wasm-pack: wasm/build.sh calls wasm-bindgen itself and
#     the tests need only the runner, so its cold install (about 5 minutes
#     on 2 cores) bought nothing.
#   - tests/js/node_modules from package-lock.json: binaryen (wasm-opt;
#     never Debian's binaryen) and typescript (tsc)
# Needs rustup/cargo, Node.js >= 18 and npm (all on the project's machines).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '==> setup-wasm: %s\n' "$*"; }

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup-wasm: $tool not found" >&2; exit 1; }
done

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "wasm32-unknown-unknown target present"
else
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate exactly (wasm/Cargo.toml pins it).
bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup-wasm: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $bindgen_version" ] &&
  [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $bindgen_version" ]; then
  step "wasm-bindgen-cli $bindgen_version present"
else
  step "cargo install wasm-bindgen-cli $bindgen_version"
  # Without --locked: the CLI's own lockfile pins crates this toolchain
  # may not build.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# npm ci wipes node_modules, so only run it when package-lock.json changed
# since the last install (or the tools are missing).
js=tests/js
stamp=$js/node_modules/.setup-wasm-stamp
want=$(sha256sum "$js/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
  [ -x "$js/node_modules/.bin/wasm-opt" ] && [ -x "$js/node_modules/.bin/tsc" ]; then
  step "tests/js/node_modules up to date"
else
  step "npm ci in tests/js"
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
step "done"
