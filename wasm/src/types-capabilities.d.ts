
// --- readCapabilities, capabilityRequests (modelroute/export) ---------------

/**
 * A server family whose metadata modelroute reads, named as `modelroute
 * probe` and `discover` name the server (core's `FAMILIES`, in order).
 */
export type ServerFamily =
  | "Ollama"
  | "llama.cpp"
  | "vLLM"
  | "LM Studio"
  | "LiteLLM"
  | "llama-cpp-python";

/**
 * What `readCapabilities()` and `capabilityRequests()` take as `family`: a
 * family's name, alone or followed by a space and more (`"Ollama 0.12.3"`,
 * as `probe` reports a server with its version).
 */
export type ServerFamilyName = ServerFamily | `${ServerFamily} ${string}`;

/** The method of a metadata request. */
export type MetadataMethod = "GET" | "POST";

/** One request for metadata, from `capabilityRequests()`. */
export interface MetadataRequest {
  /** `GET` or `POST`. */
  method: MetadataMethod;
  /** From the server's root: the `api_base` without its `/v1` (`/api/show`). */
  path: string;
  /** The JSON text to send with a `POST` (`content-type: application/json`); `null` for a `GET`. */
  body: string | null;
}

/** One answer a server gave, as `readCapabilities()` takes it. */
export interface MetadataReply {
  /** The HTTP status, 100 to 599. */
  status: number;
  /** The body's text (`await response.text()`), at most 1 MiB as UTF-8. */
  body: string;
}

/** Whether the server says the model can do something. */
export type Support = "yes" | "no" | "unknown";

/** Whether the model is in memory, ready to answer. */
export type LoadState = "loaded" | "loading" | "not_loaded" | "unknown";

/** The context windows, in tokens, and where they were read. */
export interface ContextWindow {
  /** The tokens the server really uses for one request (per slot), or `null` when it does not say. */
  served: number | null;
  /** The model's trained or maximum context, or `null`. */
  max: number | null;
  /** The family, then each endpoint and field read (`"llama.cpp /v1/models meta.n_ctx, meta.n_ctx_train"`); `null` when neither is known. */
  source: string | null;
}

/** A yes/no/unknown finding and where it was read. */
export interface CapabilityFinding {
  /** What the server says. */
  support: Support;
  /** The endpoint and field read; `null` when the server does not say. */
  source: string | null;
}

/**
 * What a server says about one model: exactly the `capabilities` object of
 * `modelroute probe --json` (see docs/capabilities.md).
 */
export interface Capabilities {
  /** The served and maximum context windows. */
  context: ContextWindow;
  /** Tool (function) calling. */
  tools: CapabilityFinding;
  /** Image input. */
  vision: CapabilityFinding;
  /** Loaded, loading, not loaded, or unknown. */
  state: LoadState;
  /** The quantization, where the server names it (`"Q4_K_M"`, `"4bit"`). */
  quantization: string | null;
  /** The number of parameters, where the server counts them. */
  parameter_count: number | null;
  /** The model's architecture (`"llama"`, `"qwen2"`), where the server names it. */
  model_family: string | null;
}
