#!/usr/bin/env bash
# Issue 6 and 7: wall time of the monthly report and of the 12-month archive on Online Retail, from the CSV.gz and
# the XLSX, with a cold and a warm parse cache (RUNS runs each; min, median, max).
#
#   swift build -c release && bash Benchmarks/monthly.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
DATA=../shared/data/online_retail
OUT=$(mktemp -d)
export XDG_CACHE_HOME="$OUT/cache"
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
measure() {  # label, then the rfm arguments
  local label=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    [ "${CACHE:-cold}" = cold ] && rm -rf "$XDG_CACHE_HOME"
    /usr/bin/time -f "%e" -o "$OUT/t" .build/release/rfm "$@" --quiet
    times+=("$(cat "$OUT/t")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{a[NR]=$1} END {printf "%-60s min %.2f  median %.2f  max %.2f s\n", l, a[1], a[int((NR+1)/2)], a[NR]}'
}
for file in "Online Retail.csv.gz" "Online Retail.xlsx"; do
  CACHE=cold measure "report (whole year), $file, no cache" report "$DATA/$file" --out "$OUT/r" --no-cache
  .build/release/rfm report "$DATA/$file" --out "$OUT/r" --quiet --cache
  CACHE=warm measure "report (whole year), $file, warm cache" report "$DATA/$file" --out "$OUT/r" --cache
  CACHE=cold measure "--month 2011-11, $file, no cache" report "$DATA/$file" --month 2011-11 --out "$OUT/m" --no-cache
  CACHE=cold measure "--months 2011-01...2011-12, $file, no cache" report "$DATA/$file" --months 2011-01...2011-12 --out "$OUT/a" --no-cache
  CACHE=warm measure "--months 2011-01...2011-12, $file, warm cache" report "$DATA/$file" --months 2011-01...2011-12 --out "$OUT/a" --cache
done
rm -rf "$OUT"
