#!/usr/bin/env bash
# Installs the agents whose configuration `modelroute export` writes, at
# pinned versions, into the e2e cache (reused when present, so reruns are
# quick): Codex, OpenCode, pi and Continue's config parser from npm
# (tests/agents/package-lock.json), aider and llm from PyPI (each in its
# own venv: their dependencies conflict). scripts/test-agents.sh uses them.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
AIDER_VERSION=0.86.2
LLM_VERSION=0.36
mkdir -p "$CACHE"

# npm: the lockfile pins every package; reinstalled when it changed
# (`installed-from.json` is the lockfile the cache was installed from).
# `npm install`, not `npm ci`: npm leaves OpenCode's binaries for other
# platforms out of the lockfile, and `npm ci` then calls it out of sync.
# npm 11 runs no install scripts unless allowed, and none of these needs
# its own: Codex, OpenCode and pi ship their binaries in the package.
NPM_DIR="$CACHE/agents-npm"
if [ -f "$NPM_DIR/installed-from.json" ] && cmp -s tests/agents/package-lock.json "$NPM_DIR/installed-from.json" \
  && [ -x "$NPM_DIR/node_modules/.bin/codex" ]; then
  echo "agents (npm): cached"
else
  echo "agents (npm): installing from tests/agents/package-lock.json (about 2 minutes)"
  t0=$SECONDS
  rm -rf "$NPM_DIR"
  mkdir -p "$NPM_DIR"
  cp tests/agents/package.json tests/agents/package-lock.json "$NPM_DIR/"
  (cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error)
  cp tests/agents/package-lock.json "$NPM_DIR/installed-from.json"
  echo "agents (npm): done in $((SECONDS - t0)) s"
fi

installed() { # venv package version
  [ -x "$1/bin/python" ] && "$1/bin/python" -m pip show "$2" 2>/dev/null | grep -x "Version: $3" >/dev/null
}
for spec in "aider aider-chat $AIDER_VERSION" "llm llm $LLM_VERSION"; do
  read -r dir pkg version <<<"$spec"
  if installed "$CACHE/$dir" "$pkg" "$version"; then
    echo "$pkg $version: cached"
  else
    echo "$pkg $version: installing"
    t0=$SECONDS
    rm -rf "${CACHE:?}/$dir"
    python3 -m venv "$CACHE/$dir"
    "$CACHE/$dir/bin/pip" install -q "$pkg==$version"
    echo "$pkg $version: done in $((SECONDS - t0)) s"
  fi
done

# What the tests run, each once, so a broken install fails here, by name.
for bin in codex opencode pi; do
  "$NPM_DIR/node_modules/.bin/$bin" --version >/dev/null 2>&1 || { echo "$bin does not run" >&2; exit 1; }
done
"$CACHE/aider/bin/aider" --version >/dev/null || { echo "aider does not run" >&2; exit 1; }
"$CACHE/llm/bin/llm" --version >/dev/null || { echo "llm does not run" >&2; exit 1; }
