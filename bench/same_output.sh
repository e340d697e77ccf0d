#!/usr/bin/env bash
# Rebuilds the demo site and a 1,000-programme corpus (fr, en, es) with the current code and
# compares them byte for byte (`diff -r`) with a baseline made once with the code before a
# refactoring. A change meant to keep the output (issue 13) must print "same" twice.
#
#   bench/same_output.sh --baseline      # with the code before: make /tmp/rooms-base
#   bench/same_output.sh                 # after each step: rebuild and diff
#
# BASE (default /tmp/rooms-base) holds the baseline; PROFILE=release builds in release mode
# (default: the debug build, which the tests build anyway). FICHE_BIN=path uses that binary
# instead of building one: a baseline made by another commit's build (after merging it).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${BASE:-/tmp/rooms-base}
profile=${PROFILE:-debug}
if [ -n "${FICHE_BIN:-}" ]; then
  bin=$FICHE_BIN
else
  if [ "$profile" = release ]; then cargo build --quiet --release; else cargo build --quiet; fi
  bin=$PWD/target/$profile/fiche
fi
if [ "${1:-}" = --baseline ]; then
  out=$base
  mkdir -p "$out"
  python3 bench/generate.py --programmes 1000 --langs fr,en,es --seed 7 --out "$out/corpus" >/dev/null
else
  out=$(mktemp -d /tmp/same-output.XXXXXX)
  trap 'rm -rf "$out"' EXIT
  [ -d "$base/corpus" ] || { echo "no baseline in $base: run with --baseline first" >&2; exit 2; }
fi
"$bin" build --output "$out/demo" >/dev/null
(cd "$base/corpus" && "$bin" build --output "$out/corpus-out" >/dev/null)
[ "${1:-}" = --baseline ] && { echo "baseline in $base"; exit 0; }
status=0
for site in demo corpus-out; do
  if diff -r "$base/$site" "$out/$site" >"$out/$site.diff"; then
    echo "$site: same"
  else
    status=1
    echo "$site: DIFFERENT ($(grep -c '^diff\|^Only' "$out/$site.diff" || true) files)"
    head -20 "$out/$site.diff"
  fi
done
exit $status
