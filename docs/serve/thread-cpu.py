"""A process's CPU time per thread group, from /proc (docs/serve/profile-round.sh).

    thread-cpu.py snap PID > a.json
    thread-cpu.py diff a.json b.json [metrics-before.txt metrics-after.txt]

Threads are grouped by name with digits dropped (cadenza-http-12 and cadenza-http-40 are cadenza-http-N). With the
server's /metrics before and after, it also gives CPU seconds per million tokens generated.
"""
import collections
import json
import os
import re
import sys


def snap(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            status = open(f"/proc/{pid}/task/{tid}/status").read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        switches = sum(int(line.split()[1]) for line in status.splitlines() if "ctxt_switches" in line)
        threads[tid] = [name, int(fields[11]), int(fields[12]), switches]  # user and system ticks
    return threads


def tokens(path):
    for line in open(path):
        if line.startswith("cadenza_tokens_total{"):
            return float(line.split()[-1])
    raise SystemExit(f"{path}: no cadenza_tokens_total")


def diff(before, after, metrics):
    ticks = os.sysconf("SC_CLK_TCK")
    user, system, switches = collections.Counter(), collections.Counter(), collections.Counter()
    for tid, (name, u, s, c) in after.items():
        old = before.get(tid, [name, 0, 0, 0])
        group = re.sub(r"\d+", "N", name)
        user[group] += u - old[1]
        system[group] += s - old[2]
        switches[group] += c - old[3]
    total = sum(user.values()) + sum(system.values())
    print(f"CPU seconds in all: {total / ticks:.1f}")
    for group in sorted(user, key=lambda g: -(user[g] + system[g]))[:8]:
        t = user[group] + system[group]
        print(f"{t / ticks:7.2f} s {100 * t / max(total, 1):5.1f} %  user {user[group] / ticks:.2f}  system "
              f"{system[group] / ticks:.2f}  context switches {switches[group]:6d}  {group}")
    if metrics:
        made = tokens(metrics[1]) - tokens(metrics[0])
        print(f"tokens {made:.0f}: {total / ticks / made * 1e6:.1f} CPU seconds per million tokens")


if sys.argv[1] == "snap":
    print(json.dumps(snap(sys.argv[2])))
else:
    diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), sys.argv[4:6])
