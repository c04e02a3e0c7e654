# Stopping the test services that scripts/test started (sourced by scripts/test; tested by ServiceScriptTests).
#
# stop_services DIR: for every DIR/*.pid, sends SIGTERM and waits (up to $SALIENCY_SERVICE_STOP_WAIT seconds, 15 by
# default) until the process has exited, then SIGKILLs what is left; only then removes DIR. Removing DIR while a
# server is still shutting down races with it: Redis writes its log lines on SIGTERM and re-creates redis.log inside
# DIR after `rm -rf` emptied it, so rm failed with "Directory not empty" and, from the EXIT trap, turned a green test
# run into exit code 1. A folder that still cannot be removed is reported as a warning; it never changes the exit
# status, which is the tests' (scripts/test passes it through).

# True while process $1 exists and is not a zombie (PID 1 in a container need not reap re-parented servers).
service_alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# Milliseconds since the epoch (bash 5's EPOCHREALTIME; $SECONDS counts whole seconds and would cut waits short).
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }

stop_services() {
  local dir=$1 wait_s=${SALIENCY_SERVICE_STOP_WAIT:-15} pidfile pid name deadline i
  local -a pids=() names=()
  for pidfile in "$dir"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null) || continue
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid"); names+=("$(basename "$pidfile" .pid)")
  done
  deadline=$(($(now_ms) + wait_s * 1000))
  for i in "${!pids[@]}"; do
    pid=${pids[$i]}; name=${names[$i]}
    while service_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
    if service_alive "$pid"; then
      echo "stop_services: $name (process $pid) did not exit ${wait_s} s after SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do service_alive "$pid" || break; sleep 0.1; done
    fi
  done
  rm -rf "$dir" 2>/dev/null || { sleep 1; rm -rf "$dir" 2>/dev/null; } \
    || echo "stop_services: warning: could not remove $dir (left in place)" >&2
  return 0
}
