#!/usr/bin/env bash
# A short fuzzing round over every target (default 30 s each): catches a
# regression that makes a known input crash, and keeps the targets
# building. Longer runs: FUZZ_SECONDS=600 scripts/fuzz-smoke.sh, which also
# grows the corpus in fuzz/corpus/ when FUZZ_KEEP=1.
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

targets=(id resolve dotenv diagnostics)
for t in "${targets[@]}"; do
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then
    dirs=("fuzz/corpus/$t")
  else
    # New inputs go to a scratch directory; the committed corpus only seeds.
    scratch=$(mktemp -d)
    dirs=("$scratch" "fuzz/corpus/$t")
  fi
  echo "==> fuzz $t for ${seconds}s"
  cargo +nightly fuzz run "$t" "${dirs[@]}" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E 'stat::number_of_executed_units|Done|ERROR|panicked|SUMMARY' || true
  status=${PIPESTATUS[0]}
  [ "${FUZZ_KEEP:-0}" = 1 ] || rm -rf "$scratch"
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $t failed (exit $status); the crashing input is in fuzz/artifacts/$t/" >&2
    exit "$status"
  fi
done
echo "fuzz smoke: ${#targets[@]} targets, ${seconds}s each, no crash"
