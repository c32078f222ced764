// The example setups of the picker: one click fills every input. Data only;
// what each one does is worked out by the wasm package, like anything typed.
// The keys and tokens here are made up.

/** @typedef {{label: string, id: string, env: string, effort?: string, strict?: boolean}} Example */

/** @type {Example[]} */
export const EXAMPLES = [
  {
    label: "Ollama, defaults",
    id: "ollama/llama3.1:8b",
    env: "# nothing set: Ollama's built-in default applies\n",
  },
  {
    label: "vLLM on another port",
    id: "vllm/meta-llama/Llama-3.1-8B-Instruct",
    env: "# vllm serve ... --port 8001\nVLLM_BASE_URL=http://localhost:8001\n",
  },
  {
    label: "Shared LOCAL_LLM_BASE_URL",
    id: "llamacpp/qwen2.5-7b-instruct",
    env:
      "# one server for every local prefix\n" +
      "LOCAL_LLM_BASE_URL=http://gpu-box:8080/\n" +
      "LOCAL_LLM_API_KEY=sk-shared-0000example\n" +
      "# a provider's own variable would win over the shared one:\n" +
      "# LLAMACPP_BASE_URL=http://127.0.0.1:8080\n",
  },
  {
    label: "LM Studio with a key",
    id: "lm_studio/qwen2.5-7b-instruct",
    env:
      'export LMSTUDIO_BASE_URL="http://127.0.0.1:1234/v1"\n' +
      "export LMSTUDIO_API_KEY='sk-lmstudio-1234example'\n",
  },
  {
    label: "Reserved prefix",
    id: "openai-compat/my-model",
    env: "LOCAL_LLM_BASE_URL=http://localhost:8000\n",
  },
  {
    label: "Empty model name",
    id: "ollama/",
    env: "",
  },
  {
    label: "HF Router with a tag",
    id: "moonshotai/Kimi-K2-Instruct:fastest",
    env: "HF_TOKEN=hf_exampleExampleExample0\n",
    effort: "high",
  },
];
