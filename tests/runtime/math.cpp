// The constexpr series (used during constant evaluation) against the C library (used at run
// time): both paths of every function agree within 4 ulp over thousands of points of its domain.
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
