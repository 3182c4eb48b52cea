#!/usr/bin/env bash
# Times rfm's read step (read + parse + clean, from run.log) and its whole report on the Online Retail files,
# beside the reference pipeline's load step (pandas / calamine / openpyxl) on the same files, in one run.
#
#   swift build -c release && bash Benchmarks/compare_read.sh [RUNS]
#
# Needs the reference environment at /tmp/refvenv (bash ../shared/reference/setup.sh) and bc.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
DATA=../shared/data/online_retail
PY=${PY:-/tmp/refvenv/bin/python}
REF=../shared/reference/rfm_reference.py
OUT=$(mktemp -d)
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for file in "Online Retail.csv.gz" "Online Retail.xlsx"; do
  reads=(); totals=()
  for i in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    .build/release/rfm report "$DATA/$file" --out "$OUT/r" --quiet
    end=$(date +%s.%N)
    reads+=("$(grep -o 'read [0-9]* rows in [0-9.]* s' "$OUT/r/run.log" | awk '{print $5}')")
    totals+=("$(echo "$end - $start" | bc)")
  done
  echo "rfm  | $file | read+clean median $(printf '%s\n' "${reads[@]}" | median) s | whole run median $(printf "%.3f" "$(printf "%s\n" "${totals[@]}" | median)") s | runs $RUNS"
done
# The reference's load step (read + type conversion + date parsing), one run each (openpyxl takes minutes).
for spec in "Online Retail.csv.gz|pandas" "Online Retail.xlsx|calamine" "Online Retail.xlsx|openpyxl"; do
  file=${spec%|*}; engine=${spec#*|}
  args=(); [ "$engine" != pandas ] && args=(--engine "$engine")
  "$PY" "$REF" "$DATA/$file" "${args[@]}" --models KMeans --k-min 2 --k-max 2 --variants log1p --quiet \
      --out "$OUT/ref.json" >/dev/null 2>&1
  "$PY" -c "import json,sys; t=json.load(open(sys.argv[1]))['timings_seconds']; print(f'reference | {sys.argv[2]} ({sys.argv[3]}) | load {t[\"load\"]:.2f} s | clean {t[\"clean\"]:.2f} s')" "$OUT/ref.json" "$file" "$engine"
done
rm -rf "$OUT"
