#!/usr/bin/env bash
# Test service: makes sure a real Prometheus (Debian's package) is installed for the telemetry tests. It starts
# nothing: each test starts its own Prometheus process with its API on a free loopback port and a configuration
# file naming the silo it scrapes (tests/Saliency.Telemetry.Tests/PrometheusProcess.cs); promtool, from the same
# package, validates the deployment's Prometheus configuration (tests/Saliency.Deploy.Tests).
# Called by scripts/test with SERVICES_DIR set. Idempotent. Installs with scripts/lib/apt-install.sh, which waits
# (bounded) for a package lock another install holds; when it still cannot install, this script fails (exit 1) and
# the test command stops with the reason. Without apt-get at all it skips (the telemetry tests then fail).
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"
. "$(dirname "$0")/../lib/apt-install.sh"

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if ! apt_available; then
  echo "prometheus.sh: prometheus is not installed and apt-get is unavailable; skipping" >&2
  exit 0
fi
apt_install "$SERVICES_DIR/prometheus-install.log" prometheus \
  || { echo "prometheus.sh: ERROR: prometheus and promtool are needed by the telemetry tests and were not installed (see above)" >&2; exit 1; }
exit 0
