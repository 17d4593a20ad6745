#!/usr/bin/env bash
# Analytics query latency on a generated year of 1,000,000 shipments, against the production jar
# with the machine's Postgres and Redis:
#   - generates the history straight into Postgres (bench/analytics-history.sql, seeded),
#   - times the rollup job's backfill of the whole year and one incremental run after it,
#   - measures p50/p95/p99 of each analytics endpoint with wrk.
# Writes the "Analytics" section of docs/benchmarks.md. Needs wrk, psql, redis-cli and a JDK.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/7), SHIPMENTS (default 1000000), DURATION (default 10s), CONNS (wrk
# connections, default 4), PORT (default 8197), MGMT_PORT (health and
# metrics, default PORT + 1000), SKIP_BUILD=1 to reuse target/quarkus-app.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_analytics_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/7}
SHIPMENTS=${SHIPMENTS:-1000000}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-4}
PORT=${PORT:-8197}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m}
OUT=bench/out
mkdir -p "$OUT"
rm -f "$OUT"/analytics-*.txt
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")

for tool in wrk psql redis-cli java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk postgresql-client redis-tools)"; exit 1; }
done

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
fi

echo "== fresh database $DB and Redis db ${REDIS_URL##*/}"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

KEY="wb_sec_bench0000_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
STORE_ID=$(cat /proc/sys/kernel/random/uuid)

APP_PID=""
start_app() {
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_POLLER_ENABLED=false \
  WAYBILL_ANALYTICS_INTERVAL=5s \
  WAYBILL_ANALYTICS_ENABLED="${1:-true}" \
    java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar >"$OUT/analytics-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    # Another process on the port would answer too; only our own, alive, counts.
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited; see $OUT/analytics-app.log"; exit 1; }
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not become ready; see $OUT/analytics-app.log"; exit 1
}
stop_app() {
  [ -n "$APP_PID" ] && kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
trap stop_app EXIT

# The job logs "analytics: recomputed N store-days in M ms" for each run that found work.
runs() { grep -c 'analytics: recomputed' "$OUT/analytics-app.log" || true; }
wait_run() {
  local before=$1
  for _ in $(seq 1 3600); do
    [ "$(runs)" -gt "$before" ] && { grep 'analytics: recomputed' "$OUT/analytics-app.log" | tail -1 | sed -E 's/.* ([0-9]+) store-days in ([0-9]+) ms.*/\1 \2/'; return 0; }
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited; see $OUT/analytics-app.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the rollup job did not finish; see $OUT/analytics-app.log" >&2; exit 1
}

echo "== start the app (migrations), then stop it while the history is written"
start_app
stop_app

echo "== generate $SHIPMENTS shipments"
GEN_START=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" -v ON_ERROR_STOP=1 -v seed=0.42 -v n="$SHIPMENTS" -v store_id="$STORE_ID" \
  -f bench/analytics-history.sql >/dev/null
"${PSQL[@]}" -d "$DB" -c "INSERT INTO api_keys (id, store_id, name, prefix, secret_hash, scopes) VALUES (gen_random_uuid(), '$STORE_ID', 'bench support', 'wb_sec_bench', '$KEY_HASH', 'support')"
GEN_SECONDS=$(python3 -c "import time; print(round(time.time() - $GEN_START, 1))")
COUNTS=$("${PSQL[@]}" -d "$DB" -F' ' -c "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM shipments), (SELECT count(*) FROM tracking_events), (SELECT count(*) FROM support_cases)")

echo "== backfill: the first rollup run reads the whole year"
start_app
read -r BACKFILL_DAYS BACKFILL_MS < <(wait_run 0)
BACKFILL_SECONDS=$(python3 -c "print(round($BACKFILL_MS / 1000, 1))")
ROLLUP_ROWS=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM analytics_daily")

echo "== incremental run after 2,000 shipments changed"
# Let the runs that re-read the generator's own recent rows (the overlap) go by first.
sleep 15
BEFORE=$(runs)
"${PSQL[@]}" -d "$DB" -c "UPDATE shipments SET updated_at = now() WHERE id IN (SELECT id FROM shipments ORDER BY shipped_at DESC LIMIT 2000)"
read -r INCREMENTAL_DAYS INCREMENTAL_MS < <(wait_run "$BEFORE")

ROLLUP_ROWS_WEEKLY=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM analytics_weekly")
# What autovacuum would do soon after a backfill; without statistics the planner guesses blind.
"${PSQL[@]}" -d "$DB" -c "ANALYZE analytics_daily" -c "ANALYZE analytics_weekly"

echo "== restart with the rollup job off, so the queries are measured alone"
stop_app
start_app false

TODAY=$(date -u +%F)
YEAR_AGO=$(date -u -d '364 days ago' +%F)
Q90="from=$(date -u -d '89 days ago' +%F)&to=$TODAY"
QY="from=$YEAR_AGO&to=$TODAY"
# The cursor of the sixth page of the largest series (500 rows a page), to time a page deep in it.
DEEP_CURSOR=$(python3 - "$PORT" "$KEY" "$Q90" <<'PY'
import json, sys, urllib.request
port, key, q = sys.argv[1:]
cursor = None
for _ in range(5):
    url = f"http://127.0.0.1:{port}/api/v1/insights/series?{q}&groupBy=lane,week" + (f"&cursor={cursor}" if cursor else "")
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    cursor = json.load(urllib.request.urlopen(req))["nextCursor"]
print(cursor)
PY
)
ENDPOINTS=(
  "summary, last 90 days|/api/v1/insights/summary?$Q90"
  "summary, year|/api/v1/insights/summary?$QY"
  "summary, year, carrier + country|/api/v1/insights/summary?$QY&carrier=ups&country=US"
  "summary, year, one region|/api/v1/insights/summary?$QY&country=US&region=TX"
  "series by week, year|/api/v1/insights/series?$QY&groupBy=week"
  "series by week and carrier, year|/api/v1/insights/series?$QY&groupBy=week,carrier"
  "series by carrier, year|/api/v1/insights/series?$QY&groupBy=carrier"
  "series by lane, year|/api/v1/insights/series?$QY&groupBy=lane"
  "series by lane and week, 90 days, first page (500 rows)|/api/v1/insights/series?$Q90&groupBy=lane,week"
  "series by lane and week, 90 days, sixth page (500 rows)|/api/v1/insights/series?$Q90&groupBy=lane,week&cursor=$DEEP_CURSOR"
  "series by lane and week, 90 days, 1,000 rows (the most a page holds)|/api/v1/insights/series?$Q90&groupBy=lane,week&limit=1000"
  "CSV by week and carrier, year|/api/v1/insights/export.csv?$QY&groupBy=week,carrier"
  "CSV by lane, year|/api/v1/insights/export.csv?$QY&groupBy=lane"
  "CSV by lane and week, 90 days (every row, streamed)|/api/v1/insights/export.csv?$Q90&groupBy=lane,week"
)

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== warm-up"
for e in "${ENDPOINTS[@]}"; do
  KEY="$KEY" wrk -t1 -c2 -d3s -s bench/latency.lua "http://127.0.0.1:$PORT${e#*|}" >/dev/null
done

echo "== measure, $CONNS connections, $DURATION each"
for e in "${ENDPOINTS[@]}"; do
  name=${e%%|*}
  url=${e#*|}
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$url")
  bytes=$(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$url" | wc -c)
  rows=$(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$url" | python3 -c 'import json,sys
d=sys.stdin.read()
try: print(len(json.loads(d).get("rows", [])) or 1)
except Exception: print(d.count("\r\n") - 1)')
  line=$(KEY="$KEY" wrk -t1 -c"$CONNS" -d"$DURATION" -s bench/latency.lua "http://127.0.0.1:$PORT$url" | grep '^RESULT')
  echo "$name|$url|$code|$rows|$bytes|$line" | tee -a "$OUT/analytics-results.txt"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_app

python3 - "$OUT/analytics-results.txt" <<PY
import re, sys, platform, subprocess, datetime
rows = []
for line in open(sys.argv[1]):
    name, url, code, nrows, nbytes, result = line.rstrip("\n").split("|", 5)
    v = dict(kv.split("=") for kv in result.split()[1:])
    rows.append((name, url, code, int(nrows), int(nbytes), int(v["requests"]), int(v["errors"]), int(v["p50_us"]) / 1000, int(v["p95_us"]) / 1000, int(v["p99_us"]) / 1000))
worst = max(r[8] for r in rows)
cpu = subprocess.run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2", shell=True, capture_output=True, text=True).stdout.strip()
orders, shipments, events, cases = "$COUNTS".split()
out = []
out.append("## Analytics\n")
out.append(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by \`bench/analytics.sh\` on $(nproc) cores ({cpu}), the production jar with the machine's PostgreSQL and Redis.\n")
out.append(f"History (\`bench/analytics-history.sql\`, seed 0.42): one store, a year of {int(orders):,} orders and {int(shipments):,} shipments over 5 carriers × 2 services × 5 countries with 40 regions, {int(events):,} exception and delay scans, {int(cases):,} support cases; written in $GEN_SECONDS s. Rollups: {int('$ROLLUP_ROWS'):,} rows in \`analytics_daily\` and {int('$ROLLUP_ROWS_WEEKLY'):,} in \`analytics_weekly\`; the first run of the job (backfill: $BACKFILL_DAYS store-days, the whole year) took $BACKFILL_SECONDS s; an incremental run after 2,000 shipments changed recomputed $INCREMENTAL_DAYS store-days in $INCREMENTAL_MS ms.\n")
out.append(f"Load: \`wrk -t1 -c$CONNS -d$DURATION\` per endpoint after a warm-up, on the same two cores as the server and Postgres, with the rollup job off (its runs are timed above); other builds and test runs shared the machine at the time and are not controlled (load average $LOAD before the measurements, $LOAD_AFTER after them).\n")
out.append("| query | status | rows | body KB | requests | p50 ms | p95 ms | p99 ms | errors |")
out.append("|---|---|---|---|---|---|---|---|---|")
for name, url, code, nrows, nbytes, n, err, p50, p95, p99 in rows:
    out.append(f"| {name} | {code} | {nrows:,} | {nbytes / 1024:,.0f} | {n:,} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {err} |")
out.append("")
out.append(f"Goal: every analytics query under 300 ms at p95: **{'met' if worst < 300 else 'not met'}** (slowest p95 {worst:.1f} ms).\n")
out.append("Reproduce: \`bench/analytics.sh\` (\`SHIPMENTS\`, \`DURATION\`, \`CONNS\` change the defaults). Every query reads the rollups (\`analytics_weekly\` for whole weeks, \`analytics_daily\` for the days at the ends or when grouping by day or month); none touches the shipments.\n")
section = "\n".join(out)
doc = open("docs/benchmarks.md").read()
start = doc.find("## Analytics\n")
if start >= 0:
    end = doc.find("\n## ", start + 1)
    doc = doc[:start] + section + ("\n" + doc[end + 1:] if end >= 0 else "")
else:
    doc = doc.rstrip("\n") + "\n\n\n" + section
open("docs/benchmarks.md", "w").write(doc)
PY
echo "== wrote the Analytics section of docs/benchmarks.md"
