#!/usr/bin/env python3
"""Reads Gatling's HTML report and the soak samples kept by load.sh and writes the report."""
import json
import os
import platform
import re
import subprocess
import sys
import time

P99_LIMIT_MS = 50


def table(report_dir):
    """Rows of the statistics table in Gatling's index.html, by request name."""
    html = open(os.path.join(report_dir, "index.html")).read()
    rows = {}
    for chunk in html.split("<tr id=")[1:]:
        name = re.search(r'class="ellipsed-name">([^<]+)<', chunk)
        cols = dict(re.findall(r'<td class="value [a-z]+ col-(\d+)">([^<]*)</td>', chunk))
        if not name or "2" not in cols:
            continue
        num = lambda k: float(cols[k].replace(",", "")) if cols.get(k, "-") not in ("-", "") else 0.0
        rows[name.group(1)] = {
            "count": int(num("2")), "ko": int(num("4")), "rps": num("6"),
            "p50": int(num("8")), "p95": int(num("10")), "p99": int(num("11")), "max": int(num("12")),
        }
    return rows


def summary(report_dir):
    rows = table(report_dir)
    g = rows.pop("All Requests")
    return {"total": g["count"], "ko": g["ko"], "rps": g["rps"], "p50": g["p50"], "p95": g["p95"],
            "p99": g["p99"], "max": g["max"], "requests": rows}


def step(path, rate):
    try:
        s = summary(path)
    except (OSError, ValueError, KeyError):
        return f"{rate} 0 0 -1 -1 -1 -1 -1"
    return f"{rate} {s['rps']:.0f} {s['total']} {s['ko']} {s['p50']} {s['p95']} {s['p99']} {s['max']}"


def passed(line):
    f = line.split()
    return int(f[3]) == 0 and 0 <= float(f[6]) < P99_LIMIT_MS


def best(steps_file):
    rates = [int(l.split()[0]) for l in open(steps_file) if l.strip() and passed(l)]
    return max(rates) if rates else 0


def machine():
    cpu = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) / 1024 / 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    redis = subprocess.run(["redis-cli", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Linux {platform.release()}, {java}, {pg}, {redis}"


def mb(kb):
    return f"{int(kb) / 1024:.0f}"


def report(steps_file, soak_stats, soak_rate, samples_file, soak_seconds, shipments, orders_total,
           shipments_total, java_opts, redis_cached, redis_markers, poll_every):
    out = []
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out.append("## Peak-season load and soak\n")
    out.append(f"Measured {now} by `bench/load.sh` on {machine()}.\n")
    out.append(
        "One production jar (`java " + java_opts + " -jar target/quarkus-app/quarkus-run.jar`, "
        "`WAYBILL_ROLE=all`), the machine's PostgreSQL and Redis, and Gatling "
        "(`./mvnw -Pload gatling:test`, `PeakSeasonSimulation`) all on the same 2 cores. "
        "Other work on the machine is not controlled; the load average "
        "is given with each figure and absolute numbers are a floor, not a ceiling.\n")
    out.append(
        f"Data: 10,000 orders with one shipment and three events each (the lookups' store), and "
        f"{int(shipments):,} active shipments on the simulated carrier (100 ms per call, 100 numbers "
        "per call, 16 calls in flight) that the poller works through during the whole run: after a "
        "first poll of every shipment (not measured here, see Poller), each is due again " + poll_every + " after its poll. Traffic at a fixed arrival rate (open model: requests "
        "keep arriving whatever the latency): 45% lookups by link token, 45% by order number "
        "and email (`tracking:read` key), 8% merchant writes (a new order with a shipment, "
        "`Idempotency-Key`), 2% signed simulated-carrier webhooks. A request counts as an "
        "error unless it gets its expected status (200, 201, 202).\n")

    out.append("### Step test\n")
    out.append("| target req/s | achieved req/s | requests | errors | p50 ms | p95 ms | p99 ms | max ms | load average before |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    steps = [l.split() for l in open(steps_file) if l.strip()] if os.path.exists(steps_file) else []
    for f in steps:
        out.append(f"| {int(f[0]):,} | {int(f[1]):,} | {int(f[2]):,} | {f[3]} | {f[4]} | {f[5]} | {f[6]} | {f[7]} | {' '.join(f[8:11])} |")
    top = max([int(f[0]) for f in steps if passed(' '.join(f))], default=0)
    if steps and not top:
        out.append("")
        out.append(f"No rate met p99 under {P99_LIMIT_MS} ms: even the lowest step missed it. "
                   "The load average (other work on the machine) is the reason to read first; "
                   "the CPU the application itself used per request, below, is the figure "
                   "that carries over to a machine of its own.\n")
    elif steps:
        out.append("")
        out.append(f"Highest rate with p99 under {P99_LIMIT_MS} ms and no errors: **{top:,} req/s** "
                   f"({top / (os.cpu_count() or 1):,.0f} per core, with the load generator, "
                   "Postgres and Redis on the same cores).\n")

    s = summary(soak_stats)
    samples = [l.split() for l in open(samples_file) if l.strip()]
    during = [x for x in samples if x[0] == "soak"] or samples
    half = len(during) // 2
    def rng(idx, conv=lambda v: v):
        vals = [float(x[idx]) for x in during]
        return conv(min(vals)), conv(max(vals))
    def avg(rows, idx):
        return sum(float(x[idx]) for x in rows) / max(1, len(rows))
    rss_lo, rss_hi = rng(2, mb)
    heap_lo, heap_hi = rng(3, mb)
    c_lo, c_hi = rng(4, lambda v: int(v))
    b_lo, b_hi = rng(5, lambda v: int(v))
    r_lo, r_hi = rng(6, lambda v: f"{v / 1048576:.1f}")
    first, second = during[:half] or during, during[half:] or during
    out.append("### Soak\n")
    basis = ("70% of the step test's result" if top else
             "no step met the p99 goal on this machine at the time, so the soak runs at the "
             "lowest step's rate")
    out.append(f"{int(soak_seconds) // 60} minutes at **{int(soak_rate):,} req/s** ({basis}), "
               f"sampled every {int(during[1][1]) - int(during[0][1]) if len(during) > 1 else 0} s.\n")
    out.append("| requests | errors | achieved req/s | p50 ms | p95 ms | p99 ms | max ms |")
    out.append("|---|---|---|---|---|---|---|")
    out.append(f"| {s['total']:,} | {s['ko']} | {s['rps']:.0f} | {s['p50']} | {s['p95']} | {s['p99']} | {s['max']} |")
    out.append("")
    out.append("| request | count | errors | p50 ms | p95 ms | p99 ms |")
    out.append("|---|---|---|---|---|---|")
    for name, r in sorted(s["requests"].items()):
        out.append(f"| {name} | {r['count']:,} | {r['ko']} | {r['p50']} | {r['p95']} | {r['p99']} |")
    out.append("")
    last = during[-max(1, len(during) // 3):]
    mib = lambda v: f"{v / 1048576:.1f}"
    thousands = lambda v: f"{int(v):,}"
    two = lambda v: f"{v:.2f}"
    def last_range(idx, conv):
        return f"{conv(min(float(x[idx]) for x in last))}–{conv(max(float(x[idx]) for x in last))}"
    out.append("| resource | min–max over the soak | mean, first half | mean, second half | min–max, last third |")
    out.append("|---|---|---|---|---|")
    out.append(f"| heap used, MB (sampled between collections) | {heap_lo}–{heap_hi} | {avg(first, 3) / 1024:.0f} | {avg(second, 3) / 1024:.0f} | {last_range(3, mb)} |")
    out.append(f"| RSS, MB | {rss_lo}–{rss_hi} | {avg(first, 2) / 1024:.0f} | {avg(second, 2) / 1024:.0f} | {last_range(2, mb)} |")
    out.append(f"| Postgres connections of the app (`pg_stat_activity`) | {c_lo}–{c_hi} | {avg(first, 4):.1f} | {avg(second, 4):.1f} | {last_range(4, int)} |")
    out.append(f"| of them busy at sampling time | {b_lo}–{b_hi} | {avg(first, 5):.1f} | {avg(second, 5):.1f} | {last_range(5, int)} |")
    out.append(f"| Redis `used_memory`, MiB (whole instance) | {r_lo}–{r_hi} | {avg(first, 6) / 1048576:.1f} | {avg(second, 6) / 1048576:.1f} | {last_range(6, mib)} |")
    out.append(f"| Redis keys in the bench database | {int(min(float(x[7]) for x in during)):,}–{int(max(float(x[7]) for x in during)):,} | {avg(first, 7):,.0f} | {avg(second, 7):,.0f} | {last_range(7, thousands)} |")
    out.append(f"| load average (1 min) | {min(float(x[9]) for x in during):.2f}–{max(float(x[9]) for x in during):.2f} | {avg(first, 9):.2f} | {avg(second, 9):.2f} | {last_range(9, two)} |")
    out.append("")
    polled = int(samples[-1][8]) - int(samples[0][8])
    secs = max(1, int(samples[-1][1]) - int(samples[0][1]))
    out.append(f"- Poller during the soak, in the same process: {polled:,} tracking numbers polled "
               f"({polled / secs:,.0f} a second, `waybill_poller_tracking_numbers_total`); each of "
               f"the {int(shipments):,} shipments is due again {poll_every} after its poll.")
    cpu_file = os.path.join(os.path.dirname(samples_file), "cpu-samples.txt")
    if os.path.exists(cpu_file):
        cpu = [l.split() for l in open(cpu_file) if len(l.split()) >= 3]
        t0, t1 = int(samples[0][1]), int(samples[-1][1])
        inside = [c for c in cpu if t0 <= int(c[0]) <= t1] or cpu
        if len(inside) > 1:
            ticks = (int(inside[-1][1]) + int(inside[-1][2])) - (int(inside[0][1]) + int(inside[0][2]))
            wall = int(inside[-1][0]) - int(inside[0][0])
            cpu_s = ticks / os.sysconf("SC_CLK_TCK")
            # The window also covers Gatling's start and stop, so this slightly overstates the
            # CPU per request: the poller works meanwhile.
            served = s["total"]
            if cpu_s > 0 and served > 0:
                out.append(f"- CPU used by the application process (`/proc/<pid>/stat`, user + system) "
                           f"over {wall} s of the soak: {cpu_s:,.1f} s, {cpu_s / wall:.2f} cores on average, "
                           f"including its poller and JIT/GC threads: **{cpu_s / served * 1000:.2f} ms of CPU "
                           f"per request**, about **{served / cpu_s:,.0f} requests per core-second** of "
                           "this mix with the poller working alongside.")
    cached, cached_bytes = (int(x) for x in redis_cached.split(":"))
    markers, marker_bytes = (int(x) for x in redis_markers.split(":"))
    if cached:
        out.append(f"- Redis after the soak: {cached:,} orders with their lookups cached, "
                   f"{cached_bytes / 1048576:.1f} MiB (`MEMORY USAGE` summed), "
                   f"{cached_bytes / cached:,.0f} bytes an order: **{cached_bytes / cached * 100000 / 1048576:,.0f} "
                   "MiB per 100,000 cached orders**; and "
                   f"{markers:,} version markers of orders changed but not looked up since, "
                   f"{marker_bytes / max(markers, 1):,.0f} bytes each "
                   f"({marker_bytes / max(markers, 1) * 100000 / 1048576:,.1f} MiB per 100,000).")
    out.append(f"- Database at the end: {int(orders_total):,} orders, {int(shipments_total):,} shipments.")
    out.append(f"- Raw samples (`label epoch rss_kb heap_kb conns busy redis_bytes redis_keys polls "
               f"load1 load5 load15`): `bench/out/load/soak-samples.txt`; Gatling's HTML reports: "
               "`target/gatling/`.\n")
    out.append("Reproduce: `bench/load.sh` (needs `psql`, `redis-cli`, a JDK; `RATES`, `STEP_SECONDS`, "
               "`SOAK_SECONDS`, `SOAK_RATE`, `SHIPMENTS`, `REDIS_URL` change the defaults).\n")
    return "\n".join(out)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "step":
        print(step(sys.argv[2], sys.argv[3]))
    elif cmd == "passed":
        sys.exit(0 if passed(sys.argv[2]) else 1)
    elif cmd == "soak-rate":
        b = best(sys.argv[2])
        print(max(50, int(b * float(sys.argv[3]))))
    elif cmd == "report":
        print(report(*sys.argv[2:]))
