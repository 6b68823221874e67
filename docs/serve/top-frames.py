"""Top frames of a collapsed-stack profile (async-profiler's `collapsed` output with `threads`), per thread group.

    top-frames.py PROFILE.collapsed [THREAD-SUBSTRING] [self|total] [N]

`self` counts the frame a sample was in; `total` counts every frame on the stack (a method and all it called).
"""
import collections
import re
import sys

path = sys.argv[1]
only = sys.argv[2] if len(sys.argv) > 2 else ""
mode = sys.argv[3] if len(sys.argv) > 3 else "self"
n = int(sys.argv[4]) if len(sys.argv) > 4 else 30
groups, frames, chosen = collections.Counter(), collections.Counter(), 0
for line in open(path):
    stack, _, count = line.rstrip().rpartition(" ")
    count = int(count)
    parts = stack.split(";")
    groups[re.sub(r"\d+", "N", parts[0].split(" tid=")[0])] += count
    if only not in parts[0]:
        continue
    chosen += count
    for frame in ([parts[-1]] if mode == "self" else set(parts[1:])):
        frames[frame] += count
total = sum(groups.values())
print("threads:")
for group, count in groups.most_common(6):
    print(f"  {100 * count / total:5.1f} %  {group}")
print(f"frames ({mode}) of {only or 'every thread'}: {chosen} samples")
for frame, count in frames.most_common(n):
    print(f"  {100 * count / max(chosen, 1):5.1f} %  {frame[:140]}")
