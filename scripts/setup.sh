#!/usr/bin/env bash
# Set up linkwatch on a fresh machine: system packages (apt), a virtual environment
# with every Python dependency pinned by hash (requirements.lock), the project itself,
# and the web UI's front-end packages (npm, by package-lock.json).
# Safe to run again: each step skips what is already in place.
#   scripts/setup.sh            everything
#   SKIP_APT=1 scripts/setup.sh  without system packages (no root)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# 1. System packages: Debian's Chromium for the browser tests and the brief's screenshot, and Debian's
#    PostgreSQL server for the PostgreSQL store's tests (each run starts a throw-away cluster: tests/pgcluster.py;
#    the package's own cluster is not used).
apt_wanted=()
command -v chromium >/dev/null 2>&1 || apt_wanted+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || apt_wanted+=(postgresql)
if [ -z "${SKIP_APT:-}" ] && [ ${#apt_wanted[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${apt_wanted[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_wanted[@]}" >/dev/null
  else
    log "${apt_wanted[*]} missing and not root: browser or PostgreSQL tests will be skipped (install Debian's packages)"
  fi
fi

# 2. Python: a venv with hash-checked, pinned dependencies, then linkwatch itself.
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "linkwatch needs Python 3.11"'
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.lock-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  log "installing pinned dependencies (requirements.lock, hash-checked)"
  .venv/bin/python -m pip install -q --upgrade "pip>=24"
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
  rm -f .venv/.lock-*; touch "$stamp"
fi

# 3. Front-end packages for the web UI (Cytoscape.js, Leaflet), exactly as locked.
if [ -f package-lock.json ] && command -v npm >/dev/null 2>&1; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    log "installing front-end packages (npm ci)"
    npm ci --no-audit --no-fund --silent
  fi
fi
log "ready: .venv/bin/linkwatch --help"
