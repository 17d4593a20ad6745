#!/usr/bin/env python3
"""Reads wrk outputs kept by lookup.sh and writes the benchmark report."""
import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone


def runs(path):
    """Each wrk run in a file: requests/s, p50 and p99 in ms, non-2xx count."""
    text = open(path).read()
    result = []
    for chunk in text.split("--\n"):
        rps = re.search(r"Requests/sec:\s+([\d.]+)", chunk)
        if not rps:
            continue
        result.append(
            {
                "rps": float(rps.group(1)),
                "p50": latency(chunk, "50%"),
                "p99": latency(chunk, "99%"),
                "errors": errors(chunk),
            }
        )
    return result


def latency(chunk, pct):
    m = re.search(r"^\s+" + re.escape(pct) + r"\s+([\d.]+)(us|ms|s)\s*$", chunk, re.M)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def errors(chunk):
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", chunk)
    n = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:.*?timeout (\d+)", chunk)
    return n + (int(m.group(1)) if m else 0)


def median(values):
    return statistics.median(values) if values else float("nan")


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, {java}"


def report(out):
    ping_c, cached = runs(f"{out}/live-cached.txt"), runs(f"{out}/cached.txt")
    ping_u, uncached = runs(f"{out}/live-uncached.txt"), runs(f"{out}/uncached.txt")
    half = runs(f"{out}/cached-half.txt")
    ratios_c = [c["rps"] / p["rps"] for p, c in zip(ping_c, cached)]
    ratios_u = [u["rps"] / p["rps"] for p, u in zip(ping_u, uncached)]
    rows = [
        ("`/q/health/live` (the framework's trivial route, the ceiling)", ping_c, None),
        ("cached lookup (memory tier, then Redis)", cached, ratios_c),
        ("`/q/health/live`, second start", ping_u, None),
        ("uncached lookup (caches off, Postgres per request)", uncached, ratios_u),
    ]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Measured {now} by `bench/lookup.sh` on {machine()}.",
        "",
        f"One production jar (`java {os.environ.get('JAVA_OPTS', '')} -jar quarkus-app/quarkus-run.jar`), the"
        " machine's PostgreSQL and Redis, 10,000 orders with one shipment and three events each."
        " Load from `wrk -t1 -c32` on the same two cores, so the load generator competes with the"
        " server: absolute numbers are modest, ratios taken in the same round are the figure to read."
        " Each lookup asks for a random one of the 10,000 orders by order number and email with a"
        " `tracking:read` key, so it also authenticates the key and checks the email.",
        "",
        "| endpoint | req/s (median of rounds) | p50 ms | p99 ms | ÷ `/q/health/live`, same round | errors |",
        "|---|---|---|---|---|---|",
    ]
    for name, data, ratios in rows:
        ratio = "1" if ratios is None else f"**{median(ratios):.2f}** ({', '.join(f'{r:.2f}' for r in ratios)})"
        lines.append(
            f"| {name} | {median([d['rps'] for d in data]):,.0f} | {median([d['p50'] for d in data]):.2f}"
            f" | {median([d['p99'] for d in data]):.2f} | {ratio} | {sum(d['errors'] for d in data)} |"
        )
    if half:
        h = half[0]
        fixed = os.environ.get("RATE")
        target = float(fixed) if fixed else median([d["rps"] for d in cached]) / 2
        label = "at a fixed rate" if fixed else "at half the measured maximum"
        lines += [
            "",
            f"**Cached lookups {label}** (target {target:,.0f} req/s, achieved"
            f" {h['rps']:,.0f} req/s, 32 connections each pacing its requests): p50 {h['p50']:.2f} ms,"
            f" p99 {h['p99']:.2f} ms, {h['errors']} errors.",
        ]
    goal_ratio = median(ratios_c) >= 0.60
    goal_p99 = bool(half) and half[0]["p99"] < 10
    lines += [
        "",
        "Goals: cached lookups at least 0.60 of `/q/health/live`: "
        + ("**met**" if goal_ratio else "**not met**")
        + "; p99 under 10 ms at half the maximum rate: "
        + ("**met**" if goal_p99 else "**not met**")
        + ".",
        "",
        "How to read it: the cached path answers most lookups from each pod's short-lived memory tier"
        " (30 s TTL, invalidated through Redis pub/sub on every change) and the rest from Redis; the"
        " uncached path loads the order, shipments and events from Postgres and renders them on every"
        " request. p99 on two shared cores is noisy from run to run; p50 is steadier.",
        "",
        "Reproduce: `bench/lookup.sh` (needs `wrk`, `psql`, `redis-cli`; set `PGHOST`, `REDIS_URL`,"
        " `DURATION`, `ROUNDS` to change the defaults). Raw wrk output is kept in `bench/out/`.",
        "",
    ]
    poller = os.path.join(out, "poller-report.md")
    if os.path.exists(poller):
        # bench/poller.sh writes this section; keep it when the lookup figures are rewritten.
        lines += ["", open(poller).read().rstrip(), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "median-rps":
        print(round(median([r["rps"] for r in runs(sys.argv[2])])))
    elif sys.argv[1] == "report":
        print(report(sys.argv[2]))
