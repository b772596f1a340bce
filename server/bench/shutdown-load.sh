#!/usr/bin/env bash
# Shutdown under load for `dify-logs-server proxy`: the demo on a free
# loopback port, the proxy in front of it, a bounded wrk load through the
# proxy, and SIGTERM to the proxy part-way through. Prints what wrk got,
# how many answers the proxy logged, the proxy's exit code and its last
# log line, and the number of requests the proxy accepted but did not
# answer (answers it logged that wrk never received, plus connections it
# cut off when the grace period ran out). The target is 0.
#
# Usage: server/bench/shutdown-load.sh
#   env: THREADS=2 CONNS=32 DURATION=10 (seconds) SIGNAL_AT=5 (seconds);
#   BIN=path/to/dify-logs-server to measure that binary instead of
#   building this tree's release one.
set -euo pipefail

THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
DURATION=${DURATION:-10}
SIGNAL_AT=${SIGNAL_AT:-5}
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

DIFY_API_KEY="$KEY" "$BIN" proxy --upstream "http://$demo/v1" --addr 127.0.0.1:0 \
  --rate-limit-per-minute 1000000000 --max-concurrency 256 \
  >"$tmp/proxy.out" 2>"$tmp/proxy.err" &
proxy_pid=$!
proxy=$(listening_addr "$tmp/proxy.out")

echo "wrk -t$THREADS -c$CONNS -d${DURATION}s http://PROXY$TARGET, SIGTERM to the proxy at ${SIGNAL_AT}s"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" "http://$proxy$TARGET" >"$tmp/wrk.out" 2>&1 &
wrk_pid=$!
sleep "$SIGNAL_AT"
kill -TERM "$proxy_pid"
code=0
wait "$proxy_pid" || code=$?
wait "$wrk_pid" || true
cat "$tmp/wrk.out"

# Answers the proxy logged: JSON or text lines of this tree, or the
# one-line-per-request format of older builds ("proxy IP METHOD ...").
logged=$(grep -c -E '"message":"response"|\}: response |^proxy [0-9a-f.:]+ [A-Z]+ ' "$tmp/proxy.err" || true)
received=$(awk '/requests in/ {print $1}' "$tmp/wrk.out")
cut_off=$(grep -o 'cut_off=[0-9]*' "$tmp/proxy.err" | tail -1 | cut -d= -f2 || true)
echo "--- summary"
echo "proxy exit code:             $code"
echo "proxy's last log line:       $(tail -1 "$tmp/proxy.err")"
echo "answers logged by the proxy: $logged"
echo "answers received by wrk:     $received"
echo "accepted, then failed:       $(( logged - received + ${cut_off:-0} ))"
