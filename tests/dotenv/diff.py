"""Differential test: modelroute's .env reader against python-dotenv.

For every file, modelroute must either read exactly what python-dotenv
reads (every statement, in order, and the expanded values), or reject the
file at the first line python-dotenv itself cannot parse. Usage:
    python diff.py <dotenv_dump binary> <file or directory>...
"""
import io
import json
import logging
import os
import re
import subprocess
import sys

from dotenv.main import DotEnv
from dotenv.parser import parse_stream

files = []
for arg in sys.argv[2:]:
    if os.path.isdir(arg):
        files += sorted(os.path.join(arg, f) for f in os.listdir(arg))
    else:
        files.append(arg)

ours = {}
out = subprocess.run([sys.argv[1], *files], check=True, capture_output=True, text=True).stdout
for line in filter(None, out.split("\n")):
    entry = json.loads(line)
    ours[entry["file"]] = entry

os.environ.clear()  # expansion sees only the file, as the dump does
failures = []
for path in files:
    got = ours[path]
    try:
        with open(path, encoding="utf-8") as f:  # universal newlines, as load_dotenv
            text = f.read()
    except UnicodeDecodeError:
        if not got.get("invalid_utf8"):
            failures.append(f"{path}: python cannot decode it, modelroute read it")
        continue
    bindings = list(parse_stream(io.StringIO(text)))
    bad = [b for b in bindings if b.error]
    if bad:
        # python-dotenv would skip this statement with a warning; modelroute
        # must refuse the file, naming a line of that first statement.
        # python-dotenv counts a statement from the blank lines before it;
        # modelroute names the line where its text starts.
        first = bad[0].original
        span = range(first.line, first.line + len(re.findall(r"\r\n|\n|\r", first.string)) + 1)
        if "error_line" not in got:
            failures.append(f"{path}: python-dotenv skips line {first.line}, modelroute accepted it")
        elif got["error_line"] not in span:
            failures.append(f"{path}: error at line {got['error_line']}, python-dotenv's statement spans lines {span.start}-{span.stop - 1}")
        continue
    parsed = [[b.key, b.value] for b in bindings if b.key is not None]
    if "error_line" in got:
        # Only an expansion larger than modelroute's cap may be refused.
        if "larger than" not in got["message"]:
            failures.append(f"{path}: modelroute refused line {got['error_line']} ({got['message']}); python-dotenv reads it")
        continue
    if got["parsed"] != parsed:
        failures.append(f"{path}: parsed {got['parsed']!r} != python {parsed!r}")
        continue
    expanded = DotEnv(dotenv_path=None, stream=io.StringIO(text), interpolate=True, override=False).dict()
    loaded = {k: v for k, v in expanded.items() if v is not None}
    if got["loaded"] != loaded:
        failures.append(f"{path}: loaded {got['loaded']!r} != python {loaded!r}")

from dotenv.version import __version__ as pd_version

print(f"dotenv differential: {len(files)} files against python-dotenv {pd_version}: {len(files) - len(failures)} passed, {len(failures)} failed")
for f in failures[:50]:
    print("  " + f)
sys.exit(1 if failures else 0)
