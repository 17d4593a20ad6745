#!/usr/bin/env python3
"""Summarises bench/poller.sh samples as a section of docs/benchmarks.md."""
import sys
from datetime import datetime, timezone

samples_path, shipments, latency, concurrency, batch, events, changes = sys.argv[1:8]
cycles = [float(s) for s in sys.argv[8:]]
shipments, concurrency, batch = int(shipments), int(concurrency), int(batch)
rows = [line.split() for line in open(samples_path) if line.strip()]
rss = [int(r[3]) / 1024 for r in rows if int(r[3]) > 0]
heap = [int("".join(ch for ch in r[4] if ch.isdigit())) / 1024 for r in rows if r[4] not in ("0", "")]
active = [int(r[5]) for r in rows]
total = [int(r[6]) for r in rows]
lat_s = float(latency.rstrip("ms")) / 1000 if latency.endswith("ms") else float(latency.rstrip("s"))
ideal = concurrency * batch / lat_s
rates = [shipments / c for c in cycles]
steady = rates[1:] or rates
now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def rng(values, unit):
    return f"{min(values):.0f}–{max(values):.0f} {unit}" if values else "n/a"


print(f"""## Poller

Measured {now} by `bench/poller.sh`: {shipments:,} active shipments on the simulated carrier,
served over real HTTP by the same process with {latency} latency per call, {batch} tracking numbers
per call and {concurrency} calls in flight; real Postgres and Redis on the same 2 cores. Each cycle
makes every shipment due and waits until all were polled and written.

| cycle | seconds | tracking numbers / s | ÷ ideal bound ({ideal:,.0f}/s = {concurrency} × {batch} ÷ {latency}) |
|---|---|---|---|""")
for i, (c, r) in enumerate(zip(cycles, rates), 1):
    print(f"| {i} | {c:.1f} | {r:,.0f} | {r / ideal:.2f} |")
print(f"""
- First cycle stores the journeys' scans (events in the database after the run: {int(events):,};
  status changes recorded: {int(changes):,}); later cycles mostly find nothing new, which is the
  steady state of a real fleet.
- Heap used over the run: {rng(heap, "MB")}; RSS: {rng(rss, "MB")} (samples every 5 s).
- Database connections of the app: {rng(total, "open")}, {rng(active, "busy")} at sampling time.
- Goal: at least 2,000 tracking numbers per second sustained, with flat memory. Steady state
  (cycles after the first): **{"met" if min(steady) >= 2000 else "not met"}**, slowest
  {min(steady):,.0f}/s. The first cycle, where every shipment changes status at once, ran at
  {rates[0]:,.0f}/s.
""")
