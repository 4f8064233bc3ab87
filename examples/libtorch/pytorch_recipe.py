#!/usr/bin/env python3
"""The libtorch example's schedule recipe in PyTorch, for the rates the example must reproduce.

Two param groups (the body at 0.05, the head at 0.5), SequentialLR(LinearLR(start_factor=0.1,
total_iters=50), CosineAnnealingLR(T_max=900), milestones=[50]) stepped once per batch, and
ReduceLROnPlateau(factor=0.5, patience=2, threshold=0.05, min_lr=0, eps=0) stepped once per epoch
of 25 batches with the validation losses in val_losses.csv (written by the example:
lrsched_example_libtorch --losses val_losses.csv). Writes pytorch_rates.csv: step,lr_head,lr_body,
the rates the optimizer holds at each step. The test runs the example with --replay val_losses.csv
--check pytorch_rates.csv.

Run with Debian's python3-torch: /usr/bin/python3 examples/libtorch/pytorch_recipe.py
"""

import csv
import pathlib

import torch
from torch.optim import lr_scheduler as L

HERE = pathlib.Path(__file__).resolve().parent
EPOCHS, BATCHES = 20, 25

losses = [float(row["val_loss"]) for row in csv.DictReader(open(HERE / "val_losses.csv"))]
body = torch.nn.Parameter(torch.zeros(1))
head = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([{"params": [body], "lr": 0.05}, {"params": [head], "lr": 0.5}], lr=0.5,
                      momentum=0.9)
schedule = L.SequentialLR(opt, [L.LinearLR(opt, start_factor=0.1, total_iters=50),
                                L.CosineAnnealingLR(opt, T_max=900)], milestones=[50])
plateau = L.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2, threshold=0.05,
                              threshold_mode="rel", cooldown=0, min_lr=0.0, eps=0.0)
rows = []
for epoch in range(EPOCHS):
    for b in range(BATCHES):
        rows.append((epoch * BATCHES + b, opt.param_groups[1]["lr"], opt.param_groups[0]["lr"]))
        opt.step()
        schedule.step()
    plateau.step(losses[epoch])
with open(HERE / "pytorch_rates.csv", "w") as f:
    f.write(f"# PyTorch {torch.__version__}: examples/libtorch/pytorch_recipe.py\n")
    f.write("step,lr_head,lr_body\n")
    for step, h, b in rows:
        f.write(f"{step},{h!r},{b!r}\n")
print(f"PyTorch {torch.__version__}: {len(rows)} steps, "
      f"{sum(1 for i in range(1, len(rows)) if rows[i][1] < rows[i - 1][1] * 0.75)} reductions")
