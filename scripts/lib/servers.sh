# Sourced (not run) by the scripts that start real servers on loopback:
# scripts/test-e2e.sh, scripts/test-agents.sh, scripts/bench-capabilities.sh.
# Gives them a scratch directory $WORK, a list $PIDS of the processes they
# start (append with PIDS+=($!)), and one EXIT trap that stops every one of
# those by its PID, waits for it and removes $WORK: never a kill by name,
# which could hit another run's server on the same machine.

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
