#!/usr/bin/env bash
# Runs the Playwright suite. On Linux as root it runs inside a private network namespace with a veth pair:
# Chromium gathers no ICE candidates with loopback alone, and test traffic must never leave the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
self="$here/$(basename "$0")"
cd "$here"

if [ "$(uname -s)" = "Linux" ] && [ "$(id -u)" = "0" ] && [ -z "${CANOPY_IN_NETNS:-}" ] \
  && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
  exec unshare -n env CANOPY_IN_NETNS=1 bash -c '
    set -e
    ip link set lo up
    ip link add v0 type veth peer name v1
    ip addr add 10.200.0.1/24 dev v0
    ip link set v1 up
    ip link set v0 up
    ip route add default via 10.200.0.2 dev v0
    exec "$0" "$@"' "$self" "$@"
fi

exec pnpm exec playwright test "$@"
