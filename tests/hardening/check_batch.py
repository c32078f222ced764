"""Checks batch output against the kinds batch_hostile.py wrote."""
import json
import sys

kinds = open(sys.argv[1]).read().split("\n")[:-1]
count = 0
with open(sys.argv[2], "rb") as out:
    for i, raw in enumerate(out):
        line = json.loads(raw)
        kind = kinds[i]
        if kind == "ok":
            assert "litellm" in line, (i + 1, line)
        elif kind == "error":
            assert line["error"]["code"] not in ("malformed_line",), (i + 1, line)
        else:
            assert line["error"]["code"] == "malformed_line" and line["line"] == i + 1, (i + 1, line)
        assert isinstance(line["valid"], bool) and isinstance(line["local"], bool)
        count += 1
assert count == len(kinds), f"{count} output lines for {len(kinds)} input lines"
print(f"batch: {count} lines in, {count} JSON objects out, each as expected")
