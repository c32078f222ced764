// Type-checked by types.test.mjs with moduleResolution "bundler": the
// browser/default build and the ./web entry with its init(), and the same
// two of modelroute/export.
import { resolve, type Report } from "modelroute";
import init, { initSync, resolve as resolveWeb, type InitOutput } from "modelroute/web";
import { exportAs, type Export } from "modelroute/export";
import initExport, { exportAs as exportAsWeb, explain as explainWeb, readCapabilities as readWeb, resolve as resolveExportWeb, type Capabilities, type Explanation } from "modelroute/export/web";
// @ts-expect-error the main web build has no explain (modelroute/export/web has)
import { explain as missingExplain } from "modelroute/web";
// @ts-expect-error the main web build has no exportAs
import { exportAs as missing } from "modelroute/web";
// @ts-expect-error the main entry has no capability parsers
import { readCapabilities as missingCaps } from "modelroute";

const a: Report = resolve("vllm/x", new Map([["VLLM_BASE_URL", "http://box:8000"]]));

async function main(): Promise<void> {
  const out: InitOutput = await init();
  const memory: WebAssembly.Memory = out.memory;
  await init({ module_or_path: new URL("https://example.test/modelroute_wasm_bg.wasm") });
  initSync({ module: new Uint8Array() });
  const b: Report = resolveWeb("vllm/x");
  // @ts-expect-error options use snake_case names
  resolveWeb("vllm/x", {}, { hfTokenFile: "x" });
  // @ts-expect-error the raw wasm exports are not part of the API
  out.resolve;
  await initExport();
  const c: Export = exportAsWeb("vllm/x", null, "curl", { show_secrets: false });
  const d: Report = resolveExportWeb("vllm/x");
  const why: Explanation = explainWeb("Ollama/x");
  const res = await fetch("http://127.0.0.1:8080/v1/models");
  const caps: Capabilities = readWeb("llama.cpp", "smollm2", { status: res.status, body: await res.text() });
  void memory, b, c, d, caps, why;
}
const x: Export = exportAs("ollama/x", {}, "env");
void a, main, x, missing, missingCaps, missingExplain;
