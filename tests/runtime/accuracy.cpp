// The schedules precompute constants (log(rate), reciprocals, power tables) and use the sin^2
// form of the cosine; this checks that they stay within 4 ulp (the cosine family: 5) of each
// catalogue formula evaluated in long double, over dense and far-out steps (up to 2^26 steps, the
// range in which exponents are formed exactly; see detail::split_factor).
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;
using ld = long double;

namespace {

constexpr double max_ulp = 4.0;
// The cosine family: lr * ((1 - alpha) * sin^2(x) + alpha) rounds the angle, sin, the square and
// two more operations; measured worst 4.9 ulp, so 5. (The formula as written, (1 + cos) / 2 in
// double, is off by up to 5e6 ulp at the last step of a 10000-step cosine.)
constexpr double max_ulp_cosine = 5.0;
const ld pi_ld = 3.141592653589793238462643383279502884L;

std::vector<step_t> steps_to_check(step_t horizon) {
  std::vector<step_t> out;
  for (step_t t = 0; t <= 2 * horizon + 10 && t < 50'000; ++t) out.push_back(t);
  for (step_t t = 50'000; t < (step_t{1} << 26); t = t * 5 / 4 + 13) out.push_back(t);
  return out;
}

// The largest distance, in ulp of the double nearest the reference, over the steps checked.
template <class S>
double worst_ulp(const S& s, const std::function<ld(step_t)>& reference, step_t horizon) {
  double worst = 0;
  for (const step_t t : steps_to_check(horizon)) {
    const ld want = reference(t);
    const auto nearest = static_cast<double>(want);
    if (nearest < std::numeric_limits<double>::min()) continue;  // zero or subnormal
    const ld ulp = std::scalbn(1.0L, std::ilogb(nearest) - 52);
    const double d = static_cast<double>(std::fabs(static_cast<ld>(s(t)) - want) / ulp);
    if (d > worst) {
      worst = d;
      UNSCOPED_INFO("step " << t << ": " << d << " ulp");
    }
  }
  return worst;
}

// (1 + cos(pi * u / L)) / 2, written without cancellation: sin^2(pi/2 * (L - u) / L).
ld cosine_fraction(ld left, ld length) {
  const ld s = std::sin(pi_ld / 2 * (left / length));
  return s * s;
}

}  // namespace

TEST_CASE("exponential decays stay within 4 ulp", "[accuracy]") {
  const ld lr = 0.1L;
  for (const bool stair : {false, true}) {
    for (const double rate : {0.96, 0.5, 0.999, 0.1}) {
      INFO("rate " << rate << " staircase " << stair);
      const step_t steps = 1000;
      const auto p = [&](step_t t) {
        return stair ? static_cast<ld>(t / steps) : static_cast<ld>(t) / static_cast<ld>(steps);
      };
      CHECK(worst_ulp(
                lrsched::exponential_decay(0.1, steps, rate, stair),
                [&](step_t t) { return lr * std::pow(static_cast<ld>(rate), p(t)); },
                steps) <= max_ulp);
      CHECK(worst_ulp(
                lrsched::natural_exp_decay(0.1, steps, 1.0 - rate + 0.01, stair),
                [&](step_t t) { return lr * std::exp(-static_cast<ld>(1.0 - rate + 0.01) * p(t)); },
                steps) <= max_ulp);
      CHECK(worst_ulp(
                lrsched::inverse_time_decay(0.1, steps, rate, stair),
                [&](step_t t) { return lr / (1 + static_cast<ld>(rate) * p(t)); },
                steps) <= max_ulp);
      CHECK(worst_ulp(
                lrsched::step_decay(0.1, steps, rate),
                [&](step_t t) {
                  return lr * std::pow(static_cast<ld>(rate), static_cast<ld>(t / steps));
                },
                steps) <= max_ulp);
    }
  }
}

TEST_CASE("multistep and polynomial and linear and inverse_sqrt stay within 4 ulp", "[accuracy]") {
  const ld lr = 0.1L;
  CHECK(worst_ulp(
            lrsched::multistep_decay(0.1, {100, 200, 300, 300}, 0.3),
            [&](step_t t) {
              const int k = (t >= 100) + (t >= 200) + 2 * (t >= 300);
              return lr * std::pow(0.3L, static_cast<ld>(k));
            },
            400) <= max_ulp);
  for (const double power : {1.0, 2.0, 3.0, 4.0, 0.5, 1.7}) {
    INFO("power " << power);
    CHECK(worst_ulp(
              lrsched::polynomial_decay(0.1, 1000, 0.001, power),
              [&](step_t t) {
                const ld u = static_cast<ld>(std::min<step_t>(t, 1000));
                return (lr - 0.001L) * std::pow(1 - u / 1000, static_cast<ld>(power)) + 0.001L;
              },
              1000) <= max_ulp);
  }
  CHECK(worst_ulp(
            lrsched::linear(0.01, 0.1, 777),
            [&](step_t t) {
              return 0.01L + (0.1L - 0.01L) * static_cast<ld>(std::min<step_t>(t, 777)) / 777;
            },
            777) <= max_ulp);
  CHECK(worst_ulp(
            lrsched::inverse_sqrt(0.1, 300),
            [&](step_t t) { return lr / std::sqrt(1 + static_cast<ld>(t) / 300); },
            300) <= max_ulp);
}

TEST_CASE("cyclic stays within 4 ulp", "[accuracy]") {
  const ld base = 0.001L, max = 0.006L;
  for (const auto mode : {lrsched::cyclic_mode::triangular, lrsched::cyclic_mode::triangular2,
                          lrsched::cyclic_mode::exp_range}) {
    INFO("mode " << static_cast<int>(mode));
    const auto s = lrsched::cyclic(0.001, 0.006, 70, mode, 0.9999, 30);
    CHECK(worst_ulp(
              s,
              [&](step_t t) {
                const step_t c = t / 100, x = t % 100;
                const ld h = x <= 70 ? static_cast<ld>(x) / 70 : 1 - static_cast<ld>(x - 70) / 30;
                const ld scale = mode == lrsched::cyclic_mode::triangular2
                                     ? std::pow(0.5L, static_cast<ld>(c))
                                 : mode == lrsched::cyclic_mode::exp_range
                                     ? std::pow(static_cast<ld>(0.9999), static_cast<ld>(t))
                                     : 1.0L;
                return base + (max - base) * h * scale;
              },
              1000) <= max_ulp);
  }
}

TEST_CASE("the cosine family stays within 5 ulp also near each trough", "[accuracy]") {
  const ld lr = 0.1L;
  for (const double alpha : {0.0, 0.01, 0.5}) {
    INFO("alpha " << alpha);
    const ld a = static_cast<ld>(alpha);
    CHECK(worst_ulp(
              lrsched::cosine_decay(0.1, 10'000, alpha),
              [&](step_t t) {
                const ld left = static_cast<ld>(10'000 - std::min<step_t>(t, 10'000));
                return lr * ((1 - a) * cosine_fraction(left, 10'000) + a);
              },
              10'000) <= max_ulp_cosine);
  }
  struct restarts_case {
    step_t first;
    double t_mul, m_mul, alpha;
  };
  for (const restarts_case c :
       {restarts_case{100, 1.0, 0.9, 0.0}, restarts_case{7, 2.0, 0.8, 0.01},
        restarts_case{10, 3.0, 1.0, 0.0}, restarts_case{4, 1.5, 0.9, 0.1}}) {
    INFO("restarts first " << c.first << " t_mul " << c.t_mul << " m_mul " << c.m_mul);
    const ld f = static_cast<ld>(c.first), tm = static_cast<ld>(c.t_mul);
    CHECK(worst_ulp(
              lrsched::cosine_decay_restarts(0.1, c.first, c.t_mul, c.m_mul, c.alpha),
              [&](step_t t) {
                // Walk the periods in long double: S_i and L_i exactly as the catalogue states.
                ld start = 0, length = f, amplitude = 1;
                const ld x = static_cast<ld>(t);
                for (int i = 0; x >= start + length; ++i) {
                  start = tm == 1 ? f * (i + 1)
                                  : f * (std::pow(tm, static_cast<ld>(i + 1)) - 1) / (tm - 1);
                  length = f * std::pow(tm, static_cast<ld>(i + 1));
                  amplitude *= static_cast<ld>(c.m_mul);
                }
                const ld a = static_cast<ld>(c.alpha);
                return lr * ((1 - a) * amplitude * cosine_fraction(start + length - x, length) + a);
              },
              5'000) <= max_ulp_cosine);
  }
}

// The ramps of anneal and wsd take their fraction from the nearer end, so that a value close to a
// small end keeps its relative accuracy. Falling to 0 with sqrt, the plain `1 - sqrt(p)` cancels:
// `0.1 * (1 - sqrt(p))` in double is off by up to 13 004 ulp over a 50 000-step ramp (measured).
// The references do not cancel either: in long double, `1 - sqrt(p)` as `(1 - p) / (1 + sqrt(p))`
// and `1 - p` as `(n - u) / n` (long double's 11 extra bits are not enough against the cancellation
// of 1 - sqrt(p) at the last steps, 16 bits at 40 000 steps). The cos ramp rounds its angle four
// times (pi / 2, 1 / steps and two products) and squares its sine: measured worst 6.0 ulp, so 7.
TEST_CASE("anneal and wsd ramps stay within 4 ulp (cos: 7) also next to a small end",
          "[accuracy]") {
  constexpr double max_ulp_cos_ramp = 7.0;
  const ld n = 40'000;
  const auto done = [&](step_t t) { return static_cast<ld>(std::min<step_t>(t, 40'000)); };
  // 1 - p and 1 - sqrt(p), both without cancellation.
  const auto left = [&](step_t t) { return (n - done(t)) / n; };
  const auto falling = [&](step_t t) { return left(t) / (1 + std::sqrt(done(t) / n)); };
  using lrsched::anneal_shape;
  CHECK(worst_ulp(
            lrsched::anneal(0.1, 0.0, 40'000, anneal_shape::sqrt),
            [&](step_t t) { return 0.1L * falling(t); }, 40'000) <= max_ulp);
  CHECK(worst_ulp(
            lrsched::anneal(0.0, 0.1, 40'000, anneal_shape::sqrt),
            [&](step_t t) { return 0.1L * std::sqrt(done(t) / n); }, 40'000) <= max_ulp);
  CHECK(worst_ulp(
            lrsched::anneal(0.1, 0.0, 40'000, anneal_shape::cos),
            [&](step_t t) { return 0.1L * cosine_fraction(n - done(t), n); },
            40'000) <= max_ulp_cos_ramp);
  CHECK(worst_ulp(
            lrsched::anneal(0.1, 0.0, 40'000, anneal_shape::linear),
            [&](step_t t) { return 0.1L * left(t); }, 40'000) <= max_ulp);
  // wsd's decay, after 1000 warmup and 2000 stable steps; it ends at 43 000, within the steps
  // checked one by one.
  CHECK(worst_ulp(
            lrsched::wsd(0.1, 1000, 2000, 40'000, 0.0, anneal_shape::sqrt),
            [&](step_t t) {
              if (t < 1000) return 0.1L * static_cast<ld>(t) / 1000;
              if (t < 3000) return 0.1L;
              return 0.1L * falling(t - 3000);
            },
            43'000) <= max_ulp);
}

TEST_CASE("composites add no error of their own", "[accuracy]") {
  const ld lr = 0.1L;
  CHECK(worst_ulp(
            lrsched::cosine_decay(0.1, 5000) | lrsched::with_warmup(500, 0.001),
            [&](step_t t) {
              if (t < 500) return 0.001L + (lr - 0.001L) * static_cast<ld>(t) / 500;
              return lr *
                     cosine_fraction(static_cast<ld>(5000 - std::min<step_t>(t - 500, 5000)), 5000);
            },
            5500) <= max_ulp);
}

namespace {

struct restarts_point {
  step_t step;
  double value;
};

// The worst relative error of cosine_decay_restarts<T> against the exact reference, and where.
template <class T>
std::pair<double, step_t> worst_restarts_error(double lr, step_t first, double t_mul, double m_mul,
                                               double alpha,
                                               std::span<const restarts_point> points) {
  const lrsched::cosine_decay_restarts<T> s(static_cast<T>(lr), first, static_cast<T>(t_mul),
                                            static_cast<T>(m_mul), static_cast<T>(alpha));
  double worst = 0;
  step_t at = 0;
  for (const restarts_point& p : points) {
    const auto v = static_cast<double>(s(p.step));
    const double error = p.value == 0 ? std::fabs(v) : std::fabs(v - p.value) / p.value;
    if (error > worst) worst = error, at = p.step;
  }
  return {worst, at};
}

}  // namespace

// The restart rule of REFERENCE.md at every kind of step to INT64_MAX, against values computed in
// 80-digit decimal arithmetic (tests/golden/restarts_reference.py): 1e-12 relative, in double and
// long double, for t_mul near 1 as well (no cancellation), at restart steps and next to them.
TEST_CASE("cosine_decay_restarts follows the restart rule to INT64_MAX within 1e-12",
          "[accuracy][restarts]") {
#define LRSCHED_RESTARTS_CASE(lr, first, t_mul, m_mul, alpha, ...)                                 \
  {                                                                                                \
    static constexpr restarts_point points[] = {__VA_ARGS__};                                      \
    INFO("cosine_decay_restarts(" << lr << ", " << first << ", " << t_mul << ", " << m_mul << ", " \
                                  << alpha << "), " << std::size(points) << " steps");             \
    const auto [d, d_at] = worst_restarts_error<double>(lr, first, t_mul, m_mul, alpha, points);   \
    const auto [l, l_at] =                                                                         \
        worst_restarts_error<long double>(lr, first, t_mul, m_mul, alpha, points);                 \
    INFO("double: " << d << " at step " << d_at << "; long double: " << l << " at step " << l_at); \
    CHECK(d <= 1e-12);                                                                             \
    CHECK(l <= 1e-12);                                                                             \
  }
#include "golden/restarts_reference.inc"
#undef LRSCHED_RESTARTS_CASE
}
