# The stacks of `perf script -F comm,tid,ip,sym,dso` output, one list of frames (leaf first) per sample: shared by
# lender-costs.py and log-costs.py (docs/PERFORMANCE.md, rounds 33 and 34).
def stacks(path):
    frames = []
    for line in open(path, errors="replace"):
        if not line.strip() or line[0] not in " \t":
            if frames: yield frames
            frames = []
            continue
        frames.append(line.strip())
    if frames: yield frames
