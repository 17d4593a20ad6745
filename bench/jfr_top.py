#!/usr/bin/env python3
"""Top frames of a JDK Flight Recorder recording: where the CPU samples fall.

  jfr_top.py RECORDING.jfr [N]

Prints three lists from the recording's jdk.ExecutionSample events: the hottest methods by self
time (top frame), by total time (anywhere on the stack, counted once per sample), and the
hottest dev.waybill methods by total time, each with its share of all samples.
"""
import collections
import json
import subprocess
import sys


def frames(path):
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
        capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        stack = (event["values"].get("stackTrace") or {}).get("frames") or []
        yield [f'{f["method"]["type"]["name"]}.{f["method"]["name"]}' for f in stack]


def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
    self_time, total, ours = collections.Counter(), collections.Counter(), collections.Counter()
    samples = 0
    for stack in frames(path):
        if not stack:
            continue
        samples += 1
        self_time[stack[0]] += 1
        for name in set(stack):
            total[name] += 1
            if name.startswith("dev.waybill."):
                ours[name] += 1
    print(f"samples: {samples}")
    for title, counter in (("self", self_time), ("total", total), ("dev.waybill, total", ours)):
        print(f"-- {title}")
        for name, count in counter.most_common(n):
            print(f"{100 * count / max(1, samples):5.1f}%  {name}")


if __name__ == "__main__":
    main()
