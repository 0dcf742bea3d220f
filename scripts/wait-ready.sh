# Sourced by the scripts that start `rsr serve` (loadtest.sh, soak.sh): wait_ready URL PID LOG waits
# up to 20 s for URL/readyz to answer, and fails with the server's log if the server exits first.
wait_ready() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 1 200); do
    curl -sf "$url/readyz" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server exited early:"; cat "$log"; return 1; }
    sleep 0.1
  done
  echo "server not ready after 20 s:"; cat "$log"; return 1
}
