#!/usr/bin/env bash
# Test service: makes sure Debian's chromium is installed for the report's browser check
# (tests/Saliency.Reporting.Tests/BrowserReportTests.cs). It starts nothing: each test starts its own headless
# Chromium with a fresh profile and drives it over the DevTools protocol on a free loopback port (no separate
# driver is needed). Called by scripts/test with SERVICES_DIR set. Idempotent. Fails loudly (exit 1 with a message,
# which stops scripts/test) when chromium is missing and cannot be installed: the browser test would fail anyway.
# $SALIENCY_CHROMIUM, when set, names another Chromium executable and nothing is installed.
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"
. "$(dirname "$0")/../lib/apt-install.sh"

if [ -n "${SALIENCY_CHROMIUM:-}" ]; then
  [ -x "$SALIENCY_CHROMIUM" ] && exit 0
  echo "chromium.sh: SALIENCY_CHROMIUM=$SALIENCY_CHROMIUM is not an executable file" >&2
  exit 1
fi
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! apt_available; then
  echo "chromium.sh: chromium is not installed and apt-get is unavailable; install Chromium or set SALIENCY_CHROMIUM" >&2
  exit 1
fi
# The shared helper waits (bounded, SALIENCY_APT_LOCK_WAIT) for a package lock another install holds, then fails loudly.
apt_install "$SERVICES_DIR/chromium-install.log" chromium \
  || { echo "chromium.sh: ERROR: chromium is needed by the report's browser test and was not installed (see above)" >&2; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium.sh: apt-get installed chromium but there is no 'chromium' on PATH" >&2
  exit 1
fi
