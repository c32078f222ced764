// Shared by every project of the bundler matrix (copied next to each
// project's main.js by the test): calls the package the way an app does
// and puts what it returned on the page for the test to read.
export function report(m, recipe) {
  const resolved = m.resolve("ollama/llama3.1:8b", { OLLAMA_BASE_URL: "http://gpu:11434" }, { effort: "high" });
  let thrown = null;
  try {
    m.resolveOrThrow("ollama/");
  } catch (e) {
    thrown = { name: e.name, code: e.code, isError: e instanceof Error };
  }
  const out = { recipe, resolved, thrown, isLocal: m.isLocal("vllm/x") };
  document.getElementById("out").textContent = JSON.stringify(out);
  document.body.dataset.ready = "true";
}
