#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests (tests/Stocktrail.BrowserTests).
# Idempotent and quiet: does nothing when it is there; otherwise, as root, installs the chromium package with apt-get
# (no prompts, no standard input). Playwright never downloads a browser of its own in this project.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing and this user is not root: run 'sudo bash scripts/ensure-chromium.sh' (apt-get install chromium)." >&2
    exit 1
fi

log=/tmp/stocktrail-chromium-install.log
echo "Installing Debian's chromium for the browser tests (log: $log)…"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get -o DPkg::Lock::Timeout=600 update -q && apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium; } </dev/null >"$log" 2>&1; then
    echo "Installing chromium failed; see $log." >&2
    exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
    echo "The chromium package installed, but /usr/bin/chromium is still missing; see $log." >&2
    exit 1
fi
