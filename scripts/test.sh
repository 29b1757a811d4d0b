#!/usr/bin/env bash
# Installs what the tests need, then runs every test, in order:
#   1. type check  2. lint  3. unit tests of every package
#   4. integration tests (SQLite and PostgreSQL)  5. browser test (Playwright + Chromium)
# Set TFPILOT_SKIP_E2E=1 to stop after step 4 (never in CI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$TFPILOT_ROOT/scripts/services.sh"
cd "$TFPILOT_ROOT"

step() { tfpilot_log "── $* ──"; }
started=$SECONDS

bash scripts/install.sh
tfpilot_ensure_postgres
tfpilot_ensure_workflow_tools
[ "${TFPILOT_SKIP_E2E:-}" = 1 ] || tfpilot_ensure_chromium

export CI="${CI:-true}" # backstage-cli test: run once, no watch mode

step "1/5 type check"
yarn tsc

step "2/5 lint"
yarn backstage-cli repo lint
yarn prettier --check . >/dev/null || { yarn prettier --check .; exit 1; }

step "3/5 unit tests"
yarn backstage-cli repo test

step "4/5 integration tests (SQLite, PostgreSQL)"
yarn workspace @tfpilot/test test:integration

if [ "${TFPILOT_SKIP_E2E:-}" != 1 ]; then
  step "5/5 browser test"
  yarn playwright test
fi

tfpilot_log "all tests passed in $((SECONDS - started))s"
