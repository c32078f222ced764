// Type-checked by types.test.mjs: the CommonJS entry has the same types.
import modelroute = require("modelroute");

const report: modelroute.Report = modelroute.resolve("ollama/x", { OLLAMA_API_KEY: "k" });
const code: modelroute.ErrorCode = "invalid_argument";
// @ts-expect-error the id is a string
modelroute.isLocal(1);
// @ts-expect-error explain is in modelroute/export only
modelroute.explain("ollama/x");
void report, code;
