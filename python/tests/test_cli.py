"""The wheel's answers are the CLI's, byte for byte: for every vector case,
`json.dumps(result, separators=(",", ":"), ensure_ascii=False)` plus a
newline is exactly what `modelroute resolve --json` (and `explain --json`)
prints for the same environment, by default and with --show-secrets; and
`export_as(...)["text"]` is what `modelroute export --to <format>` prints.
Key order, separators and the escaping of non-ASCII text all count."""

import json
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import modelroute
from modelroute import _native
from conftest import CASES, dumps, options_of


def cli_env(inp: Dict[str, Any], home: Path) -> Dict[str, str]:
    """The CLI's whole environment for a case: the vector's variables, and
    HOME, an empty directory. (The token file is left out: the CLI reads
    it only when no earlier source has a key, while an explicit
    `hf_token_file` is always a candidate; the vectors replay it against
    native core, test_conformance.py, and through the process
    environment, test_dropin.py.)"""
    env = {"HOME": str(home)}
    env.update(inp["env"])
    return env


def cli_flags(inp: Dict[str, Any]) -> List[str]:
    flags = ["--no-dotenv"]
    if inp.get("effort"):
        flags += ["--effort", inp["effort"]]
    if inp.get("strict"):
        flags.append("--strict")
    if inp.get("session_token") is not None:
        flags += ["--session-token", inp["session_token"]]
    return flags


def run_cli(cli: str, args: List[str], env: Dict[str, str], cwd: Path) -> str:
    run = subprocess.run([cli, *args], env=env, cwd=cwd, capture_output=True)
    assert run.returncode in (0, 3), run.stderr.decode()
    return run.stdout.decode("utf-8")


# Cases the CLI can take: an environment without NUL bytes (exec refuses
# them), and an id and flags that are not read as options.
def has_nul(inp: Dict[str, Any]) -> bool:
    texts = [inp["model"], inp.get("effort") or "", inp.get("session_token") or "", *inp["env"].values()]
    return any("\0" in t for t in texts)


USABLE = [
    c
    for c in CASES
    if not has_nul(c["input"])
    and not c["input"]["model"].startswith("-")
    and not str(c["input"].get("effort", "")).startswith("-")
    and not str(c["input"].get("session_token", "")).startswith("-")
]


def test_most_cases_are_usable() -> None:
    assert len(USABLE) > len(CASES) * 0.9


@pytest.mark.parametrize("case", USABLE, ids=[c["name"] for c in USABLE])
def test_resolve_and_explain_print_what_the_cli_prints(case: Dict[str, Any], cli: str, tmp_path: Path) -> None:
    inp = case["input"]
    home = tmp_path / "home"
    env = cli_env(inp, home)
    opts = options_of(inp)
    opts.pop("hf_token_file", None)
    for show in (False, True):
        extra = ["--show-secrets"] if show else []
        line = run_cli(cli, ["resolve", inp["model"], "--json", *cli_flags(inp), *extra], env, tmp_path)
        assert dumps(modelroute.resolve(inp["model"], env, show_secrets=show, **opts)) + "\n" == line
        line = run_cli(cli, ["explain", inp["model"], "--json", *cli_flags(inp), *extra], env, tmp_path)
        # platform=None: this machine's, as the CLI assumes.
        assert dumps(modelroute.explain(inp["model"], env, show_secrets=show, **opts)) + "\n" == line


def test_plain_json_dumps_is_not_the_cli_line() -> None:
    # Python's default separators add spaces and escape non-ASCII: the
    # compact form is the one that matches (README, "JSON").
    r = modelroute.resolve("ollama/m", {})
    assert json.dumps(r) != dumps(r)
    assert json.loads(json.dumps(r)) == json.loads(dumps(r))


# Every format core has (its own table, so a new format is tested the day it
# lands), with and without a context window, masked and in full.
@pytest.mark.parametrize("fmt", _native._tables()["ExportFormat"])
def test_export_as_prints_what_the_cli_prints(fmt: str, cli: str, tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "VLLM_BASE_URL": "http://user:pw@gpu-box:8000/", "VLLM_API_KEY": "sk-very-secret-value"}
    for show in (False, True):
        for context in (None, 8192):
            extra = ["--show-secrets"] if show else []
            if context is not None:
                extra += ["--context", str(context)]
            run = subprocess.run(
                [cli, "export", "vllm/m", "--to", fmt, "--no-dotenv", *extra], env=env, cwd=tmp_path, capture_output=True
            )
            if run.returncode != 0:
                # A format whose window is required refuses alike, with
                # the same code (the CLI's exit 3, export errors).
                assert context is None and run.returncode == 3, run.stderr.decode()
                assert "error[export_needs_context]" in run.stderr.decode()
                with pytest.raises(modelroute.ModelrouteError) as e:
                    modelroute.export_as("vllm/m", fmt, env, show_secrets=show)  # type: ignore[arg-type]
                assert e.value.code == "export_needs_context"
                continue
            got = modelroute.export_as("vllm/m", fmt, env, show_secrets=show, context=context)  # type: ignore[arg-type]
            assert got["text"] == run.stdout.decode("utf-8")
            assert got["format"] == fmt
            assert got["redacted"] == (not show)
