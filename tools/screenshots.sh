#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots/*.png): the demo site's home page, a fact
# sheet and a country page at desktop and phone widths, the Arabic fixture's home page, and a
# fact sheet's print view (printed to A4 by Chromium, first page).
#
# Needs Debian's chromium, poppler-utils (pdftoppm) and fonts-noto-core (Latin and Arabic
# text), and playwright-core in .ci/tools (`bash .ci/run` installs it, or
# `npm install --prefix .ci/tools --ignore-scripts playwright-core`).
#
# Usage: tools/screenshots.sh [OUT_DIR]     (default: docs/screenshots)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"

for tool in chromium pdftoppm node python3; do
    command -v "$tool" >/dev/null || {
        echo "tools/screenshots.sh needs $tool: apt-get install chromium poppler-utils fonts-noto-core nodejs python3" >&2
        exit 1
    }
done
test -d .ci/tools/node_modules/playwright-core || {
    echo "no playwright-core in .ci/tools: npm install --prefix .ci/tools --ignore-scripts playwright-core" >&2
    exit 1
}

work=$(mktemp -d)
server=""
cleanup() {
    if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

fiche() { cargo run --release --quiet -- "$@"; }
# Served from a sub-path, as many agencies publish.
fiche build --output "$work/root/sub/demo" --base-url https://example.org/sub/demo/
cp -r tests/sites/arabic "$work/arabic"
fiche build --root "$work/arabic" --output "$work/root/sub/arabic"

port=$((20000 + RANDOM % 20000))
python3 -m http.server --bind 127.0.0.1 --directory "$work/root" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/sub/demo/')" 2>/dev/null; then break; fi
    sleep 0.1
done

node tools/screenshots.mjs "http://127.0.0.1:$port/sub/demo/" "$out" "http://127.0.0.1:$port/sub/arabic/"
# The web editor open on a fact sheet (cms-form.png): taken by the Decap browser test, which
# needs decap-cms and decap-server in .ci/tools (`bash .ci/run` installs them).
if [[ -f .ci/tools/node_modules/decap-cms/package.json ]]; then
    FICHE_NODE_MODULES=$PWD/.ci/tools/node_modules FICHE_CMS_SCREENSHOT=$(realpath "$out")/cms-form.png \
        cargo test --test integration cms::decap -- --ignored
fi
ls -l "$out"
