#!/usr/bin/env bash
# Benchmark of `tfpilot plan summarize` on generated 10,000- and
# 100,000-change plans and one larger than V8's string limit, against a bare
# JSON.parse of the same files. Usage: bash bench/plan/run.sh
# (settings: see bench/plan/README.md). Writes bench/plan/results/latest.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
cd "$TFPILOT_ROOT"
[ -d node_modules/@backstage/cli ] || bash scripts/install.sh
# Backstage's node transform loads the workspace's TypeScript sources.
exec node --require @backstage/cli/config/nodeTransform.cjs bench/plan/bench.ts "$@"
