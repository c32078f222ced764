"""The `>>>` examples of python/README.md run and print what it shows."""

import doctest
from pathlib import Path

import modelroute

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_examples_hold() -> None:
    result = doctest.testfile(str(README), module_relative=False, globs={"modelroute": modelroute}, verbose=False)
    assert result.attempted >= 3
    assert result.failed == 0
