#!/usr/bin/env bash
# Delay from a shipment's status change to the shopper's email, under the poller benchmark's load.
# Loads SHIPMENTS active shipments on the simulated carrier (default 100,000, as bench/poller.sh),
# each with an order whose shopper gets email, makes every one due and runs the app with the
# poller and the notification dispatcher on. Emails go over real SMTP to a discarding sink
# (bench/smtp_sink.py). When every status change of the first full poll has been notified, the
# delays (sent_at - changed_at, per message, from the notifications table) give p50 and p99.
# Appends the figures to docs/benchmarks.md.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/5), SHIPMENTS, SIM_LATENCY (default 100ms), CONCURRENCY (sim calls in
# flight, default 16), BATCH (default 100), PORT (8091), SMTP_PORT (2526), TIMEOUT (s, 900).
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
SMTP_PORT=${SMTP_PORT:-2526}
TIMEOUT=${TIMEOUT:-900}
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
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$REDIS_URL" \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789 \
  WAYBILL_POLLER_ENABLED="$1" \
  WAYBILL_POLLER_INTERVAL=1s \
  WAYBILL_NOTIFICATIONS_ENABLED="$1" \
  WAYBILL_NOTIFICATIONS_INTERVAL=200ms \
  WAYBILL_CARRIERS_SIM_BASE_URL="http://127.0.0.1:$PORT/sim/v1" \
  WAYBILL_CARRIERS_SIM_LATENCY="$SIM_LATENCY" \
  WAYBILL_CARRIERS_SIM_MAX_CONCURRENCY="$CONCURRENCY" \
  WAYBILL_CARRIERS_SIM_BATCH_SIZE="$BATCH" \
  WAYBILL_CARRIERS_SIM_REQUESTS_PER_SECOND=100000 \
  QUARKUS_MAILER_MOCK=false \
  QUARKUS_MAILER_HOST=127.0.0.1 \
  QUARKUS_MAILER_PORT="$SMTP_PORT" \
  QUARKUS_MAILER_START_TLS=DISABLED \
  QUARKUS_MAILER_MAX_POOL_SIZE=16 \
  QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE="${DB_POOL:-32}" \
    java -jar target/quarkus-app/quarkus-run.jar >"$OUT/notify-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && return 0
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
stop_app

read -r N P50 P90 P99 MAX FIRST LAST <<<"$("${PSQL[@]}" -F ' ' -d "$DB" -c "
  SELECT count(*),
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - changed_at))::numeric, 3),
         round(max(extract(epoch FROM sent_at - changed_at))::numeric, 3),
         extract(epoch FROM min(sent_at))::bigint, extract(epoch FROM max(sent_at))::bigint
  FROM notifications WHERE status = 'SENT' AND channel = 'EMAIL'")"
CHANGES=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM status_changes")
OTHER=$("${PSQL[@]}" -d "$DB" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM notifications WHERE status <> 'SENT' GROUP BY status) s")
RATE=$(python3 -c "print(round($N / max(1, $LAST - $FIRST)))")
GOAL=$(python3 -c "print('met' if $P99 < 2 else 'not met')")

REPORT="$OUT/notify-report.md"
cat >"$REPORT" <<MD
## Notification delay

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/notify-latency.sh\`: the poller benchmark's load
($SHIPMENTS active shipments on the simulated carrier over real HTTP, ${SIM_LATENCY} per call,
$BATCH numbers per call, $CONCURRENCY calls in flight) with the notification dispatcher running
in the same process, emails over real SMTP to a discarding sink, real Postgres and Redis, all on
the same 2 cores. The first full poll changes the status of most shipments at once; each change
becomes an email. Delay is \`sent_at - changed_at\` of every sent email.

| status changes | emails sent | p50 s | p90 s | p99 s | max s | emails / s while sending |
|---|---|---|---|---|---|---|
| $CHANGES | $N | $P50 | $P90 | $P99 | $MAX | $RATE |

- Whole run (poll, fan-out, render, send) took ${elapsed}s. Messages not sent: ${OTHER:-none}.
- Goal: p99 under 2 s: **$GOAL** at this load, where every shipment changes at once.
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
