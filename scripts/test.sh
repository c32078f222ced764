#!/usr/bin/env bash
# The project's one test command: sets up what a fresh machine lacks
# (idempotently) and runs every check and test. CI calls this via .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's wall time, printed as a table at the end (also when a step
# fails), so a slow machine or a cold cache shows where the time went.
timings=()
begun=$SECONDS
current=""
started=$SECONDS
close_step() {
  if [ -n "$current" ]; then
    timings+=("$(printf '%6ds  %s' $((SECONDS - started)) "$current")")
  fi
}
step() {
  close_step
  current="$*"
  started=$SECONDS
  printf '\n==> %s\n' "$*"
}
report_times() {
  close_step
  current=""
  printf '\n==> time per step (total %ds)\n' $((SECONDS - begun))
  printf '%s\n' "${timings[@]}"
}
trap report_times EXIT

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "no import cycles between a crate's modules (scripts/check-cycles.sh)"
bash scripts/check-cycles.sh core/src cli/src tape/src wasm/src python/src

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit, integration, doc tests, conformance vectors)"
cargo test --workspace --all-targets
cargo test --workspace --doc

for extra in scripts/test-dotenv.sh scripts/test-hardening.sh scripts/test-wasm.sh scripts/test-python.sh scripts/test-install.sh scripts/test-demo.sh scripts/test-bundlers.sh scripts/test-e2e.sh scripts/test-agents.sh scripts/fuzz-smoke.sh; do
  if [ -f "$extra" ]; then
    step "$extra"
    bash "$extra"
  fi
done

trap - EXIT
report_times
step "all tests passed"
