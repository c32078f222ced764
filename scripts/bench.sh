#!/usr/bin/env bash
# Reproduces the README's benchmark figures. Needs hyperfine
# (apt-get install hyperfine) and Node for the wasm bench.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> core (criterion)"
cargo bench -p modelroute-core --bench resolve -- --warm-up-time 2 --measurement-time 5

echo "==> CLI process (hyperfine)"
cargo build --release -p modelroute
hyperfine -N --warmup 50 --runs 500 --export-json /tmp/modelroute-hyperfine.json \
  './target/release/modelroute resolve ollama/x --no-dotenv'
python3 -c "import json; r=json.load(open('/tmp/modelroute-hyperfine.json'))['results'][0]; print(f\"median {r['median']*1000:.2f} ms\")"

echo "==> resolve --batch throughput (1,000,000 local ids, 10-variable env each)"
python3 - <<'PY'
import json
env = {f"VAR_{i}": f"value-{i}" for i in range(8)}
env["OLLAMA_BASE_URL"] = "http://127.0.0.1:11434"
env["VLLM_API_KEY"] = "sk-vllm-0123456789"
ids = ["ollama/llama3.1:8b", "vllm/meta-llama/Llama-3.1-8B-Instruct",
       "lm_studio/google/gemma-3-4b", "llamacpp/llama-3.1-8b-instruct"]
with open("/tmp/modelroute-batch.jsonl", "w") as f:
    for i in range(1_000_000):
        f.write(json.dumps({"model": ids[i % 4], "env": env}) + "\n")
PY
hyperfine --warmup 1 --runs 5 --export-json /tmp/modelroute-batch.json \
  './target/release/modelroute resolve --batch < /tmp/modelroute-batch.jsonl > /dev/null'
python3 -c "import json; r=json.load(open('/tmp/modelroute-batch.json'))['results'][0]; print(f\"median {1_000_000/r['median']:,.0f} lines/s\")"
