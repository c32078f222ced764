#!/usr/bin/env bash
# Differential test of modelroute's .env reader against python-dotenv 1.2.4
# (the reader the reference uses), over hand-written edge cases and the
# fuzz corpus. python-dotenv is installed into a cached venv outside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
VENV="$CACHE/dotenv"
if ! "$VENV/bin/python" -m pip show python-dotenv 2>/dev/null | grep -x "Version: 1.2.4" >/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "python-dotenv==1.2.4"
fi
cargo build -q -p modelroute-core --example dotenv_dump
"$VENV/bin/python" tests/dotenv/diff.py target/debug/examples/dotenv_dump tests/dotenv/cases fuzz/corpus/dotenv
# The `.env` export read back by python-dotenv itself (core's own reader
# is checked in the plain cargo test).
MODELROUTE_PYTHON_DOTENV="$VENV/bin/python" \
  cargo test -q -p modelroute-core --test export -- --ignored --exact dotenv_export_reads_back_with_python_dotenv_itself
