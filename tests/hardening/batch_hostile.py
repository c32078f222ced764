"""Writes N JSON Lines cases mixing valid, malformed and hostile lines to
stdout (bytes), and their expected kinds to the file named by argv[2]:
one of "ok", "error" (resolves to an error object) or "malformed"."""
import json
import random
import sys

n = int(sys.argv[1])
kinds = open(sys.argv[2], "w")
rng = random.Random(228)
env = {f"VAR_{i}": f"value-{i}" for i in range(8)}
env["OLLAMA_BASE_URL"] = "http://127.0.0.1:11434"
ids = ["ollama/llama3.1:8b", "vllm/meta-llama/Llama-3.1-8B-Instruct", "lm_studio/a/b", "llamacpp/m", "org/model:fastest"]
out = sys.stdout.buffer
huge = "a" * 200_000
for i in range(n):
    r = rng.random()
    if r < 0.80:
        line, kind = json.dumps({"model": rng.choice(ids), "env": env}).encode(), "ok"
    elif r < 0.85:
        line, kind = json.dumps({"model": rng.choice(["ollama/", "openai-compat/x", "ollama/a b"]), "env": {}}).encode(), "error"
    elif r < 0.90:
        line, kind = rng.choice([b"not json", b"{", b'{"model": 1}', b'{"model":"x","nope":1}', b"", b"[]", b'{"env":{}}']), "malformed"
    elif r < 0.93:
        depth = rng.choice([200, 5000, 100000])
        line, kind = b"[" * depth + b"]" * depth, "malformed"
    elif r < 0.96:
        line, kind = b'{"model":"ollama/\x00\xff\xfe"}', "malformed"
    elif r < 0.98:
        line, kind = json.dumps({"model": "ollama/m\u0000x", "env": {"A": "\u0000"}}).encode(), "ok"
    elif r < 0.9990:
        line, kind = json.dumps({"model": "vllm/" + rng.choice(["x", "y"]), "env": {"VLLM_API_KEY": "k" * 1000}}).encode(), "ok"
    else:
        line, kind = json.dumps({"model": "ollama/" + huge, "env": {"X": huge}}).encode(), "ok"
    out.write(line + b"\n")
    kinds.write(kind + "\n")
