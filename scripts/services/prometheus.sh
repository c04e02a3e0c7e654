#!/usr/bin/env bash
# Test service: a real Prometheus (Debian's package) for the telemetry tests.
# Serves its HTTP API on 127.0.0.1:19090 and scrapes the test silo's /metrics on 127.0.0.1:19464 every second
# (the ports are fixed; the tests use the same numbers: tests/Saliency.Telemetry.Tests/PrometheusService.cs).
# Called by scripts/test with SERVICES_DIR set; writes $SERVICES_DIR/prometheus.pid. Idempotent (does nothing when
# a Prometheus already answers on the port); skips quietly when it cannot be installed (no apt).
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"
port=19090
target=127.0.0.1:19464

ready() { curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; }

if ready; then
  exit 0
fi
if ! command -v prometheus >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "prometheus.sh: prometheus is not installed and apt-get is unavailable; skipping" >&2
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends prometheus \
      || { apt-get update && apt-get install -y --no-install-recommends prometheus; }; } \
    >"$SERVICES_DIR/prometheus-install.log" 2>&1 \
    || { echo "prometheus.sh: could not install prometheus (see $SERVICES_DIR/prometheus-install.log); skipping" >&2; exit 0; }
fi

dir="$SERVICES_DIR/prometheus"
mkdir -p "$dir/data"
cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: saliency-silo
    static_configs:
      - targets: ["$target"]
YAML
nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
echo $! >"$SERVICES_DIR/prometheus.pid"
for _ in $(seq 1 100); do
  ready && exit 0
  sleep 0.2
done
echo "prometheus.sh: Prometheus did not become ready on 127.0.0.1:$port (see $dir/prometheus.log)" >&2
exit 0
