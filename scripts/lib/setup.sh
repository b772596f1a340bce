# Shared set-up for scripts/dev, scripts/build and scripts/test: installs what
# is missing, from the registries this machine reaches (crates.io, npm,
# Debian). Sourced, not run. Pinned versions are explained in the README.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRUNK_VERSION="0.21.14"          # 0.22 needs Rust 1.96.1
WASM_BINDGEN_VERSION="0.2.130"   # must equal the locked wasm-bindgen crate
BINARYEN_VERSION="132.0.0"       # Debian's binaryen 108 breaks the output

export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_rust() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for c in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
      say "adding rustup component $c"
      rustup component add "$c"
    fi
  done
}

need_wasm_tools() {
  need_rust
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Not --locked: its lock file pins a webpki-roots version crates.io lacks.
    cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ "$("$ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ]; then
    command -v npm >/dev/null || { echo "npm is missing: install Node.js 20" >&2; exit 1; }
    say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
    npm install --prefix "$ROOT/.tools" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
}

need_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    fi
  fi
}

# Release build of the widget into dist/.
build_widget() {
  need_wasm_tools
  say "building the widget (trunk build --release)"
  (cd "$ROOT" && trunk build --release --offline)
}

build_server() {
  need_rust
  say "building dify-logs-server"
  (cd "$ROOT" && cargo build --release -p dify-logs-server)
}
