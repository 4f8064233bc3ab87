// Helpers shared by lrsched's tests.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <span>

#include <lrsched/lrsched.hpp>

namespace lrsched_test {

template <std::floating_point T>
constexpr T abs(T x) {
  return x < T(0) ? -x : x;
}

/// |a - b| <= rel * max(|a|, |b|): usable in constant expressions.
template <std::floating_point T>
constexpr bool close(T a, T b, T rel) {
  const T scale = abs(a) > abs(b) ? abs(a) : abs(b);
  return abs(a - b) <= rel * scale;
}

/// The golden tolerance of REFERENCE.md: 1e-12 relative.
inline constexpr double golden_rel = 1e-12;

/// The values of `s` at steps 0, 1, ... match `expected`; a constant expression. Only slice
/// `part` of `parts` is checked, so that long sequences fit clang's budget for one constant
/// evaluation (-fconstexpr-steps).
template <lrsched::schedule S>
constexpr bool matches(const S& s, std::span<const double> expected, std::size_t part = 0,
                       std::size_t parts = 1) {
  const std::size_t n = expected.size();
  for (std::size_t t = part * n / parts; t < (part + 1) * n / parts; ++t) {
    if (!close(static_cast<double>(s(static_cast<lrsched::step_t>(t))), expected[t], golden_rel)) {
      return false;
    }
  }
  return true;
}

struct point {
  lrsched::step_t step;
  double value;
};

template <lrsched::schedule S>
constexpr bool matches(const S& s, std::span<const point> expected) {
  for (const point& p : expected) {
    if (!close(static_cast<double>(s(p.step)), p.value, golden_rel)) return false;
  }
  return true;
}

/// Distance in units in the last place of `b` (the reference value).
template <std::floating_point T>
T ulp_distance(T a, T b) {
  if (a == b) return T(0);
  if (b == T(0)) return std::numeric_limits<T>::infinity();
  const T ulp = std::scalbn(T(1), std::ilogb(b) - (std::numeric_limits<T>::digits - 1));
  return std::fabs(a - b) / ulp;
}

}  // namespace lrsched_test
