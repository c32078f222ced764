#!/usr/bin/env bash
# The bundler matrix: the packed npm package installed into a fresh copy of
# each project under tests/bundlers/ (one per recipe wasm/README.md names:
# Vite with no configuration, Vite + vite-plugin-wasm, webpack 5, Rollup 4,
# esbuild, and a plain <script type="module"> with modelroute/web), built
# with the bundler versions its package-lock.json pins, served on a free
# 127.0.0.1 port and loaded in Debian's Chromium (playwright-core): the page
# must show what the same calls return in Node, and log no error.
#
#   1. scripts/setup-demo.sh: Chromium and playwright-core (web-demo/tests);
#   2. each project's npm ci, cached in ~/.cache/modelroute-bundlers/
#      (keyed by its package-lock.json, so reruns skip it);
#   3. the tarball: wasm/build.sh (via scripts/setup-wasm.sh) when it is
#      missing or older than the sources;
#   4. node --test tests/bundlers: per recipe, a temp copy of the project
#      with the cached node_modules, `npm install <tarball>`, `npm run
#      build`, then the page in Chromium.
#
# BUNDLERS="vite webpack" runs only those recipes. Exits non-zero on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "scripts/setup-demo.sh"
bash scripts/setup-demo.sh

cache="${MODELROUTE_BUNDLERS_CACHE:-$HOME/.cache/modelroute-bundlers}"
mkdir -p "$cache"
for project in tests/bundlers/*/; do
  name=$(basename "$project")
  lock="$project/package-lock.json"
  key=$(cat "$project/package.json" "$lock" | sha256sum | cut -c1-16)
  dir="$cache/$name-$key"
  if [ -f "$dir/.installed" ]; then
    echo "bundlers: $name: node_modules cached ($dir)"
    continue
  fi
  step "npm ci ($name, into $dir)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$project/package.json" "$lock" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$dir/node_modules"
  touch "$dir/.installed"
done

tarball=$(ls wasm/pkg-dist/modelroute-*.tgz 2>/dev/null | head -n 1 || true)
stale=""
if [ -z "$tarball" ]; then
  stale="no tarball in wasm/pkg-dist yet"
else
  newer=$(find core/src core/Cargo.toml tape/src tape/Cargo.toml wasm/src wasm/Cargo.toml wasm/build.sh wasm/README.md Cargo.toml Cargo.lock -type f -newer "$tarball" 2>/dev/null | head -n 1)
  if [ -n "$newer" ]; then stale="$newer changed since the last build"; fi
fi
if [ -n "$stale" ]; then
  step "scripts/setup-wasm.sh, wasm/build.sh ($stale)"
  bash scripts/setup-wasm.sh
  bash wasm/build.sh
fi

step "node --test tests/bundlers"
MODELROUTE_BUNDLERS_CACHE="$cache" node --test --test-reporter=spec tests/bundlers/matrix.test.mjs
