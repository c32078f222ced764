// The input of the headline benchmark call, `resolve(id, env20)`, shared by
// bench.mjs and bench-ab.mjs: a local id, and 20 variables, 4 that it reads
// and 16 that it does not.
export const id = "ollama/llama3.1:8b";

export const env20 = {};
for (let i = 0; i < 16; i++) env20[`UNRELATED_VAR_${i}`] = `value-${i}`;
Object.assign(env20, {
  OLLAMA_BASE_URL: "http://gpu-box:11434/",
  OLLAMA_API_KEY: "sk-ollama-secret-key",
  LOCAL_LLM_BASE_URL: "http://fallback:8000",
  HF_TOKEN: "hf_abcdefghijklmnop",
});
