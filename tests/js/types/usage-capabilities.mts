// Type-checked (never run) by types.test.mjs with module "nodenext": the
// capability parsers of `modelroute/export` take a server family, a model
// and the answers, and return the CLI's `capabilities` object, typed.
import {
  capabilityRequests,
  readCapabilities,
  type Capabilities,
  type CapabilityFinding,
  type ContextWindow,
  type LoadState,
  type MetadataReply,
  type MetadataRequest,
  type ServerFamily,
  type Support,
} from "modelroute/export";

const family: ServerFamily = "llama.cpp";
const reqs: MetadataRequest[] = capabilityRequests(family, "smollm2");
for (const r of reqs) {
  const method: "GET" | "POST" = r.method;
  const path: string = r.path;
  const body: string | null = r.body;
  void method, path, body;
}
const models: MetadataReply = { status: 200, body: "{}" };
const caps: Capabilities = readCapabilities(family, "smollm2", models, [null, undefined, { status: 503, body: "" }]);
readCapabilities("Ollama 0.12.3", "llava");
readCapabilities("vLLM", "m", null);
readCapabilities("LM Studio", "m", undefined, null);
const served: number | null = caps.context.served;
const max: number | null = caps.context.max;
const window: ContextWindow = caps.context;
const tools: Support = caps.tools.support;
const vision: CapabilityFinding = caps.vision;
const state: LoadState = caps.state;
const params: number | null = caps.parameter_count;
const quant: string | null = caps.quantization;
const arch: string | null = caps.model_family;

// @ts-expect-error not a family modelroute reads
readCapabilities("nginx", "m");
// @ts-expect-error a provider id is not a family name
capabilityRequests("llamacpp", "m");
// @ts-expect-error the body is the answer's text, not bytes
readCapabilities("vLLM", "m", { status: 200, body: new Uint8Array() });
// @ts-expect-error a reply has a status
readCapabilities("vLLM", "m", { body: "{}" });
// @ts-expect-error served may be null
const n: number = caps.context.served;
// @ts-expect-error the state is one of four
const s: LoadState = "ready";
// @ts-expect-error the answer is not `any`
caps.no_such_field;
void served, max, window, tools, vision, state, params, quant, arch, n, s;
