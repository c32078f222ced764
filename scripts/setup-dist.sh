#!/usr/bin/env bash
# Installs the Python tools that scripts/dist.sh and scripts/test-install.sh
# need, at pinned versions, into one cached virtual environment (safe to
# run again and again: it does nothing when the pins are already there):
#   - maturin: builds the CLI wheel (`modelroute-cli`, packaging/cli-wheel)
#   - uv and pipx: the README's `uv tool install` and `pipx install` paths
#     are tested with them
# The environment is ~/.cache/modelroute-dist/venv (XDG_CACHE_HOME is
# honoured); the last line printed is its bin/ directory, for PATH.
# Needs python3 with the venv module (3.8 or later) and PyPI.
set -euo pipefail

MATURIN_VERSION=1.16.0
UV_VERSION=0.13.8
PIPX_VERSION=1.18.4

step() { printf '==> setup-dist: %s\n' "$*" >&2; }

command -v python3 >/dev/null || { echo "setup-dist: python3 not found" >&2; exit 1; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/modelroute-dist
venv=$cache/venv
want="maturin==$MATURIN_VERSION uv==$UV_VERSION pipx==$PIPX_VERSION"
stamp=$venv/.setup-dist-stamp

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
  [ "$("$venv/bin/maturin" --version 2>/dev/null || true)" = "maturin $MATURIN_VERSION" ] &&
  [ "$("$venv/bin/uv" --version 2>/dev/null | cut -d' ' -f1-2 || true)" = "uv $UV_VERSION" ] &&
  [ "$("$venv/bin/pipx" --version 2>/dev/null || true)" = "$PIPX_VERSION" ]; then
  step "$want present in $venv"
else
  step "installing $want into $venv"
  rm -rf "$venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # $want is a list of requirements
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $want
  echo "$want" >"$stamp"
fi
echo "$venv/bin"
