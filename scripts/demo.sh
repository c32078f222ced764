#!/usr/bin/env bash
# Builds and serves the browser demo on http://127.0.0.1:PORT/.
#
#   scripts/demo.sh [--port N] [--build-only]
#
#   1. the wasm web package wasm/pkg/export/web/ (the `modelroute/export/web`
#      build: the page calls exportAs), built by wasm/build.sh when it is
#      missing or older than the Rust sources (scripts/setup-wasm.sh installs
#      what that build needs);
#   2. web-demo/dist/: the page (web-demo/src/) plus that package in pkg/;
#   3. unless --build-only, serves web-demo/dist on 127.0.0.1 (default port
#      8765; also PORT=N) with web-demo/serve.mjs until Ctrl-C.
#
# WEB_PKG=DIR takes the web package from DIR instead (a `--target web`
# build of modelroute-wasm with the cargo feature `export`), and skips step 1.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8765}
serve=1
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --build-only) serve=0; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

pkg=${WEB_PKG:-wasm/pkg/export/web}
if [ -z "${WEB_PKG:-}" ]; then
  wasm=$pkg/modelroute_wasm_bg.wasm
  stale=""
  if [ ! -f "$wasm" ]; then
    stale="no $wasm yet"
  else
    newer=$(find core/src core/Cargo.toml tape/src tape/Cargo.toml wasm/src wasm/Cargo.toml wasm/build.sh Cargo.toml Cargo.lock -type f -newer "$wasm" 2>/dev/null | head -n 1)
    if [ -n "$newer" ]; then stale="$newer changed since the last build"; fi
  fi
  if [ -n "$stale" ]; then
    echo "==> wasm/build.sh ($stale)"
    bash wasm/build.sh
  fi
fi
for f in modelroute_wasm.js modelroute_wasm_bg.wasm; do
  if [ ! -f "$pkg/$f" ]; then
    echo "demo.sh: $pkg/$f not found" >&2
    exit 1
  fi
done

echo "==> assembling web-demo/dist"
dist=web-demo/dist
rm -rf "$dist"
mkdir -p "$dist/pkg"
cp web-demo/src/*.html web-demo/src/*.js web-demo/src/*.css "$dist/"
# The package's JS, its wasm, the glue snippets and the types, nothing else.
(cd "$pkg" && find . -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.d.ts' \) -print0) |
  while IFS= read -r -d '' f; do
    mkdir -p "$dist/pkg/$(dirname "$f")"
    cp "$pkg/$f" "$dist/pkg/$f"
  done
echo "demo.sh: $dist ($(du -sh "$dist" | cut -f1))"

if [ "$serve" = 1 ]; then
  exec node web-demo/serve.mjs "$dist" --port "$port"
fi
