import { nodeResolve } from "@rollup/plugin-node-resolve";
import copy from "rollup-plugin-copy";

export default {
  input: "main.js",
  output: { dir: "dist", format: "es" },
  plugins: [
    nodeResolve({ browser: true }),
    // init() fetches modelroute_wasm_bg.wasm next to the bundle.
    copy({ targets: [{ src: "node_modules/modelroute/web/modelroute_wasm_bg.wasm", dest: "dist" }] }),
  ],
};
