#!/usr/bin/env bash
# Installs what the web demo's browser tests need, idempotently:
#   - Debian's Chromium (/usr/bin/chromium), driven by playwright-core;
#     skipped when /usr/bin/chromium exists. (`npx playwright install`
#     downloads a browser build of its own and cannot work here.)
#   - the npm packages of web-demo/tests (playwright-core), from its
#     package-lock.json; skipped when they are installed and unchanged.
# Needs root (or sudo) for apt-get on a machine without Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "==> apt-get install chromium"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version

tests=web-demo/tests
stamp=$tests/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ "$tests/package-lock.json" -nt "$stamp" ]; then
  echo "==> npm ci ($tests)"
  # playwright-core never downloads a browser; this only makes sure.
  (cd "$tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup-demo.sh: ready"
