# Shared by scripts/services/*.sh (sourced, not run): installs Debian packages with apt-get, waiting a bounded time
# for the package lock that another apt/dpkg run (unattended-upgrades, a second install, a provisioning script)
# may hold, and failing loudly when it cannot install: the test command then stops with the reason instead of
# skipping the service and failing later in unrelated-looking tests.
#
#   apt_install LOG PACKAGE...     returns 0 once installed, 1 (after printing why on stderr) when it cannot
#
# Settings (environment; the defaults are the real ones, tests point them at temporary files):
#   SALIENCY_APT_LOCK_WAIT  seconds to wait for the lock in all (default 300)
#   SALIENCY_APT_LOCKS      lock files to wait for (default: dpkg's and apt's four lock files)
#   SALIENCY_APT_GET        the apt-get command (default apt-get)
# A lock counts as held when /proc/locks lists a lock (flock or POSIX, as dpkg/apt take them) on that file's
# device and inode; apt-get itself also gets -o DPkg::Lock::Timeout=<the time left> for the race after the check.

apt_lock_files() {
  echo "${SALIENCY_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"
}

# Prints "FILE PID" for the first lock file some process holds a lock on; prints nothing when all are free.
apt_lock_holder() {
  local file dev ino key pid
  [ -r /proc/locks ] || return 0
  for file in $(apt_lock_files); do
    [ -e "$file" ] || continue
    dev=$(stat -c %d "$file") || continue
    ino=$(stat -c %i "$file") || continue
    key=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff)) $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) "$ino")
    pid=$(awk -v key="$key" '$6 == key { print $5; exit } $7 == key { print $6; exit }' /proc/locks)
    if [ -n "$pid" ]; then
      echo "$file $pid"
      return 0
    fi
  done
}

# Waits until no lock file is held or the deadline (epoch seconds) passes; returns 1 (after a message) on timeout.
apt_wait_for_lock() {
  local deadline=$1 what=$2 holder announced=""
  while holder=$(apt_lock_holder) && [ -n "$holder" ]; do
    set -- $holder
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "apt-install: ERROR: the package lock $1 is still held by process $2 ($(cat /proc/"$2"/comm 2>/dev/null || echo gone)) after ${SALIENCY_APT_LOCK_WAIT:-300} s;" \
        "cannot install $what. Let the other installation finish (or stop it), then run the tests again." >&2
      return 1
    fi
    if [ -z "$announced" ]; then
      echo "apt-install: waiting up to ${SALIENCY_APT_LOCK_WAIT:-300} s for the package lock $1 (held by process $2, $(cat /proc/"$2"/comm 2>/dev/null || echo '?')) to install $what ..." >&2
      announced=yes
    fi
    sleep 1
  done
  [ -z "$announced" ] || echo "apt-install: the package lock is free; installing $what" >&2
  return 0
}

# True when there is an apt-get to install with (a machine without one is not Debian-like: the caller skips).
apt_available() {
  command -v "${SALIENCY_APT_GET:-apt-get}" >/dev/null 2>&1
}

apt_install() {
  local log=$1
  shift
  local what="$*" apt_get=${SALIENCY_APT_GET:-apt-get} wait=${SALIENCY_APT_LOCK_WAIT:-300}
  local deadline=$(($(date +%s) + wait)) left step
  export DEBIAN_FRONTEND=noninteractive
  : >"$log"
  # Install from the lists present; if that fails (stale or missing lists), update them and try once more.
  for step in install update-then-install; do
    apt_wait_for_lock "$deadline" "$what" || return 1
    left=$((deadline - $(date +%s)))
    [ "$left" -gt 0 ] || left=1
    if [ "$step" = update-then-install ]; then
      echo "apt-install: installing $what failed; running apt-get update first" >>"$log"
      "$apt_get" -o DPkg::Lock::Timeout="$left" update >>"$log" 2>&1 || continue
      left=$((deadline - $(date +%s)))
      [ "$left" -gt 0 ] || left=1
    fi
    if "$apt_get" -o DPkg::Lock::Timeout="$left" install -y --no-install-recommends "$@" >>"$log" 2>&1; then
      return 0
    fi
  done
  echo "apt-install: ERROR: could not install $what with $apt_get (log: $log); its last lines:" >&2
  tail -n 15 "$log" | sed 's/^/  | /' >&2
  return 1
}
