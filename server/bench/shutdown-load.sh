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
source "$(dirname "$0")/lib.sh"
start_demo_and_proxy

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
