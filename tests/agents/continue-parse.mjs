// Loads a `modelroute export --to continue` file with Continue's own
// parser and validator (@continuedev/config-yaml) and prints the model
// entry as Continue reads it. Exits 1 with the parser's message when the
// file does not parse or does not validate.
// Usage: node continue-parse.mjs <config.yaml>
import { readFileSync } from "node:fs";
import { parseConfigYaml, validateConfigYaml } from "@continuedev/config-yaml";

const text = readFileSync(process.argv[2], "utf8");
let config;
try {
  config = parseConfigYaml(text);
} catch (e) {
  console.error(`Continue cannot parse it: ${e.message}`);
  process.exit(1);
}
const errors = validateConfigYaml(config).filter((e) => e.fatal !== false);
if (errors.length > 0) {
  console.error(`Continue rejects it: ${JSON.stringify(errors)}`);
  process.exit(1);
}
console.log(JSON.stringify(config.models[0]));
