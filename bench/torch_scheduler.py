#!/usr/bin/env python3
"""Times PyTorch's scheduler.step() per step, for bench/run (Debian's python3-torch).

Prints JSON: {"torch": version, "results": {name: seconds per step (median of repetitions)}}.
"""
import json
import statistics
import sys
import timeit
import warnings

import torch
from torch.optim import lr_scheduler as L


def per_step(make, steps=20000, repetitions=5):
    times = []
    for _ in range(repetitions):
        p = torch.nn.Parameter(torch.zeros(10))
        opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
        sched = make(opt)
        times.append(timeit.timeit(sched.step, number=steps) / steps)
    return statistics.median(times)


def main():
    # Stepping the scheduler without the optimizer is the point here.
    warnings.filterwarnings("ignore", category=UserWarning)
    results = {
        "step_lr": per_step(lambda o: L.StepLR(o, 30, 0.1)),
        "cosine_annealing_lr": per_step(lambda o: L.CosineAnnealingLR(o, 10000)),
    }
    json.dump({"torch": torch.__version__, "python": sys.version.split()[0], "results": results},
              sys.stdout, indent=1)


if __name__ == "__main__":
    main()
