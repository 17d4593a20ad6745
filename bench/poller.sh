#!/usr/bin/env bash
# Poller throughput against the simulated carrier over real HTTP, with real Postgres and Redis.
# Loads SHIPMENTS active shipments (default 100,000), makes every one due, and measures CYCLES
# full cycles: tracking numbers polled per second, time per cycle, heap and RSS over the run, and
# database connections in use. Appends the figures to docs/benchmarks.md.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/4), SHIPMENTS, CYCLES (default 3), SIM_LATENCY (default 100ms),
# CONCURRENCY (sim calls in flight, default 16), BATCH (numbers per call, default 100), PORT (8090),
# MGMT_PORT (health and metrics, PORT + 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_poller_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/4}
SHIPMENTS=${SHIPMENTS:-100000}
CYCLES=${CYCLES:-3}
SIM_LATENCY=${SIM_LATENCY:-100ms}
CONCURRENCY=${CONCURRENCY:-16}
BATCH=${BATCH:-100}
PORT=${PORT:-8090}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
OUT=bench/out
mkdir -p "$OUT"
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")

# APP names an already built quarkus-app directory (say, an earlier build kept for comparison);
# without it the current tree is built.
if [ -z "${APP:-}" ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
  APP=target/quarkus-app
fi

echo "== fresh database $DB"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

# Migrate with a first start (poller off), then load the shipments.
run_app() {
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_POLLER_ENABLED="$1" \
  WAYBILL_POLLER_INTERVAL=1s \
  WAYBILL_CARRIERS_SIM_BASE_URL="http://127.0.0.1:$PORT/sim/v1" \
  WAYBILL_CARRIERS_SIM_LATENCY="$SIM_LATENCY" \
  WAYBILL_CARRIERS_SIM_MAX_CONCURRENCY="$CONCURRENCY" \
  WAYBILL_CARRIERS_SIM_BATCH_SIZE="$BATCH" \
  WAYBILL_CARRIERS_SIM_REQUESTS_PER_SECOND=100000 \
  WAYBILL_CARRIERS_SIM_ENABLED=true WAYBILL_CARRIERS_SIM_PER_CLIENT=1000000000 \
  WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET=bench-sim-webhook-secret-0123456789abcdef \
  QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE="${DB_POOL:-32}" \
    java -jar "$APP/quarkus-run.jar" >"$OUT/poller-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not start; see $OUT/poller-app.log"; exit 1
}
stop_app() { kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; }
trap stop_app EXIT

run_app false
stop_app
echo "== loading $SHIPMENTS shipments"
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" -v n="$SHIPMENTS" -f bench/load-shipments.sql

echo "== polling: $CYCLES full cycles, sim latency $SIM_LATENCY, $CONCURRENCY calls of $BATCH in flight"
# Each cycle counts shipments polled after its mark, so the mark comes before they are due.
mark=$("${PSQL[@]}" -d "$DB" -c "SELECT now()")
run_app true
SAMPLES="$OUT/poller-samples.txt"
: >"$SAMPLES"
CYCLE_SECONDS=()
for c in $(seq 1 "$CYCLES"); do
  start=$(date +%s.%N)
  if [ "$c" -gt 1 ]; then
    mark=$("${PSQL[@]}" -d "$DB" -c "SELECT now()")
    "${PSQL[@]}" -d "$DB" -c "UPDATE shipments SET next_poll_at = now()" >/dev/null
  fi
  while :; do
    done_count=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE last_polled_at >= '$mark'")
    rss=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
    # The app's own metrics: starting jcmd here would cost more CPU than the sample is worth.
    heap=$(curl -s "http://127.0.0.1:$MGMT_PORT/q/metrics" | grep '^jvm_memory_used_bytes{area="heap"' | awk '{s += $NF} END {printf "%d", s / 1024}')
    conns=$("${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state <> 'idle'")
    total=$("${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'")
    echo "$c $(date +%s.%N) $done_count ${rss:-0} ${heap:-0} $conns $total" >>"$SAMPLES"
    [ "$done_count" -ge "$SHIPMENTS" ] && break
    sleep 5
  done
  end=$(date +%s.%N)
  secs=$(python3 -c "print(round($end - $start, 1))")
  CYCLE_SECONDS+=("$secs")
  echo "   cycle $c: $SHIPMENTS tracking numbers in ${secs}s"
done
EVENTS=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM tracking_events")
CHANGES=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM status_changes")
stop_app

python3 bench/poller_report.py "$SAMPLES" "$SHIPMENTS" "$SIM_LATENCY" "$CONCURRENCY" "$BATCH" "$EVENTS" "$CHANGES" "${CYCLE_SECONDS[@]}" >"$OUT/poller-report.md"
python3 - "$OUT/poller-report.md" <<'PY'
import re, sys
report = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
# Only this script's own section is replaced; the others' figures stay as they are.
section = re.compile(r"\n## Poller\n.*?(?=\n## |\Z)", re.S)
if section.search(text):
    text = section.sub(lambda m: "\n" + report.rstrip() + "\n\n", text, count=1)
else:
    text = text.rstrip() + "\n\n" + report
open(path, "w").write(text)
PY
cat "$OUT/poller-report.md"
