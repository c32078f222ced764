"""Shared fixtures: the conformance vectors, the native lines core prints
for them, and the CLI binary.

scripts/test-python.sh makes the native lines and the CLI once and passes
them in (MODELROUTE_NATIVE_LINES, MODELROUTE_CLI); run alone, pytest makes
them with cargo.
"""

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "resolve.json"
MESSAGES = ROOT / "tests" / "vectors" / "messages.json"


def load_cases() -> List[Dict[str, Any]]:
    """Every case of tests/vectors/resolve.json, its own-check message
    (tests/vectors/messages.json) filled in."""
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    messages = json.loads(MESSAGES.read_text(encoding="utf-8"))["messages"]
    for case in cases:
        error = case["expect"].get("error")
        if error is not None and "message" not in error:
            error["message"] = messages[case["name"]]
    return cases


CASES = load_cases()


def options_of(inp: Dict[str, Any]) -> Dict[str, Any]:
    """The keyword options of a vector's input."""
    return {k: inp[k] for k in ("effort", "strict", "session_token", "hf_token_file") if k in inp}


def _native(mode: str, redact: bool) -> List[str]:
    name = f"{mode}{'-redact' if redact else ''}.jsonl"
    made = os.environ.get("MODELROUTE_NATIVE_LINES")
    if made:
        text = (Path(made) / name).read_text(encoding="utf-8")
    else:
        args = ["cargo", "run", "-q", "-p", "modelroute-wasm", "--example", "report_lines", "--", str(VECTORS)]
        if mode == "explain":
            args.append("explain")
        if redact:
            args.append("redact")
        text = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, encoding="utf-8").stdout
    lines = text.split("\n")[:-1]
    assert len(lines) == len(CASES), f"{name}: {len(lines)} lines for {len(CASES)} cases"
    return lines


@pytest.fixture(scope="session")
def native() -> Dict[str, List[str]]:
    """core's serde_json lines per case: `report`, `explain`, and each
    `-redact`ed as the CLI prints by default."""
    return {
        f"{mode}{'-redact' if redact else ''}": _native(mode, redact)
        for mode in ("report", "explain")
        for redact in (False, True)
    }


@pytest.fixture(scope="session")
def cli() -> str:
    """The `modelroute` CLI binary."""
    made: Optional[str] = os.environ.get("MODELROUTE_CLI")
    if made:
        return made
    subprocess.run(["cargo", "build", "-q", "-p", "modelroute", "--bin", "modelroute"], cwd=ROOT, check=True)
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--no-deps", "--format-version", "1"], cwd=ROOT, check=True, capture_output=True
        ).stdout
    )
    return str(Path(meta["target_directory"]) / "debug" / "modelroute")


def dumps(value: Any) -> str:
    """JSON as serde_json writes it: no spaces, UTF-8 left as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
