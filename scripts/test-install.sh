#!/usr/bin/env bash
# Checks the README's "Install" section path by path, running the README's
# own command lines (each must appear there verbatim, so the two cannot
# drift) with HOME, the install roots and every cache in a temporary
# directory:
#   - `cargo install --locked --path cli` into a temporary CARGO_INSTALL_ROOT
#     (it reuses target/release), then `modelroute --version` and a resolve
#   - scripts/dist.sh: builds dist/ and checks the CLI tarball, the CLI
#     wheel (pip, fresh venv) and the npm tarball (npm, fresh project)
#   - the wheel through `pipx install`, `uv tool install` and `uvx --from`
#   - the npm tarball installed into a new project, then require() and import
#   - the completion files written where the README says, and bash loading
#     them on demand when bash-completion is installed
# Installs its tools first (scripts/setup-wasm.sh, scripts/setup-dist.sh;
# both skip what is there). Exits non-zero, naming the path, on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
export PATH="$HOME/.cargo/bin:$PATH"
cargo_home=${CARGO_HOME:-$HOME/.cargo}
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}

step() { printf '\n==> test-install: %s\n' "$*"; }
fail() {
  echo "test-install.sh: FAIL: $*" >&2
  exit 1
}

step "tools (scripts/setup-wasm.sh, scripts/setup-dist.sh)"
bash scripts/setup-wasm.sh
venv_bin=$(bash scripts/setup-dist.sh | tail -n 1)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base_path=$venv_bin:$cargo_home/bin:/usr/local/bin:/usr/bin:/bin
version=$(cargo metadata --locked --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "modelroute"))')

# readme LABEL BIN_DIR DIR COMMAND: COMMAND must appear verbatim in
# README.md (`<clone>` stands for this checkout); it runs under bash in DIR
# with a temporary HOME, BIN_DIR first on PATH, and every installer
# pointed into the temporary directory. When the command line runs
# `modelroute`, that must be BIN_DIR's.
# shown LABEL COMMAND: README.md shows COMMAND verbatim.
shown() {
  grep -qF -- "$2" README.md ||
    fail "$1: README.md does not show \`$2\` (the Install section and scripts/test-install.sh must agree)"
}

readme() {
  local label=$1 bin_dir=$2 dir=$3 cmd=$4
  shown "$label" "$cmd"
  local run=${cmd//<clone>/$root}
  printf '%s$ %s\n' "$label" "$cmd"
  mkdir -p "$bin_dir" "$dir"
  (
    cd "$dir"
    export HOME=$tmp/home PATH=$bin_dir:$base_path XDG_CACHE_HOME=$tmp/home/.cache \
      XDG_DATA_HOME=$tmp/home/.local/share XDG_CONFIG_HOME=$tmp/home/.config \
      CARGO_INSTALL_ROOT=$tmp/cargo PIPX_HOME=$tmp/pipx PIPX_BIN_DIR=$tmp/pipx/bin \
      UV_TOOL_DIR=$tmp/uv/tools UV_TOOL_BIN_DIR=$tmp/uv/bin UV_CACHE_DIR=$tmp/uv/cache \
      UV_PYTHON_DOWNLOADS=never UV_NO_CONFIG=1 npm_config_cache=$tmp/npm-cache \
      npm_config_update_notifier=false PIP_NO_CACHE_DIR=1 CARGO_HOME=$cargo_home RUSTUP_HOME=$rustup_home \
      CARGO_TARGET_DIR=$target_dir
    # The checks expect the built-in default base URL.
    unset OLLAMA_BASE_URL LOCAL_LLM_BASE_URL
    mkdir -p "$HOME"
    if [[ $cmd == modelroute\ * ]] && [ "$(command -v modelroute)" != "$bin_dir/modelroute" ]; then
      echo "$label: modelroute on PATH is $(command -v modelroute || echo nothing), want $bin_dir/modelroute" >&2
      exit 1
    fi
    bash -euo pipefail -c "$run"
  ) >"$tmp/out" 2>&1 || {
    cat "$tmp/out" >&2
    fail "$label: \`$cmd\` failed"
  }
  sed 's/^/    /' "$tmp/out" | tail -n 8
}

# expect LABEL TEXT: the last command's output contains TEXT.
expect() {
  grep -qF -- "$2" "$tmp/out" || fail "$1: output has no \`$2\`"
}

step "cargo install --locked --path cli"
# `cargo install` builds in a temporary target directory of its own unless
# told otherwise: a whole release build on every run, minutes on this
# machine. Pointed at the workspace's (CARGO_TARGET_DIR, which `cargo
# install` honours), it reuses the release build of scripts/test-hardening.sh:
# the same command, profile and lockfile, so the installed binary is the one
# a user's `cargo install` builds.
cargo_bin=$tmp/cargo/bin
readme cargo "$cargo_bin" "$root" "cargo install --locked --path cli"
readme cargo "$cargo_bin" "$tmp/empty" "modelroute --version"
expect cargo "modelroute $version"
readme cargo "$cargo_bin" "$tmp/empty" "modelroute resolve ollama/llama3.1:8b"
expect cargo "http://localhost:11434/v1"

step "scripts/dist.sh"
# A build, not an install: it runs with the real HOME and caches (the
# setup scripts ran above).
shown dist "bash scripts/setup-wasm.sh && bash scripts/setup-dist.sh && bash scripts/dist.sh"
bash scripts/dist.sh

step "the CLI wheel: pipx install"
readme pipx "$tmp/pipx/bin" "$root" "pipx install dist/modelroute_cli-*.whl"
readme pipx "$tmp/pipx/bin" "$tmp/empty" "modelroute --version"
expect pipx "modelroute $version"

step "the CLI wheel: uv tool install, uvx --from"
readme uv "$tmp/uv/bin" "$root" "uv tool install dist/modelroute_cli-*.whl"
readme uv "$tmp/uv/bin" "$tmp/empty" "modelroute resolve ollama/llama3.1:8b"
expect uv "http://localhost:11434/v1"
readme uvx "$tmp/nobin" "$root" "uvx --from dist/modelroute_cli-*.whl modelroute --version"
expect uvx "modelroute $version"

step "the npm tarball in a new project"
readme npm "$tmp/nobin" "$tmp/project" "npm init -y && npm install <clone>/dist/modelroute-*.tgz"
readme npm "$tmp/nobin" "$tmp/project" \
  "node -e 'console.log(require(\"modelroute\").resolve(\"ollama/llama3.1:8b\", process.env).litellm)'"
expect npm "http://localhost:11434/v1"

step "shell completions where the README puts them"
readme completions "$cargo_bin" "$tmp/empty" \
  "mkdir -p ~/.local/share/bash-completion/completions && modelroute completions bash > ~/.local/share/bash-completion/completions/modelroute"
readme completions "$cargo_bin" "$tmp/empty" "mkdir -p ~/.zfunc && modelroute completions zsh > ~/.zfunc/_modelroute"
readme completions "$cargo_bin" "$tmp/empty" \
  "mkdir -p ~/.config/fish/completions && modelroute completions fish > ~/.config/fish/completions/modelroute.fish"
for file in .local/share/bash-completion/completions/modelroute .zfunc/_modelroute .config/fish/completions/modelroute.fish; do
  [ -s "$tmp/home/$file" ] || fail "completions: ~/$file is missing or empty"
done
if [ -r /usr/share/bash-completion/bash_completion ]; then
  # bash-completion loads ~/.local/share/bash-completion/completions/<cmd>
  # the first time <cmd> is completed.
  HOME=$tmp/home XDG_DATA_HOME=$tmp/home/.local/share PATH=$cargo_bin:$base_path \
    bash --norc --noprofile -c 'source /usr/share/bash-completion/bash_completion
      __load_completion modelroute && complete -p modelroute' >/dev/null ||
    fail "completions: bash-completion does not load ~/.local/share/bash-completion/completions/modelroute"
  echo "completions: bash-completion loads ~/.local/share/bash-completion/completions/modelroute"
else
  echo "completions: bash-completion is not installed; on-demand loading not checked"
fi

step "every install path works"
