#!/usr/bin/env bash
# Bounded load run of `rsr serve` on loopback (see `make loadtest`): starts the release server, drives
# it with wrk for a fixed time with a mix of valid and invalid requests, reports throughput, latency,
# status counts and the server's peak RSS, then stops it with SIGTERM. Fails on any 5xx, on socket
# errors, or if the server does not exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."

RSR=${RSR:-.build/release/rsr}
PORT=${LOADTEST_PORT:-18181}
DURATION=${LOADTEST_DURATION:-20s}
CONNECTIONS=${LOADTEST_CONNECTIONS:-8}
THREADS=${LOADTEST_THREADS:-2}
PNG=${LOADTEST_PNG:-Samples/chelsea.png}
JPEG=${LOADTEST_JPEG:-Samples/rocket.jpg}
LOG=$(mktemp -t rsr-loadtest-XXXXXX.log)
DATA=$(mktemp -d -t rsr-loadtest-data-XXXXXX)

# The cache is off so that every valid request is decoded, upscaled and encoded.
"$RSR" serve --host 127.0.0.1 --port "$PORT" --cache-bytes 0 --queue 64 --data-dir "$DATA" \
  --log-level warning >"$LOG" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

. scripts/wait-ready.sh
wait_ready "http://127.0.0.1:$PORT" "$SERVER" "$LOG" || exit 1

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, models: $(curl -s "http://127.0.0.1:$PORT/v1/models")"
OUTPUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s scripts/loadtest.lua \
  "http://127.0.0.1:$PORT" -- "$PNG" "$JPEG")
echo "$OUTPUT" | sed -n '/status counts/,$p'

PEAK_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER/status")
echo "server peak RSS: $((PEAK_KB / 1024)) MiB"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^rsr_(errors_total|output_megapixels_total)' || true

kill -TERM "$SERVER"
STATUS=0
wait "$SERVER" || STATUS=$?
trap - EXIT
rm -rf "$DATA"
echo "server exit status after SIGTERM: $STATUS"

FAILED=0
echo "$OUTPUT" | grep -q '^5xx: 0$' || { echo "FAIL: server errors (5xx) during the run"; FAILED=1; }
echo "$OUTPUT" | grep -q 'socket errors: connect 0, read 0, write 0, timeout 0' || { echo "FAIL: socket errors"; FAILED=1; }
[ "$STATUS" = 0 ] || { echo "FAIL: server did not exit cleanly"; FAILED=1; }
[ "$FAILED" = 0 ] || { echo "server log: $LOG"; exit 1; }
rm -f "$LOG"
echo "loadtest passed"
