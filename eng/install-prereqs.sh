#!/usr/bin/env bash
# Installs what the suite needs from Debian's packages, only when it is missing (idempotent, quiet).
set -euo pipefail
need=()
# PostgreSQL server binaries for the PostgreSQL store tests (usually on the machine image already).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# Headless Chromium for the Studio browser tests (Playwright drives Debian's build; its own download fails here): the
# headless shell (chromium-headless-shell, what Playwright itself runs headless tests in, a fifth of the full browser's CPU
# here) and the full browser (/usr/bin/chromium, the fallback when the shell cannot be installed; docs/studio.md).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing Debian packages: ${need[*]} (run as root or install them)" >&2; exit 1
  fi
fi
# The headless shell on its own: a machine whose package lists lack it still runs the browser tests, in the full browser.
if [ ! -x /usr/lib/chromium/chromium-headless-shell ] && [ "$(id -u)" = 0 ]; then
  timeout 300 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 \
    || { timeout 300 apt-get update -qq && timeout 300 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1; } \
    || echo "chromium-headless-shell could not be installed: the Studio's browser tests run in /usr/bin/chromium (slower)" >&2
fi
