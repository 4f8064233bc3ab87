#!/usr/bin/env python3
"""Measures compile times for bench/run: an empty translation unit, one that includes
<lrsched/core.hpp>, one with only the standard headers that core.hpp includes (the floor), one that
includes <lrsched/lrsched.hpp>, and one that also builds a 10 000-step constexpr table of a composed
schedule. Prints JSON with the median of REPETITIONS runs of each, in seconds.

usage: compile_time.py INCLUDE_DIR [COMPILER]
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SOURCES = {
    "empty": "int main() { return 0; }\n",
    "include": "#include <lrsched/lrsched.hpp>\nint main() { return 0; }\n",
    "core": "#include <lrsched/core.hpp>\nint main() { return 0; }\n",
    "table": """#include <lrsched/lrsched.hpp>
#include <array>
constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
constexpr auto table = [] {
  std::array<double, 10'000> a{};
  for (int i = 0; i < 10'000; ++i) a[static_cast<std::size_t>(i)] = lr(i);
  return a;
}();
static_assert(table[500] == 0.1);
int main(int argc, char**) { return static_cast<int>(table[static_cast<std::size_t>(argc)] * 0); }
""",
}


def standard_headers(include, header):
    """The <...> headers that `header` and the lrsched headers it includes name, in order."""
    seen, out = set(), []

    def walk(path):
        if path in seen:
            return
        seen.add(path)
        for line in open(path):
            m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
            if not m:
                continue
            if m.group(1) == "<" and m.group(2) not in out:
                out.append(m.group(2))
            elif m.group(1) == '"':
                walk(os.path.normpath(os.path.join(os.path.dirname(path), m.group(2))))

    walk(os.path.join(include, header))
    return out


FLAGS = ["-std=c++20", "-O2", "-c"]


def main():
    include, compiler = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "g++"
    repetitions = int(os.environ.get("REPETITIONS", "5"))
    out = {"compiler": subprocess.run([compiler, "-dumpfullversion"], capture_output=True,
                                      text=True).stdout.strip(),
           "flags": " ".join(FLAGS[:2]), "repetitions": repetitions}
    out["compiler"] = f"{os.path.basename(compiler)} {out['compiler']}"
    SOURCES["core_std"] = "".join(f"#include <{h}>\n" for h in standard_headers(include, "lrsched/core.hpp")) \
        + "int main() { return 0; }\n"
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in SOURCES.items():
            path = os.path.join(tmp, name + ".cpp")
            with open(path, "w") as f:
                f.write(code)
            times = []
            for _ in range(repetitions):
                start = time.perf_counter()
                subprocess.run([compiler, *FLAGS, "-I", include, path, "-o", path + ".o"], check=True)
                times.append(time.perf_counter() - start)
            out[name] = statistics.median(times)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
