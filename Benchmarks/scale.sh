#!/usr/bin/env bash
# Issue 7: how a whole `rfm report` grows with the number of rows, on generated logs (`rfm generate`, one customer per
# ten rows), and the reading throughput of CSV, CSV.gz and XLSX, beside the reference pipeline on the same files.
#
#   swift build -c release && bash Benchmarks/scale.sh [ROWS ...]        (default: 1000000 2000000 5000000 10000000)
#
# Per size: `rfm report FILE.csv.gz --no-cache` once (wall, peak RSS, stages from timings.json); then the reference
# (`rfm_reference.py --variants log1p`) on the same file with a time limit (REF_TIMEOUT, default 600 s) when
# /tmp/refvenv exists, with its exit status (137 = killed for memory, 124 = out of time). At 1,000,000 rows the same
# log is also written as CSV and XLSX for the reading throughput.
set -uo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(1000000 2000000 5000000 10000000)
PY=${PY:-/tmp/refvenv/bin/python}
REF=../shared/reference/rfm_reference.py
REF_TIMEOUT=${REF_TIMEOUT:-600}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1 /proc/loadavg)"
stages() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = {**d["stages"], **d.get("steps", {})}  # clustering stages, then the run's steps by name
keys = ["read", "clean", "rfm", "score", "segment", "kmeans", "ward_tree", "gaussian_mixture", "silhouette", "cluster",
        "charts", "pages", "files", "workbook", "total"]
print(" | ".join(f"{k} {t.get(k, 0):.2f}" for k in keys))
PY
}
for rows in "${SIZES[@]}"; do
  customers=$((rows / 10))
  file="$WORK/log-$rows.csv.gz"
  /usr/bin/time -f "%e" -o "$WORK/gen.time" .build/release/rfm generate --customers "$customers" --transactions "$rows" --seed 1 --out "$file" >/dev/null
  echo "== $rows rows, $customers customers: generated in $(cat "$WORK/gen.time") s ($(du -m "$file" | cut -f1) MB CSV.gz)"
  /usr/bin/time -f "%e %M" -o "$WORK/rfm.time" .build/release/rfm report "$file" --out "$WORK/report-$rows" --quiet --no-cache
  read -r wall rss < "$WORK/rfm.time"
  echo "rfm report: wall $wall s, peak RSS $((rss / 1024)) MiB | $(stages "$WORK/report-$rows/timings.json")"
  if [ -x "$PY" ]; then
    /usr/bin/time -f "%e %M" -o "$WORK/ref.time" timeout "$REF_TIMEOUT" "$PY" "$REF" "$file" --variants log1p --quiet --out "$WORK/ref.json" >/dev/null 2>"$WORK/ref.err"
    status=$?
    read -r rwall rrss < <(tail -1 "$WORK/ref.time")
    echo "reference: exit $status, wall $rwall s, peak RSS $((rrss / 1024)) MiB $( [ $status -ne 0 ] && tail -1 "$WORK/ref.err" | cut -c1-160)"
  fi
  if [ "$rows" = 1000000 ]; then
    for ext in csv xlsx; do
      .build/release/rfm generate --customers "$customers" --transactions "$rows" --seed 1 --out "$WORK/log.$ext" >/dev/null
    done
    for f in "$WORK/log.csv" "$file" "$WORK/log.xlsx"; do
      .build/release/rfm report "$f" --out "$WORK/read" --quiet --no-cache
      python3 - "$WORK/read/timings.json" "$f" "$rows" <<'PY'
import json, os, sys
t = json.load(open(sys.argv[1]))["stages"]["read_and_clean"]
size = os.path.getsize(sys.argv[2]) / 1e6
print(f"read + clean {os.path.basename(sys.argv[2])}: {t:.2f} s, {size:.0f} MB, {size / t:.0f} MB/s, {int(sys.argv[3]) / t / 1e6:.2f} M rows/s")
PY
    done
  fi
  rm -rf "$WORK/report-$rows"
done
