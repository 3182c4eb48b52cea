#!/usr/bin/env bash
# Issue 7: `rfm bench` (every stage of a whole report, median and spread, peak memory) beside the Python reference
# pipeline (pandas + scikit-learn, log1p variant) on the same input in the same run, and the ratios.
#
#   swift build -c release && bash Benchmarks/bench.sh [INPUT] [RUNS] [ENGINE]
#
# INPUT defaults to the Online Retail CSV.gz; ENGINE is the reference's XLSX reader for an .xlsx input (calamine or
# openpyxl; default calamine). Needs the reference environment at /tmp/refvenv (bash ../shared/reference/setup.sh).
#
# The machine's speed drifts from minute to minute, and a single reference run varied from 11 to 18.5 s on the
# CSV.gz, so the two sides alternate: ROUNDS times (default 3) `rfm bench --runs RUNS` then one reference run. The
# table gives medians over the rounds (rfm: the median of each round's median) and every round's own ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${1:-"../shared/data/online_retail/Online Retail.csv.gz"}
RUNS=${2:-5}
ENGINE=${3:-calamine}
ROUNDS=${ROUNDS:-3}
PY=${PY:-/tmp/refvenv/bin/python}
OUT=$(mktemp -d)
[ -x .build/release/rfm ] || { echo "build first: swift build -c release" >&2; exit 2; }
echo "load average before: $(cut -d' ' -f1 /proc/loadavg)"
args=()
case "$INPUT" in *.xlsx) args=(--engine "$ENGINE") ;; esac
for round in $(seq 1 "$ROUNDS"); do
  .build/release/rfm bench "$INPUT" --runs "$RUNS" --markdown "$OUT/rfm-$round.md" > "$OUT/rfm-$round.out"
  /usr/bin/time -f "%e %M" -o "$OUT/ref-$round.time" "$PY" ../shared/reference/rfm_reference.py "$INPUT" "${args[@]}" \
    --variants log1p --quiet --out "$OUT/ref-$round.json" >/dev/null
done
cat "$OUT/rfm-$ROUNDS.out"
python3 - "$OUT" "$INPUT" "${args[*]:-pandas}" "$ROUNDS" <<'PY'
import json, re, sys, pathlib, statistics
out, name, engine, rounds = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
def rfm_rows(r):
    rows = {}
    for line in open(out / f"rfm-{r}.md"):
        m = re.match(r"\| (.+?) \| ([0-9.]+) \|", line)
        if m: rows[m.group(1)] = float(m.group(2))
    return rows
def ref_steps(r):
    t = json.load(open(out / f"ref-{r}.json"))["timings_seconds"]
    wall, rss = open(out / f"ref-{r}.time").read().split()
    fits = sum(v for k, v in t.items() if k.endswith(".fit"))
    sil = sum(v for k, v in t.items() if k.endswith(".silhouette"))
    return {"read": t["load"] + t["clean"], "rfm": t["rfm"], "clustering": fits + sil, "wall": float(wall), "rss": int(rss)}
ours = [rfm_rows(r) for r in range(1, rounds + 1)]
refs = [ref_steps(r) for r in range(1, rounds + 1)]
keys = [("read + clean", "read + clean (one streaming pass)", "read"), ("RFM, scores, segments", "RFM, scores, segments", "rfm"),
        ("clustering: 21 fits, metrics, PCA, holdout", "clustering, all of the above from scaling on", "clustering"),
        ("whole run (rfm: with charts, site, workbook; reference: numbers only)", "whole run, wall", "wall")]
walls = [r["wall"] for r in refs]
print(f"\nReference ({engine}) on {pathlib.Path(name).name}, {rounds} runs alternating with rfm's: wall median "
      f"{statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f}), peak RSS {max(r['rss'] for r in refs) / 1024:.0f} MiB\n")
print("| step | rfm median (s) | reference median (s) | rfm faster by |\n|---|---:|---:|---:|")
for label, mine, theirs in keys:
    a = statistics.median(o[mine] for o in ours)
    b = statistics.median(r[theirs] for r in refs)
    print(f"| {label} | {a:.3f} | {b:.2f} | {b / a:.1f}× |")
print("\nEach round, whole run: " + "; ".join(
    f"rfm {o['whole run, wall']:.3f} s, reference {r['wall']:.2f} s, {r['wall'] / o['whole run, wall']:.1f}×" for o, r in zip(ours, refs)))
PY
rm -rf "$OUT"
