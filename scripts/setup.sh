#!/usr/bin/env bash
# Idempotent set-up for Meshlens on Debian or Ubuntu with Node 20+.
# Installs only what is missing and says what it does:
#   - npm dependencies, exactly from package-lock.json (npm ci), when node_modules is absent
#     or older than the lock file.
#   - with --bench only: nginx from Debian packages (apt-get), the peer proxy that
#     `npm run bench:proxy` compares the sidecar with. The benchmark runs its own nginx
#     processes on loopback ports from generated config; it needs no nginx service.
# Later parts of Meshlens add Debian packages (prometheus, chromium) here, the same way.
# --quiet prints only the steps that change something.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=false
bench=false
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=true ;;
    --bench) bench=true ;;
    *)
      echo "setup: unknown option $arg (known: --quiet, --bench)" >&2
      exit 2
      ;;
  esac
done
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

if $bench; then
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    $quiet || say "nginx is installed, for npm run bench:proxy"
  elif ! command -v apt-get >/dev/null 2>&1; then
    say "npm run bench:proxy needs nginx, and apt-get is not available here: install nginx yourself" >&2
    exit 1
  else
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    has_candidate() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }
    if ! has_candidate nginx-light && ! has_candidate nginx; then
      say "refreshing the Debian package lists (apt-get update)"
      $sudo apt-get update -qq
    fi
    # nginx-light (Debian 12 and older) is the smallest build with the proxy module; later
    # releases have one nginx package.
    package=nginx
    has_candidate nginx-light && package=nginx-light
    say "installing $package from Debian packages (apt-get install), for npm run bench:proxy"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
  fi
fi
