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
# The real servers and agents of the end-to-end steps take most of a run
# on a machine with empty caches (two llama.cpp builds from source; see
# docs/ci-time.md), and most other steps leave a core idle at times. So
# their installs start now, in the background at a lower priority, and the
# steps that need them wait for them. With warm caches this takes seconds.
# Set MODELROUTE_SETUP_IN_BACKGROUND=0 to run them in their steps instead.
setup_log=$(mktemp -t modelroute-setup.XXXXXX)
setup_pid=""
if [ "${MODELROUTE_SETUP_IN_BACKGROUND:-1}" = 1 ]; then
  # In a process group of its own (job control on for this one `&`), so
  # that one signal to the group stops pip, cmake and the compilers.
  set -m
  nice -n 10 bash -c 'bash scripts/e2e-setup.sh && bash scripts/setup-agents.sh' >"$setup_log" 2>&1 </dev/null &
  setup_pid=$!
  set +m
fi
wait_for_setup() { # prints the install's output; fails with its status
  [ -n "$setup_pid" ] || return 0
  step "waiting for the background install of the servers and agents"
  local rc=0
  wait "$setup_pid" || rc=$?
  setup_pid=""
  sed 's/^/    setup: /' "$setup_log"
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: the background install of the servers and agents (scripts/e2e-setup.sh, scripts/setup-agents.sh) exited $rc; its output is above" >&2
    return "$rc"
  fi
}
stop_setup() { # on a failure or an interruption: no build left running
  # Only a job this shell has not waited for yet: its process group still
  # exists (the group keeps the job's PID until the last member exits).
  if [ -n "$setup_pid" ]; then
    kill -TERM -- "-$setup_pid" 2>/dev/null || true
    setup_pid=""
  fi
  rm -f "$setup_log"
}
# The EXIT trap also runs when CI cancels the run (TERM) or on Ctrl-C
# (INT): without these two, bash would die of the signal without it.
trap 'stop_setup; report_times' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
    case "$extra" in
      # The first step that needs the servers or agents waits for them
      # (each also runs the installs itself when called alone).
      scripts/test-e2e.sh | scripts/test-agents.sh) wait_for_setup ;;
    esac
    step "$extra"
    bash "$extra"
  fi
done

# Never cut short on success: a run without the end-to-end steps still
# says whether the installs worked.
wait_for_setup
trap - EXIT
stop_setup
report_times
step "all tests passed"
