#!/bin/sh
# Builds the libFuzzer targets FuzzCSV, FuzzXLSX, FuzzRules, FuzzModel and FuzzCache (address sanitizer on) and
# runs each for SECONDS (default 600).
# Usage: Fuzz/run.sh [SECONDS] [csv|xlsx|rules|model|cache|both|all]   (both = csv and xlsx; from anywhere; see Fuzz/README.md)
#   FUZZ_PARALLEL=1  run both fuzzers at the same time (one core each) instead of one after the other
#   FUZZ_WORK=DIR    where new corpus entries, crashes and logs go (default: a new folder under /tmp)
#   LOCK=FILE        build through `flock FILE` when set (a shared build machine)
set -eu
SECONDS_EACH=${1:-600}
WHICH=${2:-both}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${FUZZ_WORK:-$(mktemp -d /tmp/rfm-fuzz.XXXXXX)}
SCRATCH="$ROOT/.build-fuzz"
cd "$ROOT"

build() {
    # One -sanitize= flag: a second `-Xswiftc -sanitize=...` replaces the first. FUZZING removes the replay `main`.
    set -- swift build -c release --scratch-path "$SCRATCH" --product "$1" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
    if [ -n "${LOCK:-}" ]; then flock "$LOCK" "$@"; else "$@"; fi
}

targets=""
case "$WHICH" in
    csv) targets="FuzzCSV" ;;
    xlsx) targets="FuzzXLSX" ;;
    rules) targets="FuzzRules" ;;
    model) targets="FuzzModel" ;;
    cache) targets="FuzzCache" ;;
    both) targets="FuzzCSV FuzzXLSX" ;;
    all) targets="FuzzCSV FuzzXLSX FuzzRules FuzzModel FuzzCache" ;;
    *) echo "usage: $0 [SECONDS] [csv|xlsx|rules|model|cache|both|all]" >&2; exit 2 ;;
esac
for t in $targets; do build "$t"; done
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

seeds() {
    case $1 in
        FuzzCSV) echo Fuzz/corpus/csv ;;
        FuzzXLSX) echo Fuzz/corpus/xlsx ;;
        FuzzRules) echo Fuzz/corpus/rules ;;
        FuzzModel) echo Fuzz/corpus/model ;;
        FuzzCache) echo Fuzz/corpus/cache ;;
    esac
}

run() {
    name=$1
    seeds=$2
    mkdir -p "$WORK/$name/corpus" "$WORK/$name/artifacts"
    echo "fuzzing $name for ${SECONDS_EACH}s; new corpus entries in $WORK/$name/corpus, log $WORK/$name.log"
    # Swift's own crash backtracer would hold the process; libFuzzer and ASan report the crash instead.
    SWIFT_BACKTRACE=enable=no "$BIN/$name" "$WORK/$name/corpus" "$seeds" \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$WORK/$name/artifacts/" > "$WORK/$name.log" 2>&1 || true
    tail -n 20 "$WORK/$name.log"
    ls "$WORK/$name/artifacts"
}

if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
    for t in $targets; do
        s=$(seeds "$t")
        run "$t" "$s" &
    done
    wait
else
    for t in $targets; do
        s=$(seeds "$t")
        run "$t" "$s"
    done
fi
echo "done; findings (crash-*, timeout-*, leak-*, oom-*) are in $WORK/*/artifacts"
