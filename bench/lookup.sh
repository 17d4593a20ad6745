#!/usr/bin/env bash
# Tracking lookup throughput, measured in one run against real Postgres and Redis:
#   - the framework's own trivial route, /q/health/live on the management port (the ceiling),
#   - cached lookups (memory tier in front of Redis),
#   - uncached lookups (a second start with the caches off, every lookup renders from Postgres),
#   - p50/p99 of cached lookups held at half their measured maximum rate.
# Writes the top of docs/benchmarks.md and keeps the other scripts' sections. Needs wrk, psql, redis-cli and a JDK; run from anywhere.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), REDIS_URL (default
# redis://127.0.0.1:6379/3), DURATION (default 15s), ROUNDS (default 3), PORT (default 8089),
# MGMT_PORT (health and metrics, default PORT + 1000),
# APP (a built quarkus-app directory to measure instead of building this tree), RUNNER (a
# native executable to run instead of the jar), RATE (the paced rate in req/s; default half the
# measured maximum),
# JAVA_OPTS (default: serial GC with a 64 MB young generation).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=waybill_bench
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}
REDIS_DB=${REDIS_URL##*/}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-8089}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
# Serial GC with a small young generation keeps pauses short on two cores; G1's defaults gave
# young pauses of 10-15 ms here, which dominate p99.
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m}
export JAVA_OPTS
CONNS=32
OUT=bench/out
mkdir -p "$OUT"
rm -f "$OUT"/lookup-*.txt "$OUT"/live-*.txt "$OUT"/cached*.txt "$OUT"/uncached.txt "$OUT"/warmup.txt

for tool in wrk psql redis-cli java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk postgresql-client redis-tools)"; exit 1; }
done

# APP names an already built quarkus-app directory (say, an earlier build kept for comparison);
# without it the current tree is built.
if [ -z "${APP:-}" ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
  APP=target/quarkus-app
fi

echo "== fresh database $DB and Redis db $REDIS_DB"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null

KEY="wb_pub_bench0000_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
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
  WAYBILL_TRACKING_CACHE_ENABLED="$1" \
    ${RUNNER:-java $JAVA_OPTS -jar "$APP/quarkus-run.jar"} >"$OUT/app-cache-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app did not become ready; see $OUT/app-cache-$1.log"; exit 1
}
stop_app() {
  [ -n "$APP_PID" ] && kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
trap stop_app EXIT

# run NAME URL_OR_SCRIPT [extra env...]: one wrk measurement, kept in $OUT/NAME.txt
run() {
  local name=$1 target=$2
  shift 2
  if [ "$target" = lookup ]; then
    env ORDERS=10000 KEY="$KEY" "$@" wrk -t1 -c$CONNS -d"$DURATION" --latency \
      -s bench/lookup-random.lua "http://127.0.0.1:$PORT/" >>"$OUT/$name.txt"
  else
    local port=$PORT
    case "$target" in /q/*) port=$MGMT_PORT ;; esac
    wrk -t1 -c$CONNS -d"$DURATION" --latency "http://127.0.0.1:$port$target" >>"$OUT/$name.txt"
  fi
  echo "--" >>"$OUT/$name.txt"
}

echo "== start with caches on, load 10,000 orders"
start_app true
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -v store_id="$STORE_ID" -v key_hash="$KEY_HASH" -f bench/load-orders.sql
curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/tracking?orderNumber=B-1&email=shopper1%40example.com" >/dev/null

echo "== warm-up: every order once into the cache, then the JIT on random lookups"
DURATION=15s run warmup lookup SEQUENTIAL=1
DURATION=15s run warmup lookup
DURATION=5s run warmup /q/health/live

echo "== $ROUNDS interleaved rounds: /q/health/live vs cached lookups"
for r in $(seq 1 "$ROUNDS"); do
  run live-cached /q/health/live
  run cached lookup
done

MAX=$(python3 bench/wrk_stats.py median-rps "$OUT/cached.txt")
# RATE fixes the paced rate, so two builds (a jar and a native executable) are compared at the
# same arrival rate; by default it is half of this run's maximum.
HALF=${RATE:-$(python3 -c "print($MAX / 2)")}
HALF_PER_CONN=$(python3 -c "print(round($HALF / $CONNS, 2))")
echo "== cached lookups held at $HALF req/s (maximum $MAX)"
run cached-half lookup RATE_PER_CONN="$HALF_PER_CONN"
stop_app

echo "== restart with caches off: every lookup renders from Postgres"
start_app false
DURATION=15s run warmup lookup
for r in $(seq 1 "$ROUNDS"); do
  run live-uncached /q/health/live
  run uncached lookup
done
stop_app

python3 bench/wrk_stats.py report "$OUT" "$KEY" >"$OUT/lookup-report.md"
# The lookup figures open the document; every other script owns a "## " section further down.
python3 - "$OUT/lookup-report.md" <<'PY'
import sys
report = open(sys.argv[1]).read().rstrip("\n") + "\n\n\n"
try:
    doc = open("docs/benchmarks.md").read()
except FileNotFoundError:
    doc = ""
rest = doc.find("\n## ")
open("docs/benchmarks.md", "w").write(report + (doc[rest + 1:] if rest >= 0 else ""))
PY
echo "== wrote the lookup figures at the top of docs/benchmarks.md"
cat "$OUT/lookup-report.md"
