"""The binding is safe to call from many threads at once: every thread
gets exactly the answers a single thread gets, for its own environment."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

import modelroute
from conftest import CASES, dumps, options_of


def answers() -> List[str]:
    out = []
    for case in CASES:
        inp = case["input"]
        opts = options_of(inp)
        out.append(dumps(modelroute.resolve(inp["model"], inp["env"], **opts)))
        out.append(dumps(modelroute.explain(inp["model"], inp["env"], platform="unknown", **opts)))
    return out


def test_many_threads_get_the_single_thread_answers() -> None:
    expected = answers()
    start = threading.Barrier(8)

    def work(_: int) -> List[List[str]]:
        start.wait()
        return [answers() for _ in range(3)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for rounds in results:
        for got in rounds:
            assert got == expected


def test_threads_reading_the_process_environment() -> None:
    os.environ["MODELROUTE_THREAD_TEST"] = "1"
    calls: List[Callable[[], Any]] = [
        lambda: modelroute.resolve_llm_params("ollama/m"),
        lambda: modelroute.resolve("vllm/m"),
        lambda: modelroute.explain("org/m", hf_token_file="hf_x"),
        lambda: modelroute.parse_dotenv("A=${HOME}\n"),
    ]
    expected = [c() for c in calls]
    start = threading.Barrier(8)

    def work(i: int) -> Dict[int, Any]:
        start.wait()
        return {j: calls[j]() for j in range(len(calls)) for _ in range(200)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        for got in pool.map(work, range(8)):
            assert [got[j] for j in range(len(calls))] == expected
    del os.environ["MODELROUTE_THREAD_TEST"]
