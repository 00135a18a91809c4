#!/usr/bin/env bash
# Installs what Switchboard needs to build, run and test, skipping what is
# already there. Versions come from Trunk.toml (trunk, wasm-bindgen,
# wasm-opt) and package.json (npm tools), so they are pinned in one place;
# wasm-split-cli, which Trunk does not know, is pinned here.
# Safe to run again; prints one line per tool.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
toml() { sed -n "s/^$1 *= *\"\\(.*\\)\"/\\1/p" Trunk.toml | head -n 1; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

WASM_BINDGEN_VERSION=$(toml wasm_bindgen)
LOCKED=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$WASM_BINDGEN_VERSION" != "$LOCKED" ]; then
  echo "setup: Trunk.toml pins wasm-bindgen $WASM_BINDGEN_VERSION but Cargo.lock has $LOCKED; make them equal." >&2
  exit 1
fi
TRUNK_REQ=$(toml trunk-version)           # ^0.21
TRUNK_MINOR=${TRUNK_REQ#^}                # 0.21
WASM_OPT_VERSION=$(toml wasm_opt)          # version_132
WASM_OPT_VERSION=${WASM_OPT_VERSION#version_}
# The splitter's section format goes with wasm_split_helpers (Cargo.lock).
WASM_SPLIT_VERSION=0.2.4

# Rust target for the browser.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.21.x (0.22 needs a newer rustc than this machine's).
if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_MINOR\."; then
  say "trunk: $(trunk --version)"
else
  say "installing trunk ~$TRUNK_MINOR (about 8 minutes)"
  cargo install trunk --version "~$TRUNK_MINOR" --locked
fi

# wasm-bindgen-cli, exactly the Cargo.lock version. No --locked: its
# lockfile names a crate version the registry here lacks.
if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "wasm-bindgen: $WASM_BINDGEN_VERSION"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-split-cli: splits the wasm into a main module and chunks loaded on
# demand (scripts/split.mjs, run by every build). It has no --version, so
# cargo's list of installed crates tells its version.
if command -v wasm-split-cli >/dev/null \
   && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "wasm-split-cli: $WASM_SPLIT_VERSION"
else
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# Chromium and its driver, for browser tests (Debian packages). `--run-only`
# (scripts/run.sh) skips them: running the console needs no test browser.
if [ "${1:-}" = "--run-only" ]; then
  say "chromium: not needed to run the console"
elif command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  say "chromium: $(chromium --version 2>/dev/null | head -n 1)"
else
  say "installing chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

# nginx and its brotli_static module, for the deploy smoke suite (tests/deploy/
# serves the release build with deploy/nginx/switchboard.conf). Debian's
# nginx package starts a daemon on port 80 when installed; a test machine
# needs only the binary, so a policy-rc.d keeps it from starting (and is
# taken away after). Skipped with --run-only, like the test browser.
NGINX_BROTLI=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
if [ "${1:-}" = "--run-only" ]; then
  say "nginx: not needed to run the console"
elif command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  if [ -f "$NGINX_BROTLI" ]; then
    say "nginx: $(/usr/sbin/nginx -v 2>&1 | head -n 1), brotli_static present"
  else
    say "installing libnginx-mod-http-brotli-static"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libnginx-mod-http-brotli-static
  fi
else
  say "installing nginx and libnginx-mod-http-brotli-static"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  POLICY=/usr/sbin/policy-rc.d
  OURS=""
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# scripts/setup.sh: no daemon starts while nginx installs\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod 755 "$POLICY"
    OURS=1
  fi
  $SUDO apt-get update -qq
  status=0
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx libnginx-mod-http-brotli-static || status=$?
  if [ -n "$OURS" ]; then $SUDO rm -f "$POLICY"; fi
  if [ "$status" -ne 0 ]; then exit "$status"; fi
  if [ ! -f "$NGINX_BROTLI" ]; then
    echo "setup: $NGINX_BROTLI is missing after installing libnginx-mod-http-brotli-static" >&2
    exit 1
  fi
fi

# npm tools: binaryen (wasm-opt), Playwright, axe-core (accessibility scans) and
# Lighthouse (benchmark), pinned in package.json.
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/@playwright/test ] && [ -d node_modules/lighthouse ] \
   && [ -d node_modules/@axe-core/playwright ] \
   && node_modules/.bin/wasm-opt --version | grep -q "version $WASM_OPT_VERSION"; then
  say "npm tools: present"
else
  say "installing npm tools (binaryen, @playwright/test, @axe-core/playwright, lighthouse)"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
if ! node_modules/.bin/wasm-opt --version | grep -q "version $WASM_OPT_VERSION"; then
  echo "setup: node_modules wasm-opt is not version $WASM_OPT_VERSION as Trunk.toml pins; align package.json." >&2
  exit 1
fi
say "ready"
