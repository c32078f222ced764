"""modelroute: a model id plus an environment in, the exact endpoint, model
name and key an agent calls out, with where each value came from.

The same Rust core as the ``modelroute`` CLI and npm package, so the same
input gives byte-identical answers: ``json.dumps(resolve(...),
separators=(",", ":"), ensure_ascii=False)`` is the line ``modelroute
resolve --json`` prints. ``resolve_llm_params`` is a drop-in for ml-intern's
``_resolve_llm_params``. See README.md.
"""

from ._errors import (
    ArgumentTypeError,
    DotenvError,
    EnvironmentReadError,
    ExportError,
    InvalidArgumentError,
    ModelrouteError,
    ResolutionError,
    UnsupportedEffortError,
)
from ._native import (
    __version__,
    accepted_cascade,
    diagnose,
    effort_cascade,
    explain,
    export_as,
    is_local,
    is_valid_model_id,
    parse_dotenv,
    providers,
    redact,
    requires_hf_token,
    resolve,
    resolve_llm_params,
    resolve_or_raise,
    validate,
)

__all__ = [
    "ArgumentTypeError",
    "DotenvError",
    "EnvironmentReadError",
    "ExportError",
    "InvalidArgumentError",
    "ModelrouteError",
    "ResolutionError",
    "UnsupportedEffortError",
    "__version__",
    "accepted_cascade",
    "diagnose",
    "effort_cascade",
    "explain",
    "export_as",
    "is_local",
    "is_valid_model_id",
    "parse_dotenv",
    "providers",
    "redact",
    "requires_hf_token",
    "resolve",
    "resolve_llm_params",
    "resolve_or_raise",
    "validate",
]
