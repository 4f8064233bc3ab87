// Properties over many random parameter draws: decays never increase, values stay within each
// schedule's bounds, warmup is continuous, sequence hands over exactly, values at the far end of
// the step range are finite.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

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

template <lrsched::schedule S>
void require_non_increasing_within(const S& s, rng& r, step_t horizon, double lo, double hi) {
  double previous = s(0);
  for (step_t t = 1; t <= 2 * horizon + 2 && t < 3000; ++t) {
    const double v = s(t);
    INFO("step " << t << ": " << v << " after " << previous);
    REQUIRE(v <= previous);
    previous = v;
  }
  for_steps(r, horizon, [&](step_t t) {
    const double v = s(t);
    INFO("step " << t << ": " << v);
    REQUIRE(std::isfinite(v));
    REQUIRE(v >= lo * (1 - 1e-12));
    REQUIRE(v <= hi * (1 + 1e-12));
  });
}

}  // namespace

TEST_CASE("decays are non-increasing and stay within their bounds", "[properties]") {
  rng r;
  for (int i = 0; i < draws; ++i) {
    const double lr = r.real(1e-6, 10.0);
    const step_t steps = r.integer(1, 500);
    const bool stair = r.coin();
    const double rate = r.real(0.01, 1.0);
    INFO("draw " << i << ": lr " << lr << ", steps " << steps << ", rate " << rate << ", staircase "
                 << stair);
    require_non_increasing_within(lrsched::exponential_decay(lr, steps, rate, stair), r, steps, 0.0,
                                  lr);
    require_non_increasing_within(lrsched::inverse_time_decay(lr, steps, 10 * rate, stair), r,
                                  steps, 0.0, lr);
    require_non_increasing_within(lrsched::natural_exp_decay(lr, steps, 10 * rate, stair), r, steps,
                                  0.0, lr);
    require_non_increasing_within(lrsched::step_decay(lr, steps, rate), r, steps, 0.0, lr);
    require_non_increasing_within(lrsched::multistep_decay(lr, {steps, 2 * steps, 2 * steps}, rate),
                                  r, steps, 0.0, lr);
    const double alpha = r.real(0.0, 1.0);
    require_non_increasing_within(lrsched::cosine_decay(lr, steps, alpha), r, steps, alpha * lr,
                                  lr);
    const double end = lr * r.real(0.0, 1.0);
    const double power = r.real(0.1, 5.0);
    require_non_increasing_within(lrsched::polynomial_decay(lr, steps, end, power), r, steps, end,
                                  lr);
    require_non_increasing_within(lrsched::inverse_sqrt(lr, steps), r, steps, 0.0, lr);
    require_non_increasing_within(lrsched::linear(lr, end, steps), r, steps, end, lr);
  }
}

TEST_CASE("non-monotone schedules stay within their bounds", "[properties]") {
  rng r;
  for (int i = 0; i < draws; ++i) {
    const double lr = r.real(1e-6, 10.0);
    const step_t steps = r.integer(1, 300);
    const double alpha = r.real(0.0, 1.0);
    const double t_mul = r.coin() ? 1.0 + static_cast<double>(r.integer(0, 3)) : r.real(1.0, 3.0);
    const double m_mul = r.real(0.1, 1.0);
    INFO("draw " << i << ": lr " << lr << ", steps " << steps << ", t_mul " << t_mul << ", m_mul "
                 << m_mul);
    const auto restarts = lrsched::cosine_decay_restarts(lr, steps, t_mul, m_mul, alpha);
    for_steps(r, steps, [&](step_t t) {
      const double v = restarts(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= alpha * lr * (1 - 1e-12));
      REQUIRE(v <= lr * (1 + 1e-12));
    });
    const double base = r.real(0.0, lr);
    const auto mode = static_cast<lrsched::cyclic_mode>(r.integer(0, 2));
    const auto cyc = lrsched::cyclic(base, lr, steps, mode, r.real(0.9, 1.0), r.integer(0, 300));
    for_steps(r, 4 * steps, [&](step_t t) {
      const double v = cyc(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= base * (1 - 1e-12));
      REQUIRE(v <= lr * (1 + 1e-12));
    });
    const double div = r.real(1.0, 100.0);
    const double final_div = r.real(1.0, 1e5);
    const bool three = r.coin();
    const double pct = three ? r.real(0.01, 0.5) : r.real(0.01, 0.99);
    const auto oc = lrsched::one_cycle(lr, steps, pct,
                                       r.coin() ? lrsched::anneal::cos : lrsched::anneal::linear,
                                       div, final_div, three);
    const double min_lr = lr / div / final_div;
    for_steps(r, steps, [&](step_t t) {
      const double v = oc(t);
      INFO("step " << t);
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= min_lr * (1 - 1e-9));
      REQUIRE(v <= lr * (1 + 1e-12));
    });
  }
}

TEST_CASE("with_warmup is continuous at its boundary", "[properties]") {
  rng r;
  for (int i = 0; i < draws; ++i) {
    const double lr = r.real(1e-4, 10.0);
    const step_t w = r.integer(1, 1000);
    const double start = lr * r.real(0.001, 1.0);
    const auto shape = static_cast<lrsched::warmup_shape>(r.integer(0, 1));  // linear, exponential
    const auto s =
        lrsched::cosine_decay(lr, r.integer(1, 1000)) | lrsched::with_warmup(w, start, shape);
    INFO("draw " << i << ": warmup " << w << ", start " << start);
    REQUIRE(s(w) == lr);
    // The last warmup step is one step's worth of ramp below the decay's first value.
    const double last = s(w - 1);
    REQUIRE(last <= lr);
    const double step = shape == lrsched::warmup_shape::linear
                            ? (lr - start) / static_cast<double>(w)
                            : lr - lr * std::pow(start / lr, 1.0 / static_cast<double>(w));
    REQUIRE(lr - last <= step * (1 + 1e-9) + 1e-15);
    REQUIRE(s(0) == start);
  }
}

TEST_CASE("sequence hands over exactly at each boundary", "[properties]") {
  rng r;
  for (int i = 0; i < draws; ++i) {
    const step_t b1 = r.integer(1, 500);
    const step_t b2 = b1 + r.integer(1, 500);
    const auto p0 = lrsched::linear(r.real(0, 1), r.real(0, 1), r.integer(1, 600));
    const auto p1 = lrsched::cosine_decay(r.real(0, 1), r.integer(1, 600));
    const auto p2 = lrsched::exponential_decay(r.real(0, 1), r.integer(1, 600), r.real(0.1, 1));
    const auto s = lrsched::sequence(p0, b1, p1, b2, p2);
    INFO("draw " << i << ": boundaries " << b1 << ", " << b2);
    REQUIRE(s(b1 - 1) == p0(b1 - 1));
    REQUIRE(s(b1) == p1(0));
    REQUIRE(s(b2 - 1) == p1(b2 - 1 - b1));
    REQUIRE(s(b2) == p2(0));
    REQUIRE(s(max_step) == p2(max_step - b2));
  }
}
