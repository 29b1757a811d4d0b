#!/usr/bin/env bash
# GitHub API calls per request lifecycle and per drift sweep, counted by the
# GitHub test server against a real backend and the real GitHub executor.
# Usage: bash bench/github/run.sh   (settings: see bench/github/README.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
[ -d "$TFPILOT_ROOT/node_modules/@octokit/openapi" ] || bash "$TFPILOT_ROOT/scripts/install.sh"
cd "$here/.."
exec node --require @backstage/cli-node/config/nodeTransform.cjs github/calls.ts "$@"
