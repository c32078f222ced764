// The web demo: reads the inputs, asks the modelroute wasm package, shows
// what it answers. Every decision about ids, variables, keys and exports
// is the package's (modelroute's core); this file only lays it out.
//
// Nothing here puts a value into the page as HTML: every text goes in with
// textContent, so an id or a variable cannot inject markup.

import init, * as mr from "./pkg/modelroute_wasm.js";
import { CORS } from "./cors.js";
import { EXAMPLES } from "./examples.js";
import { fromHash, toHash } from "./share.js";

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const ui = {
  id: /** @type {HTMLInputElement} */ ($("model-id")),
  env: /** @type {HTMLTextAreaElement} */ ($("env")),
  effort: /** @type {HTMLInputElement} */ ($("effort")),
  strict: /** @type {HTMLInputElement} */ ($("strict")),
  reveal: $("reveal"),
  envError: $("env-error"),
  summary: $("summary"),
  report: $("report"),
  verdict: $("verdict"),
  values: $("values"),
  diagnostics: $("diagnostics"),
  exports: $("exports"),
  cors: $("cors"),
  loading: $("loading"),
  examples: $("examples"),
  copyLink: $("copy-link"),
  shareNote: $("share-note"),
};

/**
 * Whether secrets are shown in full (the reveal toggle; never in the URL):
 * the `show_secrets` option of every call whose result is shown. Unless it
 * is on, core masks keys and URL passwords before they reach the page.
 */
let revealed = false;
/** The local provider table, by id. */
let providers = new Map();

// --- small DOM helpers --------------------------------------------------------

/**
 * An element with attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, string|boolean|undefined>} [attrs]
 * @param {...(Node|string|null|undefined|false)} children
 */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

const code = (text, attrs = {}) => h("code", attrs, text);

/**
 * Text with `backticked` spans shown as code, as core writes its messages.
 * @param {string} text
 */
function prose(text, tag = "span", attrs = {}) {
  const el = h(tag, attrs);
  text.split("`").forEach((part, i) => {
    if (part === "") return;
    el.append(i % 2 === 1 ? code(part) : document.createTextNode(part));
  });
  return el;
}

/** A `<pre>` with a copy button, under an optional heading. */
function copyable(text, id, label, heading = null) {
  const pre = h("pre", { id, tabindex: "0", "aria-label": label }, text);
  const button = h("button", { type: "button", class: "copy", "aria-label": `Copy ${label}` }, "Copy");
  button.addEventListener("click", () => copy(pre.textContent ?? "", button));
  return h("div", { class: "copy-block" }, h("div", { class: "copy-head" }, heading ?? h("span"), button), pre);
}

async function copy(text, button) {
  const old = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select and copy";
  }
  setTimeout(() => (button.textContent = old), 1500);
}

// --- what the package says, laid out ------------------------------------------

const ROUTES = {
  anthropic: "Anthropic, called by LiteLLM directly",
  bedrock: "AWS Bedrock, called by LiteLLM directly",
  openai: "OpenAI, called by LiteLLM directly",
  reserved: "reserved prefix",
  local: "local OpenAI-compatible server",
  hf_router: "Hugging Face Router",
};

/** For the HF Router: what its tag asks of it (core's parsed tag and tag_kind). */
function routerChoice(parsed) {
  if (!parsed?.tag) return "the router's choice (no tag)";
  return parsed.tag_kind === "policy"
    ? `the router's choice, by its :${parsed.tag} policy`
    : `pinned to the :${parsed.tag} provider`;
}

function providerName(report) {
  if (report.error) return "—";
  if (report.route === "hf_router") return routerChoice(report.parsed);
  if (report.route === "local") return providers.get(report.provider)?.display_name ?? report.provider;
  return report.provider;
}

function renderSummary(ex) {
  const parts = [];
  if (ex.error) {
    parts.push(`Error ${ex.error.code}: ${ex.error.message}`);
  } else {
    parts.push(ex.valid ? "Valid id" : "Resolves, but the id fails the /model check");
    parts.push(ROUTES[ex.route] ?? ex.route);
    if (ex.route === "local") parts.push(providerName(ex));
    if (ex.litellm.api_base) parts.push(ex.litellm.api_base);
  }
  const count = ex.diagnostics.length;
  if (count) parts.push(`${count} diagnostic${count > 1 ? "s" : ""}`);
  ui.summary.textContent = parts.join(" · ");
  const worry = !ex.valid || ex.diagnostics.some((d) => d.severity !== "info");
  ui.summary.className = "summary " + (ex.error ? "bad" : worry ? "warn" : "good");
}

function renderVerdict(ex, validation) {
  const rows = [];
  const validity = validation.valid
    ? h("span", { class: "badge good", "data-testid": "validity", "data-valid": "true" }, "✓ valid id")
    : h("span", { class: "badge bad", "data-testid": "validity", "data-valid": "false" }, "✗ invalid id");
  rows.push(["Model id", h("div", {}, validity, validation.reason ? prose(validation.reason.message, "span", { class: "reason", id: "invalid-reason" }) : null)]);
  rows.push(["Route", h("span", { id: "route", "data-route": ex.route }, ROUTES[ex.route] ?? ex.route)]);
  rows.push(["Provider", h("span", { id: "provider", "data-provider": ex.provider ?? "" }, providerName(ex))]);
  rows.push(["HF token", h("span", { id: "hf-token" }, ex.requires_hf_token ? "needed to start a run (not a local id)" : "not needed (local id)")]);
  const dl = h("dl", { class: "facts" });
  for (const [k, v] of rows) dl.append(h("dt", {}, k), h("dd", {}, v));
  const out = [dl];
  if (ex.error) {
    out.push(
      h("div", { class: "error", id: "error", "data-code": ex.error.code },
        h("p", {}, h("strong", {}, "Error "), code(ex.error.code, { id: "error-code" })),
        h("p", { id: "error-message", class: "message" }, ex.error.message),
        ex.error.hints.length
          ? h("ul", { class: "hints", id: "error-hints", "aria-label": "How to fix it" },
              ...ex.error.hints.map((hint) => prose(hint, "li")))
          : null),
    );
  }
  if (ex.expected_formats) {
    out.push(h("details", { class: "formats" }, h("summary", {}, "Expected formats"), h("pre", { id: "expected-formats" }, ex.expected_formats)));
  }
  ui.verdict.replaceChildren(...out);
}

function candidatesLine(p) {
  if (!p || p.candidates.length < 2) return null;
  const chain = h("span", { class: "chain" });
  p.candidates.forEach((c, i) => {
    if (i) chain.append(" → ");
    chain.append(h("span", { class: `cand ${c.state}`, title: c.state }, code(c.source), ` ${c.state}`));
  });
  return h("div", { class: "candidates" }, "Precedence: ", chain);
}

function valueRow(field, value, provenance, secret = false) {
  const shown = value === null || value === undefined
    ? h("span", { class: "none" }, "none")
    : secret
      ? code(value, { class: revealed ? "secret revealed" : "secret" })
      : code(value);
  const shadowed = provenance?.shadowed?.length
    ? h("div", { class: "shadowed" }, "shadowing ", ...provenance.shadowed.flatMap((s, i) => (i ? [", ", code(s)] : [code(s)])))
    : h("div", { class: "shadowed", hidden: true });
  return h("tr", { "data-field": field },
    h("th", { scope: "row" }, field),
    h("td", { class: "value" }, shown),
    h("td", { class: "source" }, provenance ? code(provenance.source) : h("span", { class: "muted" }, "—"),
      shadowed, candidatesLine(provenance)));
}

function renderValues(ex) {
  if (ex.error) {
    ui.values.replaceChildren(h("p", { class: "muted" }, "No values: the id does not resolve."));
    return;
  }
  const l = ex.litellm;
  const body = h("tbody", {},
    valueRow("model", l.model, ex.sources.model),
    "api_base" in l ? valueRow("api_base", l.api_base, ex.sources.api_base) : null,
    "api_key" in l ? valueRow("api_key", l.api_key, ex.sources.api_key, true) : null,
    l.extra_headers ? valueRow("bill_to", l.extra_headers["X-HF-Bill-To"], ex.sources.bill_to) : null,
  );
  const table = h("table", { class: "values", id: "values-table" },
    h("caption", { class: "sr-only" }, "Each value, the source that won, and the sources it shadowed"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "value"), h("th", { scope: "col" }, "is"), h("th", { scope: "col" }, "from"))),
    body);
  const effort = ex.effort;
  const effortText = effort.status === "none"
    ? "none requested"
    : `${JSON.stringify(effort.requested)} → ${effort.status}${effort.sent ? ` as ${JSON.stringify(effort.sent)}` : ""}`;
  ui.values.replaceChildren(
    h("div", { class: "table-wrap" }, table),
    h("p", { class: "effort", id: "effort-outcome" }, h("strong", {}, "Effort: "), effortText,
      ex.effort_cascade.length ? h("span", { class: "muted" }, ` · on a /model switch the agent tries ${ex.effort_cascade.join(" → ")}`) : null),
    h("details", {}, h("summary", {}, "LiteLLM keyword arguments"), h("pre", { id: "litellm-json" }, JSON.stringify(l, null, 2))),
  );
}

function renderDiagnostics(ex) {
  if (!ex.diagnostics.length) {
    ui.diagnostics.replaceChildren(h("p", { class: "muted", id: "no-diagnostics" }, "No setup mistakes found."));
    return;
  }
  const list = h("ul", { class: "diags", id: "diagnostics-list" });
  for (const d of ex.diagnostics) {
    const item = h("li", { class: `diag sev-${d.severity}`, "data-code": d.code, "data-severity": d.severity },
      h("p", {}, h("span", { class: `badge sev-${d.severity}` }, d.severity), " ", code(d.code), d.variable ? h("span", { class: "muted" }, " · ", code(d.variable)) : null),
      prose(d.message, "p", { class: "message" }),
      h("p", { class: "fix" }, h("strong", {}, "Fix: "), prose(d.fix)));
    if (d.suggestion) item.append(suggestionButton(d.suggestion));
    list.append(item);
  }
  ui.diagnostics.replaceChildren(list);
}

function suggestionButton(s) {
  if (s.kind === "use_id") {
    const b = h("button", { type: "button", class: "apply" }, "Use ", code(s.id));
    b.addEventListener("click", () => {
      ui.id.value = s.id;
      update();
      ui.id.focus();
    });
    return b;
  }
  if (s.kind === "set_variable") {
    const line = `${s.variable}=${/[\s#'"]/.test(s.value) ? JSON.stringify(s.value) : s.value}`;
    const b = h("button", { type: "button", class: "apply" }, "Add ", code(line));
    b.addEventListener("click", () => {
      const text = ui.env.value;
      ui.env.value = text + (text === "" || text.endsWith("\n") ? "" : "\n") + line + "\n";
      update();
      ui.env.focus();
    });
    return b;
  }
  return null;
}

/** One export from core (`exportAs`), or its error. */
function exportBlock(format, title, vars, options) {
  const id = `export-${format}`;
  try {
    const e = mr.exportAs(ui.id.value, vars, format, { ...options, show_secrets: revealed });
    return h("div", { class: "export" }, copyable(e.text, id, title, h("h4", {}, title)));
  } catch (err) {
    if (err?.name !== "ModelrouteError") throw err;
    return h("div", { class: "export" }, h("h4", {}, title),
      h("div", { class: "error small", id, "data-code": err.code },
        h("p", {}, code(err.code), " ", prose(err.message)),
        err.hints?.length ? h("ul", { class: "hints" }, ...err.hints.map((x) => prose(x, "li"))) : null));
  }
}

function renderExports(ex, vars, options) {
  if (ex.error) {
    ui.exports.replaceChildren(h("p", { class: "muted" }, "Nothing to export: the id does not resolve."));
    return;
  }
  ui.exports.replaceChildren(
    exportBlock("env", "export lines", vars, options),
    exportBlock("curl", "curl probe (the agent's 1-token check, by hand)", vars, options),
  );
}

function renderCors(ex, vars, options) {
  const origin = location.origin;
  const out = [];
  if (ex.error) {
    out.push(h("p", { class: "muted" }, "Nothing to probe: the id does not resolve."));
  } else if (ex.route !== "local") {
    out.push(h("p", {}, ex.route === "hf_router"
      ? "The Hugging Face Router is a hosted service: use the curl command above to check your token."
      : `${ROUTES[ex.route]}: modelroute resolves no endpoint for it, so there is nothing to probe here.`));
  } else {
    const row = CORS.find((r) => r.provider === ex.parsed.provider);
    out.push(h("p", {}, "A page (like this one, at ", code(origin), ") may call a server only if the server allows the page's origin."));
    if (row) out.push(corsRow(row, origin, true));
    const others = CORS.filter((r) => r !== row);
    out.push(h("details", { class: "other-servers" },
      h("summary", {}, "Other servers that may be behind this URL"),
      ...others.map((r) => corsRow(r, origin, false))));
    out.push(probeBlock(ex, vars, options));
  }
  ui.cors.replaceChildren(...out);
}

function corsRow(row, origin, main) {
  const ok = row.allowsByDefault(origin);
  const verdict = ok === true ? "allows this page already" : ok === false ? "needs a setting for this page" : "may need a setting";
  return h("div", { class: main ? "cors main" : "cors", "data-server": row.server },
    h("p", {}, h("strong", {}, row.server), " ", h("span", { class: `badge ${ok === true ? "good" : ok === false ? "bad" : "warn"}` }, verdict)),
    h("p", { class: "muted" }, `By default: ${row.byDefault}.`),
    ok === true ? null : copyable(row.allow(origin), main ? "cors-setting" : undefined, `${row.server} CORS setting`));
}

/**
 * The probe button. `ex` is what the page shows (secrets masked unless
 * revealed); the real key and base URL are asked of core only when the
 * button is pressed, and go nowhere but into the requests it sends: `GET
 * /models`, then, for each model listed, the metadata requests its
 * server's family answers (core's `capabilityRequests`), whose answers
 * core reads (`readCapabilities`) as `modelroute probe` does.
 */
function probeBlock(ex, vars, options) {
  const id = ex.model_id;
  const out = h("p", { class: "probe-result", id: "probe-result", role: "status" });
  const caps = h("div", { class: "probe-capabilities", id: "probe-capabilities" });
  const b = h("button", { type: "button", id: "probe" }, "Try ", code(`GET ${ex.litellm.api_base}/models`), " from this page");
  b.addEventListener("click", async () => {
    out.textContent = "Asking…";
    caps.replaceChildren();
    let listed;
    try {
      const { litellm } = mr.resolveOrThrow(id, vars, { ...options, show_secrets: true });
      const headers = {};
      if (litellm.api_key) headers.Authorization = `Bearer ${litellm.api_key}`;
      const res = await fetch(`${litellm.api_base}/models`, { headers, mode: "cors", cache: "no-store", signal: AbortSignal.timeout(15000) });
      const text = await res.text();
      let detail = "";
      let ids = [];
      try {
        const body = JSON.parse(text);
        ids = Array.isArray(body?.data) ? body.data.map((m) => m?.id).filter((x) => typeof x === "string") : [];
        detail = ids.length ? `: serves ${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""}` : "";
      } catch {
        detail = ": not JSON";
      }
      out.textContent = `HTTP ${res.status}${detail}`;
      out.className = "probe-result " + (res.ok ? "good" : "bad");
      listed = { litellm, headers, models: { status: res.status, body: text }, ids: ids.slice(0, 8) };
    } catch (err) {
      out.textContent = err?.name === "TimeoutError"
        ? "No answer within 15 s."
        : "The browser could not read an answer: nothing listens there, or the server does not allow this page's origin (see above). The curl command tells the two apart.";
      out.className = "probe-result bad";
      return;
    }
    const row = CORS.find((r) => r.provider === ex.parsed.provider);
    if (!row?.family || listed.ids.length === 0) return;
    caps.replaceChildren(h("p", { class: "muted" }, "Reading what the server says about each model…"));
    caps.replaceChildren(...await capabilitiesOf(row.family, listed, id));
  });
  return h("div", { class: "probe" }, b,
    h("p", { class: "help" }, "Sends the key above, in full, to that URL and to the metadata endpoints of its server, and only when you press the button."),
    out, caps);
}

/**
 * What a `family` server says about each model it listed: its metadata
 * requests sent from the page (each distinct request once), the answers
 * read by core. A request the browser cannot read (refused by CORS, or
 * no answer) counts as not answered, as in `modelroute probe`, so what it
 * would have said is unknown, and the page says which one it was.
 */
async function capabilitiesOf(family, { litellm, headers, models, ids }, id) {
  // The requests are relative to the server's root: api_base without /v1.
  const root = litellm.api_base.replace(/\/v1\/?$/, "");
  const sent = new Map();
  const failed = new Set();
  const ask = (req) => {
    const key = `${req.method} ${req.path} ${req.body ?? ""}`;
    if (!sent.has(key)) {
      const init = { method: req.method, headers: { ...headers }, mode: "cors", cache: "no-store", signal: AbortSignal.timeout(15000) };
      if (req.body !== null) {
        init.headers["Content-Type"] = "application/json";
        init.body = req.body;
      }
      sent.set(key, fetch(`${root}${req.path}`, init)
        .then(async (res) => ({ status: res.status, body: await res.text() }))
        .catch(() => {
          failed.add(`${req.method} ${req.path}`);
          return null;
        }));
    }
    return sent.get(key);
  };
  const read = await Promise.all(ids.map(async (model) => {
    const answers = await Promise.all(mr.capabilityRequests(family, model).map(ask));
    return [model, mr.readCapabilities(family, model, models, answers)];
  }));
  const out = [h("p", { class: "muted" }, "What the server says about each model, read as ", h("strong", {}, family),
    " metadata (the server this prefix is meant for) by modelroute's parser, as ", code("modelroute probe"), " reads it:")];
  for (const [model, c] of read) out.push(capabilitiesCard(model, c));
  if (failed.size > 0) {
    out.push(h("p", { class: "bad", id: "capabilities-blocked" },
      `The browser could not read ${[...failed].join(", ")}: the server does not allow this page's origin for it, or did not answer. What it says stays unknown here; `,
      code(`modelroute probe ${id}`), " reads it without a browser's rules."));
  }
  return out;
}

/** One model's capabilities: each finding with the endpoint and field it came from. */
function capabilitiesCard(model, c) {
  const n = (v) => (v === null ? "unknown" : v.toLocaleString("en-US"));
  const badge = (support) => h("span", { class: `badge ${support === "yes" ? "good" : support === "no" ? "bad" : "warn"}` }, support);
  const source = (s) => (s === null ? h("span", { class: "muted" }, "not said") : code(s));
  const rows = [
    ["context", `${n(c.context.served)} served of ${n(c.context.max)} max`, source(c.context.source)],
    ["tools", badge(c.tools.support), source(c.tools.source)],
    ["vision", badge(c.vision.support), source(c.vision.source)],
    ["state", c.state.replace("_", " "), null],
  ];
  const extra = [c.quantization, c.parameter_count === null ? null : `${n(c.parameter_count)} parameters`, c.model_family].filter((x) => x !== null);
  if (extra.length) rows.push(["model", extra.join(", "), null]);
  return h("section", { class: "caps", "data-model": model },
    h("h4", {}, code(model)),
    h("table", { class: "caps-table" },
      h("tbody", {}, ...rows.map(([k, v, s]) => h("tr", { "data-field": k },
        h("th", { scope: "row" }, k), h("td", { class: "value" }, v), h("td", { class: "source" }, s))))));
}

// --- the loop -----------------------------------------------------------------

function readEnv() {
  try {
    const vars = mr.parseDotenv(ui.env.value);
    ui.envError.hidden = true;
    ui.envError.textContent = "";
    ui.env.removeAttribute("aria-invalid");
    return vars;
  } catch (err) {
    if (err?.name !== "ModelrouteError") throw err;
    ui.env.setAttribute("aria-invalid", "true");
    ui.envError.hidden = false;
    ui.envError.replaceChildren(
      h("strong", {}, err.line ? `Line ${err.line}: ` : ""),
      err.message.replace(/^line \d+: /, ""),
      err.hints?.length ? h("span", { class: "muted" }, ` (${err.hints[0]})`) : null);
    ui.envError.dataset.line = String(err.line ?? "");
    return null;
  }
}

function update() {
  const vars = readEnv();
  saveHash();
  if (!vars) {
    ui.report.hidden = true;
    ui.summary.textContent = `The environment has an error on line ${ui.envError.dataset.line}: fix it to see what the id does.`;
    ui.summary.className = "summary bad";
    return;
  }
  const options = { effort: ui.effort.value === "" ? null : ui.effort.value, strict: ui.strict.checked };
  const ex = mr.explain(ui.id.value, vars, { ...options, show_secrets: revealed });
  const validation = mr.validate(ui.id.value);
  renderSummary(ex);
  renderVerdict(ex, validation);
  renderValues(ex);
  renderDiagnostics(ex);
  renderExports(ex, vars, options);
  renderCors(ex, vars, options);
  ui.report.hidden = false;
}

function state() {
  return { id: ui.id.value, env: ui.env.value, effort: ui.effort.value, strict: ui.strict.checked };
}

function setState(s) {
  ui.id.value = s.id;
  ui.env.value = s.env;
  ui.effort.value = s.effort ?? "";
  ui.strict.checked = !!s.strict;
}

let lastHash = "";
function saveHash() {
  const hash = toHash(state(), (text) => mr.parseDotenv(text));
  if (hash === lastHash) return;
  lastHash = hash;
  history.replaceState(null, "", hash);
}

function setReveal(on) {
  revealed = on;
  ui.reveal.setAttribute("aria-pressed", String(on));
  ui.reveal.textContent = on ? "Hide secrets" : "Reveal secrets";
  update();
}

async function main() {
  await init();
  providers = new Map(mr.providers().providers.map((p) => [p.id, p]));

  for (const ex of EXAMPLES) {
    const b = h("button", { type: "button", class: "example" }, ex.label);
    b.addEventListener("click", () => {
      setState({ id: ex.id, env: ex.env, effort: ex.effort ?? "", strict: ex.strict ?? false });
      update();
    });
    ui.examples.append(b);
  }

  for (const input of [ui.id, ui.env, ui.effort]) input.addEventListener("input", update);
  ui.strict.addEventListener("change", update);
  ui.reveal.addEventListener("click", () => setReveal(!revealed));
  ui.copyLink.addEventListener("click", async () => {
    saveHash();
    await copy(location.href, ui.copyLink);
    ui.shareNote.textContent = "Link copied. Keys and tokens are left out of it.";
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === lastHash) return;
    const s = fromHash(location.hash);
    if (s) {
      setState(s);
      update();
    }
  });

  const restored = fromHash(location.hash);
  setState(restored ?? { id: EXAMPLES[0].id, env: EXAMPLES[0].env, effort: "", strict: false });
  ui.loading.hidden = true;
  update();
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  ui.loading.textContent = `modelroute could not start: ${err?.message ?? err}`;
  ui.loading.classList.add("bad");
  document.body.dataset.ready = "error";
  throw err;
});
