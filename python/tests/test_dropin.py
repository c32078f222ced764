"""`resolve_llm_params`, the drop-in for the reference's
`_resolve_llm_params`, reads the process environment and the token file as
the reference does. Every vector is replayed with the process environment
set to exactly the vector's (HOME pointing at a directory that holds the
vector's token file, if any): the result is the vector's `litellm`, with
the key in full, or the vector's error raised."""

import os
from pathlib import Path
from typing import Any, Dict

import pytest

import modelroute
from conftest import CASES


def use_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, inp: Dict[str, Any]) -> None:
    for name in list(os.environ):
        monkeypatch.delenv(name)
    home = tmp_path / "home"
    if "hf_token_file" in inp:
        token = home / ".cache" / "huggingface" / "token"
        token.parent.mkdir(parents=True)
        token.write_text(inp["hf_token_file"], encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    for name, value in inp["env"].items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_resolve_llm_params_replays_the_vector(
    case: Dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inp, expect = case["input"], case["expect"]
    if any("\0" in v for v in inp["env"].values()):
        pytest.skip("a NUL byte cannot be in the process environment")
    use_environment(monkeypatch, tmp_path, inp)
    args = (inp["model"], inp.get("session_token"), inp.get("effort"), inp.get("strict", False))
    if "error" in expect:
        with pytest.raises(ValueError) as caught:
            modelroute.resolve_llm_params(*args)
        e = caught.value
        assert isinstance(e, modelroute.ResolutionError)
        assert e.code == expect["error"]["code"]
        assert str(e) == expect["error"]["message"]
        assert isinstance(e, modelroute.UnsupportedEffortError) == (e.code == "unsupported_effort")
    else:
        params = modelroute.resolve_llm_params(*args)
        assert params == expect["litellm"]
        # The reference's keys, in the reference's order.
        order = ["model", "api_base", "api_key", "extra_headers", "extra_body", "reasoning_effort", "thinking", "output_config"]
        assert list(params) == [k for k in order if k in params]


def test_keyword_names_are_the_references(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_environment(monkeypatch, tmp_path, {"env": {"INFERENCE_TOKEN": "hf_inference"}})
    params = modelroute.resolve_llm_params(
        model_name="moonshotai/Kimi-K2-Instruct", session_hf_token="hf_s", reasoning_effort="minimal", strict=True
    )
    assert params == {
        "model": "openai/moonshotai/Kimi-K2-Instruct",
        "api_base": "https://router.huggingface.co/v1",
        "api_key": "hf_inference",
        "extra_headers": {"X-HF-Bill-To": "smolagents"},
        "extra_body": {"reasoning_effort": "low"},
    }


def test_os_environ_changes_are_seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_environment(monkeypatch, tmp_path, {"env": {}})
    assert modelroute.resolve_llm_params("ollama/m")["api_base"] == "http://localhost:11434/v1"
    os.environ["OLLAMA_BASE_URL"] = "http://gpu-box:11434/"
    assert modelroute.resolve_llm_params("ollama/m")["api_base"] == "http://gpu-box:11434/v1"
    del os.environ["OLLAMA_BASE_URL"]
    assert modelroute.resolve_llm_params("ollama/m")["api_base"] == "http://localhost:11434/v1"


def test_the_token_file_is_read_only_when_needed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_environment(monkeypatch, tmp_path, {"env": {}})
    token = tmp_path / "token"
    monkeypatch.setenv("HF_TOKEN_PATH", str(token))
    assert modelroute.resolve_llm_params("org/m")["api_key"] is None
    token.write_text("hf_from_file\n", encoding="utf-8")
    assert modelroute.resolve_llm_params("org/m")["api_key"] == "hf_from_file"
    assert modelroute.resolve("org/m", show_secrets=True)["sources"]["api_key"]["source"] == "token_file"  # type: ignore[typeddict-item]
    # An unreadable file is an error, unless an earlier source has the key.
    token.write_bytes(b"\xff\xfe")
    with pytest.raises(modelroute.EnvironmentReadError) as caught:
        modelroute.resolve_llm_params("org/m")
    assert caught.value.code == "environment"
    assert str(token) in str(caught.value)
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    assert modelroute.resolve_llm_params("org/m")["api_key"] == "hf_env"
    # An explicit env never reads the disk.
    monkeypatch.delenv("HF_TOKEN")
    assert modelroute.resolve("org/m", {"HF_TOKEN_PATH": str(token)})["litellm"]["api_key"] is None  # type: ignore[typeddict-item]
