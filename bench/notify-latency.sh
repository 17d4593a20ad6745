#!/usr/bin/env bash
# Delay from a shipment's status change to the shopper's email, under the poller benchmark's load.
# Loads SHIPMENTS active shipments on the simulated carrier (default 100,000, as bench/poller.sh),
# each with an order whose shopper gets email, and runs the app with the poller and the
# notification dispatcher on; every shipment is due again a second after each poll, so the
# poller never rests. Emails go over real SMTP to a discarding sink (bench/smtp_sink.py).
#   1. Burst: the first full poll changes most shipments' status at once; wait until every change
#      has been emailed.
#   2. Steady: while the poller keeps polling, a merchant posts RATE status changes a second for
#      STEADY_SECONDS (bench/notify_inject.py), each calling for one email.
# Delays are sent_at - changed_at per email, from the notifications table. Appends the figures to
# docs/benchmarks.md.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/5), SHIPMENTS, SIM_LATENCY (default 100ms), CONCURRENCY (sim calls in
# flight, default 16), BATCH (default 100), PORT (8091), MGMT_PORT (PORT + 1000),
# SMTP_PORT (2526), TIMEOUT (s, 900),
# RATE (steady status changes per second, default 50), STEADY_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_notify_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
SHIPMENTS=${SHIPMENTS:-100000}
SIM_LATENCY=${SIM_LATENCY:-100ms}
CONCURRENCY=${CONCURRENCY:-16}
BATCH=${BATCH:-100}
PORT=${PORT:-8091}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
SMTP_PORT=${SMTP_PORT:-2526}
TIMEOUT=${TIMEOUT:-900}
RATE=${RATE:-50}
STEADY_SECONDS=${STEADY_SECONDS:-60}
OUT=bench/out
mkdir -p "$OUT"
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
fi

echo "== fresh database $DB"
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
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_POLLER_ENABLED="$1" \
  WAYBILL_POLLER_INTERVAL=1s \
  WAYBILL_POLLER_SCHEDULE_OUT_FOR_DELIVERY=1s WAYBILL_POLLER_SCHEDULE_IN_TRANSIT=1s \
  WAYBILL_POLLER_SCHEDULE_PRE_TRANSIT=1s WAYBILL_POLLER_SCHEDULE_ATTENTION=1s \
  WAYBILL_POLLER_SCHEDULE_PICKUP=1s WAYBILL_POLLER_SCHEDULE_NOT_FOUND=1s \
  WAYBILL_ADMIN_TOKEN=bench-admin-token-0123456789abcdefghij \
  WAYBILL_NOTIFICATIONS_ENABLED="$1" \
  WAYBILL_CARRIERS_SIM_BASE_URL="http://127.0.0.1:$PORT/sim/v1" \
  WAYBILL_CARRIERS_SIM_LATENCY="$SIM_LATENCY" \
  WAYBILL_CARRIERS_SIM_MAX_CONCURRENCY="$CONCURRENCY" \
  WAYBILL_CARRIERS_SIM_BATCH_SIZE="$BATCH" \
  WAYBILL_CARRIERS_SIM_REQUESTS_PER_SECOND=100000 \
  WAYBILL_CARRIERS_SIM_ENABLED=true WAYBILL_CARRIERS_SIM_PER_CLIENT=1000000000 \
  WAYBILL_CARRIERS_SIM_WEBHOOK_SECRET=bench-sim-webhook-secret-0123456789abcdef \
  QUARKUS_MAILER_MOCK=false \
  QUARKUS_MAILER_HOST=127.0.0.1 \
  QUARKUS_MAILER_PORT="$SMTP_PORT" \
  QUARKUS_MAILER_START_TLS=DISABLED \
  QUARKUS_MAILER_MAX_POOL_SIZE=16 \
  QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE="${DB_POOL:-32}" \
    java -jar target/quarkus-app/quarkus-run.jar >"$OUT/notify-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not start; see $OUT/notify-app.log"; exit 1
}
stop_app() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
stop_sink() { [ -n "${SINK_PID:-}" ] && kill "$SINK_PID" 2>/dev/null || true; }
trap 'stop_app; stop_sink' EXIT

run_app false
stop_app
echo "== loading $SHIPMENTS shipments"
"${PSQL[@]}" -d "$DB" -v store_id="$(cat /proc/sys/kernel/random/uuid)" -v n="$SHIPMENTS" -f bench/load-shipments.sql

python3 bench/smtp_sink.py "$SMTP_PORT" "$OUT/notify-sink-count.txt" &
SINK_PID=$!

echo "== polling and notifying"
start=$(date +%s)
run_app true
SAMPLES="$OUT/notify-samples.txt"
: >"$SAMPLES"
while :; do
  polled=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE last_polled_at IS NOT NULL")
  outbox=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM outbox WHERE processed_at IS NULL")
  pending=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM notifications WHERE status = 'PENDING'")
  sent=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM notifications WHERE status = 'SENT'")
  now=$(date +%s)
  echo "$((now - start)) polled=$polled outbox=$outbox pending=$pending sent=$sent" | tee -a "$SAMPLES"
  if [ "$polled" -ge "$SHIPMENTS" ] && [ "$outbox" -eq 0 ] && [ "$pending" -eq 0 ]; then
    break
  fi
  if [ $((now - start)) -gt "$TIMEOUT" ]; then
    echo "timed out"; break
  fi
  sleep 5
done
elapsed=$(( $(date +%s) - start ))
CHANGES=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM status_changes")

echo "== steady: $RATE status changes/s for ${STEADY_SECONDS}s while the poller polls"
steady_mark=$("${PSQL[@]}" -d "$DB" -c "SELECT now()")
KEY=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/admin/stores/pollbench/keys" \
  -H 'Authorization: Bearer bench-admin-token-0123456789abcdefghij' -H 'Content-Type: application/json' \
  -d '{"scopes":["orders:write"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
"${PSQL[@]}" -d "$DB" -c "SELECT id FROM shipments WHERE status IN ('PICKED_UP', 'IN_TRANSIT')
  ORDER BY random() LIMIT $((RATE * STEADY_SECONDS))" >"$OUT/notify-ids.txt"
polled() { curl -s "http://127.0.0.1:$MGMT_PORT/q/metrics" | grep '^waybill_poller_tracking_numbers_total' | awk '{s += $NF} END {printf "%d", s}'; }
polled_before=$(polled)
python3 bench/notify_inject.py "http://127.0.0.1:$PORT" "$KEY" "$RATE" "$STEADY_SECONDS" "$OUT/notify-ids.txt" | tee "$OUT/notify-inject.txt"
sleep 5
POLLED_STEADY=$(( $(polled) - polled_before ))
stop_app

stats() {
  "${PSQL[@]}" -F ' ' -d "$DB" -c "
  SELECT count(*),
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(max(extract(epoch FROM sent_at - changed_at))::numeric, 3),
         extract(epoch FROM min(sent_at))::bigint, extract(epoch FROM max(sent_at))::bigint
  FROM notifications WHERE status = 'SENT' AND channel = 'EMAIL' AND $1"
}
read -r N P50 P90 P99 MAX FIRST LAST <<<"$(stats "changed_at < '$steady_mark'")"
read -r SN SP50 SP90 SP99 SMAX SFIRST SLAST <<<"$(stats "changed_at >= '$steady_mark'")"
OTHER=$("${PSQL[@]}" -d "$DB" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM notifications WHERE status <> 'SENT' GROUP BY status) s")
SEND_RATE=$(python3 -c "print(round($N / max(1, $LAST - $FIRST)))")
POLL_RATE=$(python3 -c "print(round($POLLED_STEADY / ($STEADY_SECONDS + 5)))")
GOAL=$(python3 -c "print('met' if ${SP99:-99} < 2 else 'not met')")

REPORT="$OUT/notify-report.md"
cat >"$REPORT" <<MD
## Notification delay

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/notify-latency.sh\`: the poller benchmark's load
($SHIPMENTS active shipments on the simulated carrier over real HTTP, ${SIM_LATENCY} per call,
$BATCH numbers per call, $CONCURRENCY calls in flight, every shipment due again a second after its
poll) with the notification dispatcher in the same process (default settings: it looks for work
every second), emails over real SMTP to a discarding sink, real Postgres and Redis, all on the
same 2 cores. Delay is \`sent_at - changed_at\` of every email.

| phase | status changes | emails | p50 s | p90 s | p99 s | max s |
|---|---|---|---|---|---|---|
| steady: $RATE changes/s from the merchant API for ${STEADY_SECONDS}s, poller at $POLL_RATE numbers/s | $SN | $SN | $SP50 | $SP90 | $SP99 | $SMAX |
| burst: first full poll, most shipments change at once | $CHANGES | $N | $P50 | $P90 | $P99 | $MAX |

- Goal: p99 under 2 s in the steady state: **$GOAL**.
- The burst is a backlog, not a latency: $N emails were rendered and sent at about $SEND_RATE a
  second, so its delays measure how long the queue took to drain (${elapsed}s for polling and
  sending everything). Messages not sent: ${OTHER:-none}.
- Reproduce: \`bench/notify-latency.sh\` (needs \`psql\`, \`redis-cli\`, \`python3\`; \`SHIPMENTS\`, \`RATE\`,
  \`STEADY_SECONDS\` change the load).
MD
python3 - "$REPORT" <<'PY'
import re, sys
report = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
text = re.sub(r"\n## Notification delay.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + report
open(path, "w").write(text)
PY
cat "$REPORT"
