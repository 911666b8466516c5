#!/usr/bin/env bash
# Idempotent set-up for Meshlens on Debian or Ubuntu with Node 20+.
# Installs only what is missing and says what it does:
#   - npm dependencies, exactly from package-lock.json (npm ci), when node_modules is absent
#     or older than the lock file.
# Later parts of Meshlens add Debian packages (prometheus, chromium) here, the same way.
# --quiet prints only the steps that change something.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { echo "setup: $*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

stamp=node_modules/.meshlens-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dependencies from package-lock.json (npm ci)"
  # Browsers come from Debian's chromium package, never from a download at install time.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
else
  $quiet || say "npm dependencies are up to date"
fi
