#!/usr/bin/env python3
"""Turns bench/run's measurements into Markdown: ratios of medians measured in one run.

usage: report.py BENCH_JSON COMPILE_JSON [TORCH_JSON]
"""
import collections
import json
import sys


def medians(path):
    data = json.load(open(path))
    out, single = {}, {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") == "median":
            out[b["run_name"]] = b["real_time"]  # ns
        elif b.get("run_type") == "iteration":
            single[b["run_name"]] = b["real_time"]  # a run without repetitions
    return data["context"], out or single


def fmt_ratio(r, limit):
    mark = "" if round(r, 2) <= limit else " ✗"  # as printed: 1.004 is 1.00, on target
    return f"{r:.2f}{mark}"


def main():
    context, t = medians(sys.argv[1])
    reps = max((b.get("repetitions", 1) for b in json.load(open(sys.argv[1]))["benchmarks"]), default=1)
    compile_times = json.load(open(sys.argv[2]))
    torch = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
    lines = []
    add = lines.append

    groups = collections.defaultdict(dict)
    for name, ns in t.items():
        parts = name.split("/")
        if len(parts) == 4:
            groups[(parts[0], parts[1], parts[3])][parts[2]] = ns

    add("**Schedules** (ns per call; ratio = lrsched / baseline; targets: <= 1.00 naive, <= 1.05 best)")
    add("")
    add("| schedule | steps | lrsched | naive | best | / naive | / best |")
    add("|---|---|---:|---:|---:|---:|---:|")
    worst = collections.defaultdict(float)
    for (group, case, access), v in sorted(groups.items()):
        if group != "schedule":
            continue
        rn, rb = v["lrsched"] / v["naive"], v["lrsched"] / v["best"]
        worst["naive"] = max(worst["naive"], rn)
        worst["best"] = max(worst["best"], rb)
        add(f"| `{case}` | {access} | {v['lrsched']:.2f} | {v['naive']:.2f} | {v['best']:.2f} | "
            f"{fmt_ratio(rn, 1.0)} | {fmt_ratio(rb, 1.05)} |")
    add("")
    add("**Composites and erasure** (ns per call; target: composites <= 1.10 fused, any_schedule <= 1.5 static)")
    add("")
    add("| case | steps | lrsched | baseline | ratio |")
    add("|---|---|---:|---:|---:|")
    for (group, case, access), v in sorted(groups.items()):
        if group == "composite":
            r = v["lrsched"] / v["fused"]
            worst["composite"] = max(worst["composite"], r)
            add(f"| `{case}` vs fused lambda | {access} | {v['lrsched']:.2f} | {v['fused']:.2f} | {fmt_ratio(r, 1.10)} |")
        elif group == "erasure":
            for variant in ("any_schedule", "std_function"):
                r = v[variant] / v["static"]
                if variant == "any_schedule":
                    worst["erasure"] = max(worst["erasure"], r)
                add(f"| `{case}` through `{variant}` vs static | {access} | {v[variant]:.2f} | "
                    f"{v['static']:.2f} | {fmt_ratio(r, 1.5 if variant == 'any_schedule' else 99)} |")
    add("")
    add("**Optimizer loops** (one optimizer step over n floats, rate from `cosine_decay | with_warmup` "
        "vs a constant; target: < 0.5 % for SGD over 1e5 floats)")
    add("")
    add("| optimizer | n | constant (µs) | schedule (µs) | schedule cost | overhead |")
    add("|---|---:|---:|---:|---:|---:|")
    call = t.get("erasure/warmup_cosine/static/consecutive", 0.0)
    for opt in ("sgd_momentum", "adam"):
        for n in ("1000", "100000", "1000000"):
            c = t[f"optimizer/{opt}_{n}/constant"]
            s = t[f"optimizer/{opt}_{n}/schedule"]
            # The difference of two noisy medians can be negative; the schedule's own cost per
            # step (one call, measured alone) bounds the overhead from above.
            add(f"| {opt} | {int(n):.0e} | {c / 1e3:.2f} | {s / 1e3:.2f} | {call:.1f} ns | "
                f"{100 * call / c:.3f} % |")
    add("")
    add("**Peers** (per learning-rate update)")
    add("")
    add("| comparison | per step | lrsched | ratio |")
    add("|---|---:|---:|---:|")
    step = t.get("schedule/step_decay/lrsched/consecutive")
    cos = t.get("schedule/cosine_decay/lrsched/consecutive")
    if torch:
        for key, mine, label in (("step_lr", step, "StepLR"), ("cosine_annealing_lr", cos, "CosineAnnealingLR")):
            ns = torch["results"][key] * 1e9
            add(f"| PyTorch {torch['torch']} `{label}.step()` (Python) | {ns:,.0f} ns | {mine:.2f} ns | "
                f"{ns / mine:,.0f}x cheaper |")
    if "peer/libtorch_step_lr/libtorch" in t:
        lt, ls = t["peer/libtorch_step_lr/libtorch"], t["peer/libtorch_step_lr/lrsched"]
        add(f"| libtorch `StepLR::step()` vs lrsched setting the param group's lr | {lt:.1f} ns | "
            f"{ls:.1f} ns | {lt / ls:.2f}x |")
    add("")
    add("**Compile time** (g++, median of repeated runs; target: umbrella include <= 0.3 s)")
    add("")
    add("| translation unit | seconds |")
    add("|---|---:|")
    for key, label in (("empty", "an empty `main`"), ("include", "`#include <lrsched/lrsched.hpp>`"),
                       ("core", "`#include <lrsched/core.hpp>` (no run-time part)"),
                       ("table", "the umbrella and a 10 000-step `constexpr` table of `cosine_decay \\| with_warmup`")):
        add(f"| {label} | {compile_times[key]:.2f} |")
    include_cost = compile_times["include"] - compile_times["empty"]
    add(f"| umbrella include over empty | {include_cost:.2f}{'' if include_cost <= 0.3 else ' ✗'} |")
    add(f"| the 10 000-step table over the umbrella | {compile_times['table'] - compile_times['include']:.2f} |")
    add("")
    add(f"Worst ratios: schedules {worst['naive']:.2f} of naive and {worst['best']:.2f} of best; "
        f"composites {worst['composite']:.2f} of fused; any_schedule {worst['erasure']:.2f} of static.")
    add("")
    add(f"Method: Google Benchmark {context.get('library_version', '1.7')}, "
        f"{context.get('num_cpus')} x {context.get('mhz_per_cpu')} MHz, "
        f"benchmarks built by {compile_times.get('compiler', 'g++')} in Release (-O3 -DNDEBUG), "
        f"compile times with {compile_times.get('flags', '-O2')}, "
        f"{reps} repetitions of each benchmark, the median (compile times: median of "
        f"{compile_times.get('repetitions', 5)}); run {context.get('date', '')[:10]}. "
        "All ratios come from one run.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
