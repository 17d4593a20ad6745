#!/usr/bin/env bash
# The Shopify import of past orders against the cost throttle, with the production jar and the
# machine's real Postgres and Redis. A local stand-in for Shopify's Admin GraphQL API
# (bench/shopify_graphql_emulator.py) serves ORDERS orders of the last 59 days, computes each
# query's requested and actual cost as Shopify documents it, takes it from a leaky bucket of
# BUCKET points refilled at RESTORE points a second, and answers THROTTLED when the bucket is
# short. A store is connected with an access token; the script waits for the import to finish and
# reports orders per second and the share of what the throttle allows in that time:
#
#   allowed orders = (BUCKET + RESTORE × seconds) / points per order actually charged
#
# (the bucket starts full). Default: Shopify Plus's 1,000 points a second from the current rate
# limit table, with a bucket of 20 seconds of refill. Writes the "Connectors: Shopify backfill"
# section of docs/benchmarks.md and keeps the others.
#
# Sourcing this file defines backfill_bench (and its helpers) without running it, so another
# script can call it with its own settings.
#
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), DB (waybill_backfill_bench),
# REDIS_URL (default redis://127.0.0.1:6379/8), PORT (8097), MGMT_PORT (PORT + 1000), SHOPIFY_PORT
# (PORT + 2000), ORDERS (50000), BUCKET (20000), RESTORE (1000), TIMEOUT (seconds, 3600), BUILD (1:
# build the jar first; 0: use BACKFILL_APP as it is), BACKFILL_APP (a built quarkus-app directory,
# default target/quarkus-app), JAVA_OPTS, WRITE_DOCS (1).

backfill_defaults() {
  PGHOST=${PGHOST:-127.0.0.1}
  PGPORT=${PGPORT:-5432}
  PGUSER=${PGUSER:-postgres}
  BACKFILL_DB=${BACKFILL_DB:-${DB:-waybill_backfill_bench}}
  BACKFILL_REDIS_URL=${BACKFILL_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/8}}
  BACKFILL_PORT=${BACKFILL_PORT:-${PORT:-8097}}
  BACKFILL_MGMT_PORT=${BACKFILL_MGMT_PORT:-${MGMT_PORT:-$((BACKFILL_PORT + 1000))}}
  SHOPIFY_PORT=${SHOPIFY_PORT:-$((BACKFILL_PORT + 2000))}
  ORDERS=${ORDERS:-50000}
  BUCKET=${BUCKET:-20000}
  RESTORE=${RESTORE:-1000}
  TIMEOUT=${TIMEOUT:-3600}
  BUILD=${BUILD:-1}
  BACKFILL_APP=${BACKFILL_APP:-target/quarkus-app}
  WRITE_DOCS=${WRITE_DOCS:-1}
  BACKFILL_JAVA_OPTS=${BACKFILL_JAVA_OPTS:-${JAVA_OPTS:--XX:+UseSerialGC -Xmn64m -Xmx512m}}
  BACKFILL_OUT=bench/out/backfill
  BACKFILL_ADMIN_TOKEN=backfill-bench-admin-token-0123456789abcdef
  BACKFILL_TOKEN="shpat_bench$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
}

backfill_stop() {
  if [ -n "${BACKFILL_APP_PID:-}" ]; then
    kill "$BACKFILL_APP_PID" 2>/dev/null || true
    wait "$BACKFILL_APP_PID" 2>/dev/null || true
  fi
  if [ -n "${BACKFILL_SHOPIFY_PID:-}" ]; then
    kill "$BACKFILL_SHOPIFY_PID" 2>/dev/null || true
    wait "$BACKFILL_SHOPIFY_PID" 2>/dev/null || true
  fi
  BACKFILL_APP_PID=""
  BACKFILL_SHOPIFY_PID=""
  return 0
}

backfill_bench() {
  set -euo pipefail
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  backfill_defaults
  mkdir -p "$BACKFILL_OUT"
  local psql=(psql -qAt -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")
  local base="http://127.0.0.1:$BACKFILL_PORT"
  for tool in psql redis-cli java curl python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; return 1; }
  done

  if [ "$BUILD" = 1 ]; then
    echo "== building the production jar"
    ./mvnw -B -q package -DskipTests
  fi

  echo "== fresh database $BACKFILL_DB, Redis $BACKFILL_REDIS_URL"
  "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BACKFILL_DB" -c "CREATE DATABASE $BACKFILL_DB"
  redis-cli -u "$BACKFILL_REDIS_URL" FLUSHDB >/dev/null

  echo "== Shopify stand-in: $ORDERS orders, bucket $BUCKET points, restore $RESTORE points/s"
  python3 bench/shopify_graphql_emulator.py --port "$SHOPIFY_PORT" --orders "$ORDERS" \
    --bucket "$BUCKET" --restore "$RESTORE" --token "$BACKFILL_TOKEN" --max-seconds $((TIMEOUT + 600)) \
    >"$BACKFILL_OUT/shopify.log" 2>&1 &
  BACKFILL_SHOPIFY_PID=$!
  trap backfill_stop EXIT

  echo "== starting the application"
  QUARKUS_HTTP_PORT=$BACKFILL_PORT \
  QUARKUS_MANAGEMENT_PORT=$BACKFILL_MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$BACKFILL_DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BACKFILL_DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_REDIS_HOSTS="$BACKFILL_REDIS_URL" \
  WAYBILL_ADMIN_TOKEN=$BACKFILL_ADMIN_TOKEN \
  WAYBILL_TRACKING_TOKEN_SECRET=bench-token-secret-0123456789abcdefghij \
  WAYBILL_CREDENTIALS_KEYS="bench:$(head -c 32 /dev/urandom | base64)" \
  WAYBILL_RATE_LIMIT_PER_KEY=1000000000 WAYBILL_RATE_LIMIT_PER_IP=1000000000 \
  WAYBILL_POLLER_ENABLED=false \
  WAYBILL_NOTIFICATIONS_ENABLED=false \
  WAYBILL_CONNECTORS_SHOPIFY_ADMIN_BASE_URL="http://127.0.0.1:$SHOPIFY_PORT" \
  WAYBILL_CONNECTORS_SHOPIFY_TICK=1s \
    java $BACKFILL_JAVA_OPTS -jar "$BACKFILL_APP/quarkus-run.jar" >"$BACKFILL_OUT/app.log" 2>&1 &
  BACKFILL_APP_PID=$!
  local ready=0
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$BACKFILL_MGMT_PORT/q/health/ready" >/dev/null && { ready=1; break; }
    sleep 0.5
  done
  [ "$ready" = 1 ] || { echo "app did not become ready; see $BACKFILL_OUT/app.log"; return 1; }

  curl -sf -X POST "$base/api/v1/admin/stores" -H "Authorization: Bearer $BACKFILL_ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"slug":"backfill","name":"Backfill bench"}' >/dev/null

  echo "== connecting the shop; the import starts within a second"
  local started
  started=$(date +%s.%N)
  curl -sf -X PUT "$base/api/v1/admin/stores/backfill/connectors/shopify" \
    -H "Authorization: Bearer $BACKFILL_ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"shopDomain\":\"backfill-bench.myshopify.com\",\"webhookSecret\":\"shpss_0123456789abcdef\",\"accessToken\":\"$BACKFILL_TOKEN\"}" >/dev/null
  local view state imported
  while :; do
    view=$(curl -sf -H "Authorization: Bearer $BACKFILL_ADMIN_TOKEN" \
      "$base/api/v1/admin/stores/backfill/connectors/shopify")
    state=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["backfill"]["state"])' <<<"$view")
    imported=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["backfill"]["imported"])' <<<"$view")
    echo "   $(python3 -c "print(round($(date +%s.%N) - $started))")s $state imported=$imported"
    [ "$state" = DONE ] || [ "$state" = FAILED ] && break
    if [ "$(python3 -c "print(int($(date +%s.%N) - $started > $TIMEOUT))")" = 1 ]; then
      echo "timed out"; break
    fi
    sleep 5
  done
  curl -sf "http://127.0.0.1:$SHOPIFY_PORT/stats" >"$BACKFILL_OUT/shopify-stats.json"
  echo "$view" >"$BACKFILL_OUT/connection.json"
  "${psql[@]}" -d "$BACKFILL_DB" -c "SELECT count(*) FROM orders" >"$BACKFILL_OUT/orders.txt"
  "${psql[@]}" -d "$BACKFILL_DB" -c "SELECT count(*) FROM shipments" >"$BACKFILL_OUT/shipments.txt"
  "${psql[@]}" -d "$BACKFILL_DB" -c "SELECT extract(epoch FROM backfill_finished_at - backfill_started_at)
    FROM store_connections WHERE kind = 'shopify'" >"$BACKFILL_OUT/import-seconds.txt"
  backfill_stop

  backfill_report "$state"
}

# Writes the report from the files the run left in $BACKFILL_OUT (and the section of the docs).
backfill_report() {
  local state=$1
  python3 - "$BACKFILL_OUT" "$ORDERS" "$BUCKET" "$RESTORE" "$state" >"$BACKFILL_OUT/report.md" <<'PY'
import json, os, platform, subprocess, sys, datetime
out, orders, bucket, restore, state = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
stats = json.load(open(os.path.join(out, "shopify-stats.json")))
conn = json.load(open(os.path.join(out, "connection.json")))
rows = int(open(os.path.join(out, "orders.txt")).read().strip() or 0)
shipments = int(open(os.path.join(out, "shipments.txt")).read().strip() or 0)
import_s = float(open(os.path.join(out, "import-seconds.txt")).read().strip() or "nan")
# Throttle time: from Shopify's first request to its last answer (what the bucket saw).
span = stats["lastAnswerAt"] - stats["firstRequestAt"]
served = stats["orders"]
per_order = stats["actualPoints"] / max(1, served)
per_page = stats["actualPoints"] / max(1, stats["pages"])
allowed = (bucket + restore * span) / per_order
allowance_rate = restore / per_page * (served / max(1, stats["pages"]))
rate = served / span if span > 0 else 0
share = served / allowed if allowed > 0 else 0
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print("## Connectors: Shopify backfill\n")
print("`bench/connectors-backfill.sh`: the production jar imports a shop's orders through a local stand-in for")
print("Shopify's Admin GraphQL API that computes every query's requested and actual cost as Shopify documents")
print("it and paces them with a leaky bucket, answering THROTTLED when the bucket is short. The figures are")
print("Shopify Plus's rate from the current rate limit table (%g points/s) with a bucket of %g points." % (restore, bucket))
print("Allowance = (bucket + restore rate × seconds) / points charged per order, the bucket starting full.\n")
print("Run on %s, %s (%d cores), Java %s, Postgres and Redis on the same machine.\n" % (
    datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), cpu, os.cpu_count(),
    subprocess.run(["sh", "-c", "java -version 2>&1 | head -1"], capture_output=True, text=True).stdout.strip()))
print("| figure | value |\n|---|---|")
print("| orders served by Shopify | %d in %d pages (%d requests, %d THROTTLED) |" % (served, stats["pages"], stats["requests"], stats["throttled"]))
print("| orders in Waybill | %d (%d shipments); import state %s, imported %s |" % (rows, shipments, state, conn["backfill"]["imported"]))
print("| requested cost per page | %.0f points |" % (stats["requestedPoints"] / max(1, stats["pages"])))
print("| actual cost per page / per order | %.0f / %.2f points |" % (per_page, per_order))
print("| import time (first query to last answer) | %.1f s (recorded start to finish: %.1f s; nan while unfinished) |" % (span, import_s))
print("| orders/s | %.1f |" % rate)
print("| throttle allowance | %.1f orders/s sustained (restore / cost per page × %.0f orders per page), plus %.0f orders from the initial bucket |" % (allowance_rate, served / max(1, stats["pages"]), bucket / per_order))
print("| share of the allowance | **%.1f %%** |" % (share * 100))
print("\nRaw:\n\n```\n%s\n```" % json.dumps(stats, indent=1))
PY
  if [ "$WRITE_DOCS" = 1 ]; then
    python3 - "$BACKFILL_OUT/report.md" <<'PY'
import re, sys
report = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
# Only this section is replaced; the other scripts' figures stay as they are.
section = re.compile(r"\n## Connectors: Shopify backfill\n.*?(?=\n## |\Z)", re.S)
if section.search(text):
    text = section.sub(lambda m: "\n" + report.rstrip() + "\n\n", text, count=1)
else:
    text = text.rstrip() + "\n\n" + report
open(path, "w").write(text)
PY
  fi
  cat "$BACKFILL_OUT/report.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  backfill_bench "$@"
fi
