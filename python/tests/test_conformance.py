"""Replays all of tests/vectors/resolve.json through the installed wheel:
each result meets the vector's expectations and is byte for byte the line
native core serializes with serde_json (what the CLI prints). The vectors
expect keys in full, so those calls pass show_secrets=True; the default
output is compared with the native report redacted by core."""

import types
from collections.abc import Mapping
from typing import Any, Dict, Iterator

import pytest

import modelroute
from conftest import CASES, dumps, options_of


def check_expectations(result: Dict[str, Any], expect: Dict[str, Any], name: str) -> None:
    for key in ("valid", "local", "requires_hf_token", "route"):
        assert result[key] == expect[key], f"{name}: {key}"
    if "error" in expect:
        assert "error" in result, f"{name}: expected error {expect['error']['code']}, got a resolution"
        assert result["error"]["code"] == expect["error"]["code"], name
        assert result["error"]["message"] == expect["error"]["message"], name
        assert isinstance(result["error"]["hints"], list), name
        assert "litellm" not in result, name
        return
    assert "error" not in result, f"{name}: unexpected error {result.get('error')}"
    if "provider" in expect:
        assert result["provider"] == expect["provider"], f"{name}: provider"
    if "litellm" in expect:
        assert result["litellm"] == expect["litellm"], f"{name}: litellm"
    for key, source in expect.get("sources", {}).items():
        assert result["sources"][key]["source"] == source, f"{name}: sources.{key}"


def test_the_vector_file_has_cases() -> None:
    assert len(CASES) > 100


def test_resolve_meets_every_expectation() -> None:
    for case in CASES:
        inp = case["input"]
        result = modelroute.resolve(inp["model"], inp["env"], show_secrets=True, **options_of(inp))
        check_expectations(result, case["expect"], case["name"])


def test_resolve_is_byte_identical_to_native_core(native: Dict[str, Any]) -> None:
    for case, line in zip(CASES, native["report"]):
        inp = case["input"]
        result = modelroute.resolve(inp["model"], inp["env"], show_secrets=True, **options_of(inp))
        assert dumps(result) == line, case["name"]


def test_explain_is_byte_identical_to_native_core(native: Dict[str, Any]) -> None:
    # The native lines use core's default platform, "unknown".
    for case, line in zip(CASES, native["explain"]):
        inp = case["input"]
        result = modelroute.explain(inp["model"], inp["env"], show_secrets=True, platform="unknown", **options_of(inp))
        assert dumps(result) == line, case["name"]


def test_by_default_secrets_are_redacted_as_core_redacts_them(native: Dict[str, Any]) -> None:
    differ = 0
    for i, case in enumerate(CASES):
        inp = case["input"]
        opts = options_of(inp)
        redacted = native["report-redact"][i]
        assert dumps(modelroute.resolve(inp["model"], inp["env"], **opts)) == redacted, case["name"]
        assert dumps(modelroute.resolve(inp["model"], inp["env"], show_secrets=False, **opts)) == redacted, case["name"]
        explained = modelroute.explain(inp["model"], inp["env"], platform="unknown", **opts)
        assert dumps(explained) == native["explain-redact"][i], case["name"]
        if redacted != native["report"][i]:
            differ += 1
    # Most resolutions carry a key: redaction changed them.
    assert differ > len(CASES) / 4, f"only {differ} of {len(CASES)} cases had a secret to redact"


class ReadOnly(Mapping):  # type: ignore[type-arg]
    """A Mapping that is not a dict."""

    def __init__(self, data: Dict[str, str]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize("wrap", [types.MappingProxyType, ReadOnly], ids=["mappingproxy", "Mapping"])
def test_any_mapping_gives_the_same_answers_as_a_dict(native: Dict[str, Any], wrap: Any) -> None:
    for case, line in zip(CASES, native["report"]):
        inp = case["input"]
        env = wrap(inp["env"])
        assert dumps(modelroute.resolve(inp["model"], env, show_secrets=True, **options_of(inp))) == line, case["name"]


def test_resolve_or_raise_returns_the_resolution_or_raises_the_reports_error() -> None:
    for case in CASES:
        inp = case["input"]
        report = modelroute.resolve(inp["model"], inp["env"], show_secrets=True, **options_of(inp))
        if "error" in report:
            with pytest.raises(modelroute.ResolutionError) as caught:
                modelroute.resolve_or_raise(inp["model"], inp["env"], **options_of(inp))
            e = caught.value
            assert e.code == report["error"]["code"], case["name"]
            assert str(e) == report["error"]["message"], case["name"]
            assert e.hints == report["error"]["hints"], case["name"]
            assert isinstance(e, ValueError)
            assert isinstance(e, modelroute.UnsupportedEffortError) == (e.code == "unsupported_effort"), case["name"]
        else:
            got = modelroute.resolve_or_raise(inp["model"], inp["env"], show_secrets=True, **options_of(inp))
            assert got == report, case["name"]
            redacted = modelroute.resolve_or_raise(inp["model"], inp["env"], **options_of(inp))
            assert redacted == modelroute.resolve(inp["model"], inp["env"], **options_of(inp)), case["name"]


def test_the_id_checks_agree_with_the_vectors() -> None:
    for case in CASES:
        model, expect = case["input"]["model"], case["expect"]
        assert modelroute.is_valid_model_id(model) == expect["valid"], case["name"]
        assert modelroute.is_local(model) == expect["local"], case["name"]
        assert modelroute.requires_hf_token(model) == expect["requires_hf_token"], case["name"]
        v = modelroute.validate(model)
        assert (v["valid"], v["local"]) == (expect["valid"], expect["local"]), case["name"]
