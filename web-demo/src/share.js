// The page's state in the URL hash, so a link reproduces a setup, without
// the secrets in it.
//
// The hash is `#id=...&effort=...&strict=1&env=...` (URLSearchParams
// encoding). Before the .env text goes in, the value of every variable
// whose name looks secret (isSecretName) is replaced by SECRET_PLACEHOLDER,
// and so is a password in a URL (`scheme://user:password@host`). A
// placeholder rather than an empty value keeps the story the same for the
// person who opens the link: the same variable still wins, and
// INFERENCE_TOKEN still adds its billing header. Values of only whitespace
// are kept, since they hold no secret and change the answer (HF_TOKEN="  "
// hides HUGGING_FACE_HUB_TOKEN).
//
// The .env parsing is core's (parseDotenv); this file only finds lines by
// their variable name, then checks its work with parseDotenv and falls back
// to rewriting the whole text from the parsed values when a line-based edit
// is not enough (a multi-line quoted value).

/** What a removed secret reads as in a shared link. */
export const SECRET_PLACEHOLDER = "<removed>";

/**
 * Whether a variable's value is left out of share links: names ending in
 * `_KEY`, `_TOKEN`, `_SECRET` or `_PASSWORD` (any case), which covers
 * `*_API_KEY`, `INFERENCE_TOKEN`, `HF_TOKEN` and `HUGGING_FACE_HUB_TOKEN`.
 */
export function isSecretName(name) {
  return /(_KEY|_TOKEN|_SECRET|_PASSWORD)$/i.test(name) || /^(INFERENCE_TOKEN|HF_TOKEN|HUGGING_FACE_HUB_TOKEN)$/.test(name);
}

// `[export ]NAME=` at the start of a line, the name optionally quoted.
const ASSIGNMENT = /^([ \t]*(?:export[ \t]+)?)(["']?)([^\s="'#]+)\2([ \t]*=)(.*)$/;
// The password of `scheme://user:password@`.
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:)[^\s/@'"]+@/gi;

/**
 * `text` with secret values replaced, checked with `parseDotenv`.
 * @param {string} text
 * @param {(text: string) => Record<string, string>} parseDotenv
 */
export function redactEnvText(text, parseDotenv) {
  const lines = text.split(/\r\n|\r|\n/);
  const out = lines.map((line) => {
    const m = ASSIGNMENT.exec(line);
    if (!m || !isSecretName(m[3])) return line.replace(URL_PASSWORD, `$1${SECRET_PLACEHOLDER}@`);
    const value = m[5].trim();
    // Keep empty and whitespace-only values (no secret, and they matter).
    if (value === "" || /^(["'])\s*\1$/.test(value)) return line;
    return `${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}${SECRET_PLACEHOLDER}`;
  });
  const redacted = out.join("\n");
  let before;
  try {
    before = parseDotenv(text);
  } catch {
    // Text that does not parse is shared line by line, as typed.
    return redacted;
  }
  if (leaks(before, redacted, parseDotenv)) return rewrite(before);
  return redacted;
}

/** Whether `redacted` still holds a secret value of `vars`. */
function leaks(vars, redacted, parseDotenv) {
  let after;
  try {
    after = parseDotenv(redacted);
  } catch {
    return true;
  }
  // The same variables, every secret replaced...
  if (Object.keys(after).join("\n") !== Object.keys(vars).join("\n")) return true;
  for (const [name, value] of Object.entries(vars)) {
    if (!isSecretName(name) || value.trim() === "") continue;
    if (after[name] !== SECRET_PLACEHOLDER) return true;
    // ...and no piece of one left anywhere (a multi-line value's lines).
    if (value.split(/\s+/).some((piece) => piece.length >= 4 && redacted.includes(piece))) return true;
  }
  return false;
}

/** The parsed variables as `NAME="value"` lines, secrets replaced. */
function rewrite(vars) {
  const lines = ["# rewritten for sharing: secret values removed"];
  for (const [name, value] of Object.entries(vars)) {
    let v = isSecretName(name) && value.trim() !== "" ? SECRET_PLACEHOLDER : value;
    v = v.replace(URL_PASSWORD, `$1${SECRET_PLACEHOLDER}@`);
    // python-dotenv's double-quoted escapes.
    const quoted = v
      .replace(/\\/g, "\\\\")
      .replace(/"/g, '\\"')
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t");
    lines.push(`${name}="${quoted}"`);
  }
  return lines.join("\n") + "\n";
}

/**
 * @typedef {{id: string, env: string, effort: string, strict: boolean}} State
 */

/**
 * The hash for `state` (secrets removed from the env text).
 * @param {State} state
 * @param {(text: string) => Record<string, string>} parseDotenv
 */
export function toHash(state, parseDotenv) {
  const p = new URLSearchParams();
  p.set("id", state.id);
  if (state.effort) p.set("effort", state.effort);
  if (state.strict) p.set("strict", "1");
  if (state.env) p.set("env", redactEnvText(state.env, parseDotenv));
  return "#" + p.toString();
}

/**
 * The state a hash holds, or null when it holds none.
 * @param {string} hash
 * @returns {State|null}
 */
export function fromHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  if (!p.has("id") && !p.has("env")) return null;
  return {
    id: p.get("id") ?? "",
    env: p.get("env") ?? "",
    effort: p.get("effort") ?? "",
    strict: p.get("strict") === "1",
  };
}
