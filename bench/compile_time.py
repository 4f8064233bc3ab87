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


def standard_headers(include, header, compiler):
    """The standard headers that `header` and the lrsched headers it includes include themselves,
    in order, as the preprocessor sees them (so that a header behind an #if the compiler does not
    take is left out): from the include tree that -H prints."""
    tree = subprocess.run([compiler, "-std=c++20", "-E", "-H", "-I", include, "-x", "c++", "-",
                           "-o", os.devnull], input=f"#include <{header}>\n", capture_output=True,
                          text=True, check=True).stderr
    root = os.path.realpath(include) + os.sep
    out, parents = [], {}
    for line in tree.splitlines():
        m = re.match(r"(\.+) (\S+)$", line)
        if not m:
            continue
        depth, path = len(m.group(1)), os.path.realpath(m.group(2))
        parents[depth] = path
        parent = parents.get(depth - 1, root) if depth > 1 else root
        if parent.startswith(root) and not path.startswith(root):
            name = std_name(path)
            if name not in out:
                out.append(name)
    return out


def std_name(path):
    """<cmath> for /usr/include/c++/12/cmath."""
    m = re.search(r"/c\+\+/[^/]+/(.+)$", path) or re.search(r"/include/(.+)$", path)
    return m.group(1) if m else os.path.basename(path)


FLAGS = ["-std=c++20", "-O2", "-c"]


def main():
    include, compiler = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "g++"
    repetitions = int(os.environ.get("REPETITIONS", "5"))
    out = {"compiler": subprocess.run([compiler, "-dumpfullversion"], capture_output=True,
                                      text=True).stdout.strip(),
           "flags": " ".join(FLAGS[:2]), "repetitions": repetitions}
    out["compiler"] = f"{os.path.basename(compiler)} {out['compiler']}"
    SOURCES["core_std"] = "".join(f"#include <{h}>\n" for h in standard_headers(include, "lrsched/core.hpp", compiler)) \
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
