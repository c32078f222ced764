# Type stubs of the `modelroute` package. Every `Literal` union below lists
# core's names exactly, in core's order: python/tests/test_types.py compares
# each with the table the extension reports (`_native._tables()`), so a
# name core adds fails that test until it is added here.
from typing import Dict, List, Literal, Mapping, Optional, TypedDict, Union, final

from typing_extensions import NotRequired

from ._errors import (
    ArgumentTypeError as ArgumentTypeError,
    DotenvError as DotenvError,
    EnvironmentReadError as EnvironmentReadError,
    ExportError as ExportError,
    InvalidArgumentError as InvalidArgumentError,
    ModelrouteError as ModelrouteError,
    ResolutionError as ResolutionError,
    UnsupportedEffortError as UnsupportedEffortError,
)

__version__: str

# --- names ---------------------------------------------------------------

Route = Literal["anthropic", "bedrock", "openai", "reserved", "local", "hf_router"]

LocalProviderId = Literal["ollama", "vllm", "lm_studio", "llamacpp"]

ResolutionErrorCode = Literal[
    "empty_model_id",
    "reserved_prefix",
    "empty_model_name",
    "whitespace_in_id",
    "unsupported_effort",
    "blank_base_url",
    "base_url_missing_scheme",
    "unsupported_base_url_scheme",
    "base_url_missing_host",
]

ExportErrorCode = Literal[
    "export_unsupported",
    "export_missing_key",
    "export_unrepresentable",
    "export_needs_context",
]

PythonErrorCode = Literal["invalid_argument", "dotenv_parse", "environment", "internal"]

# Every `code` a `ModelrouteError` can carry.
ErrorCode = Union[ResolutionErrorCode, ExportErrorCode, PythonErrorCode]

DiagnosticCode = Literal[
    "empty_model_id",
    "empty_model_name",
    "whitespace_in_id",
    "reserved_prefix",
    "near_miss_prefix",
    "blank_base_url",
    "base_url_missing_scheme",
    "unsupported_base_url_scheme",
    "base_url_missing_host",
    "base_url_credentials",
    "base_url_query",
    "base_url_endpoint_path",
    "base_url_native_api",
    "base_url_double_v1",
    "base_url_version_segment",
    "base_url_bind_address",
    "base_url_localhost",
    "https_on_loopback",
    "other_server_port",
    "docker_host_on_linux",
    "plain_http_key",
    "foreign_variable",
    "base_url_whitespace",
    "base_url_invalid_host",
    "base_url_invalid_ipv6",
    "base_url_invalid_port",
    "near_miss_variable",
    "router_id_with_local_server",
    "server_family_mismatch",
    "context_too_small",
    "tools_unsupported",
    "tool_call_as_text",
    "model_not_loaded",
]

ExportFormat = Literal[
    "env",
    "dotenv",
    "litellm",
    "openai",
    "curl",
    "aider",
    "continue",
    "llm",
    "codex",
    "opencode",
    "pi",
    "goose",
    "aider-metadata",
]

CandidateState = Literal["set", "empty", "unset", "blank", "hidden", "builtin"]

EffortStatus = Literal["none", "sent", "dropped", "ignored"]

Severity = Literal["info", "warning", "error"]

Platform = Literal["linux", "macos", "windows", "unknown"]

InvalidCode = Literal[
    "empty_model_id",
    "reserved_prefix",
    "empty_model_name",
    "whitespace_in_id",
    "missing_slash",
    "empty_segment",
]

# `env:NAME`, `session`, `token_file`, `default`, `id` or `none`.
Source = str

# --- results -------------------------------------------------------------

class Candidate(TypedDict):
    source: Source
    state: CandidateState

class Provenance(TypedDict):
    source: Source
    shadowed: List[Source]
    candidates: List[Candidate]

class ParsedModelId(TypedDict):
    route: Route
    name: NotRequired[str]
    provider: NotRequired[LocalProviderId]
    model: NotRequired[str]
    tag: NotRequired[Optional[str]]
    tag_kind: NotRequired[Optional[Literal["policy", "provider"]]]

ExtraHeaders = TypedDict("ExtraHeaders", {"X-HF-Bill-To": str})

class ExtraBody(TypedDict):
    reasoning_effort: str

class Thinking(TypedDict):
    type: Literal["adaptive"]

class OutputConfig(TypedDict):
    effort: str

class LiteLlmParams(TypedDict):
    """The keyword arguments for `litellm.completion`."""

    model: str
    api_base: NotRequired[str]
    api_key: NotRequired[Optional[str]]
    extra_headers: NotRequired[ExtraHeaders]
    extra_body: NotRequired[ExtraBody]
    reasoning_effort: NotRequired[str]
    thinking: NotRequired[Thinking]
    output_config: NotRequired[OutputConfig]

class Sources(TypedDict):
    model: Provenance
    api_base: NotRequired[Provenance]
    api_key: NotRequired[Provenance]
    bill_to: NotRequired[Provenance]

class EffortOutcome(TypedDict):
    requested: Optional[str]
    sent: Optional[str]
    status: EffortStatus

class ErrorInfo(TypedDict):
    code: ResolutionErrorCode
    message: str
    hints: List[str]

class _ResolutionFields(TypedDict):
    model_id: str
    valid: bool
    local: bool
    requires_hf_token: bool
    route: Route
    provider: Optional[str]
    parsed: ParsedModelId
    litellm: LiteLlmParams
    sources: Sources
    effort: EffortOutcome

# Final, so that `"error" in report` tells a Failure from a Resolution.
@final
class Resolution(_ResolutionFields):
    """A successful resolution."""

class _FailureFields(TypedDict):
    model_id: str
    valid: bool
    local: bool
    requires_hf_token: bool
    route: Route
    error: ErrorInfo

@final
class Failure(_FailureFields):
    """A failed resolution, with the checks that still apply to the id."""

Report = Union[Resolution, Failure]

class SetVariable(TypedDict):
    kind: Literal["set_variable"]
    variable: str
    value: str

class UseId(TypedDict):
    kind: Literal["use_id"]
    id: str

Suggestion = Union[SetVariable, UseId]

class Diagnostic(TypedDict):
    code: DiagnosticCode
    severity: Severity
    message: str
    fix: str
    variable: NotRequired[str]
    suggestion: NotRequired[Suggestion]

@final
class ExplainedResolution(_ResolutionFields):
    expected_formats: Optional[str]
    effort_cascade: List[str]
    diagnostics: List[Diagnostic]

@final
class ExplainedFailure(_FailureFields):
    expected_formats: Optional[str]
    effort_cascade: List[str]
    diagnostics: List[Diagnostic]

Explanation = Union[ExplainedResolution, ExplainedFailure]

class Reason(TypedDict):
    code: InvalidCode
    message: str

class Validation(TypedDict):
    id: str
    valid: bool
    local: bool
    requires_hf_token: bool
    reason: Optional[Reason]
    expected_formats: Optional[str]

class LocalProvider(TypedDict):
    id: LocalProviderId
    prefix: str
    display_name: str
    base_url_env: str
    api_key_env: str
    default_base_url: str
    start_hint: str

class SharedVariables(TypedDict):
    base_url_env: str
    api_key_env: str

class ProviderTable(TypedDict):
    providers: List[LocalProvider]
    shared: SharedVariables
    placeholder_api_key: str
    reserved_prefix: str
    hf_router_base_url: str

class Export(TypedDict):
    format: ExportFormat
    text: str
    redacted: bool

# --- functions -----------------------------------------------------------

def resolve(
    model_id: str,
    env: Optional[Mapping[str, str]] = None,
    *,
    effort: Optional[str] = None,
    strict: bool = False,
    session_token: Optional[str] = None,
    hf_token_file: Optional[str] = None,
    show_secrets: bool = False,
) -> Report: ...
def resolve_or_raise(
    model_id: str,
    env: Optional[Mapping[str, str]] = None,
    *,
    effort: Optional[str] = None,
    strict: bool = False,
    session_token: Optional[str] = None,
    hf_token_file: Optional[str] = None,
    show_secrets: bool = False,
) -> Resolution: ...
def explain(
    model_id: str,
    env: Optional[Mapping[str, str]] = None,
    *,
    effort: Optional[str] = None,
    strict: bool = False,
    session_token: Optional[str] = None,
    hf_token_file: Optional[str] = None,
    show_secrets: bool = False,
    platform: Optional[Platform] = None,
) -> Explanation: ...
def diagnose(
    model_id: str,
    env: Optional[Mapping[str, str]] = None,
    *,
    platform: Optional[Platform] = None,
) -> List[Diagnostic]: ...
def validate(model_id: str) -> Validation: ...
def is_valid_model_id(model_id: str) -> bool: ...
def is_local(model_id: str) -> bool: ...
def requires_hf_token(model_id: str) -> bool: ...
def providers() -> ProviderTable: ...
def effort_cascade(preference: str) -> List[str]: ...
def accepted_cascade(model_id: str, preference: str) -> List[str]: ...
def redact(secret: str) -> str: ...
def parse_dotenv(text: str, env: Optional[Mapping[str, str]] = None) -> Dict[str, str]: ...
def export_as(
    model_id: str,
    format: ExportFormat,
    env: Optional[Mapping[str, str]] = None,
    *,
    effort: Optional[str] = None,
    strict: bool = False,
    session_token: Optional[str] = None,
    hf_token_file: Optional[str] = None,
    show_secrets: bool = False,
    context: Optional[int] = None,
) -> Export: ...
def resolve_llm_params(
    model_name: str,
    session_hf_token: Optional[str] = None,
    reasoning_effort: Optional[str] = None,
    strict: bool = False,
) -> LiteLlmParams: ...
