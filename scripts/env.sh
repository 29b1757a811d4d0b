# shellcheck shell=bash
# Sourced by every TfPilot script. Prepares, idempotently:
#   - a Node 22/24 on PATH (the one already there, else Node 22 from the npm registry
#     unpacked under .tools/, which git ignores);
#   - native builds against that Node's headers (npm_config_nodedir);
#   - the vendored yarn release, talking to the registry this machine's npm uses.
# Nothing here writes a registry host into a file.

TFPILOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TFPILOT_ROOT

# Exact version so every machine builds with the same Node; bump deliberately.
TFPILOT_NODE_VERSION="${TFPILOT_NODE_VERSION:-22.23.3}"
TFPILOT_TOOLS="$TFPILOT_ROOT/.tools"

tfpilot_log() { printf '\033[1;34m[tfpilot]\033[0m %s\n' "$*" >&2; }
tfpilot_die() { printf '\033[1;31m[tfpilot]\033[0m %s\n' "$*" >&2; exit 1; }

# Major version of the node on PATH, or 0 when there is none.
tfpilot_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

tfpilot_node_platform_package() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) tfpilot_die "unsupported OS $(uname -s): install Node 22 or 24 yourself and re-run" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) tfpilot_die "unsupported CPU $(uname -m): install Node 22 or 24 yourself and re-run" ;;
  esac
  echo "node-$os-$arch"
}

# Node from the npm registry: the `node-<os>-<arch>` package is the official build,
# headers included, so node-gyp needs no download either.
tfpilot_fetch_node() {
  local pkg dir
  pkg="$(tfpilot_node_platform_package)"
  dir="$TFPILOT_TOOLS/node-$TFPILOT_NODE_VERSION"
  if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || tfpilot_die "no Node 22/24 and no npm to fetch one: install Node 22 or 24"
    tfpilot_log "fetching Node $TFPILOT_NODE_VERSION ($pkg) from the npm registry into .tools/"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
      --ignore-scripts "$pkg@$TFPILOT_NODE_VERSION" >/dev/null ||
      tfpilot_die "could not fetch $pkg@$TFPILOT_NODE_VERSION from $(npm config get registry)"
  fi
  TFPILOT_NODE_HOME="$dir/node_modules/$pkg"
}

tfpilot_setup_node() {
  local major
  major="$(tfpilot_node_major)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    TFPILOT_NODE_HOME="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  else
    tfpilot_fetch_node
    export PATH="$TFPILOT_NODE_HOME/bin:$PATH"
  fi
  export TFPILOT_NODE_HOME
  # node-gyp builds against these headers instead of downloading them.
  if [ -f "$TFPILOT_NODE_HOME/include/node/common.gypi" ]; then
    export npm_config_nodedir="$TFPILOT_NODE_HOME"
  fi
}

tfpilot_setup_yarn() {
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ] && command -v npm >/dev/null 2>&1; then
    local registry
    registry="$(npm config get registry 2>/dev/null)"
    [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
  export YARN_ENABLE_TELEMETRY=0
  export YARN_ENABLE_PROGRESS_BARS=0
}

# The vendored release, whatever yarn (if any) is on PATH.
yarn() { node "$TFPILOT_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

tfpilot_setup_node
tfpilot_setup_yarn
