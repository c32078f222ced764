// --- explain, diagnose (modelroute/export) ----------------------------------

/** How much a diagnostic matters. */
export type Severity = "info" | "warning" | "error";

/** A concrete change that fixes a diagnostic. */
export type Suggestion =
  | { kind: "set_variable"; variable: string; value: string }
  | { kind: "use_id"; id: string };

/** Every diagnostic code: core's `DIAGNOSTIC_CODES`, in its order. */
export type DiagnosticCode =
  | "empty_model_id"
  | "empty_model_name"
  | "whitespace_in_id"
  | "reserved_prefix"
  | "near_miss_prefix"
  | "blank_base_url"
  | "base_url_missing_scheme"
  | "unsupported_base_url_scheme"
  | "base_url_missing_host"
  | "base_url_credentials"
  | "base_url_query"
  | "base_url_endpoint_path"
  | "base_url_native_api"
  | "base_url_double_v1"
  | "base_url_version_segment"
  | "base_url_bind_address"
  | "base_url_localhost"
  | "https_on_loopback"
  | "other_server_port"
  | "docker_host_on_linux"
  | "plain_http_key"
  | "foreign_variable"
  | "base_url_whitespace"
  | "base_url_invalid_host"
  | "base_url_invalid_ipv6"
  | "base_url_invalid_port"
  | "near_miss_variable"
  | "router_id_with_local_server"
  | "server_family_mismatch"
  | "context_too_small"
  | "tools_unsupported"
  | "tool_call_as_text"
  | "model_not_loaded";

/** One setup mistake found in an id or an environment, exactly as core reports it. */
export interface Diagnostic {
  /** Stable snake_case code, e.g. `near_miss_prefix`, never renamed. */
  code: DiagnosticCode;
  severity: Severity;
  /** What is wrong, quoting the input (secrets masked). */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The variable concerned, if any. */
  variable?: string;
  /** The change that fixes it, when it can be spelled out. */
  suggestion?: Suggestion;
}

/** A report plus what a person needs to understand it. */
export type Explanation = Report & {
  /** The reference's invalid-id help, or `null` for a valid id. */
  expected_formats: string | null;
  /** Levels of the effort cascade a strict resolve accepts, in order. */
  effort_cascade: string[];
  diagnostics: Diagnostic[];
};
