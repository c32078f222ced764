#!/usr/bin/env bash
# Builds every release artifact into dist/, writes dist/SHA256SUMS, then
# checks that each artifact installs and runs from a clean temporary
# location. Exits non-zero, naming the artifact, on any failure.
#
#   dist/modelroute-<version>-<host triple>.tar.gz   the CLI for this platform:
#       modelroute-<version>-<host>/modelroute           (profile `dist`)
#       modelroute-<version>-<host>/README.md, LICENSE-MIT, LICENSE-APACHE
#       modelroute-<version>-<host>/completions/         bash, zsh, fish,
#                                                        PowerShell, elvish
#   dist/modelroute_cli-<version>-py3-none-<platform>.whl  the CLI wheel
#       (`modelroute-cli`, packaging/cli-wheel, built by maturin)
#   dist/modelroute-<version>-cp39-abi3-<platform>.whl  the Python library
#       (`modelroute`, python/, built by maturin)
#   dist/modelroute-<version>.tgz   the npm package (wasm/build.sh)
#   dist/SHA256SUMS                 `sha256sum -c SHA256SUMS` checks them
#
# Idempotent: every run starts from an empty dist/. The CLI tarball is
# reproducible (sorted entries, fixed owner and mtime: SOURCE_DATE_EPOCH,
# else the last commit's time) and so is the npm tarball; the wheel differs
# from run to run only in its SBOM (maturin's CycloneDX file has a random
# serial number and a timestamp). It writes nothing outside dist/ and a
# temporary directory, besides the build outputs the builds always write
# (cargo's target/, wasm/build.sh's wasm/pkg and wasm/pkg-dist); npm's and
# pip's caches point into the temporary directory.
#
# Needs the tools of scripts/setup-dist.sh (maturin) and
# scripts/setup-wasm.sh (wasm-bindgen, wasm-opt); run those first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)

step() { printf '\n==> dist: %s\n' "$*"; }
fail() {
  echo "dist.sh: FAIL: $*" >&2
  exit 1
}

# The tools, as scripts/setup-dist.sh installed them.
venv_bin=${XDG_CACHE_HOME:-$HOME/.cache}/modelroute-dist/venv/bin
maturin_want=$(sed -n 's/^MATURIN_VERSION=//p' scripts/setup-dist.sh)
if [ "$("$venv_bin/maturin" --version 2>/dev/null || true)" != "maturin $maturin_want" ]; then
  fail "maturin $maturin_want not found in $venv_bin; run scripts/setup-dist.sh first"
fi
for tool in cargo rustc python3 node npm tar gzip sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool not found"
done
# wasm/build.sh checks its tools too; this fails before the long builds.
if ! command -v wasm-bindgen >/dev/null || [ ! -x tests/js/node_modules/.bin/wasm-opt ]; then
  fail "wasm-bindgen or wasm-opt not found; run scripts/setup-wasm.sh first"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export npm_config_cache="$tmp/npm-cache" npm_config_update_notifier=false
export PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

meta=$(cargo metadata --locked --no-deps --format-version 1)
read -r version target_dir < <(python3 -c '
import json, sys
meta = json.load(sys.stdin)
cli = next(p for p in meta["packages"] if p["name"] == "modelroute")
print(cli["version"], meta["target_directory"])' <<<"$meta")
host=$(rustc -vV | sed -n 's/^host: //p')
if [ -z "$version" ] || [ -z "$host" ]; then fail "no version or host triple"; fi

dist=$root/dist
rm -rf "$dist"
mkdir -p "$dist"

# --- build -----------------------------------------------------------------

step "cargo build --locked --profile dist -p modelroute"
cargo build --locked --profile dist -p modelroute --bin modelroute
bin=$target_dir/dist/modelroute
[ -x "$bin" ] || fail "no binary at $bin"

name=modelroute-$version-$host
step "CLI tarball $name.tar.gz"
stage=$tmp/stage/$name
mkdir -p "$stage/completions"
cp "$bin" "$stage/modelroute"
cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"
# shell:file name, as each shell's loader looks the file up.
completions=(bash:modelroute.bash zsh:_modelroute fish:modelroute.fish powershell:_modelroute.ps1 elvish:modelroute.elv)
for pair in "${completions[@]}"; do
  "$bin" completions "${pair%%:*}" >"$stage/completions/${pair#*:}"
done
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -C "$tmp/stage" -cf - "$name" | gzip -n -9 >"$dist/$name.tar.gz"

step "CLI wheel (maturin $maturin_want, packaging/cli-wheel)"
(cd packaging/cli-wheel && "$venv_bin/maturin" build --quiet --out "$tmp/wheel")
shopt -s nullglob
wheels=("$tmp/wheel/modelroute_cli-$version-py3-none-"*.whl)
shopt -u nullglob
[ "${#wheels[@]}" -eq 1 ] ||
  fail "expected one modelroute_cli-$version-py3-none-*.whl from maturin, got: $(ls "$tmp/wheel")"
python3 - "${wheels[0]}" <<'PY' || fail "wheel: ${wheels[0]} lacks the binary or a licence"
import os, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
prefix = "-".join(os.path.basename(sys.argv[1]).split("-")[:2])  # modelroute_cli-<version>
want = {f"{prefix}.data/scripts/modelroute", f"{prefix}.dist-info/licenses/LICENSE-MIT", f"{prefix}.dist-info/licenses/LICENSE-APACHE"}
missing = want - names
sys.exit(f"missing {sorted(missing)}" if missing else 0)
PY
cp "${wheels[0]}" "$dist/"
wheel=$dist/$(basename "${wheels[0]}")

step "Python library wheel (maturin $maturin_want, python/)"
"$venv_bin/maturin" build --quiet --manifest-path python/Cargo.toml --out "$tmp/lib-wheel"
shopt -s nullglob
lib_wheels=("$tmp/lib-wheel/modelroute-$version-cp39-abi3-"*.whl)
shopt -u nullglob
[ "${#lib_wheels[@]}" -eq 1 ] ||
  fail "expected one modelroute-$version-cp39-abi3-*.whl from maturin, got: $(ls "$tmp/lib-wheel")"
cp "${lib_wheels[0]}" "$dist/"
lib_wheel=$dist/$(basename "${lib_wheels[0]}")

step "npm package (wasm/build.sh)"
bash wasm/build.sh
tgz=$dist/modelroute-$version.tgz
cp "wasm/pkg-dist/modelroute-$version.tgz" "$tgz" || fail "wasm/build.sh made no wasm/pkg-dist/modelroute-$version.tgz"

step "SHA256SUMS"
(cd "$dist" && sha256sum -- "$name.tar.gz" "$(basename "$wheel")" "$(basename "$lib_wheel")" "$(basename "$tgz")" >SHA256SUMS)
cat "$dist/SHA256SUMS"

# --- check -----------------------------------------------------------------

step "check: sha256sum -c SHA256SUMS"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match dist/"

# check_cli LABEL BIN: the installed command prints its version and
# resolves a local id, from an empty directory and a bare environment.
mkdir -p "$tmp/empty"
check_cli() {
  local label=$1 cli=$2 out
  [ -x "$cli" ] || fail "$label: no executable at $cli"
  out=$(cd "$tmp/empty" && env -i PATH=/usr/bin:/bin HOME="$tmp/empty" "$cli" --version) ||
    fail "$label: \`modelroute --version\` exited non-zero"
  [ "$out" = "modelroute $version" ] || fail "$label: \`modelroute --version\` printed '$out', want 'modelroute $version'"
  out=$(cd "$tmp/empty" && env -i PATH=/usr/bin:/bin HOME="$tmp/empty" "$cli" resolve ollama/x --no-dotenv --json) ||
    fail "$label: \`modelroute resolve ollama/x\` exited non-zero"
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])["litellm"]
want = {"model": "openai/x", "api_base": "http://localhost:11434/v1"}
got = {k: r.get(k) for k in want}
sys.exit(0 if got == want else f"got {got}, want {want}")' "$out" ||
    fail "$label: \`modelroute resolve ollama/x --json\` printed an unexpected answer: $out"
  echo "$label: $cli: $("$cli" --version), resolve ollama/x ok"
}

step "check: the CLI tarball, unpacked"
mkdir -p "$tmp/tar"
tar -xzf "$dist/$name.tar.gz" -C "$tmp/tar"
want_files=$(printf '%s\n' README.md LICENSE-MIT LICENSE-APACHE modelroute completions/{modelroute.bash,_modelroute,modelroute.fish,_modelroute.ps1,modelroute.elv} | sort)
got_files=$(cd "$tmp/tar/$name" && find . -type f | sed 's|^\./||' | sort)
if [ "$got_files" != "$want_files" ]; then
  fail "tarball: missing [$(comm -13 <(echo "$got_files") <(echo "$want_files") | paste -sd' ')]," \
    "unexpected [$(comm -23 <(echo "$got_files") <(echo "$want_files") | paste -sd' ')]"
fi
check_cli tarball "$tmp/tar/$name/modelroute"
for pair in "${completions[@]}"; do
  [ -s "$tmp/tar/$name/completions/${pair#*:}" ] || fail "tarball: empty completions/${pair#*:}"
done
bash --norc --noprofile -c 'source "$1" && complete -p modelroute' _ "$tmp/tar/$name/completions/modelroute.bash" >/dev/null ||
  fail "tarball: completions/modelroute.bash does not register a completion for modelroute in bash"
if command -v zsh >/dev/null; then zsh -n "$tmp/tar/$name/completions/_modelroute" || fail "tarball: zsh rejects completions/_modelroute"; fi
if command -v fish >/dev/null; then fish -n "$tmp/tar/$name/completions/modelroute.fish" || fail "tarball: fish rejects completions/modelroute.fish"; fi

step "check: the CLI wheel, in a fresh venv"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --no-index --no-deps "$wheel" ||
  fail "wheel: pip install $wheel failed"
check_cli wheel "$tmp/venv/bin/modelroute"

step "check: the Python library wheel, in a fresh venv"
python3 -m venv "$tmp/lib-venv"
"$tmp/lib-venv/bin/python" -m pip install --quiet --no-index --no-deps "$lib_wheel" ||
  fail "library wheel: pip install $lib_wheel failed"
(cd "$tmp/empty" && env -i PATH=/usr/bin:/bin HOME="$tmp/empty" "$tmp/lib-venv/bin/python" -c '
import sys, modelroute
got = modelroute.resolve_llm_params("ollama/x")
want = {"model": "openai/x", "api_base": "http://localhost:11434/v1", "api_key": "sk-local-no-key-required"}
sys.exit(0 if got == want and modelroute.__version__ == sys.argv[1] else f"got {got}, version {modelroute.__version__}")' "$version") ||
  fail "library wheel: modelroute.resolve_llm_params(\"ollama/x\") failed"
echo "library wheel: $(basename "$lib_wheel"): resolve_llm_params ollama/x ok"

step "check: the npm package, in a fresh project"
mkdir -p "$tmp/npm-project"
(
  cd "$tmp/npm-project"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "$tgz"
) || fail "npm: npm install $tgz failed"
# shellcheck disable=SC2016 # JavaScript, with a template literal
js_check='
const r = resolve("ollama/x", {});
const got = JSON.stringify({ model: r.litellm.model, api_base: r.litellm.api_base });
const want = JSON.stringify({ model: "openai/x", api_base: "http://localhost:11434/v1" });
if (got !== want) { console.error(`got ${got}, want ${want}`); process.exit(1); }'
(cd "$tmp/npm-project" && node -e "const { resolve } = require(\"modelroute\");$js_check") ||
  fail "npm: require(\"modelroute\").resolve(\"ollama/x\") failed"
(cd "$tmp/npm-project" && node --input-type=module -e "import { resolve } from \"modelroute\";$js_check") ||
  fail "npm: import { resolve } from \"modelroute\" failed"
echo "npm: $(basename "$tgz"): require and import, resolve ollama/x ok"

step "dist/ ($(($(date +%s) - started)) s)"
ls -l "$dist"
