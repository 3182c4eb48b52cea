#!/usr/bin/env bash
# A/B of two (or more) rfm binaries on one input: ROUNDS alternating `rfm report --no-cache` runs of each, then the
# median of the read + clean stage and of the whole run (`timings.json`: read_and_clean, total) per binary.
# Alternating keeps the machine's minute-to-minute drift out of the comparison.
#
#   swift build -c release && cp .build/release/rfm /tmp/rfm-new   (and an older build as /tmp/rfm-old)
#   bash Benchmarks/ab.sh "../shared/data/online_retail/Online Retail.csv.gz" 8 /tmp/rfm-old /tmp/rfm-new
#
# Run from the repository root (the binaries look for themes/ there).
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=$1; ROUNDS=$2; shift 2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for binary in "$@"; do
    "$binary" report "$INPUT" --out "$OUT/report" --no-cache --quiet >/dev/null
    python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["stages"]; print(sys.argv[2], t["read_and_clean"], t["total"])' \
      "$OUT/report/timings.json" "$binary" >> "$OUT/times"
  done
done
python3 - "$OUT/times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(lambda: ([], []))
for line in open(sys.argv[1]):
    binary, read, total = line.split()
    runs[binary][0].append(float(read)); runs[binary][1].append(float(total))
for binary, (read, total) in runs.items():
    print(f"{binary}: read + clean median {statistics.median(read):.3f} s; whole run median {statistics.median(total):.3f} s "
          f"(min {min(total):.3f}, max {max(total):.3f}), {len(total)} runs")
PY
