// The entries added since the TF1 catalogue: anneal, wsd, the new parameters of
// inverse_time_decay, cosine_decay_restarts and with_warmup, the per_epoch, every and noisy
// adaptors, and cycle_momentum. Their values against the references are in golden.cpp; here:
// the rules, the edges, the bounds and horizons, and what holds at every step.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {
constexpr step_t top = std::numeric_limits<step_t>::max();

#define LRSCHED_REJECTS(expr, message) \
  REQUIRE_THROWS_MATCHES((void)(expr), std::invalid_argument, Catch::Matchers::Message(message))

void require_spec_error(const char* spec, std::size_t column, const char* message) {
  INFO(spec);
  try {
    (void)lrsched::parse_schedule(spec);
    FAIL("accepted");
  } catch (const lrsched::spec_error& e) {
    CHECK(e.column() == column);
    CHECK(e.message() == message);
  }
}

template <class S>
void require_within_bounds(const S& s, std::vector<step_t> steps) {
  const auto b = s.bounds();
  for (step_t t = 0; t < 300; ++t) steps.push_back(t);
  for (int k = 0; k < 63; ++k) {
    steps.push_back(step_t{1} << k);
    steps.push_back((step_t{1} << k) + 1);
  }
  steps.push_back(top);
  for (const step_t t : steps) {
    INFO("step " << t);
    const auto v = s(t);
    REQUIRE(std::isfinite(static_cast<double>(v)));
    REQUIRE(b.lower <= v);
    REQUIRE(v <= b.upper);
  }
}
}  // namespace

TEST_CASE("anneal goes up or down in each shape and holds its end", "[additions]") {
  using lrsched::anneal_shape;
  for (const auto shape :
       {anneal_shape::linear, anneal_shape::cos, anneal_shape::sqrt, anneal_shape::exp}) {
    INFO(lrsched::to_string(shape));
    for (const auto& [from, to] : {std::pair{0.1, 0.001}, std::pair{0.001, 0.1}}) {
      const auto a = lrsched::anneal(from, to, 100, shape);
      REQUIRE(a(0) == from);
      REQUIRE(a(-5) == from);
      REQUIRE(a(100) == to);
      REQUIRE(a(top) == to);
      REQUIRE(lrsched::horizon(a) == 100);
      // Monotone from one end to the other.
      for (step_t t = 1; t <= 100; ++t) {
        if (from > to) REQUIRE(a(t) <= a(t - 1));
        if (from < to) REQUIRE(a(t) >= a(t - 1));
      }
      require_within_bounds(a, {});
    }
  }
  // The midpoints the shapes are defined by.
  REQUIRE(lrsched::anneal(0.0, 1.0, 4, anneal_shape::linear)(1) == 0.25);
  REQUIRE_THAT(lrsched::anneal(0.0, 1.0, 4, anneal_shape::cos)(2),
               Catch::Matchers::WithinRel(0.5, 1e-15));
  REQUIRE(lrsched::anneal(0.0, 1.0, 4, anneal_shape::sqrt)(1) == 0.5);
  REQUIRE_THAT(lrsched::anneal(1.0, 0.01, 2, anneal_shape::exp)(1),
               Catch::Matchers::WithinRel(0.1, 1e-15));
  // Falling to a tiny end keeps its relative accuracy near the end (from the small end).
  REQUIRE_THAT(lrsched::anneal(1.0, 1e-12, 1000, anneal_shape::cos)(999),
               Catch::Matchers::WithinRel(1e-12 + std::pow(std::sin(M_PI / 2000), 2), 1e-12));
  STATIC_REQUIRE(lrsched::anneal(0.1, 0.2, 10)(10) == 0.2);
  // The default shape is cos, and it is the same anneal by name or position.
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule("anneal(0.1, 0.01, 10)")) ==
          "anneal(start=0.1, end=0.01, steps=10, shape=cos)");
}

TEST_CASE("anneal and wsd reject what their rules exclude", "[additions][validation]") {
  using lrsched::anneal_shape;
  LRSCHED_REJECTS(lrsched::anneal(0.1, 0.0, 10, anneal_shape::exp),
                  "anneal: end must be > 0 with shape=exp (got 0)");
  LRSCHED_REJECTS(lrsched::anneal(0.0, 0.1, 10, anneal_shape::exp),
                  "anneal: start must be > 0 with shape=exp (got 0)");
  LRSCHED_REJECTS(lrsched::anneal(0.1, 0.0, 0), "anneal: steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::anneal(-0.1, 0.0, 5),
                  "anneal: start must be finite and >= 0 (got -0.1)");
  LRSCHED_REJECTS(lrsched::anneal(0.1, 0.0, 5, static_cast<anneal_shape>(9)),
                  "anneal: shape must be linear, cos, sqrt or exp (got 9)");
  LRSCHED_REJECTS(lrsched::wsd(0.1, -1, 10, 10), "wsd: warmup_steps must be >= 0 (got -1)");
  LRSCHED_REJECTS(lrsched::wsd(0.1, 1, -10, 10), "wsd: stable_steps must be >= 0 (got -10)");
  LRSCHED_REJECTS(lrsched::wsd(0.1, 1, 10, 0), "wsd: decay_steps must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::wsd(0.1, 1, 10, 10, 0.0, anneal_shape::exp),
                  "wsd: end_lr must be > 0 with decay=exp (got 0)");
  LRSCHED_REJECTS(lrsched::wsd(0.1, 5, 10, 10, 0.01, anneal_shape::cos, anneal_shape::exp),
                  "wsd: start must be > 0 with warmup=exp (got 0)");
  // Without a warmup its shape and start do not matter.
  REQUIRE(lrsched::wsd(0.1, 0, 10, 10, 0.01, anneal_shape::cos, anneal_shape::exp)(0) == 0.1);
  // In the spec language, at the parameter's column.
  require_spec_error("wsd(0.1, 10, 10, 10, 0, decay=exp)", 22,
                     "wsd: end_lr must be > 0 with decay=exp (got 0)");
  require_spec_error("wsd(0.1, 10, 10, 10, decay=exp)", 1,  // end_lr not written: the call's
                     "wsd: end_lr must be > 0 with decay=exp (got 0)");
  require_spec_error("anneal(0.1, 0.01, 10, shape=cosine)", 29,
                     "'anneal' parameter 'shape' is linear, cos, sqrt or exp, not 'cosine' (did "
                     "you mean 'cos'?)");
}

TEST_CASE("wsd: warmup, stable, decay, then its end, to INT64_MAX", "[additions]") {
  using lrsched::anneal_shape;
  const auto w = lrsched::wsd(0.1, 10, 20, 10, 0.001, anneal_shape::sqrt, anneal_shape::cos, 0.01);
  REQUIRE(w(0) == 0.01);
  REQUIRE(w(9) < 0.1);
  REQUIRE(w(10) == 0.1);
  REQUIRE(w(29) == 0.1);
  REQUIRE(w(30) == 0.1);
  REQUIRE(w(31) < 0.1);
  REQUIRE(w(40) == 0.001);
  REQUIRE(w(top) == 0.001);
  REQUIRE(lrsched::horizon(w) == 40);
  REQUIRE(w.bounds().lower == 0.001);
  REQUIRE(w.bounds().upper == 0.1);
  require_within_bounds(w, {});
  // Phases that add up past INT64_MAX: the stable phase lasts to the end.
  const auto endless = lrsched::wsd(0.1, top - 5, top - 5, 100);
  REQUIRE(endless(top) == 0.1);
  REQUIRE(lrsched::horizon(endless) == top);
  require_within_bounds(endless, {top - 6, top - 5, top - 4});
  // A flat wsd is constant from the start.
  REQUIRE(lrsched::horizon(lrsched::wsd(0.1, 0, 5, 5, 0.1)) == 0);
}

TEST_CASE("inverse_time_decay's power is Caffe's inv", "[additions]") {
  const auto s = lrsched::inverse_time_decay(0.01, 1, 1e-4, false, 0.75);
  REQUIRE_THAT(s(10'000), Catch::Matchers::WithinRel(0.01 * std::pow(2.0, -0.75), 1e-14));
  // power = 1 is the TF formula, exactly as before.
  REQUIRE(lrsched::inverse_time_decay(0.1, 10, 0.5, false, 1.0)(7) ==
          lrsched::inverse_time_decay(0.1, 10, 0.5)(7));
  // A base too large for the type is a rate of 0, never inf or NaN.
  const auto huge = lrsched::inverse_time_decay(1.0, 1, 1e308, false, 2.0);
  REQUIRE(huge(top) == 0.0);
  require_within_bounds(huge, {});
  require_within_bounds(lrsched::inverse_time_decay(1.0f, 1, 3e38f, true, 0.5f), {});
  LRSCHED_REJECTS(lrsched::inverse_time_decay(0.1, 1, 0.1, false, 0.0),
                  "inverse_time_decay: power must be finite and > 0 (got 0)");
  // Written only when it is not 1: the canonical text of the old form is unchanged.
  REQUIRE(lrsched::to_spec(lrsched::inverse_time_decay(0.1, 1, 0.5)) ==
          "inverse_time_decay(lr=0.1, decay_steps=1, decay_rate=0.5, staircase=false)");
  REQUIRE(lrsched::to_spec(lrsched::inverse_time_decay(0.1, 1, 0.5, false, 0.5)) ==
          "inverse_time_decay(lr=0.1, decay_steps=1, decay_rate=0.5, staircase=false, power=0.5)");
}

TEST_CASE("cosine_decay_restarts stops after its cycles", "[additions]") {
  // Whole t_mul: periods 10, 20, 40 end at 70.
  const auto r = lrsched::cosine_decay_restarts(0.1, 10, 2.0, 1.0, 0.1, 3);
  REQUIRE(r(69) > r(70));
  REQUIRE(r(70) == 0.1 * 0.1);
  REQUIRE(r(top) == 0.1 * 0.1);
  REQUIRE(lrsched::horizon(r) == 70);
  REQUIRE(lrsched::cosine_decay_restarts(0.1, 10, 2.0, 1.0, 0.1, 0)(70) == 0.1);  // restarts
  // t_mul = 1: cycles of F.
  REQUIRE(lrsched::horizon(lrsched::cosine_decay_restarts(0.1, 7, 1.0, 1.0, 0.0, 4)) == 28);
  // Fractional t_mul: the restart rule's steps (t_mul = 1.1, F = 10 restarts at 10, 21, 33.1 ->
  // 34).
  REQUIRE(lrsched::horizon(lrsched::cosine_decay_restarts(0.1, 10, 1.1, 1.0, 0.0, 2)) == 21);
  REQUIRE(lrsched::horizon(lrsched::cosine_decay_restarts(0.1, 10, 1.1, 1.0, 0.0, 3)) == 34);
  const auto unlimited = lrsched::cosine_decay_restarts(0.1, 10, 1.1, 1.0, 0.0, 0);
  for (const step_t t : {20, 21, 33, 34}) {
    INFO("step " << t);
    const auto limited = lrsched::cosine_decay_restarts(0.1, 10, 1.1, 1.0, 0.0, 3);
    REQUIRE(limited(t) == (t < 34 ? unlimited(t) : 0.0));
  }
  // Cycles that would end past INT64_MAX never end.
  const auto endless = lrsched::cosine_decay_restarts(0.1, top / 2, 2.0, 1.0, 0.0, 5);
  REQUIRE(!lrsched::horizon(endless).has_value());
  REQUIRE(!lrsched::horizon(lrsched::cosine_decay_restarts(0.1, 10, 1.5, 1.0, 0.0, top)));
  REQUIRE(!lrsched::horizon(lrsched::cosine_decay_restarts(0.1, 10, 1.0, 1.0, 0.0, top)));
  require_within_bounds(lrsched::cosine_decay_restarts(0.1, 10, 1.0, 1.0, 0.0, 2), {});
  STATIC_REQUIRE(lrsched::cosine_decay_restarts(0.1, 10, 1.5, 1.0, 0.5, 2)(30) == 0.05);
  LRSCHED_REJECTS(lrsched::cosine_decay_restarts(0.1, 10, 2.0, 1.0, 0.0, -1),
                  "cosine_decay_restarts: cycles must be >= 0 (0: no limit) (got -1)");
  REQUIRE(lrsched::to_spec(r) ==
          "cosine_decay_restarts(lr=0.1, first_decay_steps=10, t_mul=2, m_mul=1, alpha=0.1, "
          "cycles=3)");
}

TEST_CASE("with_warmup's cos and poly shapes end where the schedule begins", "[additions]") {
  using lrsched::warmup_shape;
  const auto c = lrsched::constant(0.1) | lrsched::with_warmup(10, 0.0, warmup_shape::cos);
  REQUIRE(c(0) == 0.0);
  REQUIRE_THAT(c(5), Catch::Matchers::WithinRel(0.05, 1e-15));
  REQUIRE(c(10) == 0.1);
  const auto p = lrsched::constant(1.0) | lrsched::with_warmup(10, 0.0, warmup_shape::poly, 4.0);
  REQUIRE_THAT(p(5), Catch::Matchers::WithinRel(0.0625, 1e-15));
  REQUIRE(p.power() == 4.0);
  for (step_t t = 1; t <= 10; ++t) REQUIRE(p(t) >= p(t - 1));
  // power belongs to poly; the other shapes report 1 and write none.
  REQUIRE(
      (lrsched::constant(1.0) | lrsched::with_warmup(10, 0.0, warmup_shape::linear, 3.0)).power() ==
      1.0);
  REQUIRE(lrsched::to_spec(p) ==
          "constant(lr=1) | with_warmup(steps=10, start=0, shape=poly, power=4)");
  LRSCHED_REJECTS(lrsched::constant(1.0) | lrsched::with_warmup(10, 0.0, warmup_shape::poly, -2.0),
                  "with_warmup: power must be finite and > 0 (got -2)");
  require_spec_error("constant(1) | with_warmup(10, shape=poly, power=0)", 49,
                     "with_warmup: power must be finite and > 0 (got 0)");
}

TEST_CASE("per_epoch and every change the unit of time", "[additions]") {
  const auto epochs = lrsched::step_decay(0.1, 3, 0.5) | lrsched::per_epoch(100);
  REQUIRE(epochs(299) == 0.1);
  REQUIRE(epochs(300) == 0.05);
  REQUIRE(epochs(-1) == 0.1);
  REQUIRE(epochs(top) == lrsched::step_decay(0.1, 3, 0.5)(top / 100));
  REQUIRE(lrsched::horizon(lrsched::cosine_decay(0.1, 30) | lrsched::per_epoch(7)) == 210);
  REQUIRE(lrsched::horizon(lrsched::cosine_decay(0.1, top / 2) | lrsched::per_epoch(7)) == top);
  const auto sparse = lrsched::cosine_decay(0.1, 100) | lrsched::every(8);
  for (step_t t = 0; t < 120; ++t) REQUIRE(sparse(t) == lrsched::cosine_decay(0.1, 100)(t - t % 8));
  REQUIRE(lrsched::horizon(sparse) == 104);  // the first multiple of 8 from 100
  REQUIRE(lrsched::horizon(lrsched::cosine_decay(0.1, top - 1) | lrsched::every(top)) == top);
  require_within_bounds(sparse, {});
  STATIC_REQUIRE((lrsched::constant(0.5) | lrsched::every(3) | lrsched::per_epoch(2))(9) == 0.5);
  LRSCHED_REJECTS(lrsched::constant(0.1) | lrsched::per_epoch(0),
                  "per_epoch: steps_per_epoch must be >= 1 (got 0)");
  LRSCHED_REJECTS(lrsched::constant(0.1) | lrsched::every(-4), "every: k must be >= 1 (got -4)");
  require_spec_error("constant(0.1) | every(k=2.5)", 25,
                     "every: k must be a whole number of steps (got 2.5)");
}

TEST_CASE("per_epoch over step_decay divides once, by steps_per_epoch * step_size", "[additions]") {
  // floor(floor(t / n) / size) = floor(t / (n size)); the product saturates at 2^63.
  const step_t big = step_t{1} << 40;
  for (const auto& [n, size] : {std::pair<step_t, step_t>{100, 3},
                                {391, 30},
                                {1, 1},
                                {7, top},
                                {top, 5},
                                {big, big},
                                {big, 1 << 22},
                                {3, top / 3 + 1}}) {
    INFO("steps_per_epoch " << n << " step_size " << size);
    const auto base = lrsched::step_decay(0.1, size, 0.5);
    const auto epochs = base | lrsched::per_epoch(n);
    std::vector<step_t> steps = {-5, 0, 1, 2, top - 1, top};
    for (step_t k = 0; k < 12; ++k) {
      // The first and last steps of period k, where they are steps.
      if (size <= top / n / (k + 1)) {
        steps.push_back(k * n * size);
        steps.push_back((k + 1) * n * size - 1);
      }
    }
    for (const step_t t : steps) {
      INFO("step " << t);
      REQUIRE(epochs(t) == base(t < 0 ? 0 : t / n));
    }
  }
  STATIC_REQUIRE((lrsched::step_decay(1.0, 2, 0.5) | lrsched::per_epoch(3))(6) == 0.5);
  STATIC_REQUIRE((lrsched::step_decay(1.0, 2, 0.5) | lrsched::per_epoch(3))(5) == 1.0);
}

TEST_CASE("noisy is a pure function of (seed, step), bounded by pct", "[additions]") {
  // The hash is SplitMix64 (Steele, Lea and Flood): its first output from state 0.
  STATIC_REQUIRE(lrsched::detail::mix64(0x9e3779b97f4a7c15ULL) == 0xe220a8397b1dcdafULL);
  const auto base = lrsched::cosine_decay(0.1, 1000);
  const auto n = base | lrsched::noisy(0.25, 7);
  double sum = 0;
  double lowest = 1, highest = -1;
  for (step_t t = 0; t < 20'000; ++t) {
    const double r = n(t) / base(t) - 1.0;
    if (t < 1000) {  // base(t) > 0
      REQUIRE(r >= -0.25);
      REQUIRE(r < 0.25 + 1e-15);
    }
    const double u = lrsched::detail::unit_noise(7, static_cast<std::uint64_t>(t));
    sum += u;
    lowest = u < lowest ? u : lowest;
    highest = u > highest ? u : highest;
  }
  // Uniform in [-1, 1): mean 0 within 4 standard errors (1 / sqrt(3 * 20000) = 0.0041).
  REQUIRE(std::abs(sum / 20'000) < 0.017);
  REQUIRE(lowest < -0.999);
  REQUIRE(highest > 0.999);
  // The same at any step in any order, and in every copy; another seed is another sequence.
  const auto again = base | lrsched::noisy(0.25, 7);
  REQUIRE(again(123'456'789) == n(123'456'789));
  REQUIRE(n(5) == again(5));
  REQUIRE((base | lrsched::noisy(0.25, 8))(5) != n(5));
  REQUIRE(n(-3) == n(0));
  require_within_bounds(n, {});
  require_within_bounds(lrsched::constant(1e308) | lrsched::noisy(0.67), {});
  REQUIRE((base | lrsched::noisy(0.0))(17) == base(17));
  LRSCHED_REJECTS(lrsched::constant(0.1) | lrsched::noisy(1.0),
                  "noisy: pct must be in [0, 1) (got 1)");
  LRSCHED_REJECTS(lrsched::constant(0.1) | lrsched::noisy(0.5, -1),
                  "noisy: seed must be >= 0 (got -1)");
  LRSCHED_REJECTS(lrsched::constant(1.7e308) | lrsched::noisy(0.5),
                  "noisy: (1 + pct) times the schedule's largest value 1.7e+308 is not finite");
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule("constant(0.1) | noisy()")) ==
          "constant(lr=0.1) | noisy(pct=0.67, seed=42)");
}

TEST_CASE("cycle_momentum moves against the rate", "[additions]") {
  const auto rate = lrsched::one_cycle(0.1, 100);
  const auto m = lrsched::cycle_momentum(rate);
  REQUIRE(m(0) == 0.95);
  REQUIRE(m(29) == 0.85);  // the rate's peak
  REQUIRE(m(99) == 0.95);
  REQUIRE(m(top) == 0.95);
  REQUIRE(lrsched::horizon(m) == 99);
  REQUIRE(m.bounds().lower == 0.85);
  REQUIRE(m.bounds().upper == 0.95);
  for (step_t t = 1; t < 100; ++t) {
    // Rate and momentum move in opposite directions.
    if (rate(t) > rate(t - 1)) REQUIRE(m(t) <= m(t - 1));
    if (rate(t) < rate(t - 1)) REQUIRE(m(t) >= m(t - 1));
  }
  const auto c = lrsched::cycle_momentum(lrsched::cyclic(0.001, 0.006, 10), 0.8, 0.9);
  REQUIRE(c(0) == 0.9);
  REQUIRE(c(10) == 0.8);
  REQUIRE(c(20) == 0.9);
  REQUIRE(!lrsched::horizon(c).has_value());
  require_within_bounds(c, {});
  require_within_bounds(lrsched::cycle_momentum(lrsched::one_cycle(0.1f, top, 0.999f)), {});
  STATIC_REQUIRE(lrsched::cycle_momentum(lrsched::one_cycle(0.1, 10))(0) == 0.95);
  LRSCHED_REJECTS(lrsched::cycle_momentum(rate, 0.9, 0.8),
                  "cycle_momentum: max_momentum must be finite and >= base_momentum (got 0.8)");
  LRSCHED_REJECTS(lrsched::cycle_momentum(rate, -0.1),
                  "cycle_momentum: base_momentum must be finite and >= 0 (got -0.1)");
  // In the spec language it takes its one_cycle or cyclic as written.
  const auto parsed = lrsched::parse_schedule("cycle_momentum(one_cycle(0.1, 100))");
  for (step_t t = 0; t < 110; ++t) REQUIRE(parsed(t) == m(t));
  require_spec_error("cycle_momentum(cosine_decay(0.1, 10))", 16,
                     "'cycle_momentum' takes a one_cycle or cyclic schedule, not 'cosine_decay'");
  require_spec_error("cycle_momentum(one_cycle(0.1, 10) | scaled(2))", 37,
                     "'cycle_momentum' takes a one_cycle or cyclic schedule as it is, without "
                     "adaptors");
  require_spec_error("cycle_momentum(one_cycle(0.1, 10), max_momentum=0.5)", 49,
                     "cycle_momentum: max_momentum must be finite and >= base_momentum (got 0.5)");
  require_spec_error("cycle_momentum(one_cycle(0.1, 0))", 31,
                     "one_cycle: total_steps must be >= 1 (got 0)");
  require_spec_error("cycle_momentum()", 1, "'cycle_momentum' needs parameter 's'");
}
