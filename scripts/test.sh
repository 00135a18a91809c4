#!/usr/bin/env bash
# Runs every test of Switchboard on a fresh machine: installs what is missing
# (scripts/setup.sh), then formatting and lints, native unit tests, browser
# component tests, the release build and its size budget, the Playwright
# end-to-end suite against the release build and the sandbox, and the deploy
# smoke suite against the release build served by nginx with
# deploy/nginx/switchboard.conf. Stops at the first failure. Tests that need
# servers start and stop them themselves, also when they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native: api layer, sandbox)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32: the console)"
cargo clippy -p switchboard --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native unit tests"
cargo test --workspace

step "browser component tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p switchboard --target wasm32-unknown-unknown

step "release build"
trunk build --release
node scripts/size.mjs dist --check

step "end-to-end (Playwright, release build + sandbox)"
cargo build -p sandbox
npx playwright test -c tests/e2e/playwright.config.ts

step "deploy smoke (Playwright, release build served by nginx + sandbox)"
npx playwright test -c tests/deploy/playwright.config.ts
