"""The stubs (modelroute/__init__.pyi) against core: every `Literal` union
lists exactly the names of core's table, in its order (the extension
reports them: `_native._tables()`), and every key a result holds is
declared. mypy checks the stubs themselves over python/tests/typing
(scripts/test-python.sh)."""

import ast
import json
from pathlib import Path
from typing import Any, Dict, List, Set

import modelroute
from modelroute import _native

STUBS = Path(modelroute.__file__).with_name("__init__.pyi")


def literal_unions() -> Dict[str, List[str]]:
    """`Name = Literal[...]` aliases of the stubs: name -> strings."""
    tree = ast.parse(STUBS.read_text(encoding="utf-8"))
    out: Dict[str, List[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript):
            target = node.targets[0]
            sub = node.value
            if isinstance(target, ast.Name) and isinstance(sub.value, ast.Name) and sub.value.id == "Literal":
                elts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]  # type: ignore[attr-defined]
                out[target.id] = [e.value for e in elts if isinstance(e, ast.Constant)]
    return out


def test_the_stubs_are_installed_with_py_typed() -> None:
    assert STUBS.is_file()
    assert STUBS.with_name("py.typed").is_file()


def test_every_literal_union_is_cores_table() -> None:
    unions = literal_unions()
    tables = _native._tables()
    assert set(tables) <= set(unions), f"the stubs lack {sorted(set(tables) - set(unions))}"
    for name, names in tables.items():
        assert unions[name] == names, f"{name}: the stubs list {unions[name]}, core has {names}"


def test_error_code_is_the_union_of_the_three() -> None:
    text = STUBS.read_text(encoding="utf-8")
    assert "ErrorCode = Union[ResolutionErrorCode, ExportErrorCode, PythonErrorCode]" in text


def test_exception_codes_are_declared() -> None:
    tables = _native._tables()
    codes = set(tables["ResolutionErrorCode"]) | set(tables["ExportErrorCode"]) | set(tables["PythonErrorCode"])
    raised = set()
    for call in [
        lambda: modelroute.resolve_or_raise("ollama/", {}),
        lambda: modelroute.export_as("anthropic/c", "env", {}),
        lambda: modelroute.parse_dotenv("A='x\n", {}),
        lambda: modelroute.resolve(1),  # type: ignore[arg-type]
    ]:
        try:
            call()
        except modelroute.ModelrouteError as e:
            raised.add(e.code)
    assert raised <= codes and len(raised) == 4


def declared_keys() -> Set[str]:
    """Every key a TypedDict of the stubs declares."""
    tree = ast.parse(STUBS.read_text(encoding="utf-8"))
    keys: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            keys |= {s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "TypedDict":
            keys |= {k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}  # type: ignore[attr-defined]
    return keys


def keys_of(value: Any, out: Set[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(value, list):
        for v in value:
            keys_of(v, out)


def test_the_stubs_declare_every_key_a_result_holds() -> None:
    env = {
        "INFERENCE_TOKEN": "it",
        "HF_TOKEN": "hf",
        "HUGGING_FACE_HUB_TOKEN": "legacy",
        "OLLAMA_BASE_URL": "localhost:11434",
        "VLLM_BASE_URL": "http://0.0.0.0:8000/v1/chat/completions",
        "OPENAI_BASE_URL": "http://localhost:1234/v1",
    }
    seen: Set[str] = set()
    for model in ["ollama/x", "vllm/x", "Ollama/x", "lmstudio/x", "a/b:fastest", "a/b:together", "openai/gpt-5", "anthropic/c", "bedrock/c", "openai-compat/x", "gpt-4"]:
        for effort in (None, "max", "minimal"):
            keys_of(modelroute.explain(model, env, effort=effort), seen)
        keys_of(modelroute.validate(model), seen)
    keys_of(modelroute.providers(), seen)
    keys_of(modelroute.export_as("ollama/x", "env", {}), seen)
    assert "suggestion" in seen and "X-HF-Bill-To" in seen, "the sample misses keys it should hold"
    missing = seen - declared_keys()
    assert not missing, f"the stubs do not declare {sorted(missing)}"
