#!/usr/bin/env bash
# `npm test`: the whole suite (unit, integration, e2e) on real PostgreSQL and Redis.
# Extra arguments go to Jest, e.g. `npm test -- test/api`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_dependencies
ensure_services
ensure_report_tools
echo "==> Type-checking and building"
npx tsc -p tsconfig.test.json && npx tsc -p apps/web/tsconfig.json
rm -rf dist && npm run build --silent
echo "==> Running the tests"
NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest "$@"
