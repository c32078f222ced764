// --- exportAs (modelroute/export) --------------------------------------------

/**
 * Every `code` a `ModelrouteError` can carry: the resolution codes, the
 * export codes (`exportAs()`), plus `invalid_argument` (bad JavaScript
 * input), `dotenv_parse` (a `.env` line python-dotenv would skip) and
 * `internal` (a bug in this package).
 */
export type ErrorCode = ResolutionErrorCode | ExportErrorCode | "invalid_argument" | "dotenv_parse" | "internal";

/** A format `exportAs()` writes: the names of core's `EXPORT_FORMATS`, in order. */
export type ExportFormat =
  | "env"
  | "dotenv"
  | "litellm"
  | "openai"
  | "curl"
  | "aider"
  | "continue"
  | "llm"
  | "codex"
  | "opencode"
  | "pi"
  | "goose"
  | "aider-metadata";

/**
 * Why `exportAs()` could not write a resolution (core's
 * `EXPORT_ERROR_CODES`): the route has no endpoint of its own
 * (`anthropic/`, `bedrock/`, `openai/`: only `litellm` applies), the HF
 * Router has no token for a format that sends requests, or a value the
 * format cannot carry unchanged.
 */
export type ExportErrorCode = "export_unsupported" | "export_missing_key" | "export_unrepresentable" | "export_needs_context";

/** `exportAs()`'s options: the same as `resolve()`'s (`show_secrets` is core's `ExportOptions`). */
export interface ExportAsOptions extends ResolveOptions {
  /** Write API keys, and passwords or tokens inside base URLs, in full instead of masked; default `false`. */
  show_secrets?: boolean;
  /**
   * The model's context window in tokens, as the server serves it (a whole
   * number from 1 to 2^32 - 1), for the formats with a field for it
   * (`--context N`). Never guessed: without it those fields are left out,
   * and `goose` and `aider-metadata` fail with `export_needs_context`.
   */
  context?: number | null;
}

/** `exportAs()`'s answer: what `modelroute export <id> --to <format>` prints. */
export interface Export {
  format: ExportFormat;
  /** The text, ending in a newline. */
  text: string;
  /** Whether a key in `text` is masked (formats with comments say so in the text too). */
  redacted: boolean;
}
