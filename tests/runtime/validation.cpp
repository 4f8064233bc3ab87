// Bad parameters are rejected at construction with std::invalid_argument whose message names the
// schedule, the parameter, the rule and the value given.
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
}  // namespace

#define LRSCHED_REJECTS(expr, message) \
  REQUIRE_THROWS_MATCHES((void)(expr), std::invalid_argument, Catch::Matchers::Message(message))

TEST_CASE("rates must be finite and non-negative", "[validation]") {
  LRSCHED_REJECTS(lrsched::constant(-0.1), "constant: lr must be finite and >= 0 (got -0.1)");
  LRSCHED_REJECTS(lrsched::constant(not_a_number),
                  "constant: lr must be finite and >= 0 (got nan)");
  LRSCHED_REJECTS(lrsched::exponential_decay(infinity, 10, 0.5),
                  "exponential_decay: lr must be finite and >= 0 (got inf)");
  LRSCHED_REJECTS(lrsched::polynomial_decay(0.1, 10, -1e-3),
                  "polynomial_decay: end_lr must be finite and >= 0 (got -0.001)");
  LRSCHED_REJECTS(lrsched::cyclic(0.1, -infinity, 10),
                  "cyclic: max_lr must be finite and >= 0 (got -inf)");
  LRSCHED_REJECTS(lrsched::linear(0.1, -2.0, 10), "linear: end must be finite and >= 0 (got -2)");
  LRSCHED_REJECTS(lrsched::one_cycle(-1.0, 10),
                  "one_cycle: max_lr must be finite and >= 0 (got -1)");
  LRSCHED_REJECTS(lrsched::constant(-0.5f), "constant: lr must be finite and >= 0 (got -0.5)");
}

TEST_CASE("step counts must be positive", "[validation]") {
  LRSCHED_REJECTS(lrsched::exponential_decay(0.1, 0, 0.5),
                  "exponential_decay: decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::inverse_time_decay(0.1, -3, 0.5),
                  "inverse_time_decay: decay_steps must be >= 1 (got -3)");
  LRSCHED_REJECTS(lrsched::natural_exp_decay(0.1, 0, 0.5),
                  "natural_exp_decay: decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::polynomial_decay(0.1, 0),
                  "polynomial_decay: decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::step_decay(0.1, 0), "step_decay: step_size must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::cosine_decay(0.1, 0), "cosine_decay: decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::cosine_decay_restarts(0.1, 0),
                  "cosine_decay_restarts: first_decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::linear(0.1, 0.2, 0), "linear: steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 0), "one_cycle: total_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::inverse_sqrt(0.1, 0), "inverse_sqrt: timescale must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::cyclic(0.1, 1.0, 0), "cyclic: step_size must be in [1, 2^62] (got 0)");
  LRSCHED_REJECTS(
      lrsched::cyclic(0.1, 1.0, 10, lrsched::cyclic_mode::triangular, 1.0, -1),
      "cyclic: step_size_down must be in [0, 2^62] (0: the same as step_size) (got -1)");
}

TEST_CASE("decay factors lie in the half-open unit interval", "[validation]") {
  LRSCHED_REJECTS(lrsched::exponential_decay(0.1, 10, 1.5),
                  "exponential_decay: decay_rate must be in (0, 1] (got 1.5)");
  LRSCHED_REJECTS(lrsched::exponential_decay(0.1, 10, 0.0),
                  "exponential_decay: decay_rate must be in (0, 1] (got 0)");
  LRSCHED_REJECTS(lrsched::step_decay(0.1, 10, 2.0), "step_decay: gamma must be in (0, 1] (got 2)");
  LRSCHED_REJECTS(lrsched::multistep_decay(0.1, {10}, not_a_number),
                  "multistep_decay: gamma must be in (0, 1] (got nan)");
  LRSCHED_REJECTS(lrsched::cyclic(0.1, 1.0, 10, lrsched::cyclic_mode::exp_range, 1.01),
                  "cyclic: gamma must be in (0, 1] (got 1.01)");
  LRSCHED_REJECTS(lrsched::cosine_decay_restarts(0.1, 10, 2.0, 0.0),
                  "cosine_decay_restarts: m_mul must be in (0, 1] (got 0)");
  LRSCHED_REJECTS(lrsched::inverse_time_decay(0.1, 10, -0.5),
                  "inverse_time_decay: decay_rate must be finite and >= 0 (got -0.5)");
  LRSCHED_REJECTS(lrsched::natural_exp_decay(0.1, 10, infinity),
                  "natural_exp_decay: decay_rate must be finite and >= 0 (got inf)");
}

TEST_CASE("shape parameters are checked", "[validation]") {
  LRSCHED_REJECTS(lrsched::cosine_decay(0.1, 10, 1.5),
                  "cosine_decay: alpha must be in [0, 1] (got 1.5)");
  LRSCHED_REJECTS(lrsched::cosine_decay_restarts(0.1, 10, 0.5),
                  "cosine_decay_restarts: t_mul must be finite and >= 1 (got 0.5)");
  LRSCHED_REJECTS(lrsched::cosine_decay_restarts(0.1, 10, 2.0, 1.0, -0.1),
                  "cosine_decay_restarts: alpha must be in [0, 1] (got -0.1)");
  LRSCHED_REJECTS(lrsched::polynomial_decay(0.1, 10, 0.0, 0.0),
                  "polynomial_decay: power must be finite and > 0 (got 0)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 1.0),
                  "one_cycle: pct_start must be in (0, 1) (got 1)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 0.0),
                  "one_cycle: pct_start must be in (0, 1) (got 0)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 0.6, lrsched::anneal_strategy::cos, 25.0, 1e4, true),
                  "one_cycle: pct_start must be <= 0.5 with three_phase (got 0.6)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 0.3, lrsched::anneal_strategy::cos, 0.0),
                  "one_cycle: div_factor must be finite and > 0 (got 0)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 0.3, lrsched::anneal_strategy::cos, 25.0, -1.0),
                  "one_cycle: final_div_factor must be finite and > 0 (got -1)");
  // The rule the value breaks, not one it satisfies.
  LRSCHED_REJECTS(lrsched::one_cycle(1e300, 100, 0.3, lrsched::anneal_strategy::cos, 1e-300),
                  "one_cycle: div_factor must be large enough that max_lr / div_factor is finite "
                  "(got 1e-300)");
  LRSCHED_REJECTS(lrsched::one_cycle(1.0, 10, 0.3, lrsched::anneal_strategy::cos, 1e-310),
                  "one_cycle: div_factor must be large enough that max_lr / div_factor is finite "
                  "(got 1e-310)");
  LRSCHED_REJECTS(lrsched::one_cycle(1.0, 10, 0.3, lrsched::anneal_strategy::cos, 1e-300, 1e-300),
                  "one_cycle: final_div_factor must be large enough that max_lr / div_factor / "
                  "final_div_factor is finite (got 1e-300)");
  LRSCHED_REJECTS(lrsched::one_cycle(0.1, 100, 0.3, static_cast<lrsched::anneal_strategy>(7)),
                  "one_cycle: anneal must be cos or linear (got 7)");
  LRSCHED_REJECTS(lrsched::cyclic(0.1, 1.0, 10, static_cast<lrsched::cyclic_mode>(3)),
                  "cyclic: mode must be triangular, triangular2 or exp_range (got 3)");
}

TEST_CASE("list parameters are checked entry by entry", "[validation]") {
  LRSCHED_REJECTS(
      lrsched::piecewise_constant({10, 5}, {1.0, 0.5, 0.1}),
      "piecewise_constant: boundaries[1] must be greater than the previous entry (got 5)");
  LRSCHED_REJECTS(
      lrsched::piecewise_constant({10, 10}, {1.0, 0.5, 0.1}),
      "piecewise_constant: boundaries[1] must be greater than the previous entry (got 10)");
  LRSCHED_REJECTS(lrsched::piecewise_constant({-1}, {1.0, 0.5}),
                  "piecewise_constant: boundaries[0] must be >= 0 (got -1)");
  LRSCHED_REJECTS(lrsched::piecewise_constant({10}, {1.0}),
                  "piecewise_constant: values must have one entry more than boundaries (got 1)");
  LRSCHED_REJECTS(lrsched::piecewise_constant({10}, {1.0, -0.5}),
                  "piecewise_constant: values[1] must be finite and >= 0 (got -0.5)");
  LRSCHED_REJECTS(
      lrsched::multistep_decay(0.1, {30, 20}),
      "multistep_decay: milestones[1] must not be less than the previous entry (got 20)");
  const std::vector<step_t> many(17, 1);
  const std::vector<double> values(18, 1.0);
  LRSCHED_REJECTS(lrsched::piecewise_constant<double>(many, values),
                  "piecewise_constant: boundaries has more entries than the schedule's capacity (a "
                  "template argument) (got 17)");
}

TEST_CASE("composites check their own parameters", "[validation]") {
  const auto base = lrsched::cosine_decay(0.1, 100);
  LRSCHED_REJECTS(base | lrsched::with_warmup(-1), "with_warmup: steps must be >= 0 (got -1)");
  LRSCHED_REJECTS(base | lrsched::with_warmup(10, -0.5),
                  "with_warmup: start must be finite and >= 0 (got -0.5)");
  LRSCHED_REJECTS(base | lrsched::with_warmup(10, 0.0, lrsched::warmup_shape::exponential),
                  "with_warmup: start must be > 0 with shape=exponential (got 0)");
  // A ratio of 1e600 between the ends is fine: the ramp works with its logarithm.
  const auto wide = lrsched::constant(1e300) |
                    lrsched::with_warmup(10, 1e-300, lrsched::warmup_shape::exponential);
  REQUIRE(wide(0) == 1e-300);
  REQUIRE_THAT(wide(5), Catch::Matchers::WithinRel(1.0, 1e-12));
  REQUIRE(wide(10) == 1e300);
  LRSCHED_REJECTS(lrsched::sequence(base, 0, base),
                  "sequence: boundaries[0] must be >= 1 (every piece lasts a step) (got 0)");
  LRSCHED_REJECTS(lrsched::sequence(base, 10, base, 10, base),
                  "sequence: boundaries[1] must be greater than the previous boundary (got 10)");
  LRSCHED_REJECTS(base | lrsched::scaled(-2.0), "scaled: factor must be finite and >= 0 (got -2)");
  LRSCHED_REJECTS(base | lrsched::clamped(-0.1), "clamped: min must be finite and >= 0 (got -0.1)");
  LRSCHED_REJECTS(base | lrsched::clamped(0.5, 0.1),
                  "clamped: max must be finite and >= min (got 0.1)");
}

TEST_CASE("a valid schedule's call operator is noexcept", "[validation]") {
  constexpr auto s = lrsched::cosine_decay(0.1, 100) | lrsched::with_warmup(10);
  STATIC_REQUIRE(noexcept(s(0)));
  STATIC_REQUIRE(noexcept(std::declval<const lrsched::one_cycle<double>&>()(5)));
  REQUIRE_NOTHROW(lrsched::cosine_decay(0.1, 100, 1.0));
}
