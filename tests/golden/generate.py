#!/usr/bin/env python3
"""Writes lrsched's golden data from the reference frameworks.

  torch_golden.inc   learning rates that PyTorch's schedulers hand an optimizer, step by step
  published.inc      expected values published in the Keras, TensorFlow and Optax test suites
  transcribed.inc    formulas of references that are not installable here (Darknet, timm, HF,
                     Megatron, Caffe), transcribed from their source files, each case naming the
                     repository and path it comes from, evaluated in double precision

Run with the interpreter that sees Debian's python3-torch (not needed to run the tests):

  apt-get install python3-torch
  /usr/bin/python3 tests/golden/generate.py
  python3 tests/golden/generate.py --transcribed   # only transcribed.inc; needs no package

Every case names its source and the lrsched schedule it must equal, both as a C++ expression and as
a spec string (the spec language of REFERENCE.md). Values are printed with repr(), which
round-trips doubles exactly.
"""

import math
import pathlib
import platform
import sys

HERE = pathlib.Path(__file__).resolve().parent


def cpp_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fmt(v):
    r = repr(float(v))
    return r if ("." in r or "e" in r or "n" in r) else r + ".0"


# ---------------------------------------------------------------------------------------------
# PyTorch: run the scheduler as a training loop does and record the lr the optimizer sees.

def torch_cases():
    import torch
    from torch.optim import lr_scheduler as L

    # read: "lr", or "momentum" (the momentum the scheduler sets with cycle_momentum=True).
    # every: the scheduler steps once per `every` optimizer updates (a schedule written in epochs
    # of that many updates, or one that changes only every `every` updates), `times` steps each.
    def run(make, lr, steps, closed_form=False, read="lr", every=1, times=1):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=lr, momentum=0.9)
        sched = make(opt)
        out = []
        for t in range(steps):
            if closed_form:
                out.append(sched._get_closed_form_lr()[0])
            else:
                out.append(opt.param_groups[0][read])
            opt.step()
            if (t + 1) % every == 0:
                for _ in range(times):
                    sched.step()
        return out

    cases = []

    def case(torch_call, cpp, spec, make, lr, steps, closed_form=False, read="lr", every=1,
             times=1):
        note = torch_call + (" [closed form]" if closed_form else "")
        if read != "lr":
            note += f" [param_groups[0]['{read}']]"
        if every != 1:
            note += f" [scheduler.step() x{times} every {every} updates]"
        cases.append((note, cpp, spec, run(make, lr, steps, closed_form, read, every, times)))

    ls = "lrsched::"
    case("StepLR(lr=0.1, step_size=30, gamma=0.1)", ls + "step_decay(0.1, 30, 0.1)",
         "step_decay(0.1, 30, 0.1)", lambda o: L.StepLR(o, 30, 0.1), 0.1, 100)
    case("StepLR(lr=0.5, step_size=7, gamma=0.5)", ls + "step_decay(0.5, 7, 0.5)",
         "step_decay(0.5, step_size=7, gamma=0.5)", lambda o: L.StepLR(o, 7, 0.5), 0.5, 60)
    case("MultiStepLR(lr=0.1, milestones=[30, 80], gamma=0.1)",
         ls + "multistep_decay(0.1, {30, 80}, 0.1)", "multistep_decay(0.1, [30, 80], 0.1)",
         lambda o: L.MultiStepLR(o, [30, 80], 0.1), 0.1, 120)
    case("MultiStepLR(lr=0.2, milestones=[10, 20, 20, 35], gamma=0.5)",
         ls + "multistep_decay(0.2, {10, 20, 20, 35}, 0.5)",
         "multistep_decay(0.2, [10, 20, 20, 35], 0.5)",
         lambda o: L.MultiStepLR(o, [10, 20, 20, 35], 0.5), 0.2, 50)
    case("ExponentialLR(lr=0.1, gamma=0.95)", ls + "exponential_decay(0.1, 1, 0.95)",
         "exponential_decay(0.1, 1, 0.95)", lambda o: L.ExponentialLR(o, 0.95), 0.1, 200)
    # The chained form of CosineAnnealingLR multiplies ratios of (1 + cos) terms and loses
    # relative accuracy near T_max (about 1e-11 here); its closed form is PyTorch's own formula.
    case("CosineAnnealingLR(lr=0.1, T_max=100, eta_min=0)", ls + "cosine_decay(0.1, 100, 0.0)",
         "cosine_decay(0.1, 100)", lambda o: L.CosineAnnealingLR(o, 100, 0.0), 0.1, 101, True)
    case("CosineAnnealingLR(lr=0.05, T_max=50, eta_min=0.0005)",
         ls + "cosine_decay(0.05, 50, 0.01)", "cosine_decay(0.05, 50, alpha=0.01)",
         lambda o: L.CosineAnnealingLR(o, 50, 0.0005), 0.05, 51, True)
    for mode in ("triangular", "triangular2"):
        case(f"CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20, mode='{mode}')",
             ls + f"cyclic(0.001, 0.006, 20, lrsched::cyclic_mode::{mode})",
             f"cyclic(0.001, 0.006, 20, mode={mode})",
             lambda o, m=mode: L.CyclicLR(o, 0.001, 0.006, 20, mode=m, cycle_momentum=False),
             0.001, 200)
    case("CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20, mode='exp_range', gamma=0.99)",
         ls + "cyclic(0.001, 0.006, 20, lrsched::cyclic_mode::exp_range, 0.99)",
         "cyclic(0.001, 0.006, 20, mode=exp_range, gamma=0.99)",
         lambda o: L.CyclicLR(o, 0.001, 0.006, 20, mode="exp_range", gamma=0.99,
                              cycle_momentum=False), 0.001, 200)
    case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10, step_size_down=30)",
         ls + "cyclic(0.01, 0.1, 10, lrsched::cyclic_mode::triangular, 1.0, 30)",
         "cyclic(0.01, 0.1, 10, step_size_down=30)",
         lambda o: L.CyclicLR(o, 0.01, 0.1, 10, 30, cycle_momentum=False), 0.01, 130)
    case("OneCycleLR(max_lr=0.1, total_steps=100)", ls + "one_cycle(0.1, 100)",
         "one_cycle(0.1, 100)",
         lambda o: L.OneCycleLR(o, 0.1, total_steps=100, cycle_momentum=False), 0.1, 100)
    case("OneCycleLR(max_lr=0.1, total_steps=100, pct_start=0.25, anneal_strategy='linear')",
         ls + "one_cycle(0.1, 100, 0.25, lrsched::anneal_strategy::linear)",
         "one_cycle(0.1, 100, 0.25, anneal=linear)",
         lambda o: L.OneCycleLR(o, 0.1, total_steps=100, pct_start=0.25,
                                anneal_strategy="linear", cycle_momentum=False), 0.1, 100)
    case("OneCycleLR(max_lr=1.0, total_steps=90, pct_start=0.3, div_factor=10, "
         "final_div_factor=100, three_phase=True)",
         ls + "one_cycle(1.0, 90, 0.3, lrsched::anneal_strategy::cos, 10.0, 100.0, true)",
         "one_cycle(1.0, 90, div_factor=10, final_div_factor=100, three_phase=true)",
         lambda o: L.OneCycleLR(o, 1.0, total_steps=90, pct_start=0.3, div_factor=10,
                                final_div_factor=100, three_phase=True, cycle_momentum=False),
         1.0, 90)
    case("OneCycleLR(max_lr=0.3, total_steps=7, pct_start=0.5, anneal_strategy='linear')",
         ls + "one_cycle(0.3, 7, 0.5, lrsched::anneal_strategy::linear)",
         "one_cycle(0.3, 7, 0.5, anneal=linear)",
         lambda o: L.OneCycleLR(o, 0.3, total_steps=7, pct_start=0.5, anneal_strategy="linear",
                                cycle_momentum=False), 0.3, 7)
    case("CosineAnnealingWarmRestarts(lr=0.1, T_0=10, T_mult=2, eta_min=0.001)",
         ls + "cosine_decay_restarts(0.1, 10, 2.0, 1.0, 0.01)",
         "cosine_decay_restarts(0.1, 10, alpha=0.01)",
         lambda o: L.CosineAnnealingWarmRestarts(o, 10, 2, 0.001), 0.1, 200)
    case("CosineAnnealingWarmRestarts(lr=0.1, T_0=7, T_mult=1)",
         ls + "cosine_decay_restarts(0.1, 7, 1.0)", "cosine_decay_restarts(0.1, 7, t_mul=1)",
         lambda o: L.CosineAnnealingWarmRestarts(o, 7, 1), 0.1, 60)
    # The restart trap of REFERENCE.md: log(111 * 9 + 1) / log(10) is just below 3.
    case("CosineAnnealingWarmRestarts(lr=1.0, T_0=1, T_mult=10)",
         ls + "cosine_decay_restarts(1.0, 1, 10.0)", "cosine_decay_restarts(1.0, 1, t_mul=10)",
         lambda o: L.CosineAnnealingWarmRestarts(o, 1, 10), 1.0, 1200)
    case("LinearLR(lr=0.1, start_factor=0.25, end_factor=1.0, total_iters=20)",
         ls + "linear(0.025, 0.1, 20)", "linear(0.025, 0.1, 20)",
         lambda o: L.LinearLR(o, 0.25, 1.0, 20), 0.1, 40, True)
    case("LinearLR(lr=2.0, start_factor=1.0, end_factor=0.05, total_iters=50)",
         ls + "linear(2.0, 0.1, 50)", "linear(2.0, 0.1, 50)",
         lambda o: L.LinearLR(o, 1.0, 0.05, 50), 2.0, 70, True)
    case("PolynomialLR(lr=0.1, total_iters=40, power=2.0)",
         ls + "polynomial_decay(0.1, 40, 0.0, 2.0)", "polynomial_decay(0.1, 40, 0, 2)",
         lambda o: L.PolynomialLR(o, 40, 2.0), 0.1, 50, True)
    case("PolynomialLR(lr=0.1, total_iters=25, power=1.0)",
         ls + "polynomial_decay(0.1, 25, 0.0)", "polynomial_decay(0.1, 25, end_lr=0)",
         lambda o: L.PolynomialLR(o, 25, 1.0), 0.1, 30, True)
    case("SequentialLR([LinearLR(lr=0.1, start_factor=0.1, total_iters=5), "
         "CosineAnnealingLR(T_max=20)], milestones=[5])",
         ls + "sequence(lrsched::linear(0.01, 0.1, 5), 5, lrsched::cosine_decay(0.1, 20))",
         "sequence(linear(0.01, 0.1, 5), 5, cosine_decay(0.1, 20))",
         lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.1, 1.0, 5),
                                      L.CosineAnnealingLR(o, 20)], [5]), 0.1, 26)
    case("SequentialLR([StepLR(lr=0.1, step_size=3, gamma=0.5), ExponentialLR(gamma=0.9)], "
         "milestones=[10])",
         ls + "sequence(lrsched::step_decay(0.1, 3, 0.5), 10, "
         "lrsched::exponential_decay(0.1, 1, 0.9))",
         "sequence(step_decay(0.1, 3, 0.5), 10, exponential_decay(0.1, 1, 0.9))",
         lambda o: L.SequentialLR(o, [L.StepLR(o, 3, 0.5), L.ExponentialLR(o, 0.9)], [10]),
         0.1, 30)
    case("ChainedScheduler([StepLR(lr=0.1, step_size=3, gamma=0.5), ExponentialLR(gamma=0.9)])",
         ls + "product(lrsched::step_decay(0.1, 3, 0.5), lrsched::exponential_decay(1.0, 1, 0.9))",
         "product(step_decay(0.1, 3, 0.5), exponential_decay(1, 1, 0.9))",
         lambda o: L.ChainedScheduler([L.StepLR(o, 3, 0.5), L.ExponentialLR(o, 0.9)]), 0.1, 40)
    case("ChainedScheduler([ConstantLR(lr=0.1, factor=0.25, total_iters=100), "
         "ExponentialLR(gamma=0.95)])",
         ls + "exponential_decay(0.1, 1, 0.95) | lrsched::scaled(0.25)",
         "exponential_decay(0.1, 1, 0.95) | scaled(0.25)",
         lambda o: L.ChainedScheduler([L.ConstantLR(o, 0.25, 100), L.ExponentialLR(o, 0.95)]),
         0.1, 60)

    # transformers' get_inverse_sqrt_schedule (src/transformers/optimization.py), a LambdaLR:
    # t / W during the warmup, then 1 / sqrt((t + timescale - W) / timescale).
    def transformers_inverse_sqrt(warmup, timescale):
        def factor(t):
            if t < warmup:
                return float(t) / float(max(1, warmup))
            return 1.0 / math.sqrt((t + timescale - warmup) / timescale)
        return factor

    case("LambdaLR(lr=0.01, transformers get_inverse_sqrt_schedule(num_warmup_steps=100))",
         ls + "inverse_sqrt(0.01, 100) | lrsched::with_warmup(100)",
         "inverse_sqrt(0.01, 100) | with_warmup(steps=100)",
         lambda o: L.LambdaLR(o, transformers_inverse_sqrt(100, 100)), 0.01, 400)
    case("LambdaLR(lr=0.5, transformers get_inverse_sqrt_schedule(num_warmup_steps=50, "
         "timescale=300))",
         ls + "inverse_sqrt(0.5, 300) | lrsched::with_warmup(50)",
         "inverse_sqrt(0.5, 300) | with_warmup(steps=50)",
         lambda o: L.LambdaLR(o, transformers_inverse_sqrt(50, 300)), 0.5, 400)

    # cycle_momentum: the momentum OneCycleLR and CyclicLR write into the param group.
    for total, kw, cpp, spec in (
            (100, {}, "one_cycle(0.1, 100)", "one_cycle(0.1, 100)"),
            (100, {"anneal_strategy": "linear", "base_momentum": 0.8, "max_momentum": 0.9},
             "one_cycle(0.1, 100, 0.3, lrsched::anneal_strategy::linear), 0.8, 0.9",
             "one_cycle(0.1, 100, anneal=linear), 0.8, 0.9"),
            (100, {"pct_start": 0.25, "three_phase": True},
             "one_cycle(0.1, 100, 0.25, lrsched::anneal_strategy::cos, 25.0, 1e4, true)",
             "one_cycle(0.1, 100, 0.25, three_phase=true)"),
            (7, {"pct_start": 0.5, "base_momentum": 0.0, "max_momentum": 0.99},
             "one_cycle(0.1, 7, 0.5), 0.0, 0.99", "one_cycle(0.1, 7, 0.5), 0.0, 0.99")):
        args = "".join(f", {k}={v!r}" for k, v in kw.items())
        case(f"OneCycleLR(max_lr=0.1, total_steps={total}{args})",
             ls + f"cycle_momentum(lrsched::{cpp})", f"cycle_momentum({spec})",
             lambda o, a=kw, n=total: L.OneCycleLR(o, 0.1, total_steps=n, **a), 0.1, total,
             read="momentum")
    for mode, extra_cpp, extra_spec, kw in (
            ("triangular", "", "", {}),
            ("triangular2", "", "", {}),
            ("exp_range", ", 0.99", ", gamma=0.99", {"gamma": 0.99})):
        case(f"CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20, mode='{mode}'"
             f"{', gamma=0.99' if kw else ''}, base_momentum=0.8, max_momentum=0.9)",
             ls + f"cycle_momentum(lrsched::cyclic(0.001, 0.006, 20, "
             f"lrsched::cyclic_mode::{mode}{extra_cpp}), 0.8, 0.9)",
             f"cycle_momentum(cyclic(0.001, 0.006, 20, mode={mode}{extra_spec}), 0.8, 0.9)",
             lambda o, m=mode, k=kw: L.CyclicLR(o, 0.001, 0.006, 20, mode=m, base_momentum=0.8,
                                              max_momentum=0.9, **k), 0.001, 200,
             read="momentum")
    # CyclicLR's default momenta are 0.8 and 0.9 (OneCycleLR's, and lrsched's, 0.85 and 0.95).
    case("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10, step_size_down=30)",
         ls + "cycle_momentum(lrsched::cyclic(0.01, 0.1, 10, "
         "lrsched::cyclic_mode::triangular, 1.0, 30), 0.8, 0.9)",
         "cycle_momentum(cyclic(0.01, 0.1, 10, step_size_down=30), 0.8, 0.9)",
         lambda o: L.CyclicLR(o, 0.01, 0.1, 10, 30), 0.01, 130, read="momentum")

    # anneal: SWALR anneals from the optimizer's rate to swa_lr over anneal_epochs.
    for strategy, shape in (("cos", "cos"), ("linear", "linear")):
        case(f"SWALR(lr=0.1, swa_lr=0.005, anneal_epochs=10, anneal_strategy='{strategy}')",
             ls + f"anneal(0.1, 0.005, 10, lrsched::anneal_shape::{shape})",
             f"anneal(0.1, 0.005, 10, {shape})",
             lambda o, st=strategy: torch.optim.swa_utils.SWALR(o, 0.005, 10, st), 0.1, 20)
    case("SWALR(lr=0.01, swa_lr=0.05, anneal_epochs=25, anneal_strategy='cos') (upwards)",
         ls + "anneal(0.01, 0.05, 25)", "anneal(0.01, 0.05, 25)",
         lambda o: torch.optim.swa_utils.SWALR(o, 0.05, 25, "cos"), 0.01, 40)
    # anneal and the new warmup shapes as LinearLR / LambdaLR.
    case("LinearLR(lr=0.2, start_factor=1.0, end_factor=0.1, total_iters=40)",
         ls + "anneal(0.2, 0.02, 40, lrsched::anneal_shape::linear)",
         "anneal(0.2, 0.02, 40, shape=linear)",
         lambda o: L.LinearLR(o, 1.0, 0.1, 40), 0.2, 50, True)
    case("LambdaLR(lr=0.1, lambda t: 0.5 * (1 - cos(pi * t / 20)) if t < 20 else 0.5 ** ((t - 20) "
         "// 10))",
         ls + "step_decay(0.1, 10, 0.5) | lrsched::with_warmup(20, 0.0, "
         "lrsched::warmup_shape::cos)",
         "step_decay(0.1, 10, 0.5) | with_warmup(20, shape=cos)",
         lambda o: L.LambdaLR(o, lambda t: 0.5 * (1 - math.cos(math.pi * t / 20)) if t < 20
                              else 0.5 ** ((t - 20) // 10)), 0.1, 60)
    case("LambdaLR(lr=0.1, lambda t: (t / 30) ** 4 if t < 30 else 1)",
         ls + "constant(0.1) | lrsched::with_warmup(30, 0.0, lrsched::warmup_shape::poly, 4.0)",
         "constant(0.1) | with_warmup(30, shape=poly, power=4)",
         lambda o: L.LambdaLR(o, lambda t: (t / 30) ** 4 if t < 30 else 1.0), 0.1, 40)
    # per_epoch and every: a per-epoch scheduler stepped once per epoch of 7 updates, and one
    # stepped 5 times every 5 updates.
    case("StepLR(lr=0.1, step_size=3, gamma=0.5)",
         ls + "step_decay(0.1, 3, 0.5) | lrsched::per_epoch(7)",
         "step_decay(0.1, 3, 0.5) | per_epoch(7)",
         lambda o: L.StepLR(o, 3, 0.5), 0.1, 100, every=7)
    case("CosineAnnealingLR(lr=0.1, T_max=30) | ExponentialLR",
         ls + "product(lrsched::cosine_decay(0.1, 30), lrsched::exponential_decay(1.0, 1, 0.9)) | "
         "lrsched::per_epoch(4)",
         "product(cosine_decay(0.1, 30), exponential_decay(1, 1, 0.9)) | per_epoch(4)",
         lambda o: L.ChainedScheduler([L.CosineAnnealingLR(o, 30), L.ExponentialLR(o, 0.9)]),
         0.1, 100, every=4)
    case("ExponentialLR(lr=0.1, gamma=0.97)",
         ls + "exponential_decay(0.1, 1, 0.97) | lrsched::every(5)",
         "exponential_decay(0.1, 1, 0.97) | every(5)",
         lambda o: L.ExponentialLR(o, 0.97), 0.1, 80, every=5, times=5)
    return cases, torch.__version__


# ---------------------------------------------------------------------------------------------
# ReduceLROnPlateau: the lr of the param group after each scheduler.step(metric), over metric
# sequences made here (seeded) with descents, noisy plateaus, improvements within and beyond the
# threshold, and a NaN.

def plateau_metrics(seed, n, mode):
    import random
    rng = random.Random(seed)
    out, v = [], 1.0
    while len(out) < n:
        kind = rng.choice(["descent", "plateau", "tiny", "jump", "noise"])
        for _ in range(rng.randint(2, 9)):
            if kind == "descent":
                v *= 0.9
            elif kind == "tiny":
                v *= 1 - 1e-5  # within the default rel threshold (1e-4)
            elif kind == "jump":
                v *= 0.5
            elif kind == "noise":
                v *= 1 + rng.uniform(-0.02, 0.02)
            out.append(v if mode == "min" else 1.0 / v)
    return out[:n]


def plateau_cases():
    import torch
    cases = []
    settings = [
        dict(mode="min"),
        dict(mode="max"),
        dict(mode="min", factor=0.5, patience=3, threshold=1e-4, threshold_mode="rel",
             cooldown=1, min_lr=1e-4, eps=1e-8),
        dict(mode="min", factor=0.3, patience=2, threshold=0.01, threshold_mode="abs",
             cooldown=2, min_lr=0.0, eps=1e-8),
        dict(mode="max", factor=0.7, patience=0, threshold=0.001, threshold_mode="abs",
             cooldown=0, min_lr=0.002, eps=1e-8),
        dict(mode="max", factor=0.9, patience=1, threshold=0.05, threshold_mode="rel",
             cooldown=3, min_lr=0.0, eps=1e-8),
        # eps stops the reductions once they are smaller than it.
        dict(mode="min", factor=0.5, patience=1, threshold=1e-4, threshold_mode="rel",
             cooldown=0, min_lr=0.0, eps=0.004),
        # min_lr reached quickly, then held.
        dict(mode="min", factor=0.1, patience=0, threshold=1e-4, threshold_mode="rel",
             cooldown=0, min_lr=0.00123, eps=1e-8),
    ]
    for index, kw in enumerate(settings):
        lr = 0.1
        metrics = plateau_metrics(100 + index, 300, kw["mode"])
        if index == 2:
            metrics[150] = float("nan")
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=lr)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
        lrs = []
        for m in metrics:
            opt.step()
            sched.step(m)
            lrs.append(opt.param_groups[0]["lr"])
        full = dict(mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                    cooldown=0, min_lr=0.0, eps=1e-8)
        full.update(kw)
        cases.append((f"ReduceLROnPlateau(SGD(lr={lr}), "
                      + ", ".join(f"{k}={v!r}" for k, v in kw.items()) + ")", lr, full, metrics,
                      lrs))
    return cases


def write_plateau(path, version, cases):
    lines = [f"// Generated by tests/golden/generate.py; do not edit. Source: PyTorch {version} "
             "(torch.optim.lr_scheduler.ReduceLROnPlateau): the lr of the param group after each "
             "scheduler.step(metric).",
             "// LRSCHED_PLATEAU_CASE(id, source, lr, options, data namespace)", ""]
    for index, (source, lr, o, metrics, lrs) in enumerate(cases, 1):
        ns = f"plateau_{index:02d}"
        lines.append(f"namespace {ns} {{")
        lines.append("constexpr double metrics[] = {" + ", ".join(
            "lrsched_test::nan" if v != v else fmt(v) for v in metrics) + "};")
        lines.append("constexpr double lrs[] = {" + ", ".join(fmt(v) for v in lrs) + "};")
        lines.append(f"}}  // namespace {ns}")
        opts = (f"lrsched::plateau_options<double>{{.mode = lrsched::plateau_mode::{o['mode']}, "
                f".factor = {fmt(o['factor'])}, .patience = {o['patience']}, "
                f".threshold = {fmt(o['threshold'])}, "
                f".threshold_mode = lrsched::threshold_mode::{o['threshold_mode']}, "
                f".cooldown = {o['cooldown']}, .min_lr = {fmt(o['min_lr'])}, "
                f".eps = {fmt(o['eps'])}}}")
        lines.append(f"LRSCHED_PLATEAU_CASE({cpp_str(f'torch plateau {index:02d}')}, "
                     f"{cpp_str(source)}, {fmt(lr)}, ({opts}), {ns})")
    path.write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# Published expectations. Each entry: (source, C++ schedule, spec, [(step, expected)]). The
# expected values are the expressions those tests assert, evaluated here in double precision.

KERAS = "keras/src/optimizers/schedules/learning_rate_schedule_test.py"
OPTAX = "optax/schedules/_schedule_test.py"
TF = "tensorflow/python/training/learning_rate_decay_test.py"


def keras_restarts(step, decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    # The expectation of Keras' CosineDecayRestartsTest: walk the periods one by one.
    factor = 1.0
    while step >= decay_steps:
        step -= decay_steps
        decay_steps *= t_mul
        factor *= m_mul
    return (1.0 - alpha) * factor * 0.5 * (1.0 + math.cos(math.pi * step / decay_steps)) + alpha


def keras_cosine(step, decay_steps, alpha=0.0):
    step = min(step, decay_steps)
    return (1.0 - alpha) * 0.5 * (1.0 + math.cos(math.pi * step / decay_steps)) + alpha


def published_cases():
    ls = "lrsched::"
    out = []

    def add(source, test, cpp, spec, points):
        out.append((f"{source} {test}", ls + cpp, spec, points))

    add(KERAS, "ExponentialDecayTest.test_continuous", "exponential_decay(0.05, 10, 0.96)",
        "exponential_decay(0.05, 10, 0.96)", [(5, 0.05 * 0.96 ** (5.0 / 10.0))])
    add(KERAS, "ExponentialDecayTest.test_staircase", "exponential_decay(0.1, 3, 0.96, true)",
        "exponential_decay(0.1, 3, 0.96, staircase=true)",
        [(1, 0.1), (2, 0.1), (100, 0.1 * 0.96 ** (100 // 3))])
    add(KERAS, "PiecewiseConstantDecayTest.test_piecewise_values",
        "piecewise_constant({100, 110, 120}, {1.0, 0.1, 0.01, 0.001})",
        "piecewise_constant([100, 110, 120], [1.0, 0.1, 0.01, 0.001])",
        [(-999, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)])
    add(KERAS, "PiecewiseConstantDecayTest.test_boundary_values",
        "piecewise_constant({1, 2, 3}, {0.4, 0.5, 0.6, 0.7})",
        "piecewise_constant([1, 2, 3], [0.4, 0.5, 0.6, 0.7])",
        [(0, 0.4), (1, 0.4), (2, 0.5), (3, 0.6), (4, 0.7)])
    add(KERAS, "LinearDecayTest.test_halfway", "polynomial_decay(0.05, 10, 0.0)",
        "polynomial_decay(0.05, 10, 0)", [(5, 0.05 * 0.5)])
    add(KERAS, "LinearDecayTest.test_end/test_beyond_end", "polynomial_decay(0.05, 10, 0.001)",
        "polynomial_decay(0.05, 10, 0.001)",
        [(10, 0.001), (15, 0.001), (5, (0.05 + 0.001) * 0.5)])
    add(KERAS, "LinearDecayTest.test_beyond_end_with_cycle",
        "polynomial_decay(0.05, 10, 0.001, 1.0, true)",
        "polynomial_decay(0.05, 10, 0.001, cycle=true)", [(15, (0.05 - 0.001) * 0.25 + 0.001)])
    add(KERAS, "SqrtDecayTest", "polynomial_decay(0.05, 10, 0.001, 0.5)",
        "polynomial_decay(0.05, 10, 0.001, power=0.5)",
        [(5, (0.05 - 0.001) * 0.5 ** 0.5 + 0.001), (10, 0.001), (15, 0.001)])
    add(KERAS, "SqrtDecayTest.test_halfway", "polynomial_decay(0.05, 10, 0.0, 0.5)",
        "polynomial_decay(0.05, 10, 0, 0.5)", [(5, 0.05 * 0.5 ** 0.5)])
    add(KERAS, "SqrtDecayTest.test_beyond_end_with_cycle",
        "polynomial_decay(0.05, 10, 0.001, 0.5, true)",
        "polynomial_decay(0.05, 10, 0.001, 0.5, true)",
        [(15, (0.05 - 0.001) * 0.25 ** 0.5 + 0.001)])
    add(KERAS, "SqrtDecayTest.test_begin_with_cycle", "polynomial_decay(0.001, 10, 0.0001, 1.0, true)",
        "polynomial_decay(0.001, 10, cycle=true)", [(0, 0.001)])
    add(KERAS, "InverseTimeDecayTest.test_decay", "inverse_time_decay(0.1, 10, 0.96)",
        "inverse_time_decay(0.1, 10, 0.96)", [(i, 0.1 / (1 + i / 10 * 0.96)) for i in range(11)])
    add(KERAS, "InverseTimeDecayTest.test_staircase", "inverse_time_decay(0.1, 10, 0.96, true)",
        "inverse_time_decay(0.1, 10, 0.96, true)",
        [(i, 0.1 / (1 + 0.96 * (i // 10))) for i in range(11)])
    for alpha in (0.0, 0.1):
        add(KERAS, f"CosineDecayTest.test_decay/test_alpha (alpha={alpha})",
            f"cosine_decay(1.0, 1000, {alpha})", f"cosine_decay(1.0, 1000, alpha={alpha})",
            [(s, keras_cosine(s, 1000, alpha)) for s in range(0, 1500, 250)])
    add(KERAS, "CosineDecayTest.test_warmup_decay (warmup_target=10, warmup_steps=2000)",
        "cosine_decay(10.0, 1000) | lrsched::with_warmup(2000)",
        "cosine_decay(10.0, 1000) | with_warmup(steps=2000)",
        [(s, (s / 2000 * 10.0) if s < 2001 else 10.0 * keras_cosine(s - 2000, 1000))
         for s in range(0, 3000, 250)])
    for name, kw in (("test_decay", {}), ("test_alpha", {"alpha": 0.1}),
                     ("test_mmul", {"m_mul": 0.9}), ("test_tmul", {"t_mul": 1.0})):
        t_mul, m_mul, alpha = kw.get("t_mul", 2.0), kw.get("m_mul", 1.0), kw.get("alpha", 0.0)
        add(KERAS, f"CosineDecayRestartsTest.{name}",
            f"cosine_decay_restarts(1.0, 1000, {t_mul}, {m_mul}, {alpha})",
            f"cosine_decay_restarts(1.0, 1000, {t_mul}, {m_mul}, {alpha})",
            [(s, keras_restarts(s, 1000, t_mul, m_mul, alpha)) for s in range(0, 1500, 250)])

    add(OPTAX, "PolynomialTest.test_linear", "linear(10.0, 20.0, 10)", "linear(10, 20, 10)",
        [(n, float(v)) for n, v in enumerate(list(range(10, 20)) + [20] * 5)])
    add(OPTAX, "PolynomialTest.test_nonlinear", "polynomial_decay(25.0, 10, 10.0, 2.0)",
        "polynomial_decay(25, 10, 10, 2)",
        [(n, v) for n, v in enumerate([10. + 15. * (1. - n / 10) ** 2 for n in range(10)]
                                      + [10.0] * 5)])
    # Optax switches at the boundary and multiplies; TF's piecewise_constant keeps the old value
    # at the boundary step, so Optax's {3: 2, 6: 0.5} is boundaries {2, 5} here.
    add(OPTAX, "PiecewiseConstantTest.test_positive",
        "piecewise_constant({2, 5}, {0.1, 0.2, 0.1})", "piecewise_constant([2, 5], [0.1, 0.2, 0.1])",
        list(enumerate([0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1])))
    add(OPTAX, "ExponentialTest.test_immutable_count", "exponential_decay(32.0, 1, 0.5)",
        "exponential_decay(32, 1, 0.5)", list(enumerate([32.0, 16.0, 8.0, 4.0, 2.0])))
    add(OPTAX, "CosineDecayTest.test_decay_count_smaller_count", "cosine_decay(0.1, 10, 0.0)",
        "cosine_decay(0.1, 10)",
        [(n, 0.1 * (0.5 + 0.5 * math.cos(math.pi * n / 10))) for n in range(10)])
    add(OPTAX, "CosineDecayTest.test_decay_count_greater_count_with_alpha",
        "cosine_decay(0.1, 5, 0.1)", "cosine_decay(0.1, 5, 0.1)",
        [(n, 0.1 * (0.9 * (0.5 + 0.5 * math.cos(math.pi * min(n, 5) / 5)) + 0.1))
         for n in range(12)])
    add(TF, "NaturalExpDecayTest.testDecay", "natural_exp_decay(0.1, 10, 0.96)",
        "natural_exp_decay(0.1, 10, 0.96)",
        [(i, 0.1 * math.exp(-i / 10 * 0.96)) for i in range(11)])
    add(TF, "NaturalExpDecayTest.testStaircase", "natural_exp_decay(0.1, 10, 0.96, true)",
        "natural_exp_decay(0.1, 10, 0.96, staircase=true)",
        [(i, 0.1 * math.exp(-0.96 * (i // 10))) for i in range(11)])
    # Optax's transition_begin holds the initial value: a constant-shaped warmup here.
    add(OPTAX, "PolynomialTest.test_with_decay_begin",
        "polynomial_decay(30.0, 10, 10.0, 2.0) | lrsched::with_warmup(4, 30.0, "
        "lrsched::warmup_shape::constant)",
        "polynomial_decay(30, 10, 10, 2) | with_warmup(steps=4, start=30, shape=constant)",
        list(enumerate([30.0] * 4 + [10. + 20. * (1. - n / 10) ** 2 for n in range(10)]
                       + [10.0] * 6)))
    # Optax's end_value bounds the decay: clamped here (below for rates < 1, above otherwise).
    for rate, end, stair in ((0.2, 0.1, False), (0.2, 0.1, True), (1.0, 0.1, False)):
        expected = [1.0] * 3 + [1.0 * rate ** ((c // 2) if stair else c / 2) for c in range(11)]
        expected = [max(v, end) for v in expected] if rate < 1.0 else [min(v, end) for v in expected]
        bound = f"clamped({end})" if rate < 1.0 else f"clamped(0, {end})"
        add(OPTAX, f"ExponentialTest.test_end_value_with_staircase ({rate}, {end}, {stair})",
            f"exponential_decay(1.0, 2, {rate}, {'true' if stair else 'false'}) | "
            f"lrsched::with_warmup(3, 1.0, lrsched::warmup_shape::constant) | "
            f"lrsched::{bound.replace('(0,', '(0.0,')}",
            f"exponential_decay(1, 2, {rate}, staircase={'true' if stair else 'false'}) | "
            f"with_warmup(steps=3, start=1, shape=constant) | {bound}",
            list(enumerate(expected)))
    # warmup_cosine_decay_schedule: decay_steps counts the warmup, alpha = end_value / peak.
    for init, peak, end in ((10.0, 0.5, 1e-4), (5.0, 3.0, 0.0)):
        add(OPTAX, f"WarmupCosineDecayTest.test_limits ({init}, {peak}, {end})",
            f"cosine_decay({peak}, 900, {end / peak!r}) | lrsched::with_warmup(100, {init})",
            f"cosine_decay({peak}, 900, alpha={end / peak!r}) | with_warmup(steps=100, start={init})",
            [(0, init), (100, peak), (1000, end)])
    return out


# ---------------------------------------------------------------------------------------------
# Formulas transcribed from the references' source files (their code is not run here).

def transcribed_cases():
    ls = "lrsched::"
    out = []

    def add(source, test, cpp, spec, points):
        out.append((f"{source} {test}", ls + cpp, spec, points))

    # pjreddie/darknet, src/network.c, get_current_rate(), policy SIG:
    #     return net->learning_rate * (1./(1.+exp(net->gamma*(batch_num - net->step))));
    # There batch_num and step are size_t, so before the midpoint the difference wraps around and
    # the rate is 0; the formula (and lrsched) means the signed difference, used here.
    def darknet_sig(lr, step, gamma, t):
        return lr * (1. / (1. + math.exp(gamma * (t - step))))

    for lr, step, gamma, steps in (
            (0.1, 500, 0.01, [0, 1, 100, 250, 499, 500, 501, 750, 1000, 2000, 5000]),
            (1.0, 10, 1.0, list(range(0, 40, 3))),
            (0.001, 0, 0.5, [0, 1, 2, 10, 100, 1000])):
        add("pjreddie/darknet src/network.c", f"get_current_rate SIG (lr={lr}, step={step}, "
            f"gamma={gamma})", f"sigmoid_decay({lr}, {step}, {gamma})",
            f"sigmoid_decay({lr}, {step}, {gamma})",
            [(t, darknet_sig(lr, step, gamma, t)) for t in steps])

    # huggingface/pytorch-image-models, timm/scheduler/tanh_lr.py, TanhLRScheduler._get_lr with
    # cycle_mul = 1 and the default cycle_limit = 1 (one cycle), no warmup:
    #     i = t // t_initial; t_curr = t - t_initial * i; tr = t_curr / t_initial
    #     i < cycle_limit: lr_min + 0.5 * (lr_max - lr_min) * (1 - math.tanh(lb * (1. - tr) + ub * tr))
    #     else: lr_min
    def timm_tanh(lr_max, t_initial, lr_min, lb, ub, t):
        i = t // t_initial
        if i < 1:
            tr = (t - t_initial * i) / t_initial
            return lr_min + 0.5 * (lr_max - lr_min) * (1 - math.tanh(lb * (1. - tr) + ub * tr))
        return lr_min

    for lr, t_initial, lr_min, lb, ub, steps in (
            (0.1, 100, 0.0, -7.0, 3.0, list(range(0, 130, 7)) + [99, 100]),
            (0.05, 1000, 0.001, -6.0, 4.0, [0, 1, 10, 100, 500, 600, 700, 900, 999, 1000, 5000]),
            (1.0, 10, 0.5, -1.0, 1.0, list(range(0, 12)))):
        add("huggingface/pytorch-image-models timm/scheduler/tanh_lr.py",
            f"TanhLRScheduler._get_lr (t_initial={t_initial}, lb={lb}, ub={ub}, lr_min={lr_min})",
            f"tanh_decay({lr}, {t_initial}, {lr_min}, {lb}, {ub})",
            f"tanh_decay({lr}, {t_initial}, end_lr={lr_min}, lb={lb}, ub={ub})",
            [(t, timm_tanh(lr, t_initial, lr_min, lb, ub, t)) for t in steps])

    # huggingface/transformers, src/transformers/optimization.py, _get_wsd_scheduler_lambda (the
    # LambdaLR factor of get_wsd_schedule), times the optimizer's lr:
    #     warmup (t < W): progress = t / max(1, W); linear: progress; cosine: 0.5 * (1 - cos(pi
    #         progress)); then factor * (1 - m) + m, max(0, .)
    #     stable (t < W + S): 1
    #     decay (t < W + S + D): progress = (t - W - S) / max(1, D); linear: 1 - progress;
    #         cosine: 0.5 * (1 + cos(pi * num_cycles * 2 * progress)); 1-sqrt: 1 - sqrt(progress);
    #         then factor * (1 - m) + m, max(0, .)
    #     after: m (min_lr_ratio)
    def hf_wsd(lr, w, st, d, warmup_type, decay_type, m, t, num_cycles=0.5):
        if t < w:
            progress = float(t) / float(max(1, w))
            if warmup_type == "linear":
                factor = progress
            elif warmup_type == "cosine":
                factor = 0.5 * (1.0 - math.cos(math.pi * progress))
            return lr * max(0.0, factor * (1.0 - m) + m)
        if t < w + st:
            return lr * 1.0
        if t < w + st + d:
            progress = float(t - w - st) / float(max(1, d))
            if decay_type == "linear":
                factor = 1.0 - progress
            elif decay_type == "cosine":
                factor = 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress))
            elif decay_type == "1-sqrt":
                factor = 1.0 - math.sqrt(progress)
            return lr * max(0.0, factor * (1.0 - m) + m)
        return lr * m

    shapes = {"linear": "linear", "cosine": "cos", "1-sqrt": "sqrt"}
    for lr, w, st, d, wt, dt, m in ((0.1, 10, 50, 40, "linear", "cosine", 0.0),
                                    (0.003, 100, 300, 200, "linear", "1-sqrt", 0.1),
                                    (1.0, 20, 0, 20, "cosine", "linear", 0.0),
                                    (0.5, 0, 10, 30, "linear", "cosine", 0.01)):
        end = lr * m
        steps = sorted(set(list(range(0, w + st + d + 10, max(1, (w + st + d) // 25)))
                           + [w - 1, w, w + st - 1, w + st, w + st + 1, w + st + d - 1,
                              w + st + d, w + st + d + 1]) - {-1})
        add("huggingface/transformers src/transformers/optimization.py",
            f"_get_wsd_scheduler_lambda (lr={lr}, num_warmup_steps={w}, num_stable_steps={st}, "
            f"num_decay_steps={d}, warmup_type={wt}, decay_type={dt}, min_lr_ratio={m})",
            f"wsd({lr}, {w}, {st}, {d}, {end!r}, lrsched::anneal_shape::{shapes[dt]}, "
            f"lrsched::anneal_shape::{shapes[wt]}, {end!r})",
            f"wsd({lr}, {w}, {st}, {d}, end_lr={end!r}, decay={shapes[dt]}, "
            f"warmup={shapes[wt]}, start={end!r})",
            [(t, hf_wsd(lr, w, st, d, wt, dt, m, t)) for t in steps])

    # huggingface/pytorch-image-models, timm/scheduler/cosine_lr.py, CosineLRScheduler._get_lr
    # with cycle_decay = 1 (gamma = 1), no warmup, t counted in updates:
    #     t_mul != 1: i = floor(log(1 - t / t_initial * (1 - t_mul), t_mul)); t_i = t_mul ** i *
    #         t_initial; t_curr = t - (1 - t_mul ** i) / (1 - t_mul) * t_initial
    #     t_mul == 1: i = t // t_initial; t_i = t_initial; t_curr = t - t_initial * i
    #     cycle_limit == 0 or i < cycle_limit: lr_min + 0.5 * (lr_max - lr_min) * (1 + cos(pi *
    #         t_curr / t_i)); else lr_min
    def timm_cosine(lr_max, t_initial, t_mul, lr_min, cycle_limit, t):
        if t_mul != 1:
            i = math.floor(math.log(1 - t / t_initial * (1 - t_mul), t_mul))
            t_i = t_mul ** i * t_initial
            t_curr = t - (1 - t_mul ** i) / (1 - t_mul) * t_initial
        else:
            i = t // t_initial
            t_i = t_initial
            t_curr = t - (t_initial * i)
        if cycle_limit == 0 or (cycle_limit > 0 and i < cycle_limit):
            return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * t_curr / t_i))
        return lr_min

    for lr, t_initial, t_mul, lr_min, limit, steps in (
            (0.1, 10, 1.0, 0.0, 3, list(range(0, 45))),
            (0.1, 10, 2.0, 0.001, 2, [s for s in range(0, 50) if s not in (10, 30)]),
            (0.05, 20, 1.0, 0.005, 1, list(range(0, 30))),
            (0.1, 8, 2.0, 0.0, 0, [s for s in range(0, 130, 3) if s not in (24, 56, 120)])):
        add("huggingface/pytorch-image-models timm/scheduler/cosine_lr.py",
            f"CosineLRScheduler._get_lr (t_initial={t_initial}, cycle_mul={t_mul}, "
            f"lr_min={lr_min}, cycle_limit={limit})",
            f"cosine_decay_restarts({lr}, {t_initial}, {t_mul}, 1.0, {lr_min / lr!r}, {limit})",
            f"cosine_decay_restarts({lr}, {t_initial}, t_mul={t_mul}, alpha={lr_min / lr!r}, "
            f"cycles={limit})",
            [(t, timm_cosine(lr, t_initial, t_mul, lr_min, limit, t)) for t in steps])

    # BVLC/caffe, src/caffe/solvers/sgd_solver.cpp, SGDSolver::GetLearningRate, policy "inv":
    #     rate = base_lr * pow(1 + gamma * iter, -power)
    for lr, gamma, power in ((0.01, 1e-4, 0.75), (0.1, 0.01, 0.5), (1.0, 0.5, 2.0)):
        add("BVLC/caffe src/caffe/solvers/sgd_solver.cpp",
            f"GetLearningRate inv (base_lr={lr}, gamma={gamma}, power={power})",
            f"inverse_time_decay({lr}, 1, {gamma}, false, {power})",
            f"inverse_time_decay({lr}, 1, {gamma}, power={power})",
            [(t, lr * (1 + gamma * t) ** -power)
             for t in (0, 1, 2, 10, 100, 1000, 5000, 10000, 100000, 10 ** 7)])

    # pjreddie/darknet, src/network.c, get_current_rate(), burn_in before the policy:
    #     if (batch_num < net->burn_in)
    #         return net->learning_rate * pow((float)batch_num / net->burn_in, net->power);
    # (the quotient is a float there; here in double), then the policy, CONSTANT here:
    #     return net->learning_rate;
    for lr, burn_in, power in ((0.001, 1000, 4.0), (0.01, 10, 2.0)):
        add("pjreddie/darknet src/network.c",
            f"get_current_rate burn_in (learning_rate={lr}, burn_in={burn_in}, power={power}, "
            f"policy=constant)",
            f"constant({lr}) | lrsched::with_warmup({burn_in}, 0.0, "
            f"lrsched::warmup_shape::poly, {power})",
            f"constant({lr}) | with_warmup({burn_in}, shape=poly, power={power})",
            [(t, lr * (t / burn_in) ** power if t < burn_in else lr)
             for t in sorted(set(range(0, 2 * burn_in, max(1, burn_in // 20))) | {burn_in - 1})])
    return out


def write_inc(path, header, macro, prefix, cases):
    lines = [f"// Generated by tests/golden/generate.py; do not edit. {header}",
             f"// {macro}(id, source, spec, schedule, values...)", ""]
    for index, (source, cpp, spec, values) in enumerate(cases, 1):
        origin = {KERAS: " keras", OPTAX: " optax", TF: " tf"}.get(source.split(" ")[0], "")
        ident = f"{prefix} {index:02d}{origin} " + source.split("(")[0].split()[-1].split(".")[0]
        if values and isinstance(values[0], tuple):
            body = ", ".join(f"{{{s}, {fmt(v)}}}" for s, v in values)
        else:
            body = ", ".join(fmt(v) for v in values)
        lines.append(f"{macro}({cpp_str(ident)}, {cpp_str(source)}, {cpp_str(spec)}, {cpp},")
        lines.append(f"    {body})")
    path.write_text("\n".join(lines) + "\n")


def main():
    transcribed = transcribed_cases()
    write_inc(HERE / "transcribed.inc",
              "Sources: the formulas of the repositories and files each case names, transcribed "
              "into tests/golden/generate.py and evaluated in double precision.",
              "LRSCHED_PUBLISHED_CASE", "transcribed", transcribed)
    if sys.argv[1:] == ["--transcribed"]:
        print(f"transcribed: {len(transcribed)} cases", file=sys.stderr)
        return
    cases, version = torch_cases()
    write_plateau(HERE / "plateau_golden.inc", version, plateau_cases())
    write_inc(HERE / "torch_golden.inc",
              f"Source: PyTorch {version} (torch.optim.lr_scheduler), Python "
              f"{platform.python_version()}. Values: the lr of the optimizer's param group at "
              f"steps 0, 1, 2, ... (the closed form PyTorch itself defines where marked).",
              "LRSCHED_TORCH_CASE", "torch", cases)
    write_inc(HERE / "published.inc",
              f"Sources: the expectations asserted by {KERAS} (keras-team/keras), "
              f"{TF} (tensorflow/tensorflow) and {OPTAX} (google-deepmind/optax), "
              f"evaluated in double precision.",
              "LRSCHED_PUBLISHED_CASE", "published", published_cases())
    print(f"torch {version}: {len(cases)} cases; published: {len(published_cases())} cases",
          file=sys.stderr)


if __name__ == "__main__":
    main()
