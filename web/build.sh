#!/usr/bin/env bash
# Builds the browser version into web/dist/: static files (html, js, wasm) that any web server can
# host. Installs what it needs: the wasm32 target, the wasm-bindgen command-line tool at exactly the
# version in Cargo.lock, and wasm-opt from npm's binaryen.
#
#   web/build.sh            build web/dist/
#   web/build.sh --serve    build, then serve it on http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The tool must match the `wasm-bindgen` crate the game was built with, byte format and all.
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
  echo "web/build.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi

echo "== wasm32 target and wasm-bindgen $version"
rustup target add wasm32-unknown-unknown >/dev/null
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version)" != "wasm-bindgen $version" ]; then
  # Without --locked: the tool's own lockfile names crate versions the registry may not carry.
  cargo install --quiet wasm-bindgen-cli --version "$version"
fi

echo "== npm packages (binaryen for wasm-opt, playwright-core for the browser test)"
if ! [ -x web/node_modules/.bin/wasm-opt ] || ! [ -d web/node_modules/playwright-core ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== cargo build --profile web-release --target wasm32-unknown-unknown"
cargo build --profile web-release --target wasm32-unknown-unknown --features audio --bin pagerdrill

dist=web/dist
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/web-release/pagerdrill.wasm"
source_hash="$(sha256sum "$wasm" | cut -d' ' -f1)"
if [ -f "$dist/pagerdrill_bg.wasm" ] && [ "$(cat "$dist/.built-from" 2>/dev/null)" = "$source_hash" ]; then
  # wasm-opt takes minutes; the game has not changed since the last build, so neither would it.
  echo "== the game is unchanged since the last build: keeping web/dist's wasm"
else
  rm -rf "$dist"
  mkdir -p "$dist"
  echo "== wasm-bindgen --target web"
  wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name pagerdrill "$wasm"

  echo "== wasm-opt -Os"
  # The features rustc's wasm32 target emits by default; wasm-opt must be told it may keep them.
  web/node_modules/.bin/wasm-opt -Os \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$dist/pagerdrill_bg.wasm" -o "$dist/pagerdrill_bg.opt.wasm"
  mv "$dist/pagerdrill_bg.opt.wasm" "$dist/pagerdrill_bg.wasm"
  echo "$source_hash" >"$dist/.built-from"
fi

cp web/index.html web/loader.js assets/icon.png "$dist/"
# A new build must replace the offline copy: name the cache after the files it holds.
stamp="$(cat "$dist/pagerdrill_bg.wasm" "$dist/pagerdrill.js" web/index.html web/loader.js assets/icon.png \
  | sha256sum | cut -c1-16)"
sed "s/^const BUILD = 'dev';/const BUILD = '$stamp';/" web/sw.js >"$dist/sw.js"

raw="$(stat -c %s "$dist/pagerdrill_bg.wasm")"
gz="$(gzip -9 -c "$dist/pagerdrill_bg.wasm" | wc -c)"
echo "web/build.sh: $dist ready; pagerdrill_bg.wasm is $raw bytes ($gz gzipped)"

if [ "${1:-}" = "--serve" ]; then
  echo "Serving $dist on http://127.0.0.1:8080/ (Ctrl-C stops)"
  exec python3 -m http.server 8080 --bind 127.0.0.1 --directory "$dist"
fi
