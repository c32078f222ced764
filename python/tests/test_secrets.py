"""A secrets audit: no default output of the wheel holds a key, or a
password or token inside a base URL, in full. Keys of 1, 7, 8 and 20+
characters (the lengths where masking changes form), from every source a
key can come from; `show_secrets=True` shows them (so the audit can fail)."""

from typing import Any, Dict, List, Tuple

import pytest

import modelroute
from conftest import dumps

KEYS = ["k", "sk-1234", "sk-12345", "sk-secret-value-0123456789"]


def setups(key: str) -> List[Tuple[str, Dict[str, str], Dict[str, Any]]]:
    """(id, env, options) triples that put `key` in the result."""
    return [
        ("ollama/m", {"OLLAMA_API_KEY": key}, {}),
        ("vllm/m", {"LOCAL_LLM_API_KEY": key}, {}),
        ("org/m", {"INFERENCE_TOKEN": key}, {}),
        ("org/m", {"HF_TOKEN": key}, {}),
        ("org/m", {"HUGGING_FACE_HUB_TOKEN": key}, {}),
        ("org/m", {}, {"session_token": key}),
        ("org/m", {}, {"hf_token_file": key + "\n"}),
    ]


def outputs(model: str, env: Dict[str, str], opts: Dict[str, Any], show: bool) -> List[str]:
    texts = [
        dumps(modelroute.resolve(model, env, show_secrets=show, **opts)),
        dumps(modelroute.explain(model, env, show_secrets=show, **opts)),
        dumps(modelroute.resolve_or_raise(model, env, show_secrets=show, **opts)),
        dumps(modelroute.diagnose(model, env)),
    ]
    for fmt in ("env", "dotenv", "litellm", "openai", "curl", "aider", "continue", "llm"):
        try:
            texts.append(dumps(modelroute.export_as(model, fmt, env, show_secrets=show, **opts)))  # type: ignore[arg-type]
        except modelroute.ExportError:
            pass
    return texts


@pytest.mark.parametrize("key", KEYS)
def test_no_default_output_holds_a_key(key: str) -> None:
    for model, env, opts in setups(key):
        shown = outputs(model, env, opts, True)
        assert any(key in t for t in shown), f"{model} {env} {opts}: the key is not in the output at all"
        for text in outputs(model, env, opts, False):
            # The 1-character key is in many words; look for it as a value.
            needle = f'"{key}"' if len(key) < 4 else key
            assert needle not in text, f"{model} {env} {opts}: {text}"


@pytest.mark.parametrize(
    "url,secret",
    [
        ("http://user:hunter2-password@gpu-box:8000", "hunter2-password"),
        ("http://gpu-box:8000/?api_key=sk-in-query-123", "sk-in-query-123"),
        ("http://user:pw@gpu-box:8000", ":pw@"),
    ],
)
def test_no_default_output_holds_a_url_secret(url: str, secret: str) -> None:
    env = {"VLLM_BASE_URL": url}
    assert any(secret in t for t in outputs("vllm/m", env, {}, True))
    for text in outputs("vllm/m", env, {}, False):
        assert secret not in text, text
