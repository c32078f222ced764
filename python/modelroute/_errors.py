"""The exceptions of modelroute: every one is a ``ModelrouteError``.

Each carries ``code`` (a stable snake_case string that is never renamed:
branch on it), ``hints`` (what to do, one sentence each) and ``line`` (the
1-based line of ``.env`` text, for ``DotenvError``; otherwise ``None``).
``ModelrouteError`` is a ``ValueError``, as the reference's own errors are,
so ``except ValueError`` clauses written for it keep working.
"""

from typing import List, Optional, Sequence


class ModelrouteError(ValueError):
    """An error of modelroute, with a stable ``code`` and ``hints``."""

    code: str
    hints: List[str]
    line: Optional[int]

    def __init__(
        self,
        message: str,
        code: str = "internal",
        hints: Sequence[str] = (),
        line: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hints = list(hints)
        self.line = line

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Picklable (multiprocessing hands exceptions between processes).
        return (type(self), (self.message, self.code, self.hints, self.line))


class ResolutionError(ModelrouteError):
    """The model id could not be resolved (core's resolution codes)."""


class UnsupportedEffortError(ResolutionError):
    """A strict resolve asked for an effort the route does not accept.

    The reference's class of the same name; a ``ValueError`` as there.
    """


class ExportError(ModelrouteError):
    """``export_as`` cannot write the resolution in the format asked for."""


class DotenvError(ModelrouteError):
    """``.env`` text has a line python-dotenv would skip (see ``line``)."""


class EnvironmentReadError(ModelrouteError):
    """The process environment or the token file could not be read."""


class InvalidArgumentError(ModelrouteError):
    """A bad argument value: too long, or not well-formed Unicode."""


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type; also a ``TypeError``."""
