// Type-checked (never run) by types.test.mjs under `tsc --strict`: a
// resolution's shape follows its `route`. Local and HF Router results
// always have a base URL (a `string`, no `?? ""` needed); anthropic,
// bedrock and openai have shapes of their own, where the keywords of the
// other routes do not exist (each `@ts-expect-error` must be needed).
import { explain } from "modelroute/export";
import {
  resolve,
  resolveOrThrow,
  type AnthropicResolution,
  type BedrockResolution,
  type DirectSources,
  type HfRouterResolution,
  type LocalProviderId,
  type LocalResolution,
  type OpenAiResolution,
  type Provenance,
  type Resolution,
} from "modelroute";

/** What a caller writes to reach the endpoint of any route that has one. */
function endpoint(r: Resolution): string | null {
  switch (r.route) {
    case "local":
    case "hf_router":
      return r.litellm.api_base;
    case "anthropic":
    case "bedrock":
    case "openai":
      return null;
  }
}

/** Exhaustive over the routes: a route added without a shape fails here. */
function describeRoute(r: Resolution): string {
  switch (r.route) {
    case "local": {
      const base: string = r.litellm.api_base;
      const key: string = r.litellm.api_key;
      const provider: LocalProviderId = r.provider;
      const parsedProvider: LocalProviderId = r.parsed.provider;
      const local: true = r.local;
      const valid: true = r.valid;
      const hf: false = r.requires_hf_token;
      const baseSource: Provenance = r.sources.api_base;
      const keySource: Provenance = r.sources.api_key;
      // @ts-expect-error a local server has no billing header
      r.litellm.extra_headers;
      // @ts-expect-error nor an effort in the keywords (a local server refuses it)
      r.litellm.extra_body;
      // @ts-expect-error a local key is never null (the placeholder stands in)
      const none: null = r.litellm.api_key;
      // @ts-expect-error no billing source either
      r.sources.bill_to;
      // @ts-expect-error the provider is a table row's id, not a direct provider
      const direct: "anthropic" = r.provider;
      void key, provider, parsedProvider, local, valid, hf, baseSource, keySource, none, direct;
      return base;
    }
    case "hf_router": {
      const base: string = r.litellm.api_base;
      const key: string | null = r.litellm.api_key;
      const bill: string | undefined = r.litellm.extra_headers?.["X-HF-Bill-To"];
      const effort: string | undefined = r.litellm.extra_body?.reasoning_effort;
      const provider: null = r.provider;
      const repo: string = r.parsed.model;
      const tag: string | null = r.parsed.tag;
      const billSource: Provenance | undefined = r.sources.bill_to;
      const local: false = r.local;
      // @ts-expect-error the token may be missing: `api_key` can be null
      const always: string = r.litellm.api_key;
      // @ts-expect-error the effort goes into extra_body on this route
      r.litellm.reasoning_effort;
      // @ts-expect-error the parsed id has no provider
      r.parsed.provider;
      void key, bill, effort, provider, repo, tag, billSource, local, always;
      return base;
    }
    case "anthropic": {
      const model: string = r.litellm.model;
      const thinking: "adaptive" | undefined = r.litellm.thinking?.type;
      const effort: string | undefined = r.litellm.output_config?.effort;
      const name: string = r.parsed.name;
      const provider: "anthropic" = r.provider;
      const sources: DirectSources = r.sources;
      // @ts-expect-error anthropic/ has no base URL: LiteLLM knows the endpoint
      r.litellm.api_base;
      // @ts-expect-error nor a key: LiteLLM reads ANTHROPIC_API_KEY itself
      r.litellm.api_key;
      // @ts-expect-error its effort is output_config, not reasoning_effort
      r.litellm.reasoning_effort;
      // @ts-expect-error and no source for a base URL
      r.sources.api_base;
      void thinking, effort, name, provider, sources;
      return model;
    }
    case "bedrock": {
      const model: string = r.litellm.model;
      const provider: "bedrock" = r.provider;
      // @ts-expect-error bedrock/ has no base URL
      r.litellm.api_base;
      // @ts-expect-error nor a key
      r.litellm.api_key;
      // @ts-expect-error an effort is ignored on bedrock: no thinking
      r.litellm.thinking;
      // @ts-expect-error nor output_config
      r.litellm.output_config;
      void provider;
      return model;
    }
    case "openai": {
      const model: string = r.litellm.model;
      const effort: string | undefined = r.litellm.reasoning_effort;
      const provider: "openai" = r.provider;
      // @ts-expect-error openai/ has no base URL
      r.litellm.api_base;
      // @ts-expect-error nor an Anthropic effort
      r.litellm.thinking;
      void effort, provider;
      return model;
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}

const report = resolve("ollama/llama3.1:8b", { OLLAMA_BASE_URL: "http://gpu:11434" });
if (!report.error && report.route === "local") {
  // No `?? ""`: the route decided it.
  const base: string = report.litellm.api_base;
  void base;
}
if (report.error) {
  // @ts-expect-error a failure has no keywords
  report.litellm;
}

const resolution = resolveOrThrow("vllm/x");
if (resolution.route === "local") {
  const local: LocalResolution = resolution;
  void local;
}
const explanation = explain("anthropic/claude-sonnet-4-5", {}, { effort: "high" });
if (!explanation.error && explanation.route === "anthropic") {
  const anthropic: AnthropicResolution = explanation;
  const effort: string | undefined = explanation.litellm.output_config?.effort;
  void anthropic, effort;
}

// Each shape is its own: one route's result is not another's.
declare const hf: HfRouterResolution;
declare const bedrock: BedrockResolution;
declare const openai: OpenAiResolution;
// @ts-expect-error an HF Router result is not a local one
const notLocal: LocalResolution = hf;
// @ts-expect-error nor a bedrock result an anthropic one
const notAnthropic: AnthropicResolution = bedrock;
// @ts-expect-error a local result never has route "openai"
const wrongRoute: LocalResolution = { ...openai, route: "local" };
// @ts-expect-error a bedrock result with a base URL is not a Resolution
const extra: Resolution = { ...bedrock, litellm: { model: "bedrock/x", api_base: "http://x" } };

void endpoint, describeRoute, notLocal, notAnthropic, wrongRoute, extra;
