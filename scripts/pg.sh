#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for trying linkwatch's PostgreSQL store by hand: prints a URL to give
# `linkwatch --db` (or LINKWATCH_DB), and stops the server and deletes its folder on Enter or Ctrl-C.
# The tests start their own (tests/conftest.py, fixture pg_database).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
exec "$PY" tests/pgcluster.py
