#!/usr/bin/env bash
# Fails when the modules of a crate import each other in a cycle.
#
#   scripts/check-cycles.sh [SRC_DIR...]    (default: core/src wasm/src)
#
# A layered crate imports only downward: a cycle means two modules can no
# longer be understood, tested or moved apart. The checker is the shared
# tools' modcycles.py (an edge A -> B when A names `crate::b...` or
# `super::...`, doc links included), read from ../shared beside the clone,
# as CI has it; MODCYCLES=path overrides that.
set -euo pipefail
cd "$(dirname "$0")/.."

tool="${MODCYCLES:-../shared/tools/modcycles.py}"
if [ ! -f "$tool" ]; then
  echo "check-cycles: $tool not found; CI keeps a copy of shared/ beside the clone (../shared)," >&2
  echo "check-cycles: or point MODCYCLES at modcycles.py" >&2
  exit 2
fi

if [ "$#" -eq 0 ]; then
  set -- core/src wasm/src
fi

status=0
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "check-cycles: no such directory: $dir" >&2
    status=2
    continue
  fi
  python3 "$tool" "$dir" || status=1
done
exit "$status"
