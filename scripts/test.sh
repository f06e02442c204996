#!/usr/bin/env bash
# `npm test`: the whole suite (unit, integration, e2e) on real PostgreSQL and Redis, then the browser tests
# (Playwright with Debian's Chromium, test/browser).
# Extra arguments go to Jest only, e.g. `npm test -- test/api`, and then the browser tests are skipped unless
# GUANKAO_BROWSER=1; GUANKAO_BROWSER=0 skips them always.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
browser=${GUANKAO_BROWSER:-$([ $# -eq 0 ] && echo 1 || echo 0)}
ensure_dependencies
ensure_services
ensure_report_tools
ensure_office
if [ "$browser" = 1 ]; then ensure_browser; fi
echo "==> Type-checking and building"
npx tsc -p tsconfig.test.json && npx tsc -p apps/web/tsconfig.json && npx tsc -p test/browser/tsconfig.json
echo "==> Linting (typescript-eslint, layers: tools/lint/eslint.config.mjs)"
npm run lint --silent
rm -rf dist && npm run build --silent
echo "==> Running the tests"
NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest "$@"
if [ "$browser" = 1 ]; then
  echo "==> Running the browser tests"
  npx playwright test -c test/browser/playwright.config.ts
fi
