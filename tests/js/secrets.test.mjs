// Secrets in the results of resolve, resolveOrThrow and explain: masked by
// default, exactly as the CLI's `resolve --json` and `explain --json` print
// them without `--show-secrets` (core's `redact_secrets()`: the key through
// `redact`, a password inside the base URL as `***`), and in full with the
// option `show_secrets: true`. Through both entries.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { EXPORT, MAIN, cliJson, importPackage, installedProject, requirePackage, tmpDir } from "./helpers.mjs";

// [label, id, env, options, secrets, what the default result shows instead]
// `shown`: the redacted api_key and/or, for a URL password, the redacted
// api_base. The first secret is the key when `shown` has an api_key.
const CASES = [
  ["provider's own key", "vllm/m", { VLLM_API_KEY: "sk-vllm-SECRET-0123456789" }, {}, ["sk-vllm-SECRET-0123456789"], { api_key: "sk-v…6789" }],
  ["shared key", "ollama/llama3", { LOCAL_LLM_API_KEY: "sk-shared-SECRET-abcdefgh" }, {}, ["sk-shared-SECRET-abcdefgh"], { api_key: "sk-s…efgh" }],
  ["HF_TOKEN", "moonshotai/Kimi-K2-Instruct:fastest", { HF_TOKEN: "hf_SECRETtoken0123456789" }, { effort: "high" }, ["hf_SECRETtoken0123456789"], { api_key: "hf_S…6789" }],
  ["INFERENCE_TOKEN", "moonshotai/Kimi-K2-Instruct", { INFERENCE_TOKEN: " inf_SECRET_token_98765\n", HF_BILL_TO: "org" }, {}, ["inf_SECRET_token_98765"], { api_key: "inf_…8765" }],
  ["session token", "a/b", { HF_TOKEN: "hf_env_SECRET_0000000" }, { session_token: "hf_session_SECRET_0123" }, ["hf_session_SECRET_0123"], { api_key: "hf_s…0123" }],
  ["token file", "a/b", {}, { hf_token_file: "hf_file_SECRET_0123456\n" }, ["hf_file_SECRET_0123456"], { api_key: "hf_f…3456" }],
  ["URL password", "vllm/m", { VLLM_BASE_URL: "http://me:PASSWORD-SECRET-42@gpu:8000" }, {}, ["PASSWORD-SECRET-42"], { api_base: "http://me:***@gpu:8000/v1" }],
  ["URL password and key", "lm_studio/x", { LMSTUDIO_BASE_URL: "https://user:pw-SECRET-7@host/v1", LMSTUDIO_API_KEY: "sk-lm-SECRET-000000000" }, {}, ["sk-lm-SECRET-000000000", "pw-SECRET-7"], { api_base: "https://user:***@host/v1", api_key: "sk-l…0000" }],
  ["short key", "llamacpp/phi-4", { LLAMACPP_API_KEY: "short-key" }, {}, ["short-key"], { api_key: "…" }],
];

/** Fails if `text` holds the secret or any 9 characters of it in a row (`redact` shows at most 4 and 4). */
function assertHidden(text, secret, label) {
  assert.ok(!text.includes(secret), `${label}: holds ${secret}`);
  for (let i = 0; i + 9 <= secret.length; i++) {
    const part = secret.slice(i, i + 9);
    assert.ok(!text.includes(part), `${label}: holds ${JSON.stringify(part)} of ${secret}`);
  }
}

/** `r` without the two fields redaction may change. */
function withoutSecrets(r) {
  const { litellm, ...rest } = r;
  const { api_key, api_base, ...other } = litellm ?? {};
  return { rest, other, keys: Object.keys(litellm ?? {}) };
}

const FUNCS = [
  ["resolve", (m, c, o) => m.resolve(c[1], c[2], o)],
  ["resolveOrThrow", (m, c, o) => m.resolveOrThrow(c[1], c[2], o)],
  // `x`: the same loader's modelroute/export, where explain lives.
  ["explain", (m, c, o, x) => x.explain(c[1], c[2], o)],
];

let project;
before(() => {
  project = installedProject();
});

for (const [entry, load, loadExport] of [
  [`ESM import "${MAIN}"`, () => importPackage(project, MAIN), () => importPackage(project, EXPORT)],
  [`CommonJS require "${EXPORT}"`, () => requirePackage(project, EXPORT), () => requirePackage(project, EXPORT)],
]) {
  describe(`secrets via ${entry}`, () => {
    let m;
    let x;
    before(async () => {
      m = await load();
      x = await loadExport();
    });

    for (const c of CASES) {
      const [label, , , options, secrets, shown] = c;
      for (const [name, call] of FUNCS) {
        test(`${name}, ${label}: masked by default, in full with show_secrets: true`, () => {
          for (const o of [options, { ...options, show_secrets: false }, { ...options, show_secrets: undefined }]) {
            const r = call(m, c, o, x);
            for (const secret of secrets) assertHidden(JSON.stringify(r), secret, `${name} ${JSON.stringify(o)}`);
            for (const [field, value] of Object.entries(shown)) assert.equal(r.litellm[field], value, field);
          }
          const masked = call(m, c, options, x);
          const full = call(m, c, { ...options, show_secrets: true }, x);
          for (const secret of secrets) {
            assert.ok(JSON.stringify(full.litellm).includes(secret), `show_secrets: true has ${secret}: ${JSON.stringify(full.litellm)}`);
          }
          if ("api_key" in shown) {
            assert.equal(full.litellm.api_key, secrets[0]);
            assert.equal(masked.litellm.api_key, m.redact(secrets[0]), "masked with redact()");
          }
          // Nothing else changes.
          assert.deepEqual(withoutSecrets(masked), withoutSecrets(full));
        });
      }
    }

    test("the placeholder key and a missing HF token", () => {
      const local = m.resolve("ollama/x");
      assert.equal(local.litellm.api_key, "sk-l…ired");
      assert.equal(m.resolve("ollama/x", {}, { show_secrets: true }).litellm.api_key, "sk-local-no-key-required");
      // No token: `api_key: null` either way.
      assert.equal(m.resolve("a/b").litellm.api_key, null);
      assert.equal(m.resolveOrThrow("a/b", {}, { show_secrets: true }).litellm.api_key, null);
      // No key at all on a direct provider route.
      assert.ok(!("api_key" in x.explain("openai/gpt-5").litellm));
    });

    test("failures are the same whatever show_secrets says, and never quote the password", () => {
      const env = { VLLM_BASE_URL: "ftp://me:PASSWORD-SECRET-42@gpu" };
      const a = m.resolve("vllm/m", env);
      assert.equal(a.error.code, "unsupported_base_url_scheme");
      assertHidden(JSON.stringify(a), "PASSWORD-SECRET-42", "failure report");
      assertHidden(JSON.stringify(x.explain("vllm/m", env, { show_secrets: true })), "PASSWORD-SECRET-42", "failure explanation");
      assert.deepEqual(m.resolve("vllm/m", env, { show_secrets: true }), a);
      assert.throws(
        () => m.resolveOrThrow("vllm/m", env, { show_secrets: true }),
        (e) => e.code === "unsupported_base_url_scheme" && !e.message.includes("PASSWORD-SECRET-42"),
      );
    });

    test("an `@` after the host, or a token in the query, does not uncover a secret", () => {
      for (const url of [
        "http://me:PASSWORD-SECRET-42@gpu:8000/v1?email=me@example.com",
        "http://PASSWORD-SECRET-42@gpu:8000/v1#a@b",
        "http://gpu:8000/v1?api_key=PASSWORD-SECRET-42",
      ]) {
        const env = { VLLM_BASE_URL: url };
        assertHidden(JSON.stringify(m.resolve("vllm/m", env)), "PASSWORD-SECRET-42", url);
        assertHidden(JSON.stringify(x.explain("vllm/m", env)), "PASSWORD-SECRET-42", url);
        assert.ok(JSON.stringify(m.resolve("vllm/m", env, { show_secrets: true })).includes("PASSWORD-SECRET-42"), url);
      }
    });
  });
}

// The CLI, given exactly the same environment: its `--json` lines are the
// package's results, redacted by default, in full with --show-secrets.
describe("the same bytes as the CLI's --json", () => {
  let m;
  let x;
  let home;
  before(async () => {
    m = await importPackage(project, MAIN);
    x = await importPackage(project, EXPORT);
    home = fs.mkdtempSync(path.join(tmpDir(), "home-"));
  });
  after(() => {
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  for (const c of CASES) {
    const [label, id, env, options] = c;
    test(`${label}: resolve, resolveOrThrow and explain match resolve --json and explain --json`, () => {
      // The CLI reads the token file itself: give it one under HOME.
      let cliEnv = env;
      let cliOptions = options;
      if ("hf_token_file" in options) {
        const dir = path.join(home, ".cache/huggingface");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "token"), options.hf_token_file);
        cliEnv = { ...env, HOME: home };
        const { hf_token_file, ...rest } = options;
        cliOptions = rest;
      }
      for (const show of [false, true]) {
        const o = show ? { ...options, show_secrets: true } : options;
        const co = show ? { ...cliOptions, show_secrets: true } : cliOptions;
        const resolved = cliJson("resolve", id, cliEnv, co);
        assert.equal(resolved.status, 0, resolved.stderr);
        assert.equal(JSON.stringify(m.resolve(id, env, o)) + "\n", resolved.stdout, `resolve, show_secrets ${show}`);
        assert.equal(JSON.stringify(m.resolveOrThrow(id, env, o)) + "\n", resolved.stdout, `resolveOrThrow, show_secrets ${show}`);
        const explained = cliJson("explain", id, cliEnv, co);
        assert.equal(explained.status, 0, explained.stderr);
        assert.equal(JSON.stringify(x.explain(id, env, o)) + "\n", explained.stdout, `explain, show_secrets ${show}`);
      }
    });
  }
});
