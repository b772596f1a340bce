#!/usr/bin/env bash
# Load figure for `dify-logs-server proxy`: builds release, starts the demo
# on a free loopback port and the proxy in front of it, runs a bounded wrk
# load on /v1/workflows/logs?limit=20 through the proxy (and, for
# comparison, straight at the demo), prints requests/s, p99 latency and the
# error count, then stops both.
#
# Usage: server/bench/proxy-load.sh
#   env: THREADS=2 CONNS=32 DURATION=10s; BIN=path/to/dify-logs-server to
#   measure that binary instead of building this tree's release one.
set -euo pipefail

THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
DURATION=${DURATION:-10s}
KEY=app-bench
TARGET="/v1/workflows/logs?limit=20"

cd "$(dirname "$0")/../.."
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

"$BIN" demo --addr 127.0.0.1:0 --key "$KEY" >"$tmp/demo.out" 2>"$tmp/demo.err" &
pids+=($!)
demo=$(listening_addr "$tmp/demo.out")

# The key goes in through the environment; the rate limit is raised for
# the run (one client IP makes all the requests).
DIFY_API_KEY="$KEY" "$BIN" proxy --upstream "http://$demo/v1" --addr 127.0.0.1:0 \
  --rate-limit-per-minute 1000000000 --max-concurrency 256 \
  >"$tmp/proxy.out" 2>"$tmp/proxy.err" &
pids+=($!)
proxy=$(listening_addr "$tmp/proxy.out")

summary() { # $1: label, $2: wrk output file
  local rps p50 p99 non2xx sock
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$2")
  p50=$(awk '$1 == "50%" {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$2")
  sock=$(awk '/Socket errors:/ {s=0; for (i=4;i<=NF;i+=2) {gsub(",","",$i); s+=$i}; print s}' "$2")
  printf '%-28s %10s req/s   p50 %-9s p99 %-9s errors %s (non-2xx %s, socket %s)\n' \
    "$1" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${sock:-0} ))" "${non2xx:-0}" "${sock:-0}"
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency http://PROXY$TARGET  (demo at $demo, proxy at $proxy)"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://$proxy$TARGET" >"$tmp/proxy.wrk"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $KEY" \
  "http://$demo$TARGET" >"$tmp/demo.wrk"
echo "--- proxy -> demo"; cat "$tmp/proxy.wrk"
echo "--- demo directly (baseline)"; cat "$tmp/demo.wrk"
echo "--- summary"
summary "proxy -> demo" "$tmp/proxy.wrk"
summary "demo directly" "$tmp/demo.wrk"
if grep -q "$KEY" "$tmp/proxy.err"; then echo "the key appeared in the proxy log!" >&2; exit 1; fi
echo "proxy log lines: $(wc -l <"$tmp/proxy.err")"
