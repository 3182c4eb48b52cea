#!/usr/bin/env bash
# Makes the screenshots in docs/ the way a user sees the report: a fresh clone of this repository is built in a
# temporary folder, the binary is copied to a folder of its own and run from a third one (outside any repository,
# with no themes beside it), on the UCI Online Retail data; Chromium takes the pictures, LibreOffice prints the
# workbook. Usage: bash docs/screenshots.sh [DATA.csv.gz]   (default ../shared/data/online_retail/Online Retail.csv.gz)
# Needs: chromium, libreoffice-calc, poppler-utils (pdftoppm), git, swift.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data=$(realpath "${1:-$repo/../shared/data/online_retail/Online Retail.csv.gz}")
scratch=$(mktemp -d /tmp/rfm-screenshots.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$repo" "$scratch/clone"
(cd "$scratch/clone" && swift build -c release 2>&1 | tail -1)
mkdir -p "$scratch/bin" "$scratch/work"
cp "$scratch/clone/.build/release/rfm" "$scratch/bin/rfm"
cd "$scratch/work"
unset RFM_THEMES
rfm="$scratch/bin/rfm"
"$rfm" report "$data" --out year --quiet --no-cache
"$rfm" report "$data" --month 2011-11 --out month --quiet --no-cache
"$rfm" report "$data" --months 2011-01...2011-12 --out archive --quiet --no-cache
"$rfm" report "$data" --single-file --out single --quiet --no-cache
shot() { # WIDTH HEIGHT PAGE NAME
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$1,$2" \
        --screenshot="$repo/docs/$4.png" "file://$scratch/work/$3" 2>/dev/null
}
shot 1280 3300 year/index.html index
shot 1280 3000 year/model.html model
shot 1280 1700 year/segments/champions.html champions
shot 1280 2600 year/method.html method
shot 1280 2000 year/data.html data
shot 1280 1800 month/index.html monthly-index
shot 1280 3400 month/changes.html monthly-changes
shot 1280 1400 archive/index.html archive-index
shot 1280 1500 archive/2011-06/model.html archive-month-model
shot 1280 1200 archive/2011-06/index.html archive-month
shot 390 2400 month/index.html phone-index
shot 390 2400 year/segments/champions.html phone-segment
shot 390 2400 year/model.html phone-model
shot 390 2400 month/changes.html phone-changes
shot 390 2400 single/report.html phone-single-file
shot 1280 2400 single/report.html single-file
# The workbook as it prints: LibreOffice to PDF, the first pages to PNG.
(cd "$scratch/work" && soffice --headless --convert-to pdf --outdir pdf month/segments.xlsx >/dev/null 2>&1)
pdftoppm -r 80 -png -f 1 -l 2 "$scratch/work/pdf/segments.pdf" "$scratch/work/pdf/page"
for f in "$scratch"/work/pdf/page-*.png; do
    cp "$f" "$repo/docs/workbook-$(basename "$f" .png | sed 's/^page-0*/page-/').png"
done
ls -la "$repo/docs"
