#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run the whole check: lint, types, tests.
#   scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff" && ruff check src tests benchmarks tools
echo "== mypy" && mypy
echo "== pytest" && pytest -q -p no:cacheprovider "$@"
