#!/usr/bin/env bash
# The report from a PostgreSQL table of 10 million generated rows (1 M customers), beside PostgreSQL's own
# per-customer GROUP BY on the same table (psql \timing), in the same run, alternating; for the single table and
# for the same rows in a table hash-sharded by customer over two postgres_fdw shards. Also the report from the
# CSV.gz the table was loaded from, and the peak memory of each.
#
#   swift build -c release && bash Tests/postgres/cluster.sh start /tmp/rfm-pg && bash Benchmarks/database.sh [ROUNDS]
#
# Uses the servers of Tests/postgres/cluster.sh (DIR from $RFM_PG_DIR, default /tmp/rfm-pg); loads the data
# once (bench10m and bench10m_sharded, about a minute) and reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
DIR=${RFM_PG_DIR:-/tmp/rfm-pg}
WORK=${RFM_BENCH_DIR:-/tmp/rfm-bench}
RFM=.build/release/rfm
[ -x "$RFM" ] || { echo "build first: swift build -c release" >&2; exit 2; }
[ -f "$DIR/env" ] || { echo "start the servers first: bash Tests/postgres/cluster.sh start $DIR" >&2; exit 2; }
# shellcheck disable=SC1091
. "$DIR/env"
mkdir -p "$WORK"
CSV=$WORK/gen10m.csv.gz
[ -f "$CSV" ] || "$RFM" generate --customers 1000000 --transactions 10000000 --seed 7 --out "$CSV"
sql() { psql "$RFM_TEST_DATABASE_URL" -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }
su_sql() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h "$RFM_TEST_PG_SOCKET_DIR" "$@"; }
COLS='"InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" integer, "InvoiceDate" timestamp, "UnitPrice" numeric, "CustomerID" text, "Country" text'
if [ "$(sql -c "SELECT to_regclass('bench10m_sharded') IS NOT NULL")" != t ]; then
  echo "loading $CSV into bench10m and bench10m_sharded ..."
  # The generator writes a few malformed quantities ("n/a"): they become NULL, which the report counts as malformed.
  sql -c "DROP TABLE IF EXISTS bench10m_text, bench10m; CREATE UNLOGGED TABLE bench10m_text (${COLS//integer/text})"
  sql -c "ALTER TABLE bench10m_text ALTER \"InvoiceDate\" TYPE text, ALTER \"UnitPrice\" TYPE text"
  zcat "$CSV" | sql -c "COPY bench10m_text FROM STDIN WITH (FORMAT csv, HEADER true)"
  sql -c "CREATE TABLE bench10m AS SELECT \"InvoiceNo\", \"StockCode\", \"Description\",
    CASE WHEN \"Quantity\" ~ '^-?[0-9]+\$' THEN \"Quantity\"::integer END AS \"Quantity\",
    \"InvoiceDate\"::timestamp AS \"InvoiceDate\", \"UnitPrice\"::numeric AS \"UnitPrice\", \"CustomerID\", \"Country\"
    FROM bench10m_text"
  sql -c "DROP TABLE bench10m_text"
  sql -c "VACUUM ANALYZE bench10m"
  for k in 0 1; do
    port=$([ $k = 0 ] && echo "$RFM_TEST_SHARD0_PORT" || echo "$RFM_TEST_SHARD1_PORT")
    su_sql -p "$port" -d rfm_shard -c "SET ROLE rfm" -c "DROP TABLE IF EXISTS bench10m_p$k" -c "CREATE TABLE bench10m_p$k ($COLS)"
  done
  sql -c "DROP TABLE IF EXISTS bench10m_sharded; CREATE TABLE bench10m_sharded ($COLS) PARTITION BY HASH (\"CustomerID\")"
  for k in 0 1; do
    sql -c "CREATE FOREIGN TABLE bench10m_sharded_p$k PARTITION OF bench10m_sharded FOR VALUES WITH (MODULUS 2, REMAINDER $k) SERVER shard$k OPTIONS (table_name 'bench10m_p$k')"
  done
  for k in 0 1; do
    port=$([ $k = 0 ] && echo "$RFM_TEST_SHARD0_PORT" || echo "$RFM_TEST_SHARD1_PORT")
    ( su_sql -p "$RFM_TEST_PG_PORT" -d rfm_test -c "COPY (SELECT * FROM bench10m WHERE satisfies_hash_partition('bench10m_sharded'::regclass, 2, $k, \"CustomerID\")) TO STDOUT" \
      | su_sql -p "$port" -d rfm_shard -c "SET ROLE rfm" -c "\\copy bench10m_p$k FROM pstdin"
      su_sql -p "$port" -d rfm_shard -c "VACUUM ANALYZE bench10m_p$k" ) &
  done
  wait
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
echo "rows: $(sql -c 'SELECT count(*) FROM bench10m'), customers: $(sql -c 'SELECT count(DISTINCT "CustomerID") FROM bench10m')"
GROUPBY='SELECT "CustomerID", count(DISTINCT "InvoiceNo"), sum("Quantity" * "UnitPrice"), min("InvoiceDate"), max("InvoiceDate") FROM TABLE GROUP BY "CustomerID"'
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for round in $(seq "$ROUNDS"); do
  for table in bench10m bench10m_sharded; do
    ms=$(psql "$RFM_TEST_DATABASE_URL" -X -q -o /dev/null -c '\timing on' -c "${GROUPBY//TABLE/$table}" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$RFM" report --db "$RFM_TEST_DATABASE_URL" --table "$table" --out "$OUT/r" --quiet
    read -r wall kb < "$OUT/time"
    read_s=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['steps']['read'])" "$OUT/r/timings.json")
    echo "$table $round groupby_s=$(python3 -c "print($ms/1000)") rfm_read_s=$read_s rfm_report_s=$wall rfm_peak_MiB=$((kb / 1024))" | tee -a "$OUT/rows"
    cp "$OUT/r/customers.csv" "$OUT/$table.csv"
  done
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$RFM" report "$CSV" --no-cache --out "$OUT/f" --quiet
  read -r wall kb < "$OUT/time"
  echo "csv.gz $round rfm_report_s=$wall rfm_peak_MiB=$((kb / 1024))" | tee -a "$OUT/rows"
done
cmp -s "$OUT/bench10m.csv" "$OUT/bench10m_sharded.csv" && echo "customers.csv: single table = sharded table (byte for byte)"
cmp -s "$OUT/bench10m.csv" "$OUT/f/customers.csv" && echo "customers.csv: table = CSV.gz (byte for byte)"
python3 - "$OUT/rows" <<'PY'
import statistics, sys, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    name, _, *fields = line.split()
    for f in fields:
        k, v = f.split("=")
        rows[name][k].append(float(v))
print("\n| source | PostgreSQL GROUP BY (psql) | rfm read step | read / GROUP BY | whole report | peak memory |")
print("|---|---|---|---|---|---|")
for name, f in rows.items():
    med = {k: statistics.median(v) for k, v in f.items()}
    spread = {k: f"{min(v):.1f}-{max(v):.1f}" for k, v in f.items()}
    if "groupby_s" in med:
        print(f"| {name} | {med['groupby_s']:.1f} s ({spread['groupby_s']}) | {med['rfm_read_s']:.1f} s ({spread['rfm_read_s']}) "
              f"| {med['rfm_read_s'] / med['groupby_s']:.2f}× | {med['rfm_report_s']:.1f} s ({spread['rfm_report_s']}) | {med['rfm_peak_MiB']:.0f} MiB |")
    else:
        print(f"| {name} (file) | | | | {med['rfm_report_s']:.1f} s ({spread['rfm_report_s']}) | {med['rfm_peak_MiB']:.0f} MiB |")
PY
