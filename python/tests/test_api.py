"""The API in Python's conventions: what each function returns, and the
errors it raises (`code`, `hints`, `line`)."""

import pickle
import re
from pathlib import Path

import pytest

import modelroute


def test_resolve_returns_the_keywords_and_their_sources() -> None:
    r = modelroute.resolve("vllm/custom-model", {"LOCAL_LLM_BASE_URL": "http://gpu-box:8000/"})
    assert r["route"] == "local" and r["provider"] == "vllm"
    assert r["litellm"] == {  # type: ignore[typeddict-item]
        "model": "openai/custom-model",
        "api_base": "http://gpu-box:8000/v1",
        "api_key": "sk-l…ired",
    }
    assert r["sources"]["api_base"]["source"] == "env:LOCAL_LLM_BASE_URL"  # type: ignore[typeddict-item]
    assert r["effort"] == {"requested": None, "sent": None, "status": "none"}  # type: ignore[typeddict-item]


def test_env_none_is_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_BASE_URL", "http://from-process:11434")
    assert modelroute.resolve("ollama/m")["litellm"]["api_base"] == "http://from-process:11434/v1"  # type: ignore[typeddict-item]
    assert modelroute.resolve("ollama/m", None)["litellm"]["api_base"] == "http://from-process:11434/v1"  # type: ignore[typeddict-item]
    # An explicit mapping is the whole environment.
    assert modelroute.resolve("ollama/m", {})["litellm"]["api_base"] == "http://localhost:11434/v1"  # type: ignore[typeddict-item]


def test_a_failure_is_a_report_with_an_error() -> None:
    r = modelroute.resolve("ollama/", {})
    assert r["error"] == {  # type: ignore[typeddict-item]
        "code": "empty_model_name",
        "message": "Unsupported local model id: ollama/",
        "hints": r["error"]["hints"],  # type: ignore[typeddict-item]
    }
    assert r["error"]["hints"]  # type: ignore[typeddict-item]


def test_errors_carry_code_hints_and_line() -> None:
    with pytest.raises(modelroute.ResolutionError) as caught:
        modelroute.resolve_or_raise("openai-compat/x", {})
    e = caught.value
    assert (e.code, str(e), e.line) == ("reserved_prefix", "Unsupported local model id: openai-compat/x", None)
    assert isinstance(e, modelroute.ModelrouteError) and isinstance(e, ValueError)
    assert all(isinstance(h, str) for h in e.hints)

    with pytest.raises(modelroute.UnsupportedEffortError) as effort:
        modelroute.resolve_or_raise("openai/gpt-5", {}, effort="max", strict=True)
    assert str(effort.value) == "OpenAI doesn't accept effort='max'"
    assert effort.value.code == "unsupported_effort"
    assert isinstance(effort.value, ValueError)

    with pytest.raises(modelroute.DotenvError) as dotenv:
        modelroute.parse_dotenv("A=1\nB='unterminated\n", {})
    assert dotenv.value.code == "dotenv_parse"
    assert dotenv.value.line == 2
    assert dotenv.value.hints


def test_errors_survive_pickling() -> None:
    try:
        modelroute.resolve_or_raise("ollama/", {})
    except modelroute.ResolutionError as e:
        again = pickle.loads(pickle.dumps(e))
        assert type(again) is modelroute.ResolutionError
        assert (again.code, str(again), again.hints, again.line) == (e.code, str(e), e.hints, e.line)


def test_explain_adds_the_story() -> None:
    e = modelroute.explain("lmstudio/google/gemma-3-4b", {}, platform="unknown")
    assert [d["code"] for d in e["diagnostics"]][0] == "near_miss_prefix"
    assert modelroute.explain("gpt-4", {})["expected_formats"]
    e = modelroute.explain("openai/gpt-5", {}, effort="max")
    assert e["effort_cascade"] == ["xhigh", "high", "medium", "low"]
    assert e["expected_formats"] is None


def test_diagnose_depends_on_the_platform() -> None:
    env = {"OLLAMA_BASE_URL": "http://host.docker.internal:11434"}
    linux = modelroute.diagnose("ollama/llama3", env, platform="linux")
    assert linux and linux[0]["severity"] == "warning"
    assert modelroute.diagnose("ollama/llama3", env, platform="macos") == []
    assert modelroute.diagnose("ollama/llama3", {}) == []


def test_near_miss_names_are_read_from_every_kind_of_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """`near_miss_variable` lists the environment's names (`Env::names`):
    a dict, any other Mapping, and the process environment (`env=None`)."""
    from collections.abc import Mapping
    from typing import Iterator

    class Env(Mapping[str, str]):
        def __init__(self, d: dict[str, str]) -> None:
            self.d = d

        def __getitem__(self, k: str) -> str:
            return self.d[k]

        def __iter__(self) -> Iterator[str]:
            return iter(self.d)

        def __len__(self) -> int:
            return len(self.d)

    typo = {"OLAMA_BASE_URL": "http://gpu:11434"}
    for env in (typo, Env(typo)):
        found = modelroute.diagnose("ollama/llama3", env)
        assert [(d["code"], d.get("variable")) for d in found] == [("near_miss_variable", "OLAMA_BASE_URL")], found
    monkeypatch.setenv("OLAMA_BASE_URL", "http://gpu:11434")
    assert "near_miss_variable" in [d["code"] for d in modelroute.diagnose("ollama/llama3")]
    # With the real name set too, the near miss says nothing.
    assert modelroute.diagnose("ollama/llama3", {**typo, "OLLAMA_BASE_URL": "http://gpu:11434"}) == []


def test_a_mapping_whose_keys_keep_raising_is_listed_once() -> None:
    """The names are listed until the first error: an iterator whose
    `__next__` keeps raising is not asked again (it would be forever;
    this one gives up after 1,000 so that a regression fails, not hangs).
    Its first `keys()`, read when the argument is checked, is fine; the
    one `near_miss_variable` asks for is not."""
    from collections.abc import Mapping
    from typing import Iterator

    class Keys:
        calls = 0

        def __iter__(self) -> "Keys":
            return self

        def __next__(self) -> str:
            Keys.calls += 1
            if Keys.calls > 1000:
                raise StopIteration
            raise RuntimeError("keys are not available")

    class Env(Mapping[str, str]):
        listed = 0

        def __getitem__(self, k: str) -> str:
            raise KeyError(k)

        def __iter__(self) -> Iterator[str]:
            return iter(())

        def __len__(self) -> int:
            return 0

        def keys(self) -> Iterator[str]:  # type: ignore[override]
            Env.listed += 1
            return iter(()) if Env.listed == 1 else Keys()

    assert modelroute.diagnose("ollama/llama3", Env()) == modelroute.diagnose("ollama/llama3", {})
    assert Env.listed == 2
    assert Keys.calls == 1


def test_validate_and_the_id_checks() -> None:
    v = modelroute.validate("gpt-4")
    assert v["valid"] is False and v["reason"] == {"code": "missing_slash", "message": v["reason"]["message"]}  # type: ignore[index]
    assert v["expected_formats"]
    assert modelroute.validate("ollama/llama3")["reason"] is None
    assert modelroute.is_valid_model_id("a b/c") is True
    assert modelroute.is_local("ollama/a b") is False
    assert modelroute.requires_hf_token("ollama/x") is False
    assert modelroute.requires_hf_token("org/m") is True


def test_providers_is_core_table() -> None:
    t = modelroute.providers()
    assert [p["id"] for p in t["providers"]] == ["ollama", "vllm", "lm_studio", "llamacpp"]
    assert t["shared"] == {"base_url_env": "LOCAL_LLM_BASE_URL", "api_key_env": "LOCAL_LLM_API_KEY"}
    assert t["placeholder_api_key"] == "sk-local-no-key-required"
    assert t["hf_router_base_url"] == "https://router.huggingface.co/v1"


def test_effort_cascades() -> None:
    assert modelroute.effort_cascade("max") == ["max", "xhigh", "high", "medium", "low"]
    assert modelroute.effort_cascade("weird") == ["weird"]
    assert modelroute.accepted_cascade("moonshotai/Kimi-K2", "max") == ["high", "medium", "low"]
    assert modelroute.accepted_cascade("ollama/x", "high") == []


def test_redact() -> None:
    assert modelroute.redact("sk-local-no-key-required") == "sk-l…ired"
    assert modelroute.redact("short") == "…"


def test_parse_dotenv_leaves_the_environment_alone() -> None:
    text = "HOST=gpu\nVLLM_BASE_URL=http://${HOST}:8000\nVLLM_API_KEY=from-file\n"
    got = modelroute.parse_dotenv(text, {"VLLM_API_KEY": "from-shell"})
    assert got == {"HOST": "gpu", "VLLM_BASE_URL": "http://gpu:8000"}
    assert list(got) == ["HOST", "VLLM_BASE_URL"]


def test_export_as_writes_the_format_and_its_errors() -> None:
    e = modelroute.export_as("ollama/m", "env", {})
    assert e["format"] == "env" and e["text"].endswith("\n")
    with pytest.raises(modelroute.ExportError) as caught:
        modelroute.export_as("anthropic/claude", "env", {})
    assert caught.value.code == "export_unsupported"
    with pytest.raises(modelroute.ResolutionError):
        modelroute.export_as("ollama/", "env", {})
    with pytest.raises(modelroute.InvalidArgumentError, match="argument `format`"):
        modelroute.export_as("ollama/m", "yaml", {})  # type: ignore[arg-type]


def test_version_is_the_workspaces() -> None:
    cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text(encoding="utf-8")
    package = cargo[cargo.index("[workspace.package]") :]
    version = re.search(r'^version = "([^"]+)"', package, re.M)
    assert version is not None
    assert modelroute.__version__ == version.group(1)


def test_many_variables_read_in_one_call() -> None:
    # More names than the environment keeps inline: each is still read once
    # and answered right.
    names = [f"V{i:02}" for i in range(40)]
    env = {n: f"from-env-{n}" for n in names[::2]}
    text = "".join(f"{n}=from-file\n" for n in names) + "ALL=" + "".join(f"${{{n}}}" for n in names) + "\n"
    got = modelroute.parse_dotenv(text, env)
    assert list(got) == names[1::2] + ["ALL"]
    assert got["ALL"] == "".join(env.get(n, "from-file") for n in names)
