#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian packages (Chromium, Neovim, the
# build tools for code-server's native modules, ripgrep) and code-server from npm,
# pinned, into .e2e-cache/. Idempotent: a second run only checks and returns.
# Why code-server, and why each of its steps is done by hand: the comments below and
# ARCHITECTURE.md ("End-to-end tests in code-server").
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CODE_SERVER_VERSION="4.100.3" # newest code-server that runs on Node 20 (VS Code 1.100.3)
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_STAMP="$CS_PREFIX/.installed"
# chromium + fonts: the UI smoke test; neovim: the second LSP client; libkrb5-dev,
# pkg-config, build-essential, python3: code-server's native modules; ripgrep: its search.
APT_PACKAGES=(chromium fonts-liberation neovim libkrb5-dev pkg-config build-essential python3 ripgrep)

log() { printf '[e2e-install] %s\n' "$*"; }

# --- Debian packages: apt-get update once, and only when something is missing.
# shellcheck source=../lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
ensure_apt_packages "${APT_PACKAGES[@]}"

# --- code-server, pinned.
if [[ -f "$CS_STAMP" ]]; then
  log "code-server $CODE_SERVER_VERSION present in $CS_PREFIX (${SECONDS} s)"
  exit 0
fi
log "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX"
rm -rf "$CS_PREFIX"
mkdir -p "$CS_PREFIX"
cd "$CS_PREFIX"
printf '{ "name": "e2e-code-server", "private": true }\n' > package.json

# Its postinstall refuses to run as root without --unsafe-perm, so skip the
# scripts and do the postinstall's work below.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
# node-pty's install runs `npx node-gyp`; an npm config of yes=false would stop it.
export npm_config_yes=true
npm rebuild --loglevel=error argon2

CS="$CS_PREFIX/node_modules/code-server"
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
# @vscode/ripgrep would download its binary from GitHub: use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh
cd "$CS/lib/vscode/extensions"
npm install --omit=dev --no-audit --no-fund --loglevel=error

node "$CS/out/node/entry.js" --version # fails here, not in a test, if the install is broken
touch "$CS_STAMP"
log "code-server installed (${SECONDS} s)"
