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

# Runs one command against an endless server and checks, each a failure:
#  - the server started (its port was printed and it still runs);
#  - the command exited with the expected code;
#  - it honoured its own deadline: finished within `within` seconds (its
#    timeout + 1 s), well before the outer guard (`timeout -s KILL 30`,
#    whose kill would show as 137);
#  - its peak RSS stayed under the ceiling;
#  - stderr shows no panic, and no signal ended it unless expected.
rss_check() { # label mode want_exit within_s -- command...
  local label=$1 mode=$2 want=$3 within=$4
  shift 5
  : >"$WORK/port"
  python3 tests/hardening/endless_server.py "$mode" >"$WORK/port" &
  SERVER_PID=$!
  for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  local port
  port=$(cat "$WORK/port")
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "$label: the endless server did not start (port: '${port}')" >&2
    exit 1
  fi
  local start end status
  start=$(date +%s.%N)
  set +e
  OLLAMA_BASE_URL="http://127.0.0.1:$port" /usr/bin/time -f "%M" -o "$WORK/rss" \
    timeout -s KILL 30 "$@" >/dev/null 2>"$WORK/stderr"
  status=$?
  set -e
  end=$(date +%s.%N)
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  local rss took
  rss=$(tail -1 "$WORK/rss")
  took=$(python3 -c "print(f'{$end - $start:.1f}')")
  echo "$label: exit $status in ${took} s, peak RSS $((rss / 1024)) MiB (ceiling $((CEILING_KB / 1024)) MiB)"
  local failed=""
  if [ "$status" -ne "$want" ]; then
    failed="exit $status, want $want"
  elif python3 -c "import sys; sys.exit(0 if $end - $start <= $within else 1)"; then
    :
  else
    failed="took ${took} s, want at most ${within} s: the deadline was not honoured"
  fi
  if [ -z "$failed" ] && ! [[ "$rss" =~ ^[0-9]+$ ]]; then
    failed="no peak RSS measured ('$rss')"
  elif [ -z "$failed" ] && [ "$rss" -gt "$CEILING_KB" ]; then
    failed="peak RSS ${rss} KiB exceeds ${CEILING_KB} KiB"
  fi
  if [ -z "$failed" ] && grep -q "panicked" "$WORK/stderr"; then
    failed="a panic on stderr"
  fi
  if [ -n "$failed" ]; then
    echo "--- stderr of $label" >&2
    tail -n 20 "$WORK/stderr" >&2
    echo "$label: FAILED: $failed" >&2
    exit 1
  fi
}

echo "==> memory ceiling and deadlines against endless answers"
# An endless /models body is cut at the 1 MiB cap: bad_response (19).
rss_check "probe, endless body" body 19 11 -- "$BIN" probe ollama/m --no-dotenv --timeout 10
rss_check "run, endless body" body 19 11 -- "$BIN" run --model ollama/m --no-dotenv --no-stream --timeout 10 ping
rss_check "run, endless SSE line" sse-line 19 11 -- "$BIN" run --model ollama/m --no-dotenv --timeout 10 ping
# Valid chunks forever: stopped by SIGINT after 5 s, which must end it at
# once (128 + 2, kept by --preserve-status).
rss_check "run, endless SSE stream (stopped after 5 s)" sse 130 6 -- timeout --preserve-status -s INT 5 "$BIN" run --model ollama/m --no-dotenv --timeout 10 ping
echo "hardening: all checks passed"
