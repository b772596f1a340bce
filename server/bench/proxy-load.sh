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
source "$(dirname "$0")/lib.sh"
start_demo_and_proxy
pids+=("$proxy_pid")

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
