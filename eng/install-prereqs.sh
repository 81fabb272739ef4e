#!/usr/bin/env bash
# Installs what the suite needs from Debian's packages, only when it is missing (idempotent, quiet).
set -euo pipefail
need=()
# PostgreSQL server binaries for the PostgreSQL store tests (usually on the machine image already).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# Headless Chromium for the Studio browser tests (Playwright drives /usr/bin/chromium; its own download fails here).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing Debian packages: ${need[*]} (run as root or install them)" >&2; exit 1
  fi
fi
