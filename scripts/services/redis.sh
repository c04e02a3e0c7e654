#!/usr/bin/env bash
# Test service: a real Redis (Debian's redis-server) for the Orleans Redis clustering tests.
# Listens on 127.0.0.1:16379 (fixed; the tests use the same number: tests/Fixtures/RedisService.cs), no persistence,
# no password (loopback only). Each test uses its own ClusterId, so one server serves every test.
# Called by scripts/test with SERVICES_DIR set; writes $SERVICES_DIR/redis.pid. Idempotent (does nothing when a
# Redis already answers on the port). Installs redis-server with scripts/lib/apt-install.sh, which waits (bounded)
# for a package lock another install holds; when it still cannot install, this script fails (exit 1) and the test
# command stops with the reason. Without apt-get at all it skips; the tests then fail and say how to start Redis.
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"
port=16379
. "$(dirname "$0")/../lib/apt-install.sh"

ready() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; }

if command -v redis-cli >/dev/null 2>&1 && ready; then
  exit 0
fi
if ! command -v redis-server >/dev/null 2>&1; then
  if ! apt_available; then
    echo "redis.sh: redis-server is not installed and apt-get is unavailable; skipping" >&2
    exit 0
  fi
  apt_install "$SERVICES_DIR/redis-install.log" redis-server \
    || { echo "redis.sh: ERROR: redis-server is needed by the clustering tests and was not installed (see above)" >&2; exit 1; }
fi

dir="$SERVICES_DIR/redis"
mkdir -p "$dir"
# Foreground server (not daemonized) so that the pid written is the server's and scripts/test can stop it.
nohup redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --save "" --appendonly no \
  --dir "$dir" --logfile "$dir/redis.log" --daemonize no >/dev/null 2>&1 &
echo $! >"$SERVICES_DIR/redis.pid"
for _ in $(seq 1 100); do
  ready && exit 0
  sleep 0.1
done
echo "redis.sh: Redis did not answer on 127.0.0.1:$port (see $dir/redis.log)" >&2
exit 0
