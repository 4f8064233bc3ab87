// Helpers shared by lrsched's tests.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

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

/// The absolute slack allowed on top: 4 ulp of the sequence's largest value. The references
/// evaluate cosines as (1 + cos x) / 2, which near a trough carries an absolute error of an ulp or
/// two of the peak (relative to a value of 1e-6 that is 1e-10); lrsched's sin^2 form does not, so
/// the two may differ there by the reference's own rounding, and only there.
constexpr double golden_abs(std::span<const double> expected) {
  double peak = 0;
  for (const double v : expected) peak = abs(v) > peak ? abs(v) : peak;
  return 4 * std::numeric_limits<double>::epsilon() * peak;
}

template <std::floating_point T>
constexpr bool golden_close(T a, T b, T floor) {
  return close(a, b, T(golden_rel)) || abs(a - b) <= floor;
}

/// The values of `s` at steps 0, 1, ... match `expected`; a constant expression. Only slice
/// `part` of `parts` is checked, so that long sequences fit clang's budget for one constant
/// evaluation (-fconstexpr-steps).
template <lrsched::schedule S>
constexpr bool matches(const S& s, std::span<const double> expected, std::size_t part = 0,
                       std::size_t parts = 1) {
  const std::size_t n = expected.size();
  const double floor = golden_abs(expected);
  for (std::size_t t = part * n / parts; t < (part + 1) * n / parts; ++t) {
    if (!golden_close(static_cast<double>(s(static_cast<lrsched::step_t>(t))), expected[t],
                      floor)) {
      return false;
    }
  }
  return true;
}

struct point {
  lrsched::step_t step;
  double value;
};

constexpr double golden_abs(std::span<const point> expected) {
  double peak = 0;
  for (const point& p : expected) peak = abs(p.value) > peak ? abs(p.value) : peak;
  return 4 * std::numeric_limits<double>::epsilon() * peak;
}

template <lrsched::schedule S>
constexpr bool matches(const S& s, std::span<const point> expected) {
  const double floor = golden_abs(expected);
  for (const point& p : expected) {
    if (!golden_close(static_cast<double>(s(p.step)), p.value, floor)) return false;
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

// The spec reader is instantiated once per type for the whole build (tools/parse_instance.cpp).
#include "../tools/parse_instances.hpp"
