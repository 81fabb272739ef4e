#!/usr/bin/env python3
# One cost's share of the server's samples, and where inside it they fall (issue 17, round 47).
#
#   python3 bench/profile/stack-share.py OUT.script CPU_MS_PER_JOURNEY on REGEX      samples with a frame matching REGEX
#                                                                                  anywhere on the stack, by innermost
#                                                                                  LoanJourney frame
#   python3 bench/profile/stack-share.py OUT.script CPU_MS_PER_JOURNEY owner REGEX   samples whose innermost LoanJourney
#                                                                                  frame matches REGEX, by leaf
#
# OUT.script as for top-costs.py (`perf script -i OUT.data -F comm,tid,ip,sym,dso`). An async method on the stack may be a
# continuation that runs the rest of its caller's work (the response, the request log): "on" counts those samples too, and
# the breakdown shows which they are.
import collections
import re
import sys

from perfstacks import stacks


def symbol(line):
    parts = line.split(None, 1)
    return re.sub(r"\s*\([^()]*\)$", "", parts[1] if len(parts) > 1 else "")


def main():
    path, ms, mode, pattern = sys.argv[1], float(sys.argv[2]), sys.argv[3], re.compile(sys.argv[4])
    total, hits, by = 0, 0, collections.Counter()
    for frames in stacks(path):
        total += 1
        syms = [symbol(f) for f in frames]
        inner = next((s for s in syms if "LoanJourney" in s), None)
        if mode == "on" and any(pattern.search(s) for s in syms):
            hits += 1
            by[(inner or syms[0])[:120]] += 1
        elif mode == "owner" and inner is not None and pattern.search(inner):
            hits += 1
            by[syms[0][:120]] += 1
    print(f"{hits} of {total} samples = {100 * hits / total:.2f} % = {1000 * ms * hits / total:.0f} µs per journey")
    for name, count in by.most_common(15):
        print(f"  {100 * count / total:.2f} %  {name}")


main()
