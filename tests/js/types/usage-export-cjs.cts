// Type-checked by types.test.mjs: `require("modelroute/export")` has the
// same types as its ESM entry.
import modelroute = require("modelroute/export");

const e: modelroute.Export = modelroute.exportAs("ollama/x", { OLLAMA_API_KEY: "k" }, "dotenv");
const code: modelroute.ErrorCode = "export_missing_key";
const explained: modelroute.Explanation = modelroute.explain("Ollama/x", {});
const found: modelroute.DiagnosticCode[] = modelroute.diagnose("Ollama/x").map((d) => d.code);
// @ts-expect-error the format is an ExportFormat
modelroute.exportAs("ollama/x", {}, "toml");
void e, code, explained, found;
