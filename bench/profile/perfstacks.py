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


# The same, with the sampled thread's name (perf's comm: ".NET TP Worker", ".NET Server GC", ...): (name, frames) per sample.
def thread_stacks(path):
    name, frames = None, []
    for line in open(path, errors="replace"):
        if not line.strip() or line[0] not in " \t":
            if frames: yield name, frames
            frames = []
            if line.strip(): name = line.strip().rsplit(None, 1)[0]
            continue
        frames.append(line.strip())
    if frames: yield name, frames
