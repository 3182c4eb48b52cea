#!/usr/bin/env bash
# Throw-away PostgreSQL 15 test clusters for the RFM tests: one coordinator
# ("main", database rfm_test) and two shards (database rfm_shard) reached via
# postgres_fdw.  Test data only: fsync etc. are off.
#
# Usage: cluster.sh COMMAND DIR [CSV]
#   start DIR               initdb (first time) + start 3 clusters on free
#                           loopback ports, write and print DIR/env
#   stop DIR                pg_ctl stop -m fast all three (never fails)
#   status DIR              pg_ctl status of all three
#   env DIR                 print DIR/env
#   load-online-retail DIR [CSV]
#                           (re)create rfm_test.online_retail from the CSV(.gz)
#   shard DIR               (re)create the hash-sharded table `transactions`
#                           (foreign partitions on the shards) and load it from
#                           online_retail
#   explain DIR             EXPLAIN VERBOSE some aggregates, report push-down
#   all DIR [CSV]           start + load-online-retail + shard
#
# Environment: RFM_TEST_PG_BIN (default /usr/lib/postgresql/15/bin),
#   RFM_ONLINE_RETAIL_CSV (default: the UCI file in ../shared/data beside the repository),
#   RFM_SHARD_LOAD=copy|insert (how `shard` fills the shards; default copy).
# Run it as root (the servers then run as user postgres) or as the user that
# should own the clusters.
set -Eeuo pipefail
trap 'err_rc=$?; [[ $BASH_SUBSHELL == 0 ]] && echo "cluster.sh: ERROR: command failed (exit $err_rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

PG_BIN=${RFM_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
# ../shared beside the repository, as the full-data tests find it.
DEFAULT_CSV="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/data/online_retail/Online Retail.csv.gz"
RFM_USER=rfm
RFM_PASSWORD=rfm-test-secret
MAIN_DB=rfm_test
SHARD_DB=rfm_shard
CLUSTERS=(main shard0 shard1)
COLUMNS_DDL='"InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" integer, "InvoiceDate" timestamp, "UnitPrice" numeric, "CustomerID" text, "Country" text'

# Keep the caller's libpq settings (PGHOST, PGPASSWORD, PGOPTIONS, ...) out.
for v in $(compgen -e | grep '^PG' || true); do unset "$v"; done

die() { echo "cluster.sh: ERROR: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.2f}s')" "$1" "$(now)"; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

# Run a command as the cluster owner (postgres when we are root).
if [[ $EUID -eq 0 ]]; then
  OWNER=postgres
  as_owner() { (cd / && runuser -u postgres -- "$@"); }
else
  OWNER=$(id -un)
  as_owner() { (cd / && "$@"); }
fi

[[ -x $PG_BIN/pg_ctl ]] || die "no PostgreSQL binaries in $PG_BIN (set RFM_TEST_PG_BIN)"

setup_paths() {
  [[ -n ${1:-} ]] || usage
  DIR=$(realpath -m -- "$1")
  SOCK=$DIR/sock
  ENV_FILE=$DIR/env
}

port_of() { # cluster -> port (from its config)
  sed -n "s/^port = \([0-9]*\)$/\1/p" "$DIR/$1/rfm_test.conf" 2>/dev/null || true
}

# psql over the unix socket as the superuser (trust auth).
psql_su() { # port db [psql args...]
  local port=$1 db=$2; shift 2
  as_owner env PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$port" -U postgres -d "$db" "$@"
}

is_running() { as_owner "$PG_BIN/pg_ctl" status -D "$DIR/$1" >/dev/null 2>&1; }

free_ports() { # n -> n distinct free loopback TCP ports
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

write_conf() { # cluster port
  cat > "$DIR/$1/rfm_test.conf" <<CONF
# written by Tests/postgres/cluster.sh (throw-away test cluster)
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
shared_buffers = 256MB
max_parallel_workers_per_gather = 2
password_encryption = 'scram-sha-256'
logging_collector = off
log_min_messages = warning
CONF
  chown "$OWNER" "$DIR/$1/rfm_test.conf"
}

write_hba() { # cluster
  cat > "$DIR/$1/pg_hba.conf" <<HBA
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 trust
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
HBA
  chown "$OWNER" "$DIR/$1/pg_hba.conf"
}

start_one() { # cluster port  (retries with another port if it is taken)
  local c=$1 port=$2 try
  for try in 1 2 3 4 5; do
    write_conf "$c" "$port"
    if as_owner "$PG_BIN/pg_ctl" start -w -t 60 -D "$DIR/$c" -l "$DIR/$c.log" >/dev/null; then
      return 0
    fi
    if grep -q 'could not bind\|Address already in use' "$DIR/$c.log" 2>/dev/null && [[ $try -lt 5 ]]; then
      port=$(free_ports 1)
      log "$c: port taken, retrying on $port"
      continue
    fi
    tail -n 20 "$DIR/$c.log" >&2 || true
    die "could not start cluster $c (see $DIR/$c.log)"
  done
}

write_env() {
  local pm p0 p1
  pm=$(port_of main); p0=$(port_of shard0); p1=$(port_of shard1)
  local base="postgresql://$RFM_USER:$RFM_PASSWORD@127.0.0.1"
  cat > "$ENV_FILE.tmp" <<ENV
export RFM_TEST_DATABASE_URL="$base:$pm/$MAIN_DB"
export RFM_TEST_SHARD_URLS="$base:$p0/$SHARD_DB $base:$p1/$SHARD_DB"
export RFM_TEST_PG_BIN="$PG_BIN"
export RFM_TEST_PG_PORT="$pm"
export RFM_TEST_SHARD0_PORT="$p0"
export RFM_TEST_SHARD1_PORT="$p1"
export RFM_TEST_PG_SOCKET_DIR="$SOCK"
export RFM_TEST_PG_DIR="$DIR"
ENV
  chmod 644 "$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

ensure_role_and_db() { # cluster db
  local port; port=$(port_of "$1")
  psql_su "$port" postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$RFM_USER', '$RFM_PASSWORD')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$RFM_USER') \gexec
ALTER ROLE $RFM_USER LOGIN PASSWORD '$RFM_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$2', '$RFM_USER')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$2') \gexec
SQL
}

# ---------------------------------------------------------------- start
CREATED=()
cleanup_failed_start() {
  local rc=$?
  [[ $rc -ne 0 ]] || return 0
  log "start failed, cleaning up the half-started clusters"
  local c
  for c in "${CLUSTERS[@]}"; do
    is_running "$c" && as_owner "$PG_BIN/pg_ctl" stop -m immediate -D "$DIR/$c" >/dev/null 2>&1 || true
  done
  for c in "${CREATED[@]}"; do rm -rf -- "${DIR:?}/$c" "$DIR/$c.log"; done
  rm -f -- "$ENV_FILE"
  exit $rc
}

cmd_start() {
  local t0; t0=$(now)
  mkdir -p -- "$DIR"
  [[ $EUID -eq 0 ]] && chown "$OWNER" "$DIR"
  as_owner test -w "$DIR" || die "$DIR is not writable by $OWNER (check the parent directories' permissions)"
  (( ${#SOCK} + 20 < 107 )) || die "socket path $SOCK is too long for a unix socket; use a shorter DIR"
  as_owner mkdir -p "$SOCK"
  as_owner chmod 700 "$SOCK"
  trap cleanup_failed_start EXIT

  local c ports i=0 need=()
  for c in "${CLUSTERS[@]}"; do
    if [[ ! -f $DIR/$c/PG_VERSION ]]; then
      [[ -e $DIR/$c ]] && die "$DIR/$c exists but is not a cluster; remove it"
      need+=("$c")
    fi
  done
  # initdb the missing clusters in parallel
  local pids=()
  for c in "${need[@]}"; do
    CREATED+=("$c")
    as_owner "$PG_BIN/initdb" -D "$DIR/$c" -U postgres --encoding=UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions \
      >"$DIR/$c.initdb.log" 2>&1 &
    pids+=($!)
  done
  i=0
  for c in "${need[@]}"; do
    wait "${pids[$i]}" || { cat "$DIR/$c.initdb.log" >&2; die "initdb of $c failed"; }
    rm -f "$DIR/$c.initdb.log"
    echo "include 'rfm_test.conf'" >> "$DIR/$c/postgresql.conf"
    write_hba "$c"
    i=$((i+1))
  done

  read -r -a ports <<<"$(free_ports 3)"
  i=0
  for c in "${CLUSTERS[@]}"; do
    if is_running "$c"; then
      log "$c already running on port $(port_of "$c")"
    else
      local p; p=$(port_of "$c")
      if [[ -z $p ]] || ! port_free "$p"; then p=${ports[$i]}; fi
      start_one "$c" "$p"
    fi
    i=$((i+1))
  done
  ensure_role_and_db main "$MAIN_DB"
  ensure_role_and_db shard0 "$SHARD_DB"
  ensure_role_and_db shard1 "$SHARD_DB"
  write_env
  # check that password auth over TCP works for rfm
  for c in "${CLUSTERS[@]}"; do
    local db=$SHARD_DB; [[ $c == main ]] && db=$MAIN_DB
    PGPASSWORD=$RFM_PASSWORD "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$(port_of "$c")" -U "$RFM_USER" -d "$db" \
      -c 'SELECT 1' >/dev/null || die "cannot connect to $c as $RFM_USER over TCP"
  done
  trap - EXIT
  cat "$ENV_FILE"
  log "clusters up in $(elapsed "$t0")"
}

# ---------------------------------------------------------------- stop
cmd_stop() {
  [[ -d $DIR ]] || return 0
  local c
  for c in "${CLUSTERS[@]}"; do
    [[ -f $DIR/$c/PG_VERSION ]] || continue
    if is_running "$c"; then
      as_owner "$PG_BIN/pg_ctl" stop -m fast -w -t 60 -D "$DIR/$c" >/dev/null 2>&1 \
        || log "warning: could not stop $c"
    fi
  done
  return 0
}

cmd_status() {
  local c rc=0
  for c in "${CLUSTERS[@]}"; do
    if is_running "$c"; then echo "$c: running on port $(port_of "$c")"; else echo "$c: not running"; rc=3; fi
  done
  exit $rc
}

require_running() {
  local c
  [[ -f $ENV_FILE ]] || die "$ENV_FILE missing; run: $0 start $DIR"
  for c in "$@"; do is_running "$c" || die "cluster $c in $DIR is not running; run: $0 start $DIR"; done
}

# ---------------------------------------------------------------- load
cmd_load() {
  local csv=${1:-${RFM_ONLINE_RETAIL_CSV:-$DEFAULT_CSV}} t0 info enc expected got cat=cat
  require_running main
  t0=$(now)
  [[ -r $csv ]] || die "cannot read $csv"
  [[ $csv == *.gz ]] && cat="gzip -dc"
  # One pass with the csv module: data row count (robust to quoted newlines)
  # and whether the bytes are valid UTF-8 (else Latin-1).
  info=$($cat -- "$csv" | python3 -c '
import csv, io, sys
raw = sys.stdin.buffer.read()
try:
    text = raw.decode("utf-8"); enc = "UTF8"
except UnicodeDecodeError:
    text = raw.decode("latin-1"); enc = "LATIN1"
n = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
print(enc, n)') || die "cannot read $csv"
  read -r enc expected <<<"$info"
  local pm; pm=$(port_of main)
  $cat -- "$csv" | psql_su "$pm" "$MAIN_DB" -1 \
    -c "SET DateStyle = 'ISO, MDY'" \
    -c "SET ROLE $RFM_USER" \
    -c "DROP TABLE IF EXISTS online_retail CASCADE" \
    -c "CREATE TABLE online_retail ($COLUMNS_DDL)" \
    -c "\\copy online_retail FROM pstdin WITH (FORMAT csv, HEADER true, ENCODING '$enc')" \
    || die "loading $csv into online_retail failed"
  psql_su "$pm" "$MAIN_DB" -c "ANALYZE online_retail"
  got=$(psql_su "$pm" "$MAIN_DB" -At -c "SELECT count(*) FROM online_retail")
  [[ $got == "$expected" ]] || die "online_retail has $got rows, the CSV has $expected data rows"
  log "online_retail: $got rows (CSV encoding $enc) loaded in $(elapsed "$t0")"
}

# ---------------------------------------------------------------- shard
cmd_shard() {
  require_running main shard0 shard1
  local t0 t1 pm k p mode=${RFM_SHARD_LOAD:-copy}
  t0=$(now)
  pm=$(port_of main)
  psql_su "$pm" "$MAIN_DB" -At -c "SELECT to_regclass('online_retail') IS NOT NULL" | grep -qx t \
    || die "online_retail missing; run: $0 load-online-retail $DIR"
  for k in 0 1; do
    psql_su "$(port_of shard$k)" "$SHARD_DB" \
      -c "SET ROLE $RFM_USER" \
      -c "DROP TABLE IF EXISTS transactions_p$k" \
      -c "CREATE TABLE transactions_p$k ($COLUMNS_DDL)"
  done
  {
    cat <<SQL
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO $RFM_USER;
SET ROLE $RFM_USER;
DROP TABLE IF EXISTS transactions;
SQL
    for k in 0 1; do
      p=$(port_of shard$k)
      cat <<SQL
DROP SERVER IF EXISTS shard$k CASCADE;
CREATE SERVER shard$k FOREIGN DATA WRAPPER postgres_fdw OPTIONS (
  host '127.0.0.1', port '$p', dbname '$SHARD_DB',
  use_remote_estimate 'true', fetch_size '10000', batch_size '1000',
  fdw_tuple_cost '0.2', async_capable 'true');
CREATE USER MAPPING FOR $RFM_USER SERVER shard$k
  OPTIONS (user '$RFM_USER', password '$RFM_PASSWORD');
SQL
    done
    cat <<SQL
CREATE TABLE transactions ($COLUMNS_DDL) PARTITION BY HASH ("CustomerID");
CREATE FOREIGN TABLE transactions_p0 PARTITION OF transactions
  FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard0 OPTIONS (table_name 'transactions_p0');
CREATE FOREIGN TABLE transactions_p1 PARTITION OF transactions
  FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard1 OPTIONS (table_name 'transactions_p1');
ALTER DATABASE $MAIN_DB SET enable_partitionwise_aggregate = on;
ALTER DATABASE $MAIN_DB SET enable_partitionwise_join = on;
SQL
  } | psql_su "$pm" "$MAIN_DB" -1 -f - || die "creating the sharded table failed"

  t1=$(now)
  case $mode in
    insert) # route every row through the coordinator (postgres_fdw, batch_size)
      psql_su "$pm" "$MAIN_DB" -c "SET ROLE $RFM_USER" \
        -c "INSERT INTO transactions SELECT * FROM online_retail" || die "INSERT into transactions failed" ;;
    copy) # stream each shard's rows straight into it, selected by the same
          # hash function the partition routing uses; both shards in parallel
      local pids=()
      for k in 0 1; do
        ( psql_su "$pm" "$MAIN_DB" -c "COPY (SELECT * FROM online_retail WHERE satisfies_hash_partition('transactions'::regclass, 2, $k, \"CustomerID\")) TO STDOUT" \
          | psql_su "$(port_of shard$k)" "$SHARD_DB" -c "SET ROLE $RFM_USER" -c "\\copy transactions_p$k FROM pstdin" ) &
        pids+=($!)
      done
      for k in 0 1; do wait "${pids[$k]}" || die "copying into shard$k failed"; done ;;
    *) die "RFM_SHARD_LOAD must be copy or insert" ;;
  esac
  for k in 0 1; do psql_su "$(port_of shard$k)" "$SHARD_DB" -c "ANALYZE transactions_p$k" & done
  wait
  log "shards filled ($mode) in $(elapsed "$t1")"

  # ---- verification
  local src n0 n1 z0 z1 nulls total
  read -r total nulls <<<"$(psql_su "$pm" "$MAIN_DB" -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE \"CustomerID\" IS NULL) FROM online_retail")"
  read -r n0 z0 <<<"$(psql_su "$(port_of shard0)" "$SHARD_DB" -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE \"CustomerID\" IS NULL) FROM transactions_p0")"
  read -r n1 z1 <<<"$(psql_su "$(port_of shard1)" "$SHARD_DB" -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE \"CustomerID\" IS NULL) FROM transactions_p1")"
  src=$(PGPASSWORD=$RFM_PASSWORD "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$pm" -U "$RFM_USER" -d "$MAIN_DB" -c "SELECT count(*) FROM transactions")
  [[ $((n0 + n1)) == "$total" && $src == "$total" ]] || die "row counts differ: online_retail=$total shard0=$n0 shard1=$n1 transactions=$src"
  [[ $z0 == "$nulls" && $z1 == 0 ]] || die "NULL CustomerID rows: expected all $nulls on shard0, got shard0=$z0 shard1=$z1"
  # partition routing of a NULL key, checked on the real table (rolled back)
  local route
  route=$(psql_su "$pm" "$MAIN_DB" -At -c "SET ROLE $RFM_USER" -c "BEGIN" \
    -c "INSERT INTO transactions (\"InvoiceNo\") VALUES ('null-routing-probe') RETURNING tableoid::regclass" -c "ROLLBACK")
  [[ $route == transactions_p0 ]] || die "a NULL CustomerID was routed to '$route', expected transactions_p0"
  # every shard row satisfies its partition constraint.  The check runs on
  # the coordinator: a MATERIALIZED CTE keeps the planner from shipping
  # satisfies_hash_partition (with a coordinator OID) to the shard.
  local bad
  bad=$(psql_su "$pm" "$MAIN_DB" -At -c "SET ROLE $RFM_USER" -c "
    WITH ids AS MATERIALIZED (
      SELECT DISTINCT 0 AS k, \"CustomerID\" FROM transactions_p0
      UNION ALL SELECT DISTINCT 1, \"CustomerID\" FROM transactions_p1)
    SELECT count(*) FROM ids WHERE NOT satisfies_hash_partition('transactions'::regclass, 2, k, \"CustomerID\")")
  [[ $bad == 0 ]] || die "$bad rows are on the wrong shard"
  log "transactions: $src rows (shard0 $n0 incl. $z0 NULL CustomerID, shard1 $n1); NULL key routes to transactions_p0; done in $(elapsed "$t0")"
}

# ---------------------------------------------------------------- explain
cmd_explain() {
  require_running main shard0 shard1
  local pm; pm=$(port_of main)
  local -a names=(plain subquery two-level month day filter case)
  local -a queries=(
'SELECT "CustomerID", count(DISTINCT "InvoiceNo"), sum("Quantity" * "UnitPrice"), min("InvoiceDate"), max("InvoiceDate") FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY "CustomerID"'
'SELECT c, sum(a) FROM (SELECT "CustomerID" AS c, "Quantity" * "UnitPrice" AS a FROM transactions WHERE "CustomerID" IS NOT NULL) s GROUP BY c'
'SELECT c, count(*), sum(v) FROM (SELECT "CustomerID" AS c, "InvoiceNo" AS i, sum("Quantity" * "UnitPrice") AS v FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY 1, 2) s GROUP BY c'
'SELECT "CustomerID", date_trunc('"'month'"', "InvoiceDate"), sum("Quantity" * "UnitPrice") FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY "CustomerID", date_trunc('"'month'"', "InvoiceDate")'
'SELECT "CustomerID", "InvoiceDate"::date, sum("Quantity" * "UnitPrice") FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY 1, 2'
'SELECT "CustomerID", count(*) FILTER (WHERE "Quantity" > 0), sum("Quantity" * "UnitPrice") FILTER (WHERE "InvoiceNo" NOT LIKE '"'C%'"') FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY "CustomerID"'
'SELECT "CustomerID", sum(CASE WHEN "Quantity" > 0 THEN "Quantity" * "UnitPrice" ELSE 0 END) FROM transactions WHERE "CustomerID" IS NOT NULL GROUP BY "CustomerID"'
  )
  local i out
  for i in "${!names[@]}"; do
    out=$(PGPASSWORD=$RFM_PASSWORD "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pm" -U "$RFM_USER" -d "$MAIN_DB" \
      -c "EXPLAIN (VERBOSE, COSTS OFF) ${queries[$i]}")
    local pushed
    pushed=$(grep -c 'Remote SQL:.*GROUP BY' <<<"$out" || true)
    echo "== ${names[$i]}: remote GROUP BY in $pushed of 2 shard scans"
    echo "   ${queries[$i]}"
    [[ ${RFM_EXPLAIN_FULL:-0} == 1 ]] && sed 's/^/   | /' <<<"$out"
    grep 'Remote SQL' <<<"$out" | sed 's/^ */   /'
  done
}

# ---------------------------------------------------------------- main
[[ $# -ge 2 ]] || usage
cmd=$1; setup_paths "$2"; shift 2
case $cmd in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) [[ -f $ENV_FILE ]] || die "$ENV_FILE missing"; cat "$ENV_FILE" ;;
  load-online-retail|load) cmd_load "$@" ;;
  shard) cmd_shard ;;
  explain) cmd_explain ;;
  all) t_all=$(now); cmd_start; cmd_load "$@"; cmd_shard; log "start+load+shard took $(elapsed "$t_all")" ;;
  *) usage ;;
esac
