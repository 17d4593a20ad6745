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


ROWS = [
    ("live", "`/q/health/live` on the management port (the framework's trivial route, the ceiling)", None),
    ("ping", "`/api/v1/ping` (constant answer behind the whole `/api` filter chain)", 0.9),
    ("token", "cached lookup by token, `/api/v1/tracking/{token}`", 0.8),
    ("order", "cached lookup by order number + email (`tracking:read` key)", 0.7),
    ("page", "tracking page `/t/{token}`", 0.6),
]


def report(out):
    data = {name: runs(f"{out}/row-{name}.txt") for name, _, _ in ROWS}
    live = data["live"]
    half = runs(f"{out}/cached-half.txt")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Measured {now} by `bench/lookup.sh` on {machine()}.",
        "",
        f"One production jar (`java {os.environ.get('JAVA_OPTS', '')} -jar quarkus-app/quarkus-run.jar`), the"
        " machine's PostgreSQL and Redis, 10,000 orders with one shipment and three events each."
        f" Load from `wrk -t1 -c32` on the same two cores, {len(live)} interleaved rounds of"
        f" {os.environ.get('DURATION', '15s')} per endpoint: the load generator competes with the"
        " server, so absolute numbers are modest and the ratio taken in the same round is the figure"
        " to read. Lookups by order number and email pick a random one of the 10,000 orders (so they"
        " also authenticate the key and check the email); lookups by token and tracking pages a"
        f" random one of {os.environ.get('TOKENS', '200')} orders' link tokens.",
        "",
        "| endpoint | req/s (median of rounds) | p50 ms | p99 ms | ÷ `/q/health/live`, same round (median; per round) | goal | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for name, title, goal in ROWS:
        rows = data[name]
        if goal is None:
            ratio, goal_text = "1", ""
        else:
            ratios = [r["rps"] / l["rps"] for l, r in zip(live, rows)]
            m = median(ratios)
            ratio = f"**{m:.2f}** ({', '.join(f'{r:.2f}' for r in ratios)})"
            met = m >= goal
            goal_text = f"≥ {goal}: " + ("met" if met else "**not met**")
            verdicts.append(met)
        lines.append(
            f"| {title} | {median([d['rps'] for d in rows]):,.0f} | {median([d['p50'] for d in rows]):.2f}"
            f" | {median([d['p99'] for d in rows]):.2f} | {ratio} | {goal_text} | {sum(d['errors'] for d in rows)} |"
        )
    if half:
        h = half[0]
        fixed = os.environ.get("RATE")
        target = float(fixed) if fixed else median([d["rps"] for d in data["order"]]) / 2
        label = "at a fixed rate" if fixed else "at half the measured maximum"
        lines += [
            "",
            f"**Lookups by order number and email {label}** (target {target:,.0f} req/s, achieved"
            f" {h['rps']:,.0f} req/s, 32 connections each pacing its requests): p50 {h['p50']:.2f} ms,"
            f" p99 {h['p99']:.2f} ms, {h['errors']} errors.",
        ]
    uncached = runs(f"{out}/uncached.txt") if os.path.exists(f"{out}/uncached.txt") else []
    if uncached:
        live_u = runs(f"{out}/live-uncached.txt")
        ratios = [u["rps"] / l["rps"] for l, u in zip(live_u, uncached)]
        lines += [
            "",
            f"**Uncached lookups** (second start with the caches off, Postgres per request):"
            f" {median([u['rps'] for u in uncached]):,.0f} req/s, **{median(ratios):.2f}** of"
            f" `/q/health/live` ({', '.join(f'{r:.2f}' for r in ratios)}).",
        ]
    lines += [
        "",
        "How to read it: lookups are answered from each pod's short-lived memory tier (30 s TTL,"
        " invalidated through Redis pub/sub on every change) in front of Redis; the tracking page's"
        " rendered HTML is kept in the same tiers beside the JSON. p99 on two shared cores is noisy"
        " from run to run; p50 is steadier.",
        "",
        "Reproduce: `bench/lookup.sh` (needs `wrk`, `psql`, `redis-cli`; set `PGHOST`, `REDIS_URL`,"
        " `DURATION`, `ROUNDS`, `PROFILE=0`, `UNCACHED=1` to change the defaults). Raw wrk output and"
        " the JFR recordings are kept in `bench/out/`.",
    ]
    profiles = [(name, f"{out}/profile-{name}.txt") for name, _, _ in ROWS]
    profiles = [(n, p) for n, p in profiles if os.path.exists(p)]
    if profiles:
        lines += [
            "",
            "### Where the time goes",
            "",
            f"JDK Flight Recorder (`settings=profile`) while each endpoint alone was under the same load"
            f" for {os.environ.get('PROFILE_SECONDS', '10')} s; `bench/jfr_top.py` aggregates the"
            " execution samples: the hottest methods by self time, by total time, and Waybill's own.",
        ]
        for name, path in profiles:
            lines += ["", f"`{name}`:", "", "```", open(path).read().rstrip(), "```"]
    lines += ["", "### Raw output", "", "<details><summary>every wrk run (req/s, p50 ms, p99 ms, errors)</summary>", "", "```"]
    for name, _, _ in ROWS:
        for i, r in enumerate(data[name], 1):
            lines.append(f"{name:6} round {i}: {r['rps']:10.1f} req/s  p50 {r['p50']:6.2f}  p99 {r['p99']:7.2f}  errors {r['errors']}")
    lines += ["```", "", "</details>", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "median-rps":
        print(round(median([r["rps"] for r in runs(sys.argv[2])])))
    elif sys.argv[1] == "report":
        print(report(sys.argv[2]))
