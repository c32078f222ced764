#!/usr/bin/env bash
# Hardening checks on the release binary:
#  - resolve --batch fed 1,000,000 lines mixing valid, malformed and hostile
#    lines (huge strings, deep JSON, NUL bytes, invalid UTF-8) answers each
#    line with one JSON object, in order, and does not crash;
#  - probe and run against servers that send an endless body or an endless
#    stream stay under a fixed memory ceiling (peak RSS measured).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES="${HARDENING_LINES:-1000000}"
CEILING_KB="${HARDENING_RSS_CEILING_KB:-65536}"
cargo build -q --release -p modelroute
BIN="$PWD/target/release/modelroute"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> resolve --batch with $LINES mixed and hostile lines"
python3 tests/hardening/batch_hostile.py "$LINES" "$WORK/kinds" >"$WORK/in.jsonl"
start=$(date +%s.%N)
set +e
/usr/bin/time -f "%M" -o "$WORK/batch.rss" "$BIN" resolve --batch --no-dotenv <"$WORK/in.jsonl" >"$WORK/out.jsonl"
code=$?
set -e
end=$(date +%s.%N)
if [ "$code" -ne 3 ]; then
  echo "batch exited $code (want 3: some lines are meant to fail)" >&2
  exit 1
fi
python3 tests/hardening/check_batch.py "$WORK/kinds" "$WORK/out.jsonl"
python3 -c "print(f'batch: {($end - $start):.1f} s, peak RSS {int(open(\"$WORK/batch.rss\").read().split()[-1]) // 1024} MiB')"

rss_check() { # label mode -- command...
  local label=$1 mode=$2
  shift 2
  python3 tests/hardening/endless_server.py "$mode" >"$WORK/port" &
  SERVER_PID=$!
  for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  local port
  port=$(cat "$WORK/port")
  set +e
  OLLAMA_BASE_URL="http://127.0.0.1:$port" /usr/bin/time -f "%M" -o "$WORK/rss" \
    timeout -s INT 20 "$@" >/dev/null 2>"$WORK/stderr"
  local status=$?
  set -e
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  local rss
  rss=$(tail -1 "$WORK/rss")
  echo "$label: exit $status, peak RSS $((rss / 1024)) MiB (ceiling $((CEILING_KB / 1024)) MiB)"
  if [ "$rss" -gt "$CEILING_KB" ]; then
    echo "$label: peak RSS ${rss} KiB exceeds ${CEILING_KB} KiB" >&2
    exit 1
  fi
  if grep -q "panicked" "$WORK/stderr"; then
    cat "$WORK/stderr" >&2
    exit 1
  fi
}

echo "==> memory ceiling against endless answers"
rss_check "probe, endless body" body "$BIN" probe ollama/m --no-dotenv --timeout 10
rss_check "run, endless body" body "$BIN" run --model ollama/m --no-dotenv --no-stream --timeout 10 ping
rss_check "run, endless SSE line" sse-line "$BIN" run --model ollama/m --no-dotenv --timeout 10 ping
rss_check "run, endless SSE stream (stopped after 5 s)" sse timeout -s INT 5 "$BIN" run --model ollama/m --no-dotenv --timeout 10 ping
echo "hardening: all checks passed"
