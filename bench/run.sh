#!/usr/bin/env bash
# TfPilot bench: 100,000 requests in SQLite and PostgreSQL, a real backend,
# autocannon against it, bare database/storage baselines in the same run.
# Usage: bash bench/run.sh   (settings: see bench/README.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../scripts/env.sh"
source "$here/../scripts/services.sh"
case ",${BENCH_DATABASES:-sqlite,postgres}," in
  *,postgres,*) tfpilot_ensure_postgres ;;
esac
[ -d "$TFPILOT_ROOT/node_modules/autocannon" ] || bash "$TFPILOT_ROOT/scripts/install.sh"
cd "$here"
# Backstage's node transform loads the workspace's TypeScript sources, as
# `backstage-cli package start` does for the real backend.
exec node --require @backstage/cli-node/config/nodeTransform.cjs src/main.ts "$@"
