#!/usr/bin/env bash
# Installs what is needed, then runs the portal: frontend on :3000, backend on :7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TFPILOT_ROOT"

bash scripts/install.sh
# State of the embedded default (SQLite files, local object store).
mkdir -p .tfpilot/sqlite .tfpilot/objects
exec node .yarn/releases/yarn-4.13.0.cjs start "$@"
