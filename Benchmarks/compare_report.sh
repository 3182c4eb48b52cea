#!/usr/bin/env bash
# Times a whole `rfm report` (read, clean, RFM, 21 fits + metrics + PCA + holdout, charts, site, workbook) on the
# Online Retail files, stage by stage from timings.json (median of RUNS), beside the reference pipeline
# (pandas + scikit-learn, log1p variant, one thread) on the same files in the same run; then the engine and the
# workbook at scale.
#
#   swift build -c release && bash Benchmarks/compare_report.sh [RUNS] [--scale]
#
# Needs the reference environment at /tmp/refvenv (bash ../shared/reference/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
DATA=../shared/data/online_retail
PY=${PY:-/tmp/refvenv/bin/python}
REF=../shared/reference/rfm_reference.py
OUT=$(mktemp -d)
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
for file in "Online Retail.csv.gz" "Online Retail.xlsx"; do
  for i in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    .build/release/rfm report "$DATA/$file" --out "$OUT/r" --quiet
    end=$(date +%s.%N)
    cp "$OUT/r/timings.json" "$OUT/t$i.json"
    echo "$end - $start" | bc > "$OUT/wall$i"
  done
  "$PY" - "$OUT" "$RUNS" "$file" <<'PY'
import json, statistics, sys, pathlib
out, runs, name = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
docs = [json.load(open(out / f"t{i}.json")) for i in range(1, runs + 1)]
ts = [{**d["stages"], **d.get("steps", {})} for d in docs]  # clustering stages, then the run's steps by name
walls = [float(open(out / f"wall{i}").read()) for i in range(1, runs + 1)]
keys = ["read", "clean", "rfm", "score", "segment", "kmeans", "ward_tree", "gaussian_mixture", "silhouette",
        "davies_bouldin_calinski_harabasz", "cluster", "charts", "pages", "files", "workbook", "total"]
med = {k: statistics.median(t.get(k, 0) for t in ts) for k in keys}
print(f"rfm | {name} | " + " | ".join(f"{k} {med[k]:.3f}" for k in keys)
      + f" | process wall median {statistics.median(walls):.3f} (min {min(walls):.3f}, max {max(walls):.3f})")
PY
done
for spec in "Online Retail.csv.gz|pandas" "Online Retail.xlsx|calamine"; do
  file=${spec%|*}; engine=${spec#*|}
  args=(); [ "$engine" != pandas ] && args=(--engine "$engine")
  "$PY" "$REF" "$DATA/$file" "${args[@]}" --variants log1p --quiet --out "$OUT/ref.json" >/dev/null 2>&1
  "$PY" - "$OUT/ref.json" "$file" "$engine" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["timings_seconds"]
def total(prefix): return sum(v for k, v in t.items() if k.startswith(prefix) and isinstance(v, (int, float)))
fits = sum(v for k, v in t.items() if k.endswith(".fit"))
sil = sum(v for k, v in t.items() if k.endswith(".silhouette"))
print(f"reference | {sys.argv[2]} ({sys.argv[3]}) | load {t['load']:.2f} | clean {t['clean']:.2f} | rfm {t['rfm']:.2f} | "
      f"fits {fits:.2f} | silhouettes {sil:.2f} | total {t.get('total', float('nan')):.2f}")
PY
done
if [ "${2:-}" = "--scale" ]; then
  echo "engine, UCI features (21 fits + metrics + PCA + holdout), 2 threads:"; .build/release/SegmentationBench uci 2 | tail -3
  echo "engine, 1,000,000 synthetic customers:"; /usr/bin/time -f "wall %e s, peak RSS %M KB" .build/release/SegmentationBench synthetic 1000000 2 2>&1 | tail -4
  echo "workbook, 4,338 customers:"; /usr/bin/time -f "wall %e s, peak RSS %M KB" .build/release/WorkbookBench --customers 4338 --output "$OUT/w.xlsx" 2>&1 | tail -2
  echo "workbook, 1,000,000 customers (rows generated while writing):"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" .build/release/WorkbookBench --customers 1000000 --generated --output "$OUT/w.xlsx" 2>&1 | tail -2
fi
rm -rf "$OUT"
