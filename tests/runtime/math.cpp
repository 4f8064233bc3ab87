// The constexpr series (used during constant evaluation) against the C library (used at run
// time): both paths of every function agree within 4 ulp over thousands of points of its domain.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "catch.hpp"
#include "support.hpp"

namespace series = lrsched::detail::series;
using lrsched_test::ulp_distance;

namespace {

constexpr int points = 20'000;
constexpr double max_ulp = 4.0;

// Draws `points` arguments with `draw` and returns the largest ulp distance between the series
// (rounded to T, as constant evaluation returns it) and the std:: function.
template <class T, class Draw, class Series, class Std>
T worst_ulp(Draw draw, Series series_fn, Std std_fn) {
  std::mt19937_64 rng(20261121);
  T worst = 0;
  for (int i = 0; i < points; ++i) {
    const T x = draw(rng);
    const T got = static_cast<T>(series_fn(static_cast<long double>(x)));
    const T want = std_fn(x);
    const T d = ulp_distance(got, want);
    if (d > worst) {
      worst = d;
      UNSCOPED_INFO("x = " << static_cast<long double>(x) << ": " << d << " ulp");
    }
  }
  return worst;
}

template <class T>
auto uniform(T lo, T hi) {
  return [lo, hi](std::mt19937_64& rng) {
    return static_cast<T>(std::uniform_real_distribution<long double>(lo, hi)(rng));
  };
}
// exp of a uniform exponent: covers many binades evenly.
template <class T>
auto log_uniform(T lo_exp10, T hi_exp10) {
  return [lo_exp10, hi_exp10](std::mt19937_64& rng) {
    const long double e = std::uniform_real_distribution<long double>(lo_exp10, hi_exp10)(rng);
    return static_cast<T>(std::pow(10.0L, e));
  };
}

}  // namespace

TEMPLATE_TEST_CASE("constexpr exp agrees with std::exp", "[math]", float, double, long double) {
  using T = TestType;
  const T lim = std::log(std::numeric_limits<T>::max()) * T(0.99);
  const auto f = [](long double x) { return series::exp(x); };
  const auto g = [](T x) { return std::exp(x); };
  CHECK(worst_ulp<T>(uniform<T>(-lim, lim), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(-1), T(1)), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(-50), T(0)), f, g) <= max_ulp);
}

TEMPLATE_TEST_CASE("constexpr log agrees with std::log", "[math]", float, double, long double) {
  using T = TestType;
  const T lim = std::log10(std::numeric_limits<T>::max()) * T(0.99);
  const auto f = [](long double x) { return series::log(x); };
  const auto g = [](T x) { return std::log(x); };
  CHECK(worst_ulp<T>(log_uniform<T>(-lim, lim), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(0.5), T(2)), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(1), T(1e6)), f, g) <= max_ulp);
}

TEMPLATE_TEST_CASE("constexpr pow agrees with std::pow", "[math]", float, double, long double) {
  using T = TestType;
  std::mt19937_64 rng(7);
  const auto f = [](long double x, long double y) { return series::pow(x, y); };
  // The schedules' domains: decay factors in (0, 1] to powers up to 1e4, and (0, 1] to small
  // powers (polynomial_decay), warmup ratios around 1.
  struct domain {
    T x_lo, x_hi, y_lo, y_hi;
  };
  for (const domain d : {domain{T(0.5), T(1), T(0), T(100)}, domain{T(1e-3), T(1), T(0), T(8)},
                         domain{T(0.9), T(1), T(0), T(1e3)}, domain{T(0.5), T(2), T(-20), T(20)}}) {
    T worst = 0;
    for (int i = 0; i < points; ++i) {
      const T x = uniform<T>(d.x_lo, d.x_hi)(rng);
      const T y = uniform<T>(d.y_lo, d.y_hi)(rng);
      const T got = static_cast<T>(f(x, y));
      const T want = std::pow(x, y);
      if (want < std::numeric_limits<T>::min()) continue;  // subnormal results
      const T dist = ulp_distance(got, want);
      if (dist > worst) {
        worst = dist;
        UNSCOPED_INFO("pow(" << static_cast<long double>(x) << ", " << static_cast<long double>(y)
                             << "): " << dist << " ulp");
      }
    }
    CHECK(worst <= max_ulp);
  }
}

TEMPLATE_TEST_CASE("constexpr sqrt agrees with std::sqrt", "[math]", float, double, long double) {
  using T = TestType;
  const T lim = std::log10(std::numeric_limits<T>::max()) * T(0.99);
  const auto f = [](long double x) { return series::sqrt(x); };
  const auto g = [](T x) { return std::sqrt(x); };
  CHECK(worst_ulp<T>(log_uniform<T>(-lim, lim), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(1), T(1e9)), f, g) <= max_ulp);
}

TEMPLATE_TEST_CASE("constexpr cos agrees with std::cos", "[math]", float, double, long double) {
  using T = TestType;
  const auto f = [](long double x) { return series::cos(x); };
  const auto g = [](T x) { return std::cos(x); };
  // [0, pi] is what the schedules evaluate; wider ranges exercise the argument reduction.
  CHECK(worst_ulp<T>(uniform<T>(T(0), lrsched::detail::pi<T>), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(-100), T(100)), f, g) <= max_ulp);
  CHECK(worst_ulp<T>(uniform<T>(T(-1e5), T(1e5)), f, g) <= max_ulp);
}

TEST_CASE("the dispatching functions are constant expressions", "[math]") {
  namespace d = lrsched::detail;
  STATIC_REQUIRE(d::exp(0.0) == 1.0);
  STATIC_REQUIRE(d::log(1.0) == 0.0);
  STATIC_REQUIRE(d::pow(0.5, 3.0) == 0.125);
  STATIC_REQUIRE(d::pow(0.0, 2.0) == 0.0);
  STATIC_REQUIRE(d::sqrt(2.25) == 1.5);
  STATIC_REQUIRE(d::cos(0.0) == 1.0);
  STATIC_REQUIRE(d::cos(d::pi<double>) == -1.0);
  STATIC_REQUIRE(d::exp(1.0f) == 2.7182817f);
  STATIC_REQUIRE(d::sqrt(1e300) == 1e150);
  // The same calls at run time take the std:: path.
  REQUIRE(d::exp(0.0) == 1.0);
  REQUIRE(d::cos(d::pi<double>) == -1.0);
}

// step_divider: the multiply-and-shift quotient equals the division instruction's for every
// divisor in [1, 2^63] and dividend in [0, 2^63): powers of two and their neighbours, every
// divisor below 5000, and millions of random pairs, at and beside the multiples of d.
TEST_CASE("step_divider divides exactly", "[math]") {
  using lrsched::detail::step_divider;
  constexpr std::uint64_t top = std::uint64_t{1} << 63;
  static_assert(step_divider(1).quotient(12345) == 12345);
  static_assert(step_divider(3).quotient(top - 1) == (top - 1) / 3);
  static_assert(step_divider(top).quotient(top - 1) == 0);
  static_assert(step_divider(7).remainder(100) == 2);
  std::uint64_t checked = 0, wrong = 0;
  const auto check = [&](std::uint64_t d, std::uint64_t n) {
    if (d == 0 || d > top || n >= top) return;
    const step_divider div(d);
    ++checked;
    if (div.quotient(n) != n / d || div.remainder(n) != n % d) ++wrong;
  };
  const auto around_multiples = [&](std::uint64_t d, std::uint64_t n) {
    if (d == 0 || d > top || n >= top) return;
    check(d, n);
    const std::uint64_t q = n / d;
    check(d, q * d);
    check(d, q * d + d - 1);
    if (q > 0) check(d, q * d - 1);
  };
  for (int k = 0; k <= 63; ++k) {
    const std::uint64_t p = std::uint64_t{1} << k;
    for (const std::uint64_t d : {p - 1, p, p + 1}) {
      for (const std::uint64_t n : {std::uint64_t{0}, top - 1, p, top / 2 + 12'345}) {
        around_multiples(d, n);
      }
    }
  }
  for (std::uint64_t d = 1; d < 5000; ++d) {
    for (const std::uint64_t n : {std::uint64_t{0}, d - 1, d, d + 1, 2 * d - 1, top - 1, top - d}) {
      check(d, n);
    }
  }
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 1'000'000; ++i) {
    const std::uint64_t d = std::max<std::uint64_t>(1, rng() >> (1 + rng() % 63));
    const std::uint64_t n = (rng() >> 1) >> (rng() % 63);
    around_multiples(d, n);
  }
  CHECK(checked > 3'000'000);
  CHECK(wrong == 0);
}
