// Properties over many random parameter draws, in float, double and long double: decays never
// increase, values stay within each schedule's bounds, warmup is continuous, sequence hands over
// exactly, values at the far end of the step range are finite.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {

constexpr int draws = 300;
constexpr step_t max_step = std::numeric_limits<step_t>::max();

struct rng {
  std::mt19937_64 engine{20261121};
  double real(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(engine);
  }
  step_t integer(step_t lo, step_t hi) {
    return std::uniform_int_distribution<step_t>(lo, hi)(engine);
  }
  bool coin() { return integer(0, 1) == 1; }
};

// The steps a property is checked at: a dense start, then samples out to INT64_MAX.
template <class F>
void for_steps(rng& r, step_t horizon, F&& f) {
  for (step_t t = 0; t <= 2 * horizon + 2 && t < 3000; ++t) f(t);
  for (int i = 0; i < 200; ++i) f(r.integer(0, 64 * horizon + 64));
  for (const step_t t : {max_step / 4, max_step / 2, max_step - 1, max_step}) f(t);
}

/// The relative slack of a bound computed from rounded parameters: a few ulp of the type (double's
/// 1e-12 for long double, whose parameters here are drawn as doubles).
template <class T>
constexpr long double slack = std::is_same_v<T, float> ? 1e-6L : 1e-12L;

template <lrsched::schedule S>
void require_non_increasing_within(const S& s, rng& r, step_t horizon, long double lo,
                                   long double hi) {
  using T = lrsched::value_type_t<S>;
  // Each step is checked; only a violation reaches Catch (millions of REQUIREs cost seconds).
  T previous = s(0);
  for (step_t t = 1; t <= 2 * horizon + 2 && t < 3000; ++t) {
    const T v = s(t);
    if (!(v <= previous)) {
      INFO("step " << t << ": " << v << " after " << previous);
      REQUIRE(v <= previous);
    }
    previous = v;
  }
  for_steps(r, horizon, [&](step_t t) {
    const T v = s(t);
    if (!(std::isfinite(v) && v >= lo * (1 - slack<T>)&&v <= hi * (1 + slack<T>))) {
      INFO("step " << t << ": " << v);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= lo * (1 - slack<T>));
      REQUIRE(v <= hi * (1 + slack<T>));
    }
  });
}

}  // namespace

TEMPLATE_TEST_CASE("decays are non-increasing and stay within their bounds", "[properties]", float,
                   double, long double) {
  using T = TestType;
  rng r;
  for (int i = 0; i < draws; ++i) {
    const auto lr = static_cast<T>(r.real(1e-6, 10.0));
    const step_t steps = r.integer(1, 500);
    const bool stair = r.coin();
    const auto rate = static_cast<T>(r.real(0.01, 1.0));
    INFO("draw " << i << ": lr " << lr << ", steps " << steps << ", rate " << rate << ", staircase "
                 << stair);
    require_non_increasing_within(lrsched::exponential_decay(lr, steps, rate, stair), r, steps,
                                  0.0L, lr);
    require_non_increasing_within(lrsched::inverse_time_decay(lr, steps, 10 * rate, stair), r,
                                  steps, 0.0L, lr);
    require_non_increasing_within(lrsched::natural_exp_decay(lr, steps, 10 * rate, stair), r, steps,
                                  0.0L, lr);
    require_non_increasing_within(lrsched::step_decay(lr, steps, rate), r, steps, 0.0L, lr);
    require_non_increasing_within(lrsched::multistep_decay(lr, {steps, 2 * steps, 2 * steps}, rate),
                                  r, steps, 0.0L, lr);
    const auto alpha = static_cast<T>(r.real(0.0, 1.0));
    require_non_increasing_within(lrsched::cosine_decay(lr, steps, alpha), r, steps,
                                  static_cast<long double>(alpha) * lr, lr);
    const auto end = static_cast<T>(lr * r.real(0.0, 1.0));
    const auto power = static_cast<T>(r.real(0.1, 5.0));
    require_non_increasing_within(lrsched::polynomial_decay(lr, steps, end, power), r, steps, end,
                                  lr);
    require_non_increasing_within(lrsched::inverse_sqrt(lr, steps), r, steps, 0.0L, lr);
    require_non_increasing_within(lrsched::linear(lr, end, steps), r, steps, end, lr);
  }
}

TEMPLATE_TEST_CASE("non-monotone schedules stay within their bounds", "[properties]", float, double,
                   long double) {
  using T = TestType;
  constexpr long double tolerance = slack<T>;
  rng r;
  for (int i = 0; i < draws; ++i) {
    const auto lr = static_cast<T>(r.real(1e-6, 10.0));
    const step_t steps = r.integer(1, 300);
    const auto alpha = static_cast<T>(r.real(0.0, 1.0));
    const auto t_mul =
        static_cast<T>(r.coin() ? 1.0 + static_cast<double>(r.integer(0, 3)) : r.real(1.0, 3.0));
    const auto m_mul = static_cast<T>(r.real(0.1, 1.0));
    INFO("draw " << i << ": lr " << lr << ", steps " << steps << ", t_mul " << t_mul << ", m_mul "
                 << m_mul);
    const auto restarts = lrsched::cosine_decay_restarts(lr, steps, t_mul, m_mul, alpha);
    const auto restart_bounds = restarts.bounds();
    for_steps(r, steps, [&](step_t t) {
      const T v = restarts(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= static_cast<long double>(alpha) * lr * (1 - tolerance));
      REQUIRE(v <= lr * (1 + tolerance));
      REQUIRE(v >= restart_bounds.lower);
      REQUIRE(v <= restart_bounds.upper);
    });
    const auto base = static_cast<T>(r.real(0.0, static_cast<double>(lr)));
    const auto mode = static_cast<lrsched::cyclic_mode>(r.integer(0, 2));
    const auto cyc =
        lrsched::cyclic(base, lr, steps, mode, static_cast<T>(r.real(0.9, 1.0)), r.integer(0, 300));
    const auto cyclic_bounds = cyc.bounds();
    for_steps(r, 4 * steps, [&](step_t t) {
      const T v = cyc(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= base * (1 - tolerance));
      REQUIRE(v <= lr * (1 + tolerance));
      REQUIRE(v >= cyclic_bounds.lower);
      REQUIRE(v <= cyclic_bounds.upper);
    });
    const auto div = static_cast<T>(r.real(1.0, 100.0));
    const auto final_div = static_cast<T>(r.real(1.0, 1e5));
    const bool three = r.coin();
    const auto pct = static_cast<T>(three ? r.real(0.01, 0.5) : r.real(0.01, 0.99));
    const auto oc = lrsched::one_cycle(
        lr, steps, pct, r.coin() ? lrsched::anneal_strategy::cos : lrsched::anneal_strategy::linear,
        div, final_div, three);
    const long double min_lr = static_cast<long double>(lr) / div / final_div;
    const auto cycle_bounds = oc.bounds();
    for_steps(r, steps, [&](step_t t) {
      const T v = oc(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= min_lr * (1 - 1e3 * tolerance));
      REQUIRE(v <= lr * (1 + tolerance));
      REQUIRE(v >= cycle_bounds.lower);
      REQUIRE(v <= cycle_bounds.upper);
    });
  }
}

TEMPLATE_TEST_CASE("with_warmup is continuous at its boundary", "[properties]", float, double,
                   long double) {
  using T = TestType;
  rng r;
  for (int i = 0; i < draws; ++i) {
    const auto lr = static_cast<T>(r.real(1e-4, 10.0));
    const step_t w = r.integer(1, 1000);
    const auto start = static_cast<T>(lr * r.real(0.001, 1.0));
    const auto shape = static_cast<lrsched::warmup_shape>(r.integer(0, 1));  // linear, exponential
    const auto s =
        lrsched::cosine_decay(lr, r.integer(1, 1000)) | lrsched::with_warmup(w, start, shape);
    INFO("draw " << i << ": warmup " << w << ", start " << start);
    REQUIRE(s(w) == lr);
    // The last warmup step is one step's worth of ramp below the decay's first value.
    const long double last = s(w - 1);
    REQUIRE(last <= lr);
    const long double step =
        shape == lrsched::warmup_shape::linear
            ? (static_cast<long double>(lr) - start) / static_cast<long double>(w)
            : lr - lr * std::pow(static_cast<long double>(start) / lr,
                                 1.0L / static_cast<long double>(w));
    REQUIRE(lr - last <= step * (1 + 1e3 * slack<T>)+4 * std::numeric_limits<T>::epsilon() * lr);
    REQUIRE(s(0) == start);
  }
}

TEMPLATE_TEST_CASE("sequence hands over exactly at each boundary", "[properties]", float, double,
                   long double) {
  using T = TestType;
  rng r;
  const auto real = [&](double lo, double hi) { return static_cast<T>(r.real(lo, hi)); };
  for (int i = 0; i < draws; ++i) {
    const step_t b1 = r.integer(1, 500);
    const step_t b2 = b1 + r.integer(1, 500);
    const auto p0 = lrsched::linear(real(0, 1), real(0, 1), r.integer(1, 600));
    const auto p1 = lrsched::cosine_decay(real(0, 1), r.integer(1, 600));
    const auto p2 = lrsched::exponential_decay(real(0, 1), r.integer(1, 600), real(0.1, 1));
    const auto s = lrsched::sequence(p0, b1, p1, b2, p2);
    INFO("draw " << i << ": boundaries " << b1 << ", " << b2);
    REQUIRE(s(b1 - 1) == p0(b1 - 1));
    REQUIRE(s(b1) == p1(0));
    REQUIRE(s(b2 - 1) == p1(b2 - 1 - b1));
    REQUIRE(s(b2) == p2(0));
    REQUIRE(s(max_step) == p2(max_step - b2));
  }
}
