#!/usr/bin/env bash
# Idempotent set-up for Meshlens on Debian or Ubuntu with Node 20+.
# Installs only what is missing and says what it does:
#   - npm dependencies, exactly from package-lock.json (npm ci), when node_modules is absent
#     or older than the lock file.
#   - prometheus from Debian packages (apt-get), when the `prometheus` binary is missing:
#     `npm start` runs it as a child process (unless PROMETHEUS_URL names a server) and the
#     tests start real ones. Meshlens needs the binary only, never the package's service.
#   - with --bench only: nginx from Debian packages (apt-get), the peer proxy that
#     `npm run bench:proxy` compares the sidecar with. The benchmark runs its own nginx
#     processes on loopback ports from generated config; it needs no nginx service.
#   - the web console (vite build into apps/web/dist), when it is missing or older than its
#     sources; the server serves it.
#   - chromium from Debian packages (apt-get), when /usr/bin/chromium is missing: the
#     end-to-end tests and `npm run bench:ui` drive it (Playwright never downloads a browser).
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
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
# grep reads all of apt-cache's output: with -q it could exit first, and pipefail would then
# report apt-cache's SIGPIPE as "no candidate".
has_candidate() { apt-cache policy "$1" 2>/dev/null | grep 'Candidate: [^(]' >/dev/null; }

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

# The server serves the built console; build it when it is missing or older than its sources.
web_index=apps/web/dist/index.html
if [ ! -f "$web_index" ] ||
  [ -n "$(find apps/web/src apps/web/index.html apps/web/vite.config.ts packages/mesh-core/src \
    -newer "$web_index" -print -quit)" ]; then
  say "building the web console (vite build into apps/web/dist)"
  npm run build --silent -w @meshlens/web -- --logLevel error >/dev/null
else
  $quiet || say "the web console is built (apps/web/dist)"
fi

if command -v prometheus >/dev/null 2>&1; then
  $quiet || say "prometheus is installed ($(command -v prometheus)), for npm start and the tests"
elif ! command -v apt-get >/dev/null 2>&1; then
  if [ -n "${PROMETHEUS_URL:-}" ]; then
    say "prometheus is not installed and apt-get is not available here: npm start uses PROMETHEUS_URL," \
      "the tests that start a real Prometheus will fail" >&2
  else
    say "npm start and the tests need the prometheus binary, and apt-get is not available here:" \
      "install Prometheus yourself, or set PROMETHEUS_URL to use an existing server" >&2
    exit 1
  fi
else
  # Debian's package starts its own prometheus service (on 0.0.0.0:9090) when it is installed,
  # through invoke-rc.d or, under systemd, deb-systemd-invoke. Both ask policy-rc.d first, so a
  # policy answering 101 ("action forbidden") keeps that daemon from starting. Containers usually
  # have one already; an existing policy is the administrator's and is left alone.
  policy=/usr/sbin/policy-rc.d
  temporary_policy=false
  if [ ! -e "$policy" ]; then
    say "forbidding package services to start while prometheus installs (temporary $policy)"
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    temporary_policy=true
    trap "$sudo rm -f $policy" EXIT
  fi
  if ! has_candidate prometheus; then
    say "refreshing the Debian package lists (apt-get update)"
    $sudo apt-get update -qq
  fi
  # Without recommends: the package recommends prometheus-node-exporter, another service.
  say "installing prometheus from Debian packages (apt-get install), for npm start and the tests"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
  if $temporary_policy; then
    $sudo rm -f "$policy"
    trap - EXIT
  fi
  # The package also enables its service for the next boot. Meshlens runs its own Prometheus from
  # generated config, so the service is disabled, and stopped if an existing policy let it start:
  # through systemd, or by the pid in the init script's pid file; never by process name.
  say "disabling the prometheus service the package enabled (Meshlens starts its own)"
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now --quiet prometheus.service || true
  else
    # No systemd running: remove the boot links of both the init script and the systemd unit.
    $sudo update-rc.d prometheus disable >/dev/null 2>&1 || true
    $sudo deb-systemd-helper disable prometheus.service >/dev/null 2>&1 || true
    pidfile=/run/prometheus/prometheus.pid
    if [ -s "$pidfile" ] && pid=$(cat "$pidfile") && $sudo kill -0 "$pid" 2>/dev/null; then
      say "stopping the prometheus service the package started (pid $pid from $pidfile)"
      $sudo kill "$pid"
    fi
  fi
fi

if [ -x /usr/bin/chromium ]; then
  $quiet || say "chromium is installed (/usr/bin/chromium), for the end-to-end tests"
elif ! command -v apt-get >/dev/null 2>&1; then
  say "the end-to-end tests need Chromium at /usr/bin/chromium, and apt-get is not available here:" \
    "install Chromium yourself" >&2
  exit 1
else
  if ! has_candidate chromium; then
    say "refreshing the Debian package lists (apt-get update)"
    $sudo apt-get update -qq
  fi
  say "installing chromium from Debian packages (apt-get install), for the end-to-end tests"
  $sudo env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if $bench; then
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    $quiet || say "nginx is installed, for npm run bench:proxy"
  elif ! command -v apt-get >/dev/null 2>&1; then
    say "npm run bench:proxy needs nginx, and apt-get is not available here: install nginx yourself" >&2
    exit 1
  else
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
