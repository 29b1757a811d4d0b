#!/usr/bin/env bash
# TfPilot frontend bench: first render of the requests page with 100,000
# requests indexed, and the JavaScript a first visit loads, beside the
# catalog page measured the same way in the same run.
# Usage: bash bench/frontend/run.sh   (settings: see bench/frontend/README.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
source "$here/../../scripts/services.sh"
tfpilot_ensure_chromium
cd "$here"
exec node --require @backstage/cli-node/config/nodeTransform.cjs main.ts "$@"
