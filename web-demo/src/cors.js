// What each OpenAI-compatible server needs before a web page on another
// origin may call it (CORS). Data only, one row per server; `provider` is
// the row's id in the wasm package's providers() table (core's
// LOCAL_PROVIDERS), or null for servers that sit behind any local prefix
// (most often through LOCAL_LLM_BASE_URL).
//
// Sources: Ollama's FAQ ("How can I allow additional web origins to access
// Ollama?", OLLAMA_ORIGINS); vLLM's OpenAI-compatible server arguments
// (--allowed-origins, default ["*"]); LM Studio's docs for `lms server
// start --cors` and the server setting "Enable CORS" (off by default);
// llama.cpp's llama-server (answers with the request's Origin; newer
// builds add --cors-origins); llama-cpp-python's server (FastAPI
// CORSMiddleware, allow_origins ["*"]); LiteLLM's proxy
// (LITELLM_CORS_ALLOW_ORIGINS).

/**
 * @typedef {object} CorsRow
 * @property {string} server        display name
 * @property {string|null} provider local provider id, or null
 * @property {import("./pkg/modelroute_wasm.js").ServerFamily} family
 *   the server family as modelroute names it (core's FAMILIES): what
 *   readCapabilities() reads its metadata as
 * @property {string} byDefault     which pages may call it when nothing is set
 * @property {(origin: string) => boolean|null} allowsByDefault
 *   whether that default admits `origin` (null: it depends on the version)
 * @property {(origin: string) => string} allow  what to run so `origin` may call it
 */

const loopbackPage = /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?$/;

/** @type {CorsRow[]} */
export const CORS = [
  {
    server: "Ollama",
    family: "Ollama",
    provider: "ollama",
    byDefault: "pages on http(s)://localhost:*, 127.0.0.1:* and 0.0.0.0:* only",
    allowsByDefault: (origin) => loopbackPage.test(origin),
    allow: (origin) => `OLLAMA_ORIGINS=${origin} ollama serve`,
  },
  {
    server: "vLLM",
    family: "vLLM",
    provider: "vllm",
    byDefault: "every page (--allowed-origins defaults to [\"*\"])",
    allowsByDefault: () => true,
    allow: (origin) => `vllm serve <model> --allowed-origins '["${origin}"]'`,
  },
  {
    server: "LM Studio",
    family: "LM Studio",
    provider: "lm_studio",
    byDefault: "no page: CORS is off until you enable it",
    allowsByDefault: () => false,
    allow: () => "lms server start --cors   # or Developer → Server Settings → Enable CORS",
  },
  {
    server: "llama.cpp (llama-server)",
    family: "llama.cpp",
    provider: "llamacpp",
    byDefault: "every page (it answers with the request's Origin)",
    allowsByDefault: () => true,
    allow: (origin) => `llama-server -m <model.gguf> --cors-origins ${origin}   # newer builds; older ones allow every page`,
  },
  {
    server: "llama-cpp-python",
    family: "llama-cpp-python",
    provider: null,
    byDefault: "every page (allow_origins [\"*\"])",
    allowsByDefault: () => true,
    allow: () => "python -m llama_cpp.server ...   # nothing to set",
  },
  {
    server: "LiteLLM proxy",
    family: "LiteLLM",
    provider: null,
    byDefault: "depends on the version and its config",
    allowsByDefault: () => null,
    allow: (origin) => `LITELLM_CORS_ALLOW_ORIGINS=${origin} litellm --config config.yaml`,
  },
];
