"""Bad Python input raises TypeError or ValueError (both
`InvalidArgumentError`, code `invalid_argument`) naming the function and
the argument; nothing panics or aborts the interpreter."""

from collections.abc import Mapping
from typing import Any, Callable, Dict, Iterator

import pytest

import modelroute

M = modelroute

# Every function, called with a good argument list; `bad` replaces one.
CALLS: Dict[str, Callable[..., Any]] = {
    "resolve": lambda **k: M.resolve(**{"model_id": "ollama/m", "env": {}, **k}),
    "resolve_or_raise": lambda **k: M.resolve_or_raise(**{"model_id": "ollama/m", "env": {}, **k}),
    "explain": lambda **k: M.explain(**{"model_id": "ollama/m", "env": {}, **k}),
    "export_as": lambda **k: M.export_as(**{"model_id": "ollama/m", "format": "env", "env": {}, **k}),
}


@pytest.mark.parametrize("func", sorted(CALLS))
@pytest.mark.parametrize(
    "arg,value,expected",
    [
        ("model_id", 42, "str"),
        ("model_id", None, "str"),
        ("model_id", b"ollama/m", "str"),
        ("env", ["OLLAMA_BASE_URL"], "a Mapping[str, str] or None"),
        ("env", "OLLAMA_BASE_URL=x", "a Mapping[str, str] or None"),
        ("effort", 1, "str or None"),
        ("strict", "yes", "bool"),
        ("strict", 1, "bool"),
        ("session_token", b"hf", "str or None"),
        ("hf_token_file", 3.5, "str or None"),
        ("show_secrets", "no", "bool"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_argument(func: str, arg: str, value: Any, expected: str) -> None:
    with pytest.raises(TypeError) as caught:
        CALLS[func](**{arg: value})
    e = caught.value
    assert isinstance(e, modelroute.ArgumentTypeError) and isinstance(e, ValueError)
    assert e.code == "invalid_argument"  # type: ignore[attr-defined]
    assert str(e).startswith(f"{func}: argument `{arg}` must be {expected}, got "), str(e)


@pytest.mark.parametrize("func", sorted(CALLS))
def test_env_keys_and_values_are_checked(func: str) -> None:
    with pytest.raises(TypeError, match=rf"^{func}: argument `env` has a key that is not a str: b'OLLAMA_BASE_URL' \(bytes\)"):
        CALLS[func](env={b"OLLAMA_BASE_URL": "http://x:1"})
    with pytest.raises(TypeError, match=rf"^{func}: argument `env` has a key that is not a str: 1 \(int\)"):
        CALLS[func](env={"A": "b", 1: "x"})
    with pytest.raises(TypeError, match=rf'^{func}: argument `env` value at key "OLLAMA_BASE_URL" must be str, got int'):
        CALLS[func](env={"OLLAMA_BASE_URL": 11434})
    with pytest.raises(TypeError, match="must be str, got NoneType"):
        CALLS[func](env={"OLLAMA_API_KEY": None})
    # A variable core never reads is never looked at.
    CALLS[func](env={"UNRELATED": 1})


@pytest.mark.parametrize("func", sorted(CALLS))
def test_lone_surrogates_and_huge_strings_raise_value_error(func: str) -> None:
    with pytest.raises(ValueError, match=rf"^{func}: argument `model_id` is not well-formed Unicode: lone surrogate at index 7$") as caught:
        CALLS[func](model_id="ollama/\ud800")
    assert not isinstance(caught.value, TypeError)
    assert caught.value.code == "invalid_argument"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r'argument `env` value at key "OLLAMA_API_KEY" is not well-formed Unicode'):
        CALLS[func](env={"OLLAMA_API_KEY": "sk-\udcff"})
    with pytest.raises(ValueError, match=r"argument `session_token` is not well-formed"):
        CALLS[func](session_token="\udfff")
    huge = "x" * ((1 << 20) + 1)
    with pytest.raises(ValueError, match=rf"^{func}: argument `model_id` is too long: 1048577 code points, the limit is 1048576$"):
        CALLS[func](model_id=huge)
    with pytest.raises(ValueError, match=r"argument `effort` is too long"):
        CALLS[func](effort=huge)
    with pytest.raises(ValueError, match=r'value at key "OLLAMA_BASE_URL" is too long'):
        CALLS[func](env={"OLLAMA_BASE_URL": huge})


class Raising(Mapping):  # type: ignore[type-arg]
    def __getitem__(self, key: str) -> str:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[str]:
        return iter(["OLLAMA_BASE_URL"])

    def __len__(self) -> int:
        return 1


def test_a_mapping_that_raises_is_reported_with_its_cause() -> None:
    with pytest.raises(ValueError, match=r'^resolve: reading argument `env` at key "OLLAMA_BASE_URL" raised$') as caught:
        M.resolve("ollama/m", Raising())
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_the_other_functions_check_their_arguments() -> None:
    for call, message in [
        (lambda: M.validate(1), "validate: argument `model_id` must be str, got int"),
        (lambda: M.is_local(None), "is_local: argument `model_id` must be str, got NoneType"),
        (lambda: M.is_valid_model_id([]), "is_valid_model_id: argument `model_id` must be str, got list"),
        (lambda: M.requires_hf_token(b""), "requires_hf_token: argument `model_id` must be str, got bytes"),
        (lambda: M.effort_cascade(1), "effort_cascade: argument `preference` must be str, got int"),
        (lambda: M.accepted_cascade("a/b", 1), "accepted_cascade: argument `preference` must be str, got int"),
        (lambda: M.redact(1), "redact: argument `secret` must be str, got int"),
        (lambda: M.parse_dotenv(b"A=1"), "parse_dotenv: argument `text` must be str, got bytes"),
        (lambda: M.diagnose("ollama/m", 1), "diagnose: argument `env` must be a Mapping[str, str] or None, got int"),
        (lambda: M.resolve_llm_params(1), "resolve_llm_params: argument `model_name` must be str, got int"),
        (lambda: M.resolve_llm_params("o/m", 1), "resolve_llm_params: argument `session_hf_token` must be str or None, got int"),
        (lambda: M.resolve_llm_params("o/m", None, 1), "resolve_llm_params: argument `reasoning_effort` must be str or None, got int"),
        (lambda: M.resolve_llm_params("o/m", None, None, "yes"), "resolve_llm_params: argument `strict` must be bool, got str"),
    ]:
        with pytest.raises(TypeError) as caught:
            call()
        assert str(caught.value) == message
    with pytest.raises(ValueError, match=r'^explain: argument `platform` must be "linux", "macos", "windows", "unknown" or None, got "beos"$'):
        M.explain("ollama/m", {}, platform="beos")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^export_as: argument `format`: "):
        M.export_as("ollama/m", "yaml", {})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^redact: argument `secret` is not well-formed Unicode"):
        M.redact("\ud800")
    with pytest.raises(ValueError, match=r"^parse_dotenv: argument `text` is too long"):
        M.parse_dotenv("x" * ((1 << 24) + 1))


def test_unknown_keywords_are_refused_by_name() -> None:
    with pytest.raises(TypeError, match="showSecrets"):
        M.resolve("ollama/m", {}, showSecrets=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        M.resolve("ollama/m", {}, "high")  # type: ignore[misc]


def test_hostile_strings_never_crash() -> None:
    for s in ["", "\0", "ollama/\0", "/" * 10000, "ollama/" + "é" * 1000, "\U0010ffff/\u2028", "a:b:c/d", "huggingface/"]:
        for f in (M.resolve, M.explain):
            f(s, {"OLLAMA_BASE_URL": s, "HF_TOKEN": s}, effort=s, session_token=s, hf_token_file=s)
        M.validate(s)
        M.diagnose(s, {"OLLAMA_BASE_URL": s})
        M.effort_cascade(s)
        M.redact(s)
