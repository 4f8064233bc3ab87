// What the fuzz targets check of a schedule that was accepted: the promises of REFERENCE.md.
// A broken promise prints what broke and aborts, which libFuzzer (and the replay tests) report.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include <lrsched/lrsched.hpp>

#if LRSCHED_FUZZ_SHARED_PARSER
// The replays and the libFuzzer targets link the reader compiled once per type
// (tools/parse_instance.cpp; instrumented for the libFuzzer targets).
#include "../tools/parse_instances.hpp"
#endif

namespace lrsched_fuzz {

using lrsched::step_t;

[[noreturn]] inline void broken(const std::string& what, const std::string& schedule) {
  std::fprintf(stderr, "lrsched fuzz: %s\n  schedule: %s\n", what.c_str(), schedule.c_str());
  std::abort();
}

/// The steps every accepted schedule is evaluated at: a dense start, each power of two and its
/// neighbours (the float and double exact-integer limits among them), and the end of the range.
inline const std::vector<step_t>& probe_steps() {
  static const std::vector<step_t> steps = [] {
    std::vector<step_t> out;
    for (step_t t = -2; t < 70; ++t) out.push_back(t);
    for (int k = 7; k < 63; ++k) {
      const step_t p = step_t{1} << k;
      out.insert(out.end(), {p - 1, p, p + 1});
    }
    out.insert(out.end(), {std::numeric_limits<step_t>::max() - 1,
                           std::numeric_limits<step_t>::max(), std::numeric_limits<step_t>::min()});
    return out;
  }();
  return steps;
}

inline std::string text_of(long double v) { return std::to_string(static_cast<double>(v)); }

/// Totality and bounds: finite, >= 0 and within bounds() at every probe step (and `extra`).
template <class T>
void check_total(const lrsched::any_schedule<T>& s, const std::string& name,
                 const std::vector<step_t>& extra = {}) {
  const lrsched::value_bounds<T> b = s.bounds();
  const auto check = [&](step_t t) {
    const T v = s(t);
    if (!std::isfinite(v) || v < T(0)) {
      broken("value " + text_of(v) + " at step " + std::to_string(t) + " is not finite and >= 0",
             name);
    }
    if (v < b.lower || v > b.upper) {
      broken("value " + text_of(v) + " at step " + std::to_string(t) + " is outside the bounds [" +
                 text_of(b.lower) + ", " + text_of(b.upper) + "]",
             name);
    }
  };
  for (const step_t t : probe_steps()) check(t);
  for (const step_t t : extra) check(t);
}

/// The text form reads back as the same schedule: the same value, sign included, at every probe
/// step, and the same text again.
template <class T>
void check_round_trip(const lrsched::any_schedule<T>& s, const std::string& name) {
  const std::string text = lrsched::to_spec(s);
  lrsched::any_schedule<T> back;
  try {
    back = lrsched::parse_schedule<T>(text);
  } catch (const std::exception& e) {
    broken(
        std::string("to_spec wrote a spec that does not parse: ") + e.what() + "\n  spec: " + text,
        name);
  }
  for (const step_t t : probe_steps()) {
    const T a = s(t), c = back(t);
    if (!(a == c && std::signbit(a) == std::signbit(c))) {
      broken("round trip changed the value at step " + std::to_string(t) + ": " + text_of(a) +
                 " became " + text_of(c) + "\n  spec: " + text,
             name);
    }
  }
  if (lrsched::to_spec(back) != text) broken("to_spec is not a fixed point: " + text, name);
}

/// Non-increasing over the probe steps (sorted, negative ones being step 0).
template <class T>
void check_non_increasing(const lrsched::any_schedule<T>& s, const std::string& name) {
  T previous = s(0);
  for (const step_t t : probe_steps()) {
    if (t < 0) continue;
    const T v = s(t);
    if (v > previous) {
      broken("the decay increases at step " + std::to_string(t) + ": " + text_of(previous) +
                 " then " + text_of(v),
             name);
    }
    previous = v;
  }
}

}  // namespace lrsched_fuzz
