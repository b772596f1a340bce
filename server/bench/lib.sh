# Shared by proxy-load.sh and shutdown-load.sh (sourced, not run): the
# server binary, a temporary directory cleaned on exit, and the demo with
# the proxy in front of it on free loopback ports.
#   env: BIN=path/to/dify-logs-server measures that binary instead of
#   building this tree's release one.

KEY=app-bench
TARGET="/v1/workflows/logs?limit=20"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p dify-logs-server
  BIN=target/release/dify-logs-server
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Waits for the "listening on http://ADDR" line in $1 and prints ADDR.
listening_addr() {
  for _ in $(seq 100); do
    if line=$(grep -m1 -o 'listening on http://[^ ]*' "$1" 2>/dev/null); then
      echo "${line#listening on http://}"
      return 0
    fi
    sleep 0.1
  done
  echo "server did not start; see $1" >&2
  return 1
}

# Starts the demo and the proxy in front of it; sets demo, proxy (their
# addresses) and proxy_pid. The key goes in through the environment; the
# rate limit is raised for the run (one client IP makes all the requests).
start_demo_and_proxy() {
  "$BIN" demo --addr 127.0.0.1:0 --key "$KEY" >"$tmp/demo.out" 2>"$tmp/demo.err" &
  pids+=($!)
  demo=$(listening_addr "$tmp/demo.out")
  DIFY_API_KEY="$KEY" "$BIN" proxy --upstream "http://$demo/v1" --addr 127.0.0.1:0 \
    --rate-limit-per-minute 1000000000 --max-concurrency 256 \
    >"$tmp/proxy.out" 2>"$tmp/proxy.err" &
  proxy_pid=$!
  proxy=$(listening_addr "$tmp/proxy.out")
}
