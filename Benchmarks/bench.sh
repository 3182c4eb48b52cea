#!/usr/bin/env bash
# Issue 7: `rfm bench` (every stage of a whole report, RUNS runs, median and spread, peak memory) beside the Python
# reference pipeline (pandas + scikit-learn, log1p variant, one run) on the same input in the same run, and the ratios.
#
#   swift build -c release && bash Benchmarks/bench.sh [INPUT] [RUNS] [ENGINE]
#
# INPUT defaults to the Online Retail CSV.gz; ENGINE is the reference's XLSX reader for an .xlsx input (calamine or
# openpyxl; default calamine). Needs the reference environment at /tmp/refvenv (bash ../shared/reference/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${1:-"../shared/data/online_retail/Online Retail.csv.gz"}
RUNS=${2:-5}
ENGINE=${3:-calamine}
PY=${PY:-/tmp/refvenv/bin/python}
OUT=$(mktemp -d)
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "load average before: $(cut -d' ' -f1 /proc/loadavg)"
.build/release/rfm bench "$INPUT" --runs "$RUNS" --markdown "$OUT/rfm.md"
args=()
case "$INPUT" in *.xlsx) args=(--engine "$ENGINE") ;; esac
/usr/bin/time -f "%e %M" -o "$OUT/ref.time" "$PY" ../shared/reference/rfm_reference.py "$INPUT" "${args[@]}" --variants log1p --quiet --out "$OUT/ref.json" >/dev/null
python3 - "$OUT" "$INPUT" "${args[*]:-pandas}" <<'PY'
import json, re, sys, pathlib
out, name, engine = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
t = json.load(open(out / "ref.json"))["timings_seconds"]
wall, rss = open(out / "ref.time").read().split()
rows = {}
for line in open(out / "rfm.md"):
    m = re.match(r"\| (.+?) \| ([0-9.]+) \|", line)
    if m: rows[m.group(1)] = float(m.group(2))
fits = sum(v for k, v in t.items() if k.endswith(".fit"))
sil = sum(v for k, v in t.items() if k.endswith(".silhouette"))
pairs = [
    ("read + clean", rows["read + clean (one streaming pass)"], t["load"] + t["clean"]),
    ("RFM, scores, segments", rows["RFM, scores, segments"], t["rfm"]),
    ("clustering: 21 fits, metrics, PCA, holdout", rows["clustering, all of the above from scaling on"], fits + sil),
    ("whole run (rfm: with charts, site, workbook; reference: numbers only)", rows["whole run, wall"], float(wall)),
]
print(f"\nReference ({engine}) on {pathlib.Path(name).name}: wall {float(wall):.2f} s, peak RSS {int(rss) / 1024:.0f} MiB\n")
print("| step | rfm median (s) | reference (s) | rfm faster by |\n|---|---:|---:|---:|")
for label, a, b in pairs:
    print(f"| {label} | {a:.3f} | {b:.2f} | {b / a:.1f}× |")
PY
rm -rf "$OUT"
