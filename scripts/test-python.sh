#!/usr/bin/env bash
# Everything about the Python package `modelroute` (python/), from a fresh
# machine:
#   - builds the abi3 wheel with maturin from PyPI (the pin of
#     scripts/setup-dist.sh) and fails when it is 1 MB or more;
#   - installs it into a cached virtual environment for the oldest and the
#     newest CPython the machine has (pyenv's, 3.9 or later: the wheel's
#     floor) and runs pytest (python/tests) under each;
#   - installs it from source as the README says (`pip install ./python`)
#     into a throwaway environment;
#   - checks the type stubs with `mypy --strict` over usage files
#     (python/tests/typing), under the newest.
# The environments live in ~/.cache/modelroute-python (XDG_CACHE_HOME is
# honoured): build-<version> (maturin, mypy, pytest) for the newest, and
# test-<version> (pytest) for each version tested; each is made again only
# when its pins change. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> test-python: %s\n' "$*"; }
fail() {
  echo "test-python.sh: FAIL: $*" >&2
  exit 1
}

MATURIN_VERSION=$(sed -n 's/^MATURIN_VERSION=//p' scripts/setup-dist.sh)
PYTEST_VERSION=8.3.5
MYPY_VERSION=1.15.0
# The wheel's floor (abi3-py39 in python/Cargo.toml).
MIN_MINOR=9
# "Under 1 MB".
MAX_WHEEL_BYTES=1000000

cache=${XDG_CACHE_HOME:-$HOME/.cache}/modelroute-python
mkdir -p "$cache"

# The CPythons to test under: pyenv's 3.x versions from 3.9 on (every
# one when MODELROUTE_PYTHONS=all, else the oldest and the newest), or
# python3 when pyenv has none.
pythons=()
if command -v pyenv >/dev/null; then
  mapfile -t found < <(pyenv versions --bare 2>/dev/null |
    grep -E '^3\.[0-9]+\.[0-9]+$' |
    awk -F. -v min="$MIN_MINOR" '$2 >= min' | sort -t. -k2,2n -k3,3n)
  older=$(pyenv versions --bare 2>/dev/null | grep -E '^[23]\.[0-9]+\.[0-9]+$' |
    awk -F. -v min="$MIN_MINOR" '$1 == 2 || $2 < min' | tr '\n' ' ')
  [ -z "$older" ] || echo "test-python: skipping CPython $older(below the wheel's floor, 3.$MIN_MINOR)"
  for v in "${found[@]}"; do
    pythons+=("$(pyenv root)/versions/$v/bin/python")
  done
fi
if [ "${#pythons[@]}" -eq 0 ]; then
  pythons=("$(command -v python3)")
fi
if [ "${MODELROUTE_PYTHONS:-}" != all ] && [ "${#pythons[@]}" -gt 2 ]; then
  pythons=("${pythons[0]}" "${pythons[-1]}")
fi
newest=${pythons[-1]}

# venv NAME PYTHON REQUIREMENTS...: a cached environment NAME for PYTHON
# holding exactly REQUIREMENTS (made again when they change); prints its
# path.
venv() {
  local name=$1 python=$2
  shift 2
  local version dir want
  version=$("$python" -c 'import platform; print(platform.python_version())')
  dir=$cache/$name-$version
  want="$*"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$want" ] && "$dir/bin/python" -c '' 2>/dev/null; then
    echo "$dir"
    return
  fi
  printf '==> test-python: installing %s into %s\n' "$want" "$dir" >&2
  rm -rf "$dir"
  "$python" -m venv "$dir"
  # shellcheck disable=SC2068 # the requirements are separate words
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check $@ >&2
  echo "$want" >"$dir/.stamp"
  echo "$dir"
}

step "build environment (maturin $MATURIN_VERSION, mypy $MYPY_VERSION, pytest $PYTEST_VERSION) for $newest"
build_env=$(venv build "$newest" "maturin==$MATURIN_VERSION" "mypy==$MYPY_VERSION" "pytest==$PYTEST_VERSION")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "maturin build (python/, profile dist)"
"$build_env/bin/maturin" build --quiet --manifest-path python/Cargo.toml --out "$tmp/wheels"
shopt -s nullglob
wheels=("$tmp"/wheels/modelroute-*-cp39-abi3-*.whl)
shopt -u nullglob
[ "${#wheels[@]}" -eq 1 ] || fail "expected one modelroute-*-cp39-abi3-*.whl, got: $(ls "$tmp/wheels")"
wheel=${wheels[0]}
size=$(wc -c <"$wheel")
echo "$(basename "$wheel"): $size bytes"
[ "$size" -lt "$MAX_WHEEL_BYTES" ] || fail "the wheel is $size bytes, not under $MAX_WHEEL_BYTES"

step "native lines and the CLI for the comparisons"
export MODELROUTE_NATIVE_LINES=$tmp/native
mkdir -p "$MODELROUTE_NATIVE_LINES"
for mode in report explain; do
  for redact in "" redact; do
    arg=$mode
    [ "$mode" = report ] && arg=
    # shellcheck disable=SC2086 # empty arguments are left out
    cargo run -q -p modelroute-wasm --example report_lines -- tests/vectors/resolve.json $arg $redact \
      >"$MODELROUTE_NATIVE_LINES/$mode${redact:+-$redact}.jsonl"
  done
done
cargo build -q -p modelroute --bin modelroute
MODELROUTE_CLI=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/modelroute
export MODELROUTE_CLI

for python in "${pythons[@]}"; do
  env_dir=$(venv test "$python" "pytest==$PYTEST_VERSION")
  step "pytest under $("$env_dir/bin/python" --version) ($env_dir)"
  "$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
  (cd "$tmp" && "$env_dir/bin/python" -m pytest -q -p no:cacheprovider "$root/python/tests")
done

step "pip install ./python (the README's install from source; pip fetches maturin)"
"$newest" -m venv "$tmp/source-venv"
"$tmp/source-venv/bin/python" -m pip install --quiet --disable-pip-version-check ./python
(cd "$tmp" && "$tmp/source-venv/bin/python" -c '
import sys, modelroute
got = modelroute.resolve_llm_params("ollama/x")
sys.exit(0 if got["api_base"] == "http://localhost:11434/v1" else f"got {got}")')

step "mypy --strict over python/tests/typing (the stubs, as a user's code sees them)"
"$build_env/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
(cd "$tmp" && "$build_env/bin/mypy" --strict --python-version "3.$MIN_MINOR" --no-incremental \
  "$root"/python/tests/typing/*.py)

step "python: all passed"
