// Type-checked by types.test.mjs with moduleResolution "bundler": the
// browser/default build and the ./web entry with its init().
import { resolve, type Report } from "modelroute";
import init, { initSync, resolve as resolveWeb, type InitOutput } from "modelroute/web";

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
  void memory, b;
}
void a, main;
