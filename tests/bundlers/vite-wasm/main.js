import * as modelroute from "modelroute";

import { report } from "./check.js";

report(modelroute, "vite-wasm");
