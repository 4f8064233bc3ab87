#!/usr/bin/env python3
"""Turns bench/run's measurements into Markdown, one column per build (compiler and flags): ratios
of medians, the paired ones the median over the processes that bench/run ran them in.

usage: report.py --compile COMPILE_JSON [--torch TORCH_JSON] BENCH_JSON [BENCH_JSON ...]
"""
import argparse
import collections
import glob
import json
import os
import statistics

# Targets (issue 12): schedules never slower than the naive formula and within 1.10x of the best
# hand-written one; composites within 1.10x of the same schedule fused by hand; any_schedule within
# 1.3x of the static type.
TARGET = {"naive": 1.00, "best": 1.10, "composite": 1.10, "erasure": 1.30}
BATCH, ROUNDS = 2048, 201  # bench.cpp's paired measurement: calls per batch, rounds


PAIRED_COUNTERS = ("lrsched", "naive", "best", "fused", "static", "any_schedule", "parsed",
                   "std_function")


def paired_cases(benchmarks):
    """{case: {variant: ratio}} from a run's paired cases: the median of the repetitions, or the
    one iteration of a run without repetitions."""
    paired, paired_single = {}, {}
    for b in benchmarks:
        name = b["run_name"].split("/iterations:")[0]
        if not name.startswith("paired/"):
            continue
        counters = {k: v for k, v in b.items() if k in PAIRED_COUNTERS}
        if b.get("aggregate_name") == "median":
            paired[name[len("paired/"):]] = counters
        elif b.get("run_type") == "iteration":
            paired_single[name[len("paired/"):]] = counters
    return paired or paired_single


def load(path):
    data = json.load(open(path))
    out, single = {}, {}
    for b in data["benchmarks"]:
        name = b["run_name"].split("/iterations:")[0]
        if name.startswith("paired/"):
            continue
        if b.get("aggregate_name") == "median":
            out[name] = b["real_time"]  # ns
        elif b.get("run_type") == "iteration":
            single[name] = b["real_time"]  # a run without repetitions
    reps = max((b.get("repetitions", 1) for b in data["benchmarks"]), default=1)
    context = data["context"]
    # bench/run writes the build's compiler and flags beside its JSON.
    config = os.path.join(os.path.dirname(path), "config.txt")
    label = open(config).read().strip() if os.path.exists(config) else os.path.basename(path)
    # The paired cases of this run, each counter the median over it and the processes bench/run
    # started again for the paired cases beside it (paired-N.json).
    main = paired_cases(data["benchmarks"])
    others = [paired_cases(json.load(open(p))["benchmarks"])
              for p in sorted(glob.glob(os.path.join(os.path.dirname(path), "paired-*.json")))]
    paired = {}
    for case, counters in main.items():
        per = [counters] + [r[case] for r in others if case in r]
        paired[case] = {k: statistics.median(p[k] for p in per if k in p) for k in counters}
    processes = 1 + sum(1 for r in others if r)
    return {"label": label, "context": context, "t": out or single, "paired": paired,
            "reps": reps, "processes": processes}


def cases(t):
    """{(group, case, access): {variant: ns}} for the names GROUP/CASE/VARIANT/ACCESS."""
    groups = collections.defaultdict(dict)
    for name, ns in t.items():
        parts = name.split("/")
        if len(parts) == 4:
            groups[(parts[0], parts[1], parts[3])][parts[2]] = ns
    return groups


def ratios(run):
    """{(kind, case, access): ratio} for kind in naive, best, composite, erasure: from the paired
    measurement (the median over rounds of each round's ratio) when the run has it, else the ratio
    of the two benchmarks' medians."""
    out = {}
    for name, c in run["paired"].items():
        group, case, access = name.split("/")
        # Each counter is that variant's time over the first variant's, in the same round.
        if group == "schedule":
            out[("naive", case, access)] = 1 / c["naive"]
            out[("best", case, access)] = 1 / c["best"]
        elif group == "composite":
            out[("composite", case, access)] = 1 / c["fused"]
        elif group == "erasure":
            out[("erasure", case, access)] = c["any_schedule"]
            if "parsed" in c:
                out[("erasure", case + " (parsed)", access)] = c["parsed"]
            if "std_function" in c:
                out[("std_function", case, access)] = c["std_function"]
    if out:
        return out
    for (group, case, access), v in cases(run["t"]).items():
        if group == "schedule":
            out[("naive", case, access)] = v["lrsched"] / v["naive"]
            out[("best", case, access)] = v["lrsched"] / v["best"]
        elif group == "composite":
            out[("composite", case, access)] = v["lrsched"] / v["fused"]
        elif group == "erasure":
            out[("erasure", case, access)] = v["any_schedule"] / v["static"]
            if "parsed" in v:
                out[("erasure", case + " (parsed)", access)] = v["parsed"] / v["static"]
            if "std_function" in v:
                out[("std_function", case, access)] = v["std_function"] / v["static"]
    return out


def cell(r, kind):
    if r is None:
        return "-"
    limit = TARGET.get(kind)
    # As printed: 1.104 is 1.10, on target.
    return f"{r:.2f}" + ("" if limit is None or round(r, 2) <= limit else " ✗")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compile", required=True)
    ap.add_argument("--torch")
    ap.add_argument("runs", nargs="+")
    args = ap.parse_args()
    runs = [load(p) for p in args.runs]
    rs = [ratios(r) for r in runs]
    compile_times = json.load(open(args.compile))
    torch = json.load(open(args.torch)) if args.torch else None
    lines = []
    add = lines.append
    head = " | ".join(r["label"] for r in runs)
    rule = "|".join("---:" for _ in runs)

    add("<!-- summary:begin -->")
    add("**Worst ratios** (lrsched / baseline, each from one build; ✗ = over target)")
    add("")
    add(f"| group | target | {head} |")
    add(f"|---|---:|{rule}|")
    for kind, title in (("best", "schedules vs the best hand-written formula"),
                        ("naive", "schedules vs the naive formula"),
                        ("composite", "composites vs the same schedule fused by hand"),
                        ("erasure", "`any_schedule` vs the static type")):
        cells = []
        for r in rs:
            items = [(v, k) for k, v in r.items() if k[0] == kind]
            if not items:
                cells.append("-")
                continue
            v, (_, case, access) = max(items)
            cells.append(f"{cell(v, kind)} `{case}` {access}")
        add(f"| {title} | {TARGET[kind]:.2f} | " + " | ".join(cells) + " |")
    add("")
    first = runs[0]
    add(f"Method: Google Benchmark {first['context'].get('library_version', '1.7')}, "
        f"{first['context'].get('num_cpus')} x {first['context'].get('mhz_per_cpu')} MHz; "
        f"one Release build per column ({', '.join(r['label'] for r in runs)}). A ratio is paired: "
        f"each round times {BATCH} calls of every variant in turn (the order rotating from round to "
        f"round), the ratio of one round's times is taken, and the median over {ROUNDS} rounds; "
        f"that is repeated {first['reps']} times, in random order among all benchmarks, and the "
        f"median of the repetitions taken, in each of {first['processes']} processes of the build; "
        f"the median over the processes is reported. Run {first['context'].get('date', '')[:10]}. "
        "bench/RESULTS.md has every case and the times per call.")
    add("<!-- summary:end -->")
    add("")

    keys = sorted({k for r in rs for k in r})
    for kind, title in (("best", "**Schedules against the best hand-written formula** (ratio; target <= 1.10)"),
                        ("naive", "**Schedules against the naive formula** (ratio; target <= 1.00)")):
        add(title)
        add("")
        add(f"| schedule | steps | ns ({first['label']}) | {head} |")
        add(f"|---|---|---:|{rule}|")
        ft = cases(first["t"])
        for k in keys:
            if k[0] != kind:
                continue
            ns = ft.get(("schedule", k[1], k[2]), {}).get("lrsched")
            ns_text = "-" if ns is None else f"{ns:.2f}"  # a run filtered to the paired cases
            add(f"| `{k[1]}` | {k[2]} | {ns_text} | " + " | ".join(cell(r.get(k), kind) for r in rs) + " |")
        add("")

    add("**Composites and erasure** (ratio; targets: composites <= 1.10 of fused, any_schedule <= 1.30 of static)")
    add("")
    add(f"| case | steps | {head} |")
    add(f"|---|---|{rule}|")
    for k in keys:
        if k[0] == "composite":
            name = f"`{k[1]}` vs fused by hand"
        elif k[0] == "erasure":
            name = (f"`{k[1][:-9]}` parsed from its spec vs static" if k[1].endswith(" (parsed)")
                    else f"`{k[1]}` through `any_schedule` vs static")
        elif k[0] == "std_function":
            name = f"`{k[1]}` through `std::function` vs static (for comparison)"
        else:
            continue
        add(f"| {name} | {k[2]} | " + " | ".join(cell(r.get(k), k[0]) for r in rs) + " |")
    add("")

    t = first["t"]
    add(f"**Optimizer loops** ({first['label']}; one optimizer step over n floats, the rate from "
        "`cosine_decay | with_warmup` vs a constant; target: < 0.5 % for SGD over 1e5 floats)")
    add("")
    add("| optimizer | n | constant (µs) | schedule (µs) | schedule cost | overhead |")
    add("|---|---:|---:|---:|---:|---:|")
    call = t.get("erasure/warmup_cosine/static/consecutive", 0.0)
    for opt in ("sgd_momentum", "adam"):
        for n in ("1000", "100000", "1000000"):
            c = t.get(f"optimizer/{opt}_{n}/constant")
            s = t.get(f"optimizer/{opt}_{n}/schedule")
            if c is None or s is None:
                continue
            # The difference of two noisy medians can be negative; the schedule's own cost per
            # step (one call, measured alone) bounds the overhead from above.
            add(f"| {opt} | {int(n):.0e} | {c / 1e3:.2f} | {s / 1e3:.2f} | {call:.1f} ns | "
                f"{100 * call / c:.3f} % |")
    add("")
    add(f"**Peers** (per learning-rate update; lrsched from {first['label']})")
    add("")
    add("| comparison | per step | lrsched | ratio |")
    add("|---|---:|---:|---:|")
    step = t.get("schedule/step_decay/lrsched/consecutive")
    cos = t.get("schedule/cosine_decay/lrsched/consecutive")
    if torch and step and cos:
        for key, mine, name in (("step_lr", step, "StepLR"), ("cosine_annealing_lr", cos, "CosineAnnealingLR")):
            ns = torch["results"][key] * 1e9
            add(f"| PyTorch {torch['torch']} `{name}.step()` (Python) | {ns:,.0f} ns | {mine:.2f} ns | "
                f"{ns / mine:,.0f}x cheaper |")
    for r in runs:
        if "peer/libtorch_step_lr/libtorch" in r["t"]:
            lt, ls = r["t"]["peer/libtorch_step_lr/libtorch"], r["t"]["peer/libtorch_step_lr/lrsched"]
            add(f"| libtorch `StepLR::step()` vs lrsched setting the param group's lr ({r['label']}) | "
                f"{lt:.1f} ns | {ls:.1f} ns | {lt / ls:.2f}x |")
    add("")
    add(f"**Compile time** ({compile_times.get('compiler', 'g++')} {compile_times.get('flags', '-O2')}, "
        f"median of {compile_times.get('repetitions', 5)} runs)")
    add("")
    add("| translation unit | seconds | over the empty one |")
    add("|---|---:|---:|")
    empty = compile_times["empty"]
    for key, name in (("empty", "an empty `main`"),
                      ("core", "`#include <lrsched/core.hpp>` (no run-time part)"),
                      ("core_std", "the standard headers `<lrsched/core.hpp>` includes, alone"),
                      ("include", "`#include <lrsched/lrsched.hpp>`"),
                      ("table", "the umbrella and a 10 000-step `constexpr` table of `cosine_decay \\| with_warmup`")):
        if key in compile_times:
            add(f"| {name} | {compile_times[key]:.2f} | {compile_times[key] - empty:.2f} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
