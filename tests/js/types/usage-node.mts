// Type-checked (never run) by types.test.mjs with module "nodenext": the
// package's declarations must accept good calls, type the results
// precisely and refuse bad calls (each `@ts-expect-error` must be needed).
import {
  acceptedCascade,
  effortCascade,
  isLocal,
  isValidModelId,
  parseDotenv,
  providers,
  redact,
  requiresHfToken,
  resolve,
  resolveOrThrow,
  validate,
  type EnvInput,
  type ErrorCode,
  type LiteLlmParams,
  type ModelrouteError,
  type Report,
  type Resolution,
  type ResolutionErrorCode,
  type ResolveOptions,
  type Route,
  type Source,
} from "modelroute";

// The diagnostics engine is in modelroute/export only (since issue 19).
import { diagnose, explain, type Diagnostic, type DiagnosticCode, type Explanation } from "modelroute/export";

// @ts-expect-error exportAs is in modelroute/export only
import { exportAs } from "modelroute";
// @ts-expect-error explain is in modelroute/export only
import { explain as explainFromMain } from "modelroute";
// @ts-expect-error diagnose is in modelroute/export only
import { diagnose as diagnoseFromMain } from "modelroute";
// @ts-expect-error nor are the diagnostics' types
import { type Explanation as MainExplanation } from "modelroute";

declare const process: { env: { [key: string]: string | undefined; TZ?: string } };

const env: EnvInput = { OLLAMA_BASE_URL: "http://gpu:11434", UNSET: undefined };
const options: ResolveOptions = { effort: "high", strict: false, session_token: null, hf_token_file: "hf_x\n" };

const report: Report = resolve("ollama/llama3.1:8b", env, options);
resolve("ollama/x");
resolve("ollama/x", process.env);
resolve("ollama/x", new Map([["OLLAMA_BASE_URL", "http://x:1"]]));
resolve("ollama/x", null, null);
const full: Resolution = resolveOrThrow("ollama/x", env, { ...options, show_secrets: true });
explain("ollama/x", env, { show_secrets: false });
void full;

if (report.error) {
  const code: ResolutionErrorCode = report.error.code;
  const hints: string[] = report.error.hints;
  const route: Route = report.route;
  void code, hints, route;
} else {
  const params: LiteLlmParams = report.litellm;
  // @ts-expect-error which keywords exist depends on the route (usage-routes.mts)
  report.litellm.api_base;
  const base: string | undefined = report.route === "local" || report.route === "hf_router" ? report.litellm.api_base : undefined;
  const key: string | null | undefined = "api_key" in report.litellm ? report.litellm.api_key : undefined;
  const bill: string | undefined = report.route === "hf_router" ? report.litellm.extra_headers?.["X-HF-Bill-To"] : undefined;
  const source: Source = report.sources.model.source;
  const status: "none" | "sent" | "dropped" | "ignored" = report.effort.status;
  // @ts-expect-error a resolution never has the reserved route
  const reserved: "reserved" = report.route;
  if (report.parsed.route === "local") {
    const provider: "ollama" | "vllm" | "lm_studio" | "llamacpp" = report.parsed.provider;
    void provider;
  }
  void params, base, key, bill, source, status, reserved;
}

const resolution: Resolution = resolveOrThrow("vllm/x", env);
const explanation: Explanation = explain("gpt-4", env, { effort: "max" });
const formats: string | null = explanation.expected_formats;
const cascade: string[] = explanation.effort_cascade;
const diagnostics: Diagnostic[] = diagnose("Ollama/x", env);
const diagnosticCode: DiagnosticCode = diagnostics[0].code;
// @ts-expect-error a code core does not have
const notADiagnosticCode: DiagnosticCode = "not_a_code";
const valid: boolean = validate("a/b").valid && isLocal("ollama/x") && requiresHfToken("a/b") && isValidModelId("a/b");
const reason = validate("gpt-4").reason;
if (reason) {
  const code: "empty_model_id" | "reserved_prefix" | "empty_model_name" | "whitespace_in_id" | "missing_slash" | "empty_segment" = reason.code;
  void code;
}
const table = providers();
const keyEnv: string = table.providers[0].api_key_env;
const levels: string[] = effortCascade("max").concat(acceptedCascade("openai/gpt-5", "max"));
const masked: string = redact("sk-local-no-key-required");
const vars: Record<string, string> = parseDotenv("A=1\n", process.env);
void resolution, formats, cascade, diagnostics, diagnosticCode, notADiagnosticCode, valid, keyEnv, levels, masked, vars;

try {
  resolveOrThrow("ollama/");
} catch (e) {
  const err = e as ModelrouteError;
  const code: ErrorCode = err.code;
  // @ts-expect-error the main entry throws no export codes
  const exportCode: ErrorCode = "export_unsupported";
  const line: number | undefined = err.line;
  const name: "ModelrouteError" = err.name;
  void code, exportCode, line, name;
}

// @ts-expect-error the id is a string
resolve(42);
// @ts-expect-error env values are strings
resolve("ollama/x", { OLLAMA_BASE_URL: 11434 });
// @ts-expect-error options use snake_case names
resolve("ollama/x", {}, { sessionToken: "hf_x" });
// @ts-expect-error strict is a boolean
resolve("ollama/x", {}, { strict: "yes" });
// @ts-expect-error show_secrets is a boolean
resolve("ollama/x", {}, { show_secrets: "yes" });
// @ts-expect-error options use snake_case names
explain("ollama/x", {}, { showSecrets: true });
// @ts-expect-error the report is not `any`
resolve("ollama/x").no_such_field;
// @ts-expect-error model_id is a string
const n: number = resolve("ollama/x").model_id;
// @ts-expect-error validate takes one id
validate();
// @ts-expect-error redact returns a string
const r: number = redact("x");
void n, r, exportAs, explainFromMain, diagnoseFromMain;
export type { MainExplanation };
