#!/usr/bin/env bash
# Peak-season load and soak with Gatling (./mvnw -Pload) against the production jar, with the
# machine's real Postgres and Redis, while the poller works through 100,000 simulated-carrier
# shipments, with the whole notification pipeline on: every status change the poller writes is
# fanned out and its emails are sent over real SMTP to a discarding sink (bench/smtp_sink.py).
#
# Mixed open-model load (src/load/java/dev/waybill/load/PeakSeasonSimulation.java): 90% lookups
# by token or order number + email, 8% merchant writes, 2% signed carrier webhooks.
#   1. step: RATES (req/s, ascending) for STEP_SECONDS each; the highest rate with p99 under
#      50 ms and no errors is the capacity.
#   2. soak: SOAK_SECONDS (default 600) at SOAK_SHARE (default 70%) of that rate, sampling heap,
#      RSS, database connections and Redis memory every SAMPLE_SECONDS.
# Writes bench/out/load-report.md and the "Peak-season load and soak" section of
# docs/benchmarks.md.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), DB (waybill_load_bench),
# SMTP_PORT (the sink's port, default PORT + 2000), WARMUP_SECONDS (120), REDIS_URL (default
# redis://127.0.0.1:6379/7, a database index of its own), RATES, STEP_SECONDS, SOAK_SECONDS,
# SOAK_RATE (skip the steps and soak at this rate), SHIPMENTS (100000), POLL_EVERY (600s),
# PORT (8095), MGMT_PORT (health and metrics, PORT + 1000), JAVA_OPTS, RUNNER (a command that
# starts the application instead of the jar, e.g. a native executable's path).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=${DB:-waybill_load_bench}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/7}
RATES=${RATES:-"250 500 750 1000 1500 2000 2500 3000"}
STEP_SECONDS=${STEP_SECONDS:-120}
WARMUP_SECONDS=${WARMUP_SECONDS:-120}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_SHARE=${SOAK_SHARE:-0.7}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
SHIPMENTS=${SHIPMENTS:-100000}
PORT=${PORT:-8095}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
SMTP_PORT=${SMTP_PORT:-$((PORT + 2000))}
# How soon a polled shipment is due again: the poller goes through all of them once per
# POLL_EVERY, during the steps and the soak alike.
POLL_EVERY=${POLL_EVERY:-600s}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m -Xmx512m}
ADMIN_TOKEN=load-bench-admin-token-0123456789abcdef
# The simulated carrier's webhook secret: the application verifies with it and the simulation
# signs with it, so both are given this one value.
SIM_WEBHOOK_SECRET=bench-sim-webhook-secret-0123456789abcdef
OUT=bench/out/load
mkdir -p "$OUT"
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")
BASE="http://127.0.0.1:$PORT"
MGMT="http://127.0.0.1:$MGMT_PORT"

if [ "${BUILD:-1}" = 1 ]; then
  echo "== building the production jar and the simulation"
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q -Pload test-compile -DskipTests
fi

echo "== fresh database $DB, Redis $REDIS_URL"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

run_app() {
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
  QUARKUS_MAILER_MOCK=false \
  QUARKUS_MAILER_HOST=127.0.0.1 \
  QUARKUS_MAILER_PORT="$SMTP_PORT" \
  QUARKUS_MAILER_START_TLS=DISABLED \
  QUARKUS_MAILER_MAX_POOL_SIZE=16 \
  WAYBILL_ADMIN_TOKEN=$ADMIN_TOKEN \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_POLLER_ENABLED="$1" \
  WAYBILL_POLLER_INTERVAL=1s \
  WAYBILL_POLLER_SCHEDULE_PRE_TRANSIT=$POLL_EVERY \
  WAYBILL_POLLER_SCHEDULE_IN_TRANSIT=$POLL_EVERY \
  WAYBILL_POLLER_SCHEDULE_OUT_FOR_DELIVERY=$POLL_EVERY \
  WAYBILL_POLLER_SCHEDULE_ATTENTION=$POLL_EVERY \
  WAYBILL_POLLER_SCHEDULE_PICKUP=$POLL_EVERY \
  WAYBILL_POLLER_SCHEDULE_NOT_FOUND=$POLL_EVERY \
  WAYBILL_CARRIERS_SIM_BASE_URL="$BASE/sim/v1" \
  WAYBILL_CARRIERS_SIM_LATENCY=100ms \
  WAYBILL_CARRIERS_SIM_REQUESTS_PER_SECOND=100000 \
  WAYBILL_CARRIERS_SIM_ENABLED=true WAYBILL_CARRIERS_SIM_PER_CLIENT=1000000000 \
  WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET="$SIM_WEBHOOK_SECRET" \
  WAYBILL_NOTIFICATIONS_ENABLED=true \
    ${RUNNER:-java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar} >"$OUT/app-$1.log" 2>&1 &
  APP_PID=$!
  # Up to five minutes: a busy machine starts the jar slowly.
  for _ in $(seq 1 600); do
    curl -sf "$MGMT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not start; see $OUT/app-$1.log"; exit 1
}
stop_app() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; }
stop_sink() { [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true; }
trap 'stop_app; stop_sink' EXIT

python3 bench/smtp_sink.py "$SMTP_PORT" "$OUT/sink-count.txt" &
SINK_PID=$!

run_app false
stop_app
echo "== loading 10,000 lookup orders and $SHIPMENTS polled shipments"
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" \
  -v key_hash="$(head -c 32 /dev/urandom | sha256sum | cut -d' ' -f1)" -f bench/load-orders.sql
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" -v n="$SHIPMENTS" -f bench/load-shipments.sql
"${PSQL[@]}" -d "$DB" -c "SELECT tracking_number FROM shipments WHERE carrier_code = 'waybill-sim' ORDER BY random() LIMIT 1000" >"$OUT/sim-numbers.txt"
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE" >/dev/null

run_app true
# The first poll of each shipment stores its journey so far (most change status at once): a
# one-off backlog, measured by bench/poller.sh. Load is measured in the steady state after it.
echo "== first poll of all $SHIPMENTS shipments"
first_start=$(date +%s)
for _ in $(seq 1 360); do
  left=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE carrier_code = 'waybill-sim' AND last_polled_at IS NULL")
  [ "$left" -eq 0 ] && break
  sleep 5
done
echo "   done in $(( $(date +%s) - first_start )) s ($left left)"
key() {
  curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"scopes\":[\"$1\"]}" "$BASE/api/v1/admin/stores/bench/keys" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}
export LOAD_BASE_URL=$BASE LOAD_ORDERS=10000 LOAD_SIM_NUMBERS="$PWD/$OUT/sim-numbers.txt" \
  LOAD_SIM_WEBHOOK_SECRET="$SIM_WEBHOOK_SECRET"
LOAD_TRACKING_KEY=$(key tracking:read)
LOAD_MERCHANT_KEY=$(key orders:write)
export LOAD_TRACKING_KEY LOAD_MERCHANT_KEY

# One Gatling run: rate, seconds, label. Prints the path of its stats.json.
gatling() {
  LOAD_RATE=$1 LOAD_DURATION=$2 ./mvnw -B -q -Pload gatling:test >"$OUT/gatling-$3.log" 2>&1 || true
  local dir
  dir=$(ls -td target/gatling/*/ | head -1)
  echo "$dir"
}
sample() { # label
  local rss heap conns busy redis_mem polled
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status")
  curl -s "$MGMT/q/metrics" >"$OUT/metrics.txt"
  heap=$(grep '^jvm_memory_used_bytes{area="heap"' "$OUT/metrics.txt" | awk '{s += $NF} END {printf "%d", s / 1024}')
  polled=$(grep '^waybill_poller_tracking_numbers_total' "$OUT/metrics.txt" | awk '{s += $NF} END {printf "%d", s}')
  conns=$("${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'")
  busy=$("${PSQL[@]}" -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state <> 'idle'")
  redis_mem=$(redis-cli -u "$REDIS_URL" INFO memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  keys=$(redis-cli -u "$REDIS_URL" DBSIZE | tr -d '\r')
  echo "$1 $(date +%s) ${rss:-0} ${heap:-0} $conns $busy ${redis_mem:-0} ${keys:-0} $polled $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== warm-up: $WARMUP_SECONDS s at 200 req/s"
gatling 200 "$WARMUP_SECONDS" warmup >/dev/null
STEPS="$OUT/steps.txt"
SAMPLES="$OUT/soak-samples.txt"
if [ -z "${SOAK_RATE:-}" ]; then
  : >"$STEPS"
  for rate in $RATES; do
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    stats=$(gatling "$rate" "$STEP_SECONDS" "step-$rate")
    line=$(python3 bench/load_report.py step "$stats" "$rate")
    echo "$line $load_before" >>"$STEPS"
    echo "   $rate req/s: $line"
    python3 bench/load_report.py passed "$line" || break
  done
  SOAK_RATE=$(python3 bench/load_report.py soak-rate "$STEPS" "$SOAK_SHARE")
fi

echo "== soak: $SOAK_SECONDS s at $SOAK_RATE req/s"
: >"$SAMPLES"
# CPU the application itself uses (user + system ticks), whatever else the machine runs.
(while kill -0 "$APP_PID" 2>/dev/null; do
  echo "$(date +%s) $(awk '{print $14, $15}' "/proc/$APP_PID/stat") $(cut -d' ' -f1-3 /proc/loadavg)"
  sleep "$SAMPLE_SECONDS"
done) >"$OUT/cpu-samples.txt" 2>/dev/null &
sample start >>"$SAMPLES"
gatling "$SOAK_RATE" "$SOAK_SECONDS" soak >"$OUT/soak-stats-path.txt" &
GATLING_PID=$!
while kill -0 "$GATLING_PID" 2>/dev/null; do
  sleep "$SAMPLE_SECONDS"
  sample soak >>"$SAMPLES"
done
wait "$GATLING_PID"
sample end >>"$SAMPLES"
SOAK_STATS=$(cat "$OUT/soak-stats-path.txt")
# What the cache costs per order. An order's hash holds its rendered lookups (one field per
# language) beside a version marker `_v`; an order that changed but was not looked up since keeps
# only the marker. Each kind is counted and measured on its own.
redis-cli -u "$REDIS_URL" --scan >"$OUT/keys.txt"
awk '{print "HLEN " $0}' "$OUT/keys.txt" | redis-cli -u "$REDIS_URL" >"$OUT/hlen.txt"
REDIS_CACHED=$(paste "$OUT/keys.txt" "$OUT/hlen.txt" | awk '$2 >= 2 {print "MEMORY USAGE " $1}' \
  | redis-cli -u "$REDIS_URL" | awk '{s += $1; n++} END {printf "%d:%d", n, s}')
REDIS_MARKERS=$(paste "$OUT/keys.txt" "$OUT/hlen.txt" | awk '$2 < 2 {print "MEMORY USAGE " $1}' \
  | redis-cli -u "$REDIS_URL" | awk '{s += $1; n++} END {printf "%d:%d", n, s}')
ORDERS_TOTAL=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM orders")
SHIPMENTS_TOTAL=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments")
stop_app

python3 bench/load_report.py report "$STEPS" "$SOAK_STATS" "$SOAK_RATE" "$SAMPLES" \
  "$SOAK_SECONDS" "$SHIPMENTS" "$ORDERS_TOTAL" "$SHIPMENTS_TOTAL" "$JAVA_OPTS" "$REDIS_CACHED" \
  "$REDIS_MARKERS" "$POLL_EVERY" >"$OUT/load-report.md"
{
  echo
  echo "Notifications were on throughout (\`WAYBILL_NOTIFICATIONS_ENABLED=true\`): the outbox fan-out and"
  echo "email delivery ran beside the load, and $(cat "$OUT/sink-count.txt" 2>/dev/null || echo 0) emails reached the SMTP sink."
  echo
  echo "<details><summary>raw output: steps (rate, then load_report.py's step line and the load average before it) and soak samples</summary>"
  echo
  echo '```'
  cat "$STEPS" 2>/dev/null || true
  echo "--"
  cat "$SAMPLES"
  echo '```'
  echo
  echo "</details>"
} >>"$OUT/load-report.md"
python3 - "$OUT/load-report.md" <<'PY'
import re, sys
report = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
text = re.sub(r"\n## Peak-season load and soak.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip()
open(path, "w").write(text + "\n\n" + report)
PY
cat "$OUT/load-report.md"
