/**
 * An environment: a plain object such as Node's `process.env`, or a `Map`.
 * Values must be strings; `undefined` values count as unset. Only the
 * object's own properties are read.
 */
export type EnvInput =
  | { readonly [name: string]: string | undefined }
  | ReadonlyMap<string, string | undefined>;

/**
 * What a caller passes besides the id and the environment. Exactly these
 * names (snake_case, as in the CLI's JSON); any other name throws
 * `invalid_argument`. The first four are core's resolve options;
 * `show_secrets` only chooses how the result shows secrets.
 */
export interface ResolveOptions {
  /** Requested reasoning effort; absent, `null` or `""` means none. */
  effort?: string | null;
  /** Fail with `unsupported_effort` instead of dropping an effort the route refuses. */
  strict?: boolean;
  /** The session's Hugging Face token. */
  session_token?: string | null;
  /** Contents of the Hugging Face token file, read by the caller; `null` when there is none. */
  hf_token_file?: string | null;
  /**
   * Return secrets in full: the real `litellm.api_key` and any password
   * inside `litellm.api_base` (the CLI's `--show-secrets`). Default
   * `false`: both are redacted, exactly as `modelroute resolve --json`
   * prints them (`sk-l…ired`, `http://user:***@host`).
   */
  show_secrets?: boolean;
}

/** Where a model id sends its requests. */
export type Route = "anthropic" | "bedrock" | "openai" | "reserved" | "local" | "hf_router";

/** The `id` of a row of the local provider table. */
export type LocalProviderId = "ollama" | "vllm" | "lm_studio" | "llamacpp";

/** Codes of resolution failures (core's stable codes). */
export type ResolutionErrorCode =
  | "empty_model_id"
  | "reserved_prefix"
  | "empty_model_name"
  | "whitespace_in_id"
  | "unsupported_effort"
  | "blank_base_url"
  | "base_url_missing_scheme"
  | "unsupported_base_url_scheme"
  | "base_url_missing_host";

/**
 * The error every function throws: a real `Error` with
 * `name === "ModelrouteError"`.
 */
export interface ModelrouteError extends Error {
  name: "ModelrouteError";
  code: ErrorCode;
  /** What to do about it, one sentence each. */
  hints: string[];
  /** 1-based line of the `.env` text (`dotenv_parse` only). */
  line?: number;
  /** What a getter of the caller's object threw, when one did. */
  cause?: unknown;
}

/** Where a value came from: `env:NAME`, `session`, `token_file`, `default`, `id` or `none`. */
export type Source = `env:${string}` | "session" | "token_file" | "default" | "id" | "none";

/** What a candidate source held when the precedence chain was walked. */
export type CandidateState = "set" | "empty" | "unset" | "blank" | "hidden" | "builtin";

/** One source of a precedence chain and its state. */
export interface Candidate {
  source: Source;
  state: CandidateState;
}

/** The story of one resolved value. */
export interface Provenance {
  /** The source that supplied the value. */
  source: Source;
  /** Sources that held a value but lost. */
  shadowed: Source[];
  /** Every candidate, in precedence order. */
  candidates: Candidate[];
}

/** A model id taken apart. */
export type ParsedModelId =
  | { route: "anthropic" | "bedrock" | "openai" | "reserved"; name: string }
  | { route: "local"; provider: LocalProviderId; name: string }
  | {
      route: "hf_router";
      model: string;
      tag: string | null;
      tag_kind: "policy" | "provider" | null;
    };

/**
 * The keyword arguments for `litellm.completion`, whichever the route: one
 * of the route's own shapes below (`Resolution` pairs each with its
 * `route`). Absent keys are absent, except `api_key`, which is `null` when
 * the HF Router has no token. By default the secrets in them are masked
 * (for showing and logging): to hand them to a client, ask with
 * `show_secrets: true` (a masked key holds `…`, which `fetch` refuses in a
 * header).
 */
export type LiteLlmParams =
  | LocalLiteLlmParams
  | HfRouterLiteLlmParams
  | AnthropicLiteLlmParams
  | BedrockLiteLlmParams
  | OpenAiLiteLlmParams;

/** A local server's keywords: always a base URL and a key. */
export interface LocalLiteLlmParams {
  /** `openai/<name>`. */
  model: string;
  /**
   * The base URL, ending in `/v1`; a password inside it, and the value of
   * a query parameter named like a key or token, is `***` unless
   * `show_secrets`.
   */
  api_base: string;
  /**
   * The key (the provider's, the shared one, or the placeholder
   * `sk-local-no-key-required`), masked by `redact()` (`sk-l…ired`) by
   * default; the real key with `show_secrets: true`.
   */
  api_key: string;
}

/** The Hugging Face Router's keywords. */
export interface HfRouterLiteLlmParams {
  /** `openai/<repository id>[:<tag>]`. */
  model: string;
  /** The Router's endpoint (`providers().hf_router_base_url`). */
  api_base: string;
  /** The Hugging Face token (masked unless `show_secrets`), `null` when there is none. */
  api_key: string | null;
  /** The billing header, with `INFERENCE_TOKEN` only. */
  extra_headers?: { "X-HF-Bill-To": string };
  /** The effort, when one is sent. */
  extra_body?: { reasoning_effort: string };
}

/** Anthropic's keywords: LiteLLM finds the endpoint and key itself. */
export interface AnthropicLiteLlmParams {
  /** The id as given (`anthropic/...`). */
  model: string;
  /** With `output_config`, when an effort is sent. */
  thinking?: { type: "adaptive" };
  output_config?: { effort: string };
}

/** Bedrock's keywords: the model only (an effort is ignored). */
export interface BedrockLiteLlmParams {
  /** The id as given (`bedrock/...`). */
  model: string;
}

/** OpenAI's keywords: LiteLLM finds the endpoint and key itself. */
export interface OpenAiLiteLlmParams {
  /** The id as given (`openai/...`). */
  model: string;
  /** The effort, when one is sent. */
  reasoning_effort?: string;
}

/** Where each value of the keywords came from, whichever the route. */
export type Sources = LocalSources | HfRouterSources | DirectSources;

/** A local server's sources: the id, and the base URL's and key's chains. */
export interface LocalSources {
  model: Provenance;
  api_base: Provenance;
  api_key: Provenance;
}

/** The HF Router's sources; `bill_to` when the billing header is sent. */
export interface HfRouterSources {
  model: Provenance;
  api_base: Provenance;
  api_key: Provenance;
  bill_to?: Provenance;
}

/** The sources of `anthropic/`, `bedrock/` and `openai/`: the id only. */
export interface DirectSources {
  model: Provenance;
}

/** What happened to the requested effort. */
export type EffortStatus = "none" | "sent" | "dropped" | "ignored";

/** The requested effort and its fate. */
export interface EffortOutcome {
  requested: string | null;
  sent: string | null;
  status: EffortStatus;
}

/** Why a resolution failed, as core renders it. */
export interface ResolutionError {
  code: ResolutionErrorCode;
  message: string;
  hints: string[];
}

/**
 * A successful resolution: one shape per `route`, so checking `route`
 * tells which keywords there are (`litellm.api_base` is a `string` for
 * `"local"` and `"hf_router"`, and does not exist for the others).
 */
export type Resolution =
  | LocalResolution
  | HfRouterResolution
  | AnthropicResolution
  | BedrockResolution
  | OpenAiResolution;

/** What every successful resolution has, whatever its route. */
export interface ResolutionCommon {
  /** The id as given. */
  model_id: string;
  /** `isValidModelId()` of the id. */
  valid: boolean;
  /** `isLocal()` of the id. */
  local: boolean;
  /** `requiresHfToken()` of the id. */
  requires_hf_token: boolean;
  effort: EffortOutcome;
  error?: undefined;
}

/** `ollama/`, `vllm/`, `lm_studio/`, `llamacpp/`: a local server. */
export interface LocalResolution extends ResolutionCommon {
  route: "local";
  valid: true;
  local: true;
  requires_hf_token: false;
  provider: LocalProviderId;
  parsed: Extract<ParsedModelId, { route: "local" }>;
  litellm: LocalLiteLlmParams;
  sources: LocalSources;
}

/** Any other id: the Hugging Face Router. */
export interface HfRouterResolution extends ResolutionCommon {
  route: "hf_router";
  local: false;
  requires_hf_token: true;
  provider: null;
  parsed: Extract<ParsedModelId, { route: "hf_router" }>;
  litellm: HfRouterLiteLlmParams;
  sources: HfRouterSources;
}

/** `anthropic/...`. */
export interface AnthropicResolution extends ResolutionCommon {
  route: "anthropic";
  local: false;
  requires_hf_token: true;
  provider: "anthropic";
  parsed: { route: "anthropic"; name: string };
  litellm: AnthropicLiteLlmParams;
  sources: DirectSources;
}

/** `bedrock/...`. */
export interface BedrockResolution extends ResolutionCommon {
  route: "bedrock";
  local: false;
  requires_hf_token: true;
  provider: "bedrock";
  parsed: { route: "bedrock"; name: string };
  litellm: BedrockLiteLlmParams;
  sources: DirectSources;
}

/** `openai/...`. */
export interface OpenAiResolution extends ResolutionCommon {
  route: "openai";
  local: false;
  requires_hf_token: true;
  provider: "openai";
  parsed: { route: "openai"; name: string };
  litellm: OpenAiLiteLlmParams;
  sources: DirectSources;
}

/** A failed resolution, with the checks that still apply to the id. */
export interface Failure {
  model_id: string;
  valid: boolean;
  local: boolean;
  requires_hf_token: boolean;
  route: Route;
  error: ResolutionError;
}

/** `resolve()`'s answer: check `error` to tell the two apart. */
export type Report = Resolution | Failure;

/** Why an id fails the `/model` check. */
export type InvalidCode =
  | "empty_model_id"
  | "reserved_prefix"
  | "empty_model_name"
  | "whitespace_in_id"
  | "missing_slash"
  | "empty_segment";

/** `validate()`'s answer. */
export interface Validation {
  id: string;
  valid: boolean;
  local: boolean;
  requires_hf_token: boolean;
  /** Why the id is invalid, or `null`. */
  reason: { code: InvalidCode; message: string } | null;
  /** The reference's invalid-id help, or `null`. */
  expected_formats: string | null;
}

/** One row of the local provider table. */
export interface LocalProvider {
  id: LocalProviderId;
  /** Model id prefix, with its trailing `/`. */
  prefix: string;
  display_name: string;
  /** Variable overriding the base URL for this provider only. */
  base_url_env: string;
  /** Variable holding the API key for this provider only. */
  api_key_env: string;
  default_base_url: string;
  /** The command that starts this server. */
  start_hint: string;
}

/** `providers()`'s answer. */
export interface ProviderTable {
  providers: LocalProvider[];
  /** Fallback variables shared by every local prefix. */
  shared: { base_url_env: string; api_key_env: string };
  /** Key sent to local servers when none is configured. */
  placeholder_api_key: string;
  /** The prefix the reference reserves and rejects. */
  reserved_prefix: string;
  /** The Hugging Face Router's OpenAI-compatible endpoint. */
  hf_router_base_url: string;
}
