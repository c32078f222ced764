#!/usr/bin/env bash
# A short fuzzing round over every target (default 30 s each): catches a
# regression that makes a known input crash, and keeps the targets
# building. Longer runs: FUZZ_SECONDS=600 scripts/fuzz-smoke.sh, which also
# grows the corpus in fuzz/corpus/ when FUZZ_KEEP=1. FUZZ_TARGETS="id
# dotenv" runs only those targets.
#
# It fails when a target fails to build, crashes, or cargo fuzz exits
# non-zero for any other reason: the exit status is cargo fuzz's own, read
# from PIPESTATUS right after the pipeline (not through `|| true`, which
# would report `true`'s 0).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz-smoke: the nightly toolchain is missing (it ships with the machine image)" >&2
  exit 1
fi
if ! command -v cargo-fuzz >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-fuzz" ]; then
  echo "fuzz-smoke: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

read -r -a targets <<<"${FUZZ_TARGETS:-id resolve dotenv diagnostics capabilities}"
log=$(mktemp)
scratch=""
cleanup() { rm -f "$log"; [ -z "$scratch" ] || rm -rf "$scratch"; }
trap cleanup EXIT
for t in "${targets[@]}"; do
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then
    dirs=("fuzz/corpus/$t")
  else
    # New inputs go to a scratch directory; the committed corpus only seeds.
    scratch=$(mktemp -d)
    dirs=("$scratch" "fuzz/corpus/$t")
  fi
  echo "==> fuzz $t for ${seconds}s"
  # The whole output goes to a log (shown in full on failure); the
  # summary lines to the terminal. grep finding nothing is not a failure.
  set +e
  cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | tee "$log" \
    | grep -E 'stat::number_of_executed_units|Done|ERROR|panicked|SUMMARY'
  statuses=("${PIPESTATUS[@]}")
  set -e
  status=${statuses[0]}
  if [ -n "$scratch" ]; then rm -rf "$scratch"; scratch=""; fi
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz-smoke: target $t failed (cargo fuzz exit $status); a crashing input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  if ! grep -q 'Done [0-9]* runs' "$log"; then
    tail -n 40 "$log" >&2
    echo "fuzz-smoke: target $t exited 0 but libFuzzer never reported its final 'Done' line" >&2
    exit 1
  fi
done
echo "fuzz smoke: ${#targets[@]} targets, ${seconds}s each, no crash"
