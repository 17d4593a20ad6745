#!/usr/bin/env python3
"""Writes the section of docs/benchmarks.md for bench/resilience-lookups.sh."""
import sys
from datetime import datetime, timezone
sys.path.insert(0, "bench")
import wrk_stats as w

out, duration, error_rate, latency, shipments = sys.argv[1:6]
idle, busy = w.runs(f"{out}/idle.txt"), w.runs(f"{out}/busy.txt")
calls = lambda name: [tuple(map(int, l.split())) for l in open(f"{out}/{name}").read().split("\n") if l.strip()]
idle_calls, busy_calls = calls("idle-calls.txt"), calls("busy-calls.txt")
secs = float(duration.rstrip("s"))
ratios = [b["rps"] / i["rps"] for i, b in zip(idle, busy)]
ratio = w.median(ratios)
now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print("## Lookups while carriers misbehave")
print()
load = [open(f"{out}/load-{x}.txt").read().split() for x in ("before", "after")]
print(f"Measured {now} by `bench/resilience-lookups.sh` on {w.machine()}.")
print()
print(
    f"Load average (1, 5, 15 min) {', '.join(load[0])} when the rounds began and"
    f" {', '.join(load[1])} when they ended: the machine was shared with other builds and tests;"
    " the rounds interleave idle and busy runs so both see the same background."
)
print()
print(
    "One start of the production jar (role `all`: HTTP and poller in one JVM) with local Postgres"
    " and Redis; the simulated carrier is a second process of the same jar."
    f" wrk (1 thread, 32 connections, {duration} a run) looks up 10,000 cached orders"
    " at random, in interleaved rounds: first with the poller idle (no shipment due), then with"
    f" {int(shipments):,} shipments of the simulated carrier due again a second after each poll,"
    f" the carrier failing {float(error_rate):.0%} of its calls with 503 and answering every call"
    f" after {latency}. Notifications are off."
)
print()
print("| round | idle: lookups/s | p50 / p99 ms | busy: lookups/s | p50 / p99 ms | busy / idle | carrier calls/s ok / failed after retries |")
print("|---|---|---|---|---|---|---|")
for n, (i, b, r, c) in enumerate(zip(idle, busy, ratios, busy_calls), 1):
    print(
        f"| {n} | {i['rps']:,.0f} | {i['p50']:.2f} / {i['p99']:.2f} | {b['rps']:,.0f} |"
        f" {b['p50']:.2f} / {b['p99']:.2f} | {r:.2f} | {c[0] / secs:.1f} / {c[1] / secs:.1f} |"
    )
errors = sum(x["errors"] for x in idle + busy)
print()
verdict = "meets" if ratio >= 0.8 else "falls short of"
print(
    f"**Lookup throughput with the carriers misbehaving is {ratio:.2f} of its value with the"
    f" poller idle** (median of the rounds; it {verdict} the goal of at least 0.80). Per-round"
    f" ratios range from {min(ratios):.2f} to {max(ratios):.2f}; {errors} lookups failed or timed"
    f" out in all. Idle rounds made {sum(c[0] + c[1] for c in idle_calls)} carrier calls."
)
