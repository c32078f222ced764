"""How a user's code sees the stubs, checked by `mypy --strict`
(scripts/test-python.sh): good calls type-check and results are precisely
typed; each `# type: ignore[...]` line must really be an error (strict mode
reports an ignore that is not needed)."""

from typing import Dict, List, Optional

import modelroute
from modelroute import Diagnostic, ErrorCode, Export, LiteLlmParams, Report, Route

report: Report = modelroute.resolve("ollama/llama3.1:8b", {"OLLAMA_BASE_URL": "http://gpu:11434"}, effort="high")
route: Route = report["route"]
if "error" in report:
    code: str = report["error"]["code"]
else:
    params: LiteLlmParams = report["litellm"]
    model: str = params["model"]
    base: Optional[str] = params.get("api_base")

resolution = modelroute.resolve_or_raise("vllm/m", show_secrets=True, strict=True)
source: str = resolution["sources"]["model"]["source"]
status = resolution["effort"]["status"]
ok_status: bool = status in ("none", "sent", "dropped", "ignored")

explained = modelroute.explain("org/m", None, platform="linux")
diagnostics: List[Diagnostic] = explained["diagnostics"]
help_text: Optional[str] = explained["expected_formats"]

kwargs = modelroute.resolve_llm_params("ollama/llama3.1:8b", None, "high", False)
key: Optional[str] = kwargs.get("api_key")
dotenv: Dict[str, str] = modelroute.parse_dotenv("A=1\n")
exported: Export = modelroute.export_as("ollama/m", "curl")
cascade: List[str] = modelroute.effort_cascade("max")

try:
    modelroute.resolve_or_raise("ollama/")
except modelroute.UnsupportedEffortError as e:
    effort_code: str = e.code
except modelroute.ModelrouteError as e:
    hints: List[str] = e.hints
    line: Optional[int] = e.line
    any_code: str = e.code

some_code: ErrorCode = "export_missing_key"

# Mistakes the stubs catch.
modelroute.resolve(42)  # type: ignore[arg-type]
modelroute.resolve("ollama/m", {"A": 1})  # type: ignore[dict-item]
modelroute.resolve("ollama/m", {}, "high")  # type: ignore[misc]
modelroute.resolve("ollama/m", strict="yes")  # type: ignore[arg-type]
modelroute.explain("ollama/m", platform="beos")  # type: ignore[arg-type]
modelroute.export_as("ollama/m", "yaml")  # type: ignore[arg-type]
wrong_route: Route = "hf-router"  # type: ignore[assignment]
wrong_code: ErrorCode = "no_such_code"  # type: ignore[assignment]
not_a_key = modelroute.providers()["no_such_key"]  # type: ignore[typeddict-item]
not_an_int: int = modelroute.redact("x")  # type: ignore[assignment]
