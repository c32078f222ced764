"""Side-by-side benchmark of the wheel against the reference's own
function, ml-intern's `_resolve_llm_params` (PR #228, merge commit
4668dbd), run by hand: CI has no copy of the reference, and none of its
code is in this repository. The reference is loaded at run time from a
checkout given on the command line (its three module files, without the
`agent` package's imports of LiteLLM and the agent loop, which the
function does not use). python/README.md, "Benchmarks", has the command
and the figures.

    python bench_reference.py --reference /tmp/ml-intern [--repeat 7]
"""

import argparse
import importlib.util
import json
import marshal
import os
import sys
import tempfile
import time
import timeit
import types
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple


def load_reference(checkout: Path) -> Callable[..., Dict[str, Any]]:
    """`_resolve_llm_params` from the checkout's agent/core/ modules."""
    for name in ("agent", "agent.core"):
        package = types.ModuleType(name)
        package.__path__ = []
        sys.modules[name] = package
    for name in ("local_models", "hf_tokens", "llm_params"):
        path = checkout / "agent" / "core" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"agent.core.{name}", path)
        assert spec is not None and spec.loader is not None, path
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["agent.core.llm_params"]._resolve_llm_params  # type: ignore[no-any-return]


def per_call_ns(fn: Callable[[], Any], repeat: int) -> float:
    """Best of `repeat` runs, in nanoseconds per call (timeit's method), in
    the thread's CPU time: on a shared machine, time spent waiting for a
    core is not the function's."""
    timer = timeit.Timer(fn, timer=time.thread_time)
    loops, _ = timer.autorange()
    loops = max(loops, 10000)
    return min(timer.repeat(repeat=repeat, number=loops)) / loops * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", type=Path, required=True, help="a checkout of huggingface/ml-intern at 4668dbd")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import modelroute

    reference = load_reference(args.reference)
    home = tempfile.mkdtemp()
    # A process environment without the variables either side reads, but
    # the ones each case sets: HOME points at an empty directory (no token
    # file), so neither side finds anything on disk.
    for name in list(os.environ):
        if name.startswith(("HF_", "HUGGING", "INFERENCE", "OLLAMA", "VLLM", "LMSTUDIO", "LLAMACPP", "LOCAL_LLM", "XDG_")):
            del os.environ[name]
    os.environ["HOME"] = home

    env30 = {f"UNRELATED_VARIABLE_{i:02}": f"value-{i}" for i in range(27)}
    env30.update({"OLLAMA_BASE_URL": "http://gpu-box:11434/", "OLLAMA_API_KEY": "sk-ollama-key-0123", "HF_TOKEN": "hf_abcdefghijklmnop"})
    assert len(env30) == 30

    rows: List[Tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        (
            "resolve_llm_params('ollama/llama3.1:8b'), local id",
            lambda: reference("ollama/llama3.1:8b"),
            lambda: modelroute.resolve_llm_params("ollama/llama3.1:8b"),
        ),
        (
            "resolve_llm_params('moonshotai/Kimi-K2-Instruct'), HF Router, HF_TOKEN set",
            lambda: reference("moonshotai/Kimi-K2-Instruct"),
            lambda: modelroute.resolve_llm_params("moonshotai/Kimi-K2-Instruct"),
        ),
    ]
    print(f"CPython {sys.version.split()[0]}, modelroute {modelroute.__version__}; best of {args.repeat}, ns of CPU time per call")
    for label, ref, ours in rows:
        if "HF Router" in label:
            os.environ["HF_TOKEN"] = "hf_abcdefghijklmnop"
        assert ref() == ours(), (label, ref(), ours())
        r, o = per_call_ns(ref, args.repeat), per_call_ns(ours, args.repeat)
        print(f"{label}\n    reference {r:8.0f}   modelroute {o:8.0f}   {r / o:5.1f}x faster")
        os.environ.pop("HF_TOKEN", None)
    # What building the same report costs CPython's own fastest builders of
    # nested dicts: a floor for any binding that returns it.
    report = modelroute.resolve("ollama/llama3.1:8b", env30)
    frozen, text = marshal.dumps(report), json.dumps(report)
    # Lower still: the report as a Python literal, compiled once. Calling
    # it only builds the dicts and lists (every key and value is a constant
    # of the code object, made no string at all), which any binding must
    # do too, on top of making its strings and resolving.
    literal: Dict[str, Any] = {}
    exec(compile(f"def build():\n    return {report!r}\n", "<the report as a literal>", "exec"), literal)
    assert literal["build"]() == report
    for label, fn in [
        ("the same report as a Python literal (only its 21 dicts and lists built)", literal["build"]),
        ("marshal.loads() of that report (CPython's floor)", lambda: marshal.loads(frozen)),
        ("json.loads() of that report", lambda: json.loads(text)),
        ("resolve('ollama/llama3.1:8b', env) with a 30-variable dict", lambda: modelroute.resolve("ollama/llama3.1:8b", env30)),
        ("resolve('moonshotai/Kimi-K2-Instruct', env) with a 30-variable dict", lambda: modelroute.resolve("moonshotai/Kimi-K2-Instruct", env30)),
        ("explain('ollama/llama3.1:8b', env) with a 30-variable dict", lambda: modelroute.explain("ollama/llama3.1:8b", env30)),
    ]:
        print(f"{label}\n    {per_call_ns(fn, args.repeat):8.0f} ns")


if __name__ == "__main__":
    main()
