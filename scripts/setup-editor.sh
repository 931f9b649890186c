#!/usr/bin/env bash
# Idempotent, cached set-up of a real VS Code (code-server from npm) for the end-to-end tests.
#
#   scripts/setup-editor.sh            # prepare everything (skips what is already done)
#
# Everything comes from Debian's packages and the npm registry (no other network access needed):
#   - apt: chromium, libkrb5-dev, libsecret-1-dev, pkg-config, build-essential, python3,
#     fonts-wqy-microhei (Chinese text in the zh-cn scenario's screenshots, not boxes)
#   - npm: node@24 (into $CACHE/node24), code-server@$CODE_SERVER_VERSION (into $CACHE/cs)
#
# Cache folder: ${XENLAT_CACHE:-$HOME/.cache/xenlat}. On success the last line printed is
#   XENLAT_EDITOR_READY node=<path to node 24> entry=<path to code-server entry.js> chromium=<path>
# See docs in /work/shared/notes/real-vscode-offline.md for why it is done this way.
set -euo pipefail

CACHE="${XENLAT_CACHE:-$HOME/.cache/xenlat}"
NODE_MAJOR=24
CODE_SERVER_VERSION="${XENLAT_CODE_SERVER_VERSION:-4.139.1}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/cs"
NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
CS_MARKER="$CS_DIR/.xenlat-installed-$CODE_SERVER_VERSION"

log() { printf '[setup-editor] %s\n' "$*"; }

# Run a command without the environment an outer npm (e.g. `npm test`) hands its scripts: npm_config_*
# variables are read as configuration by a nested npm (npm_config_user_agent names the outer Node 20, and
# code-server's postinstall refuses to run when it reads that), and npm_config_prefix/nodedir/node_gyp or
# NODE would point the nested install and its native builds at the wrong Node. Whatever invoked this script
# (bash, npm test, CI), the nested npm then sees the same environment.
without_npm_env() {
  local unset_args=() name
  while IFS= read -r name; do
    case "$name" in npm_*|NODE|INIT_CWD) unset_args+=(-u "$name") ;; esac
  done < <(compgen -e)
  env "${unset_args[@]}" "$@"
}

mkdir -p "$CACHE"

# Serialize concurrent runs (e.g. two test runs started at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.setup.lock"
  if ! flock -n 9; then
    log "another set-up is running; waiting for it (lock $CACHE/.setup.lock)"
    flock 9
  fi
fi

# ---------------------------------------------------------------- 1. Debian packages
# Shared with the other scripts: installs what is missing (and, with XENLAT_FRESH=1, proves that what is
# present would install on a new machine).
bash "$(dirname "$0")/ensure-apt.sh" chromium libkrb5-dev libsecret-1-dev pkg-config build-essential python3 fonts-wqy-microhei
CHROMIUM="$(command -v chromium || true)"
if [ -z "$CHROMIUM" ]; then
  echo "[setup-editor] ERROR: chromium not found on PATH after installing the Debian package" >&2
  exit 1
fi

# ---------------------------------------------------------------- 2. Node 24 from npm
node_ok() {
  [ -x "$NODE_BIN" ] && "$NODE_BIN" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."
}
if node_ok; then
  log "Node $("$NODE_BIN" --version) present in $NODE_DIR"
else
  log "installing Node $NODE_MAJOR from npm into $NODE_DIR (npm install node@$NODE_MAJOR)"
  mkdir -p "$NODE_DIR"
  without_npm_env npm install --no-audit --no-fund --prefix "$NODE_DIR" "node@$NODE_MAJOR"
  if ! node_ok; then
    echo "[setup-editor] ERROR: $NODE_BIN is not a working Node $NODE_MAJOR after install" >&2
    exit 1
  fi
  log "Node $("$NODE_BIN" --version) installed"
fi
NODE_BIN_DIR="$(dirname "$NODE_BIN")"

# ---------------------------------------------------------------- 3. code-server from npm
cs_ok() {
  [ -f "$CS_MARKER" ] && [ -f "$CS_ENTRY" ] &&
    "$NODE_BIN" "$CS_ENTRY" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"
}
if cs_ok; then
  log "code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR with Node $NODE_MAJOR first on PATH (takes ~4-5 min)"
  rm -f "$CS_DIR"/.xenlat-installed-*
  mkdir -p "$CS_DIR"
  # code-server's postinstall refuses to run as root without unsafe_perm; its native modules
  # (kerberos, argon2, ...) are compiled against Node 24 headers, so Node 24 must come first on PATH.
  # (npm's launcher is "#!/usr/bin/env node", so with Node 24 first on PATH npm itself runs on Node 24.)
  without_npm_env PATH="$NODE_BIN_DIR:$PATH" npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION"
  if ! "$NODE_BIN" "$CS_ENTRY" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then
    echo "[setup-editor] ERROR: code-server did not install correctly ($CS_ENTRY --version failed)" >&2
    exit 1
  fi
  touch "$CS_MARKER"
  log "code-server installed: $("$NODE_BIN" "$CS_ENTRY" --version | head -1)"
fi

log "ready"
echo "XENLAT_EDITOR_READY node=$NODE_BIN entry=$CS_ENTRY chromium=$CHROMIUM"
