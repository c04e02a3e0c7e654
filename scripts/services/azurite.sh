#!/usr/bin/env bash
# Test service: Azurite (Azure Blob + Table emulator, npm package azurite) for the storage and clustering tests.
# Blob on 127.0.0.1:10000, Table on 127.0.0.1:10002 (the fixed ports the tests use: AzuriteService.cs), data in
# memory. Installs azurite@3.37.0 into .ci/.cache/azurite (npm install --prefix); the storage outage tests start
# their own Azurite from that install, so it is installed even when an Azurite already answers on 10000 (then only
# the start is skipped). Called by scripts/test with SERVICES_DIR set; writes $SERVICES_DIR/azurite.pid.
# Idempotent; an interrupted install leaves the cache as it was. Skips when node/npm are unavailable; fails (exit 1)
# when the npm install fails.
set -u
: "${SERVICES_DIR:?SERVICES_DIR must be set (scripts/test sets it)}"
root=$(cd "$(dirname "$0")/../.." && pwd)
prefix="$root/.ci/.cache/azurite"
version=3.37.0
bin="$prefix/node_modules/.bin/azurite"

listening() { (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "azurite.sh: node/npm unavailable; skipping" >&2
  exit 0
fi
installed=$(node -p "require('$prefix/node_modules/azurite/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
  # Installed into a fresh folder beside the cache and moved into place only once complete, so an interrupted
  # install (a cancelled CI run) or two at once never leave a half-written prefix behind: npm refuses to install
  # over some half-written lock files ("Invalid Version"), which made every later run of this script fail.
  # Folders of installs that died more than an hour ago are removed.
  mkdir -p "$(dirname "$prefix")"
  find "$(dirname "$prefix")" -maxdepth 1 -name 'azurite.install.*' -mmin +60 -exec rm -rf {} + 2>/dev/null
  staging=$(mktemp -d "$prefix.install.XXXXXX")
  npm install --prefix "$staging" --no-audit --no-fund --loglevel=error "azurite@$version" \
    >"$SERVICES_DIR/azurite-install.log" 2>&1 \
    || { rm -rf "$staging"
         echo "azurite.sh: ERROR: npm install of azurite@$version failed; its last lines:" >&2
         tail -n 15 "$SERVICES_DIR/azurite-install.log" | sed 's/^/  | /' >&2; exit 1; }
  rm -rf "$prefix" && mv "$staging" "$prefix"
fi
if listening; then
  exit 0
fi

# Azurite may hang on SIGTERM (it waits for open connections), so the pid written is that of a small wrapper
# whose TERM handler kills Azurite outright (its data is in memory; nothing to save).
(
  trap 'kill -KILL "$child" 2>/dev/null; exit 0' TERM INT
  "$bin" --blobHost 127.0.0.1 --blobPort 10000 --tableHost 127.0.0.1 --tablePort 10002 \
    --queueHost 127.0.0.1 --queuePort 10001 --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl \
    --silent >"$SERVICES_DIR/azurite.log" 2>&1 &
  child=$!
  wait "$child"
) &
echo $! >"$SERVICES_DIR/azurite.pid"
for _ in $(seq 1 100); do
  listening && exit 0
  sleep 0.2
done
echo "azurite.sh: Azurite did not start on 127.0.0.1:10000 (see $SERVICES_DIR/azurite.log)" >&2
exit 0
