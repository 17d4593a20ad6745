#!/usr/bin/env bash
# Lookup throughput while the carriers misbehave, against the production jar with real Postgres
# and Redis. The simulated carrier runs in a second process of the same jar, as a real carrier
# would be elsewhere. One start of the app, ROUNDS interleaved pairs of wrk runs over the cached
# lookups of 10,000 orders:
#   - poller idle: no shipment is due,
#   - poller busy: SHIPMENTS simulated-carrier shipments due again and again, the carrier failing
#     ERROR_RATE of its calls with 503 and answering every call after LATENCY.
# Reports the busy/idle ratio of lookup throughput (goal: at least 0.8) as a section at the end of
# docs/benchmarks.md. Needs wrk, psql, redis-cli and a JDK; run from anywhere.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/5), DURATION (default 10s), ROUNDS (default 5), SHIPMENTS (default
# 20000), ERROR_RATE (default 0.3), LATENCY (default 2s), PORT (default 8091; the carrier takes the
# next one), MGMT_PORT (health and metrics, default PORT + 1000; the carrier takes the next one),
# JAVA_OPTS, SKIP_BUILD=1 to reuse the last copy of the jar.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_resilience_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-5}
SHIPMENTS=${SHIPMENTS:-20000}
ERROR_RATE=${ERROR_RATE:-0.3}
LATENCY=${LATENCY:-2s}
PORT=${PORT:-8091}
CARRIER_PORT=$((PORT + 1))
# Health and metrics are on the management ports.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
CARRIER_MGMT_PORT=$((MGMT_PORT + 1))
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m}
CONNS=32
OUT=bench/out/resilience
APP=bench/out/resilience-app
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")
mkdir -p "$OUT"
rm -f "$OUT"/*.txt

for tool in wrk psql redis-cli java curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done

if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f "$APP/quarkus-run.jar" ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
  # A copy, so later builds in target/ don't change the jar under a running benchmark.
  rm -rf "$APP" && cp -r target/quarkus-app "$APP"
fi

echo "== fresh database $DB and Redis db ${REDIS_URL##*/}"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

KEY="wb_pub_bench0000_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)

APP_PID=""
CARRIER_PID=""
# The carrier: the same jar serving only the simulated carrier's API (no poller, no dispatcher),
# failing ERROR_RATE of its calls with 503 and answering each after LATENCY.
start_carrier() {
  QUARKUS_HTTP_PORT=$CARRIER_PORT \
  QUARKUS_MANAGEMENT_PORT=$CARRIER_MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_NOTIFICATIONS_ENABLED=false \
  WAYBILL_POLLER_ENABLED=false \
  WAYBILL_CARRIERS_SIM_LATENCY="$LATENCY" \
  WAYBILL_CARRIERS_SIM_ERROR_RATE="$ERROR_RATE" \
  WAYBILL_CARRIERS_SIM_ENABLED=true WAYBILL_CARRIERS_SIM_PER_CLIENT=1000000000 \
  WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET=bench-sim-webhook-secret-0123456789abcdef \
    java $JAVA_OPTS -jar "$APP/quarkus-run.jar" >"$OUT/carrier.log" 2>&1 &
  CARRIER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$CARRIER_MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "carrier did not become ready; see $OUT/carrier.log"; exit 1
}
start_app() {
  # Every shipment is due again a second after each poll, and a second after a failure, so the
  # poller never runs out of work while it is on. Notifications are off: this measures the
  # carrier path against the request path.
  QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_NOTIFICATIONS_ENABLED=false \
  WAYBILL_POLLER_ENABLED=true \
  WAYBILL_POLLER_INTERVAL=1s \
  WAYBILL_POLLER_SCHEDULE_OUT_FOR_DELIVERY=1s \
  WAYBILL_POLLER_SCHEDULE_IN_TRANSIT=1s \
  WAYBILL_POLLER_SCHEDULE_PRE_TRANSIT=1s \
  WAYBILL_POLLER_SCHEDULE_ATTENTION=1s \
  WAYBILL_POLLER_SCHEDULE_PICKUP=1s \
  WAYBILL_POLLER_SCHEDULE_DELIVERED_CONFIRMATION=1s \
  WAYBILL_POLLER_SCHEDULE_NOT_FOUND=1s \
  WAYBILL_POLLER_SCHEDULE_FAILURE_BACKOFF=1s \
  WAYBILL_POLLER_SCHEDULE_MAX_FAILURE_BACKOFF=2s \
  WAYBILL_CARRIERS_SIM_BASE_URL="http://127.0.0.1:$CARRIER_PORT/sim/v1" \
  WAYBILL_CARRIERS_SIM_SERVE=false \
  WAYBILL_CARRIERS_SIM_REQUESTS_PER_SECOND=100000 \
  WAYBILL_CARRIERS_SIM_ENABLED=true WAYBILL_CARRIERS_SIM_PER_CLIENT=1000000000 \
  WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET=bench-sim-webhook-secret-0123456789abcdef \
    java $JAVA_OPTS -jar "$APP/quarkus-run.jar" >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not become ready; see $OUT/app.log"; exit 1
}
stop_app() {
  [ -n "$APP_PID" ] && kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
stop_all() {
  stop_app
  [ -n "$CARRIER_PID" ] && kill "$CARRIER_PID" && wait "$CARRIER_PID" 2>/dev/null || true
  CARRIER_PID=""
}
trap stop_all EXIT

lookups() {
  env ORDERS=10000 KEY="$KEY" "$@" wrk -t1 -c$CONNS -d"$DURATION" --latency \
    -s bench/lookup-random.lua "http://127.0.0.1:$PORT/"
}

# Calls to the simulated carrier so far, by outcome, from the app's metrics.
carrier_calls() {
  curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | python3 -c '
import re, sys
ok = failed = 0.0
for line in sys.stdin:
    m = re.match(r"waybill_poller_carrier_calls_seconds_count\{(.*)\} ([\d.eE+]+)", line)
    if m and "waybill-sim" in m.group(1):
        if "outcome=\"ok\"" in m.group(1):
            ok += float(m.group(2))
        else:
            failed += float(m.group(2))
print(int(ok), int(failed))'
}

# Moves every simulated-carrier shipment's next poll to NEXT, skipping rows the poller has locked
# (they are rescheduled on the next pass), so this never deadlocks with the poller's writes.
reschedule() {
  for _ in $(seq 1 20); do
    "${PSQL[@]}" -d "$DB" -c "UPDATE shipments SET next_poll_at = $1 WHERE id IN (SELECT id FROM shipments WHERE carrier_code = 'waybill-sim' AND $2 FOR UPDATE SKIP LOCKED)" >/dev/null 2>&1 || true
    left=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE carrier_code = 'waybill-sim' AND $2")
    [ "$left" = 0 ] && return 0
    sleep 0.5
  done
}

idle() {
  # Batches in flight finish (the carrier answers within LATENCY plus retries) and write back a
  # next poll a second away, which is pushed back again until nothing is leased.
  for _ in $(seq 1 60); do
    reschedule "now() + interval '1 day'" "next_poll_at < now() + interval '1 hour'"
    leased=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE lease_until > now()")
    [ "$leased" = 0 ] && break
    sleep 1
  done
  reschedule "now() + interval '1 day'" "next_poll_at < now() + interval '1 hour'"
  sleep 2
}

busy() {
  reschedule "now()" "next_poll_at > now()"
  # Let the poller reach its steady state: calls in flight up to the carrier's concurrency.
  sleep 8
}

echo "== start the app and the carrier, load 10,000 orders to look up and $SHIPMENTS shipments to poll"
start_app
start_carrier
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" -v key_hash="$KEY_HASH" -f bench/load-orders.sql
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" -v n="$SHIPMENTS" -f bench/load-shipments.sql
idle

echo "== warm-up: every order once into the cache, then the JIT, with the poller idle and busy"
DURATION=15s lookups SEQUENTIAL=1 >"$OUT/warmup.txt"
DURATION=10s lookups >>"$OUT/warmup.txt"
busy
DURATION=10s lookups >>"$OUT/warmup.txt"

echo "== $ROUNDS interleaved rounds: lookups with the poller idle, then busy"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/load-before.txt"
for r in $(seq 1 "$ROUNDS"); do
  idle
  read -r ok0 failed0 < <(carrier_calls)
  lookups >>"$OUT/idle.txt"
  echo "--" >>"$OUT/idle.txt"
  read -r ok1 failed1 < <(carrier_calls)
  echo "$((ok1 - ok0)) $((failed1 - failed0))" >>"$OUT/idle-calls.txt"
  busy
  read -r ok0 failed0 < <(carrier_calls)
  lookups >>"$OUT/busy.txt"
  echo "--" >>"$OUT/busy.txt"
  read -r ok1 failed1 < <(carrier_calls)
  echo "$((ok1 - ok0)) $((failed1 - failed0))" >>"$OUT/busy-calls.txt"
  echo "   round $r: idle $(grep Requests/sec "$OUT/idle.txt" | tail -1 | awk '{print $2}') req/s, busy $(grep Requests/sec "$OUT/busy.txt" | tail -1 | awk '{print $2}') req/s"
done
cut -d' ' -f1-3 /proc/loadavg >"$OUT/load-after.txt"
idle
stop_all

python3 bench/resilience_report.py "$OUT" "$DURATION" "$ERROR_RATE" "$LATENCY" "$SHIPMENTS" >"$OUT/report.md"
python3 - "$OUT/report.md" <<'PY'
import sys
report = open(sys.argv[1]).read().rstrip("\n") + "\n"
doc = open("docs/benchmarks.md").read()
title = "## Lookups while carriers misbehave"
start = doc.find(title)
if start >= 0:
    end = doc.find("\n## ", start + len(title))
    doc = doc[:start] + (doc[end + 1:] if end >= 0 else "")
open("docs/benchmarks.md", "w").write(doc.rstrip("\n") + "\n\n" + report)
PY
echo "== wrote the section at the end of docs/benchmarks.md"
cat "$OUT/report.md"
