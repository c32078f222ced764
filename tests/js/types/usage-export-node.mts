// Type-checked (never run) by types.test.mjs with module "nodenext": the
// `modelroute/export` entry has every function of the main entry plus
// exportAs, and its ErrorCode includes the export codes.
import {
  exportAs,
  resolve,
  type ErrorCode,
  type Export,
  type ExportAsOptions,
  type ExportErrorCode,
  type ExportFormat,
  type ModelrouteError,
  type Report,
} from "modelroute/export";

const format: ExportFormat = "curl";
const options: ExportAsOptions = { effort: "high", strict: false, show_secrets: true, session_token: null };
const e: Export = exportAs("vllm/x", { VLLM_BASE_URL: "http://box:8000" }, format, options);
const text: string = e.text;
const redacted: boolean = e.redacted;
const f: ExportFormat = e.format;
exportAs("ollama/x", null, "env");
exportAs("ollama/x", undefined, "llm", null);
exportAs("ollama/x", new Map([["OLLAMA_BASE_URL", "http://x:1"]]), "continue");
const report: Report = resolve("ollama/x");

try {
  exportAs("anthropic/x", {}, "env");
} catch (err) {
  const code: ErrorCode = (err as ModelrouteError).code;
  const exportCode: ExportErrorCode = "export_unrepresentable";
  const same: ErrorCode = exportCode;
  void code, same;
}

// @ts-expect-error not a format
exportAs("ollama/x", {}, "yaml");
// @ts-expect-error the format is required
exportAs("ollama/x", {});
// @ts-expect-error options use snake_case names
exportAs("ollama/x", {}, "env", { showSecrets: true });
// @ts-expect-error show_secrets is a boolean
exportAs("ollama/x", {}, "env", { show_secrets: "yes" });
// @ts-expect-error the answer is not `any`
exportAs("ollama/x", {}, "env").no_such_field;
void text, redacted, f, report;
