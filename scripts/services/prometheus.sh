#!/usr/bin/env bash
# Test service: makes sure a real Prometheus (Debian's package) is installed for the telemetry tests. It starts
# nothing: each test starts its own Prometheus process with its API on a free loopback port and a configuration
# file naming the silo it scrapes (tests/Saliency.Telemetry.Tests/PrometheusProcess.cs); promtool, from the same
# package, validates the deployment's Prometheus configuration (tests/Saliency.Deploy.Tests).
# Called by scripts/test with SERVICES_DIR set. Idempotent; skips quietly when it cannot be installed (no apt).
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "prometheus.sh: prometheus is not installed and apt-get is unavailable; skipping" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
{ apt-get install -y --no-install-recommends prometheus \
    || { apt-get update && apt-get install -y --no-install-recommends prometheus; }; } \
  >"$SERVICES_DIR/prometheus-install.log" 2>&1 \
  || echo "prometheus.sh: could not install prometheus (see $SERVICES_DIR/prometheus-install.log); skipping" >&2
exit 0
