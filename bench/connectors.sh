#!/usr/bin/env bash
# Shopify webhooks into Waybill, against the production jar with real Postgres and Redis:
#   1. N signed orders/create (default 10,000), as fast as CONCURRENCY requests in flight allow:
#      accepted per second (verified, stored in the inbox, answered 200), then how long the
#      inbox takes to apply them all;
#   2. N fulfillments/create at RATE a second (default 300): every EVERY-th one is looked up in the
#      order lookup API (/api/v1/tracking?orderNumber&email) every 25 ms until its shipment shows,
#      for receipt-to-visible p50/p99.
# Payloads are shaped as Shopify documents its webhook bodies, signed with the app secret
# (X-Shopify-Hmac-Sha256, base64 HMAC-SHA256 of the raw body), each with its own event id; the
# sender is src/test/java/dev/waybill/bench/ConnectorsBench.java. With PROFILE=1 a JDK Flight
# Recorder profile of phase 1 goes into the report (bench/jfr_top.py). Writes the "Connectors:
# webhooks" section of docs/benchmarks.md, then runs bench/connectors-backfill.sh if it exists.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/6), PORT (8093), MGMT_PORT (PORT + 1000), N (10000), CONCURRENCY (32),
# RATE (300), EVERY (10), APP (a built quarkus-app directory; default: build this tree),
# PROFILE (0), COMMIT (the commit to name in the report), JAVA_OPTS (default: serial GC with a
# 64 MB young generation).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_connectors_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/6}
PORT=${PORT:-8093}
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
N=${N:-10000}
CONCURRENCY=${CONCURRENCY:-32}
RATE=${RATE:-300}
EVERY=${EVERY:-10}
PROFILE=${PROFILE:-0}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m}
OUT=bench/out
mkdir -p "$OUT"
REPORT="$OUT/connectors.txt"
: >"$REPORT"
PSQL=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")

for tool in psql redis-cli java curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done

if [ -z "${APP:-}" ]; then
  echo "== building the production jar (and the sender)"
  ./mvnw -B -q -o package -DskipTests
  APP=target/quarkus-app
fi

echo "== fresh database $DB and Redis $REDIS_URL"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

rand() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
STORE_ID=$(cat /proc/sys/kernel/random/uuid)
READ_KEY="wb_pub_benchrd0_$(rand 32)"
ADMIN_KEY="wb_sec_benchad0_$(rand 32)"
SHOP=bench-$(rand 6 | tr 'A-Z' 'a-z').myshopify.com
SECRET="shpss_$(rand 32)"
TOKEN="shpat_$(rand 32)"
CRED_KEY=$(head -c 32 /dev/urandom | base64)

APP_PID=""
stop_app() {
  [ -n "$APP_PID" ] && kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
trap stop_app EXIT

echo "== start the jar"
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
QUARKUS_REDIS_HOSTS="$REDIS_URL" \
WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 \
WAYBILL_RATE_LIMIT_WEBHOOKS_PER_IP=1000000000 \
WAYBILL_TRACKING_LOOKUP_PER_CLIENT=1000000000 \
WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
WAYBILL_TRACKING_PUBLIC_BASE_URL="http://127.0.0.1:$PORT" \
WAYBILL_CREDENTIALS_KEYS="bench:$CRED_KEY" \
  java $JAVA_OPTS -jar "$APP/quarkus-run.jar" >"$OUT/app-connectors.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null \
  || { echo "app did not become ready; see $OUT/app-connectors.log"; exit 1; }

echo "== the bench store, its keys and its Shopify connection"
hash() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO stores (id, slug, name, primary_color, support_email, default_locale, time_zone)
VALUES ('$STORE_ID', 'bench', 'Bench Store', '#1F4E79', 'help@bench.example', 'en', 'UTC');
INSERT INTO api_keys (id, store_id, name, prefix, secret_hash, scopes)
VALUES (gen_random_uuid(), '$STORE_ID', 'bench storefront', 'wb_pub_benchrd0', '$(hash "$READ_KEY")', 'tracking:read'),
       (gen_random_uuid(), '$STORE_ID', 'bench admin', 'wb_sec_benchad0', '$(hash "$ADMIN_KEY")', 'admin');
SQL
curl -sf -X PUT "http://127.0.0.1:$PORT/api/v1/admin/stores/bench/connectors/shopify" \
  -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
  -d "{\"shopDomain\":\"$SHOP\",\"webhookSecret\":\"$SECRET\",\"accessToken\":\"$TOKEN\"}" >/dev/null

pending() {
  "${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM webhook_inbox WHERE source = 'shopify' AND processed_at IS NULL"
}
# Waits until the inbox is empty; prints the seconds it took.
drain() {
  local start now
  start=$(date +%s.%N)
  for _ in $(seq 1 3600); do
    [ "$(pending)" = 0 ] && break
    sleep 0.5
  done
  now=$(date +%s.%N)
  python3 -c "print(round($now - $start, 1))"
}

send() {
  BASE="http://127.0.0.1:$PORT" SHOP="$SHOP" SECRET="$SECRET" KEY="$READ_KEY" \
    java -cp target/test-classes dev.waybill.bench.ConnectorsBench "$@"
}

{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit ${COMMIT:-$(git rev-parse --short HEAD)}"
  echo "JAVA_OPTS: $JAVA_OPTS"
} | tee -a "$REPORT"

echo "== 1. $N orders/create, $CONCURRENCY in flight"
if [ "$PROFILE" = 1 ]; then
  jcmd "$APP_PID" JFR.start name=webhooks settings=profile >/dev/null
fi
START=$(date +%s.%N)
send orders "$N" "$CONCURRENCY" | tee -a "$REPORT"
if [ "$PROFILE" = 1 ]; then
  jcmd "$APP_PID" JFR.stop name=webhooks filename="$PWD/$OUT/profile-webhooks.jfr" >/dev/null
fi
LEFT=$(pending)
DRAIN=$(drain)
APPLIED=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM orders WHERE store_id = '$STORE_ID'")
TOTAL=$(python3 -c "import time; print(round(time.time() - $START, 1))")
echo "applied: $APPLIED orders; $LEFT still in the inbox when sending ended, drained $DRAIN s later;" \
  "$(python3 -c "print(round($APPLIED / $TOTAL))") orders applied/s from first send to empty inbox" | tee -a "$REPORT"

echo "== 2. $N fulfillments/create at $RATE/s"
send fulfillments "$N" "$RATE" "$EVERY" | tee -a "$REPORT"
DRAIN=$(drain)
SHIPPED=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM shipments WHERE store_id = '$STORE_ID'")
echo "applied: $SHIPPED shipments; inbox empty $DRAIN s after the last lookup" | tee -a "$REPORT"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$REPORT"

if [ "$PROFILE" = 1 ] && [ -f "$OUT/profile-webhooks.jfr" ]; then
  echo "JFR, phase 1 (top frames):" >>"$REPORT"
  python3 bench/jfr_top.py "$OUT/profile-webhooks.jfr" 15 >>"$REPORT" || true
fi
stop_app

python3 - "$REPORT" <<'PY'
import re, sys
report = open(sys.argv[1]).read().rstrip()
path = "docs/benchmarks.md"
doc = open(path).read()
section = ("## Connectors: webhooks\n\n"
           "`bench/connectors.sh`: 10,000 signed Shopify `orders/create`, then 10,000\n"
           "`fulfillments/create` at 300/s, against the production jar with real Postgres and Redis.\n"
           "Accepted means verified, stored in the inbox and answered 200; applying happens after.\n"
           "Receipt-to-visible is from sending a `fulfillments/create` until the order lookup API\n"
           "shows its shipment (every 10th one sampled). See the load before the run for how quiet\n"
           "the machine was; the sender runs on the same two cores.\n\n"
           "```\n" + report + "\n```\n")
pattern = re.compile(r"## Connectors: webhooks\n.*?(?=\n## |\Z)", re.S)
doc = pattern.sub(section.rstrip("\n"), doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + section
open(path, "w").write(doc)
PY
echo "== report in $REPORT and docs/benchmarks.md"

if [ -f bench/connectors-backfill.sh ]; then
  echo "== bench/connectors-backfill.sh"
  # Its own process with its own defaults (database, ports, Redis): sourcing it only defines its
  # functions, and this script's settings are not meant for it. The jar is already built.
  env -u DB -u PORT -u MGMT_PORT -u REDIS_URL BUILD=0 BACKFILL_APP="$APP" \
    ${BACKFILL_PORT:+BACKFILL_PORT=$BACKFILL_PORT} bash bench/connectors-backfill.sh
fi
