import init, * as modelroute from "modelroute/web";

import { report } from "./check.js";

await init();
report(modelroute, "rollup");
