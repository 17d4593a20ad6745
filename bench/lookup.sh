#!/usr/bin/env bash
# Tracking lookup throughput against the framework's ceiling, in one run with real Postgres and
# Redis. Five rows, measured in interleaved rounds so each ratio is taken in the same round:
#   - /q/health/live on the management port (the framework's own trivial route, the ceiling),
#   - /api/v1/ping (a constant answer behind the whole /api filter chain),
#   - cached lookup by token, /api/v1/tracking/{token} (random among TOKENS orders),
#   - cached lookup by order number + email with a tracking:read key (random among 10,000 orders),
#   - the tracking page /t/{token} (random among TOKENS orders).
# Then the order-number lookups paced at half their measured maximum (p50/p99), and with
# PROFILE=1 a JDK Flight Recorder profile of each endpoint on its own (top frames into the report).
# With UNCACHED=1 a second start with the caches off measures lookups rendered from Postgres.
# Writes the top of docs/benchmarks.md and keeps the other scripts' sections. Needs wrk, psql,
# redis-cli and a JDK; run from anywhere.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), DB (waybill_bench),
# REDIS_URL (default redis://127.0.0.1:6379/3), DURATION (default 15s), ROUNDS (default 3, at least
# 3), PORT (default 8089), MGMT_PORT (health and metrics, default PORT + 1000), TOKENS (200),
# APP (a built quarkus-app directory to measure instead of building this tree), RUNNER (a
# native executable to run instead of the jar), RATE (the paced rate in req/s; default half the
# measured maximum), PROFILE (1: record a JFR profile per endpoint; default 1 on the JVM),
# PROFILE_SECONDS (10), JAVA_OPTS (default: serial GC with a 64 MB young generation).
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=${DB:-waybill_bench}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-8089}
# Health and metrics are on the management port.
MGMT_PORT=${MGMT_PORT:-$((PORT + 1000))}
TOKENS=${TOKENS:-200}
PROFILE=${PROFILE:-$([ -z "${RUNNER:-}" ] && echo 1 || echo 0)}
PROFILE_SECONDS=${PROFILE_SECONDS:-10}
UNCACHED=${UNCACHED:-0}
# Serial GC with a small young generation keeps pauses short on two cores; G1's defaults gave
# young pauses of 10-15 ms here, which dominate p99.
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m}
export JAVA_OPTS
CONNS=32
OUT=bench/out
mkdir -p "$OUT"
rm -f "$OUT"/lookup-*.txt "$OUT"/row-*.txt "$OUT"/live-*.txt "$OUT"/cached*.txt "$OUT"/uncached.txt \
  "$OUT"/warmup.txt "$OUT"/profile-*.txt "$OUT"/profile-*.jfr

[ "$ROUNDS" -ge 3 ] || { echo "ROUNDS must be at least 3 (ratios are medians of rounds)"; exit 1; }
for tool in wrk psql redis-cli java curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk postgresql-client redis-tools)"; exit 1; }
done

# APP names an already built quarkus-app directory (say, an earlier build kept for comparison);
# without it the current tree is built.
if [ -z "${APP:-}" ] && [ -z "${RUNNER:-}" ]; then
  echo "== building the production jar"
  ./mvnw -B -q package -DskipTests
  APP=target/quarkus-app
fi

echo "== fresh database $DB and Redis $REDIS_URL"
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
  WAYBILL_TRACKING_PUBLIC_BASE_URL="http://127.0.0.1:$PORT" \
  WAYBILL_TRACKING_CACHE_ENABLED="$1" \
    ${RUNNER:-java $JAVA_OPTS -jar "$APP/quarkus-run.jar"} >"$OUT/app-cache-$1.log" 2>&1 &
  APP_PID=$!
  # Up to five minutes: a busy machine starts the jar slowly.
  for _ in $(seq 1 600); do
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

# run NAME ENDPOINT [extra env...]: one wrk measurement, appended to $OUT/NAME.txt
run() {
  local name=$1 endpoint=$2
  shift 2
  case "$endpoint" in
    live) wrk -t1 -c$CONNS -d"$DURATION" --latency "http://127.0.0.1:$MGMT_PORT/q/health/live" ;;
    ping) wrk -t1 -c$CONNS -d"$DURATION" --latency "http://127.0.0.1:$PORT/api/v1/ping" ;;
    token) env PATHS="$OUT/token-paths.txt" wrk -t1 -c$CONNS -d"$DURATION" --latency \
      -s bench/lookup-paths.lua "http://127.0.0.1:$PORT/" ;;
    page) env PATHS="$OUT/page-paths.txt" wrk -t1 -c$CONNS -d"$DURATION" --latency \
      -s bench/lookup-paths.lua "http://127.0.0.1:$PORT/" ;;
    order) env ORDERS=10000 KEY="$KEY" "$@" wrk -t1 -c$CONNS -d"$DURATION" --latency \
      -s bench/lookup-random.lua "http://127.0.0.1:$PORT/" ;;
  esac >>"$OUT/$name.txt"
  echo "--" >>"$OUT/$name.txt"
}

echo "== start with caches on, load 10,000 orders"
start_app true
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -v store_id="$STORE_ID" -v key_hash="$KEY_HASH" -f bench/load-orders.sql

echo "== link tokens of $TOKENS orders"
python3 - "$PORT" "$KEY" "$TOKENS" "$OUT" <<'PY'
import http.client, json, sys
port, key, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", int(port))
with open(f"{out}/token-paths.txt", "w") as tokens, open(f"{out}/page-paths.txt", "w") as pages:
    for i in range(1, n + 1):
        conn.request("GET", f"/api/v1/tracking?orderNumber=B-{i}&email=shopper{i}%40example.com",
                     headers={"Authorization": f"Bearer {key}"})
        token = json.loads(conn.getresponse().read())["token"]
        tokens.write(f"/api/v1/tracking/{token}\n")
        pages.write(f"/t/{token}\n")
PY

ENDPOINTS="live ping token order page"
echo "== warm-up: every order once into the cache, then the JIT on every endpoint"
DURATION=15s run warmup order SEQUENTIAL=1
for e in $ENDPOINTS; do DURATION=8s run warmup "$e"; done

echo "== $ROUNDS interleaved rounds: $ENDPOINTS"
for r in $(seq 1 "$ROUNDS"); do
  for e in $ENDPOINTS; do run "row-$e" "$e"; done
  echo "   round $r done"
done

MAX=$(python3 bench/wrk_stats.py median-rps "$OUT/row-order.txt")
# RATE fixes the paced rate, so two builds (a jar and a native executable) are compared at the
# same arrival rate; by default it is half of this run's maximum.
HALF=${RATE:-$(python3 -c "print($MAX / 2)")}
HALF_PER_CONN=$(python3 -c "print(round($HALF / $CONNS, 2))")
echo "== order-number lookups held at $HALF req/s (maximum $MAX)"
run cached-half order RATE_PER_CONN="$HALF_PER_CONN"

if [ "$PROFILE" = 1 ]; then
  echo "== JDK Flight Recorder, $PROFILE_SECONDS s per endpoint"
  for e in $ENDPOINTS; do
    jcmd "$APP_PID" JFR.start name="$e" settings=profile >/dev/null
    DURATION=${PROFILE_SECONDS}s run "profile-wrk-$e" "$e"
    jcmd "$APP_PID" JFR.stop name="$e" filename="$PWD/$OUT/profile-$e.jfr" >/dev/null
    python3 bench/jfr_top.py "$OUT/profile-$e.jfr" 10 >"$OUT/profile-$e.txt"
  done
fi
stop_app

if [ "$UNCACHED" = 1 ]; then
  echo "== restart with caches off: every lookup renders from Postgres"
  start_app false
  DURATION=15s run warmup order
  for r in $(seq 1 "$ROUNDS"); do
    run live-uncached live
    run uncached order
  done
  stop_app
fi

python3 bench/wrk_stats.py report "$OUT" >"$OUT/lookup-report.md"
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
