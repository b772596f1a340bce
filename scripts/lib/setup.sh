# Shared set-up for scripts/dev, scripts/build and scripts/test: installs what
# is missing, from the registries this machine reaches (crates.io, npm,
# Debian). Sourced, not run. Pinned versions are explained in the README.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRUNK_VERSION="0.21.14"          # 0.22 needs Rust 1.96.1
WASM_BINDGEN_VERSION="0.2.130"   # must equal the locked wasm-bindgen crate
BINARYEN_VERSION="132.0.0"       # Debian's binaryen 108 breaks the output
WASM_SPLIT_VERSION="0.2.3"       # wasm_split_cli_support: must match the locked wasm_split_helpers

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
  # wasm-split-cli has no --version: ask cargo what it installed.
  if ! command -v wasm-split-cli >/dev/null \
    || ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (a minute, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
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

# Release build of the widget into dist/, split into chunks: the code the
# first rows need in dify-logs_bg.wasm, the rest (src/components/split.rs)
# in chunk files that __wasm_split.js fetches relative to the module's own
# URL. Trunk 0.21 cannot split, so the steps are spelled out here: cargo
# with relocations kept (wasm-split-cli needs them), wasm-split-cli,
# wasm-bindgen on the main part, wasm-opt on every part.
build_widget() {
  need_wasm_tools
  say "building the widget (release, split into chunks)"
  local work="$ROOT/target/split" dist="$ROOT/dist" wasm
  (cd "$ROOT" && cargo rustc -p dify-logs --lib --crate-type cdylib --release \
    --target wasm32-unknown-unknown --features split -- -C link-arg=--emit-relocs)
  rm -rf "$work" && mkdir -p "$work/split" "$work/bindgen"
  wasm-split-cli "$ROOT/target/wasm32-unknown-unknown/release/dify_logs.wasm" "$work/split" \
    --out-name dify-logs --target web
  wasm-bindgen "$work/split/dify-logs.wasm" --out-dir "$work/bindgen" --out-name dify-logs \
    --target web --keep-lld-exports --weak-refs
  rm -rf "$dist" && mkdir -p "$dist"
  cp -r "$work/bindgen/." "$dist/"
  rm -f "$dist"/*.d.ts
  cp "$work/split/__wasm_split.js" "$dist/"
  find "$work/split" -maxdepth 1 -name '*.wasm' ! -name 'dify-logs.wasm' -exec cp {} "$dist/" \;
  # wasm-split-cli writes a name subsection binaryen does not know (it
  # warns once per file and drops it).
  for wasm in "$dist"/*.wasm; do
    wasm-opt -Oz "$wasm" -o "$wasm" 2>&1 | { grep -v "unknown name subsection" || true; } >&2
  done
  cp "$ROOT/style/dify-logs.css" "$ROOT/examples/dashboard.html" "$dist/"
  sed -e '/data-trunk/d' -e 's|</head>|  <link rel="stylesheet" href="dify-logs.css" />\n    <script type="module" src="start.js"></script>\n  </head>|' \
    "$ROOT/index.html" >"$dist/index.html"
  printf 'import init from "./dify-logs.js";\nawait init();\n' >"$dist/start.js"
  # The npm package: dist/ is its root (scripts/package-tests checks it).
  cp "$ROOT/types/dify-logs.d.ts" "$dist/"
  write_package_json "$dist"
}

# dist/package.json. `files` lists what the module can fetch; index.html,
# start.js and dashboard.html are the demo's pages, not the package's.
write_package_json() {
  local dist="$1" version snippets=""
  version="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
  [ -n "$version" ] || { echo "no [package] version in Cargo.toml" >&2; return 1; }
  [ -d "$dist/snippets" ] && snippets=', "snippets/"'
  cat >"$dist/package.json" <<EOF
{
  "name": "dify-logs",
  "version": "$version",
  "description": "A WebAssembly widget that browses the logs of Dify workflow apps",
  "license": "MIT",
  "type": "module",
  "exports": {
    ".": { "types": "./dify-logs.d.ts", "import": "./dify-logs.js" },
    "./dify-logs.css": "./dify-logs.css",
    "./package.json": "./package.json"
  },
  "types": "./dify-logs.d.ts",
  "sideEffects": ["./dify-logs.css", "./dify-logs.js"],
  "files": [
    "dify-logs.js", "dify-logs_bg.wasm", "dify-logs.css", "dify-logs.d.ts",
    "__wasm_split.js", "split_*.wasm", "chunk_*.wasm"$snippets
  ]
}
EOF
}

build_server() {
  need_rust
  say "building dify-logs-server"
  (cd "$ROOT" && cargo build --release -p dify-logs-server)
}
