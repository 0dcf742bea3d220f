#!/usr/bin/env bash
# Server soak (docs/security.md): `rsr serve` on loopback for SOAK_SECONDS (default 600) under a mix of
# valid uploads, asynchronous jobs, invalid requests (garbage, truncated images, bad parameters, wrong
# methods, oversized and broken chunked bodies), slow clients (half a header, a body trickled then
# abandoned, a silent connection) and clients that hang up mid-request. Samples RSS and open file
# descriptors every 10 s. Fails on any 5xx other than a 503 the server announces for overload, on a
# silent connection held past --header-timeout, on an error-level log line, if RSS after warm-up grows by
# more than SOAK_RSS_GROWTH_MB (default 64) or the descriptor count does not return to its idle value.
#   bash scripts/soak.sh      (make soak; SOAK_SECONDS, SOAK_PORT, RSR)
set -uo pipefail
cd "$(dirname "$0")/.."

RSR=${RSR:-.build/release/rsr}
PORT=${SOAK_PORT:-18282}
DURATION=${SOAK_SECONDS:-600}
GROWTH_MB=${SOAK_RSS_GROWTH_MB:-64}
HEADER_TIMEOUT=3
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rsr-soak.XXXXXX")
PNG=Samples/alpha.png
JPEG=Samples/rocket.jpg

# Small inputs (256x256 RGBA PNG, 512x342 JPEG) keep each valid request a fraction of a second.
"$RSR" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --cache-bytes 8M --concurrency 2 --queue 8 \
  --header-timeout "$HEADER_TIMEOUT" --body-timeout 3 --idle-timeout 5 --job-ttl 30 --log-level warning \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null; jobs -p | xargs -r kill 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
. scripts/wait-ready.sh
wait_ready "$URL" "$SERVER" "$WORK/server.log" || exit 1
head -c 4000 "$PNG" > "$WORK/truncated.png"
head -c 20000 /dev/urandom > "$WORK/garbage.bin"
head -c 300000 /dev/zero > "$WORK/zeros.bin"

rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status"; }
fds() { ls "/proc/$SERVER/fd" | wc -l; }
IDLE_FDS=$(fds)
END=$((SECONDS + DURATION))
# Each client appends "<label> <status>" per request to its own file.
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@"; }

valid_client() {
  while ((SECONDS < END)); do
    echo "upscale-png $(code --data-binary @"$PNG" -H 'Content-Type: image/png' "$URL/v1/upscale?scale=2")"
    echo "upscale-jpeg $(code --data-binary @"$JPEG" "$URL/v1/upscale?scale=2&format=jpeg&quality=80")"
    echo "residual $(code --data-binary @"$JPEG" "$URL/v1/residual?scale=2")"
    echo "healthz $(code "$URL/healthz")"
  done > "$WORK/valid.$1"
}
job_client() {
  while ((SECONDS < END)); do
    local id status
    id=$(curl -s --max-time 30 --data-binary @"$JPEG" "$URL/v1/jobs?scale=2" | grep -o '"id" *: *"[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
    echo "job-submit ${id:+202}"
    [[ -z $id ]] && continue
    for _ in $(seq 1 300); do
      status=$(curl -s --max-time 10 "$URL/v1/jobs/$id" | grep -o '"status" *: *"[a-z]*"' | grep -o '[a-z]*"$' | tr -d '"')
      [[ $status == done || $status == failed ]] && break
      sleep 0.1
    done
    echo "job-$status $(code "$URL/v1/jobs/$id/result")"
  done > "$WORK/jobs"
}
# Sends a raw request (printf format) and prints the status of the answer.
raw_request() {
  { exec 3<> "/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || { echo refused; return; }
  printf "$1" >&3
  timeout 10 head -1 <&3 | grep -o ' [0-9][0-9][0-9] ' | tr -d ' '
  exec 3>&-
}
invalid_client() {
  while ((SECONDS < END)); do
    echo "garbage $(code --data-binary @"$WORK/garbage.bin" "$URL/v1/upscale")"
    echo "truncated $(code --data-binary @"$WORK/truncated.png" "$URL/v1/upscale?scale=2")"
    echo "bad-param $(code --data-binary @"$JPEG" "$URL/v1/upscale?scale=7&colour=red")"
    echo "wrong-method $(code -X DELETE "$URL/v1/upscale")"
    echo "no-route $(code "$URL/v2/nothing")"
    echo "too-large $(code --data-binary @"$WORK/zeros.bin" -H 'Content-Length: 900000000' "$URL/v1/upscale")"
    echo "bad-chunked $(raw_request 'POST /v1/upscale HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n')"
    echo "unknown-job $(code "$URL/v1/jobs/0123456789abcdef0123456789abcdef/result")"
  done > "$WORK/invalid"
}
slow_client() {
  while ((SECONDS < END)); do
    # Half a header, then gone.
    { exec 3<> "/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null && { printf 'POST /v1/upscale HTTP/1.1\r\nHost: x\r\n' >&3; sleep 1; exec 3>&-; }
    # A body trickled, then abandoned mid-way.
    { exec 3<> "/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null && {
      printf 'POST /v1/upscale HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n' >&3
      for _ in 1 2; do head -c 1000 "$PNG" >&3 2>/dev/null; sleep 0.5; done
      exec 3>&-
    }
    # A client that hangs up while its image is being upscaled.
    echo "hang-up $(code --max-time 0.3 --data-binary @"$PNG" "$URL/v1/upscale?scale=2")"
    # A silent connection: the server must close it after --header-timeout.
    { exec 3<> "/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null && {
      if timeout $((HEADER_TIMEOUT + 5)) cat <&3 > /dev/null; then echo "silent closed"; else echo "silent held"; fi
      exec 3>&-
    }
  done > "$WORK/slow"
}

echo "soak: ${DURATION}s on $URL, idle fds $IDLE_FDS, rss $(( $(rss_kb) / 1024 )) MB"
valid_client 1 & valid_client 2 & job_client & invalid_client & slow_client &
WARMUP=$((DURATION / 5))
SAMPLES=()
while ((SECONDS < END)); do
  sleep 10
  kill -0 "$SERVER" 2>/dev/null || { echo "FAIL: the server died"; tail -20 "$WORK/server.log"; exit 1; }
  SAMPLES+=("$((DURATION - (END - SECONDS))) $(rss_kb) $(fds)")
done
wait $(jobs -p | grep -v "^$SERVER$") 2>/dev/null
sleep $((HEADER_TIMEOUT + 6)) # connections still open time out (idle 5 s, header 3 s)
FINAL_FDS=$(fds)

printf '%s\n' "${SAMPLES[@]}" > "$WORK/samples"
WARM_RSS=$(awk -v w="$WARMUP" '$1 >= w { print $2; exit }' "$WORK/samples")
MAX_AFTER=$(awk -v w="$WARMUP" '$1 >= w && $2 > m { m = $2 } END { print m }' "$WORK/samples")
LAST_RSS=$(tail -1 "$WORK/samples" | awk '{ print $2 }')
FD_RANGE=$(awk '{ if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3 } END { print min "-" max }' "$WORK/samples")
cat "$WORK"/valid.* "$WORK/jobs" "$WORK/invalid" "$WORK/slow" > "$WORK/all"
TOTAL=$(grep -c ' [0-9]' "$WORK/all")
echo "requests: $TOTAL answered; by kind and status:"
sort "$WORK/all" | uniq -c | sort -rn | awk '{ printf "  %6d %s %s\n", $1, $2, $3 }'
UNEXPECTED=$(awk '$2 ~ /^5/ && $2 != 503' "$WORK/all" | wc -l)
echo "RSS: $((WARM_RSS / 1024)) MB after warm-up (${WARMUP}s), max $((MAX_AFTER / 1024)) MB after it, $((LAST_RSS / 1024)) MB at the end"
echo "fds: $IDLE_FDS idle before, $FD_RANGE during, $FINAL_FDS after the clients stopped"

FAILED=0
((UNEXPECTED == 0)) || { echo "FAIL: $UNEXPECTED unexpected 5xx"; FAILED=1; }
grep -q 'silent held' "$WORK/slow" && { echo "FAIL: a silent connection was held past --header-timeout"; FAILED=1; }
# StreamLogHandler lines: "<timestamp> <level> <label> : ...".
grep -qE '^[^ ]+ (error|critical) ' "$WORK/server.log" && { echo "FAIL: error lines in the server log:"; grep -E '^[^ ]+ (error|critical) ' "$WORK/server.log" | head -5; FAILED=1; }
((MAX_AFTER - WARM_RSS <= GROWTH_MB * 1024)) || { echo "FAIL: RSS grew by $(((MAX_AFTER - WARM_RSS) / 1024)) MB after warm-up"; FAILED=1; }
((FINAL_FDS <= IDLE_FDS + 2)) || { echo "FAIL: $FINAL_FDS fds after the run, $IDLE_FDS before"; FAILED=1; }
kill -TERM "$SERVER"; wait "$SERVER"; STATUS=$?
((STATUS == 0)) || { echo "FAIL: the server exited $STATUS after SIGTERM"; FAILED=1; }
((FAILED == 0)) && echo "soak passed"
exit $FAILED
