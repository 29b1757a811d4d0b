#!/usr/bin/env bash
# Installs the workspace's dependencies. Idempotent: skipped when nothing that
# affects the install changed since the last successful run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TFPILOT_ROOT"

stamp_file="node_modules/.tfpilot-install-stamp"
install_fingerprint() {
  {
    node --version
    echo "${npm_config_nodedir:-}"
    cat yarn.lock .yarnrc.yml 2>/dev/null
    git ls-files -co --exclude-standard -- 'package.json' '*/package.json' 2>/dev/null |
      grep -v node_modules | sort | xargs cat
  } | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(require("crypto").createHash("sha256").update(s).digest("hex")))'
}

fingerprint="$(install_fingerprint)"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$fingerprint" ]; then
  tfpilot_log "dependencies up to date (node $(node --version))"
  exit 0
fi

tfpilot_log "installing dependencies with node $(node --version), headers from ${npm_config_nodedir:-node-gyp default}"
yarn install
# Fingerprint again: the install itself may have updated yarn.lock.
install_fingerprint >"$stamp_file"
