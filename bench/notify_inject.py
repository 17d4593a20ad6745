#!/usr/bin/env python3
"""Posts OUT_FOR_DELIVERY events for distinct shipments at a steady rate, as a merchant would.

Usage: notify_inject.py BASE_URL KEY RATE SECONDS IDS_FILE
Each event is a status change that calls for one email; bench/notify-latency.sh measures how long
each takes to reach the SMTP sink while the poller keeps the machine busy.
"""
import json
import sys
import threading
import time
import urllib.request

base, key, rate, seconds, ids_file = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
ids = [line.strip() for line in open(ids_file) if line.strip()]
total = min(len(ids), int(rate * seconds))
errors = 0
lock = threading.Lock()


def post(shipment_id):
    global errors
    body = json.dumps({"status": "OUT_FOR_DELIVERY", "eventId": "bench-ofd"}).encode()
    req = urllib.request.Request(
        f"{base}/api/v1/shipments/{shipment_id}/events",
        data=body,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
    except Exception:
        with lock:
            errors += 1


start = time.monotonic()
threads = []
for i in range(total):
    due = start + i / rate
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    t = threading.Thread(target=post, args=(ids[i],))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
print(f"{total} events in {time.monotonic() - start:.1f}s, {errors} errors")
