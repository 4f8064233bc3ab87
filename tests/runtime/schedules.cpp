// The conventions of REFERENCE.md for each catalogue entry: negative steps, horizons, exact
// restart periods, one-cycle's degenerate phases, other value types. Each check is written once
// as a constexpr function and run both at compile time and at run time.
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using Catch::Matchers::WithinRel;
using lrsched::step_t;

namespace {

constexpr step_t max_step = std::numeric_limits<step_t>::max();

template <lrsched::schedule S>
constexpr bool negative_steps_are_step_zero(const S& s) {
  return s(-1) == s(0) && s(-1000) == s(0) && s(std::numeric_limits<step_t>::min()) == s(0);
}

constexpr bool check_negative_steps() {
  return negative_steps_are_step_zero(lrsched::exponential_decay(0.1, 10, 0.5)) &&
         negative_steps_are_step_zero(lrsched::inverse_time_decay(0.1, 10, 0.5, true)) &&
         negative_steps_are_step_zero(lrsched::natural_exp_decay(0.1, 10, 0.5)) &&
         negative_steps_are_step_zero(lrsched::piecewise_constant({0, 5}, {1.0, 0.5, 0.1})) &&
         negative_steps_are_step_zero(lrsched::polynomial_decay(0.1, 10, 0.0, 2.0, true)) &&
         negative_steps_are_step_zero(lrsched::step_decay(0.1, 3)) &&
         negative_steps_are_step_zero(lrsched::multistep_decay(0.1, {0, 2})) &&
         negative_steps_are_step_zero(lrsched::cyclic(0.1, 1.0, 4)) &&
         negative_steps_are_step_zero(lrsched::cosine_decay(0.1, 10)) &&
         negative_steps_are_step_zero(lrsched::cosine_decay_restarts(0.1, 10)) &&
         negative_steps_are_step_zero(lrsched::linear(0.0, 1.0, 10)) &&
         negative_steps_are_step_zero(lrsched::one_cycle(0.1, 100)) &&
         negative_steps_are_step_zero(lrsched::inverse_sqrt(0.1, 100)) &&
         negative_steps_are_step_zero(lrsched::cosine_decay(0.1, 10) | lrsched::with_warmup(5));
}

constexpr bool check_horizons() {
  // Past a finite horizon a schedule holds its final value.
  constexpr auto cos = lrsched::cosine_decay(0.2, 100, 0.25);
  constexpr auto poly = lrsched::polynomial_decay(0.1, 50, 0.01, 2.0);
  constexpr auto lin = lrsched::linear(0.5, 0.125, 20);
  constexpr auto oc = lrsched::one_cycle(0.1, 100);
  return cos(100) == 0.2 * 0.25 && cos(101) == cos(100) && cos(max_step) == cos(100) &&
         poly(50) == 0.01 && poly(max_step) == 0.01 && lin(20) == 0.125 && lin(max_step) == 0.125 &&
         oc(100) == 0.1 / 25.0 / 1e4 && oc(max_step) == oc(100) && oc(99) == oc(100);
}

constexpr bool check_piecewise_boundaries() {
  // TF: the boundary step itself still has the old value.
  constexpr auto pc = lrsched::piecewise_constant({10, 20}, {3.0, 2.0, 1.0});
  return pc(0) == 3.0 && pc(10) == 3.0 && pc(11) == 2.0 && pc(20) == 2.0 && pc(21) == 1.0 &&
         pc(max_step) == 1.0;
}

constexpr bool check_multistep_milestones() {
  // PyTorch: the value changes at the milestone; a repeated milestone applies gamma twice.
  constexpr auto ms = lrsched::multistep_decay(1.0, {2, 4, 4}, 0.5);
  return ms(1) == 1.0 && ms(2) == 0.5 && ms(3) == 0.5 && ms(4) == 0.125 && ms(max_step) == 0.125;
}

constexpr bool check_polynomial_cycle() {
  // cycle stretches the horizon to the next multiple of decay_steps; no NaN at step 0.
  constexpr auto p = lrsched::polynomial_decay(1.0, 10, 0.0, 1.0, true);
  // At 25 the horizon is 30: (30 - 25) / 30 of the way left.
  return p(0) == 1.0 && p(5) == 0.5 && p(10) == 0.0 && p(15) == 0.25 && p(20) == 0.0 &&
         p(25) == 5.0 / 30.0 && p(max_step) > 0.0 && p(max_step) < 1e-18;
}

constexpr bool check_restart_periods() {
  // TF and PyTorch find the period with log(x)/log(t_mul), which lands just below an integer at
  // some exact restart steps; here a restart step always starts the new period (value lr).
  constexpr auto r10 = lrsched::cosine_decay_restarts(1.0, 1, 10.0);
  constexpr auto r2 = lrsched::cosine_decay_restarts(1.0, 3, 2.0, 0.5);
  constexpr auto r15 = lrsched::cosine_decay_restarts(1.0, 4, 1.5);
  bool ok = r10(0) == 1.0 && r10(1) == 1.0 && r10(11) == 1.0 && r10(111) == 1.0 &&
            r10(1111) == 1.0 && r10(11111) == 1.0 && r10(110) < 0.01;
  // t_mul = 2, F = 3: periods start at 0, 3, 9, 21, 45 with amplitudes 1, 0.5, 0.25, ...
  // (m_mul^i comes from exp(i log m_mul): within an ulp or two, not always to the last bit.)
  constexpr double ulps = 4.5e-16;
  ok = ok && lrsched_test::close(r2(3), 0.5, ulps) && lrsched_test::close(r2(9), 0.25, ulps) &&
       lrsched_test::close(r2(21), 0.125, ulps) && lrsched_test::close(r2(45), 0.0625, ulps);
  // t_mul = 1.5, F = 4: periods start at 0, 4, 10, 19, 32.5 (a fractional start: step 33 is
  // half a step into period 4, whose length is 4 * 1.5^4 = 20.25).
  ok = ok && r15(4) == 1.0 && r15(10) == 1.0 && r15(19) == 1.0 && r15(18) < 0.1 && r15(32) < 0.01;
  return ok;
}

constexpr bool check_one_cycle_degenerate_phases() {
  // pct_start * total_steps == 1: PyTorch divides by zero at step 0; here the warm-up phase has no
  // length and step 0 is at its end value, max_lr.
  constexpr auto oc = lrsched::one_cycle(1.0, 10, 0.1);
  // total_steps == 1: the only step is the end of the last phase.
  constexpr auto one = lrsched::one_cycle(1.0, 1);
  // three_phase with pct_start * total_steps == 1: phases 1 and 2 both have no length.
  constexpr auto three =
      lrsched::one_cycle(1.0, 10, 0.1, lrsched::anneal_strategy::linear, 25.0, 1e4, true);
  return oc(0) == 1.0 && oc(1) < 1.0 && one(0) == 1.0 / 25.0 / 1e4 && three(0) == 1.0 &&
         three(1) < 1.0 / 25.0 && lrsched_test::close(three(9), 1.0 / 25.0 / 1e4, 1e-12);
}

constexpr bool check_cyclic_shapes() {
  constexpr auto tri = lrsched::cyclic(1.0, 3.0, 2);
  constexpr auto tri2 = lrsched::cyclic(1.0, 3.0, 2, lrsched::cyclic_mode::triangular2);
  constexpr auto asym = lrsched::cyclic(0.0, 1.0, 1, lrsched::cyclic_mode::triangular, 1.0, 3);
  return tri(0) == 1.0 && tri(1) == 2.0 && tri(2) == 3.0 && tri(3) == 2.0 && tri(4) == 1.0 &&
         tri2(6) == 2.0 && tri2(10) == 1.5 && asym(1) == 1.0 && asym(2) == 1.0 - 1.0 / 3.0 &&
         asym(4) == 0.0;
}

}  // namespace

TEST_CASE("negative steps evaluate as step 0", "[conventions]") {
  STATIC_REQUIRE(check_negative_steps());
  REQUIRE(check_negative_steps());
}

TEST_CASE("finite horizons hold their final value", "[conventions]") {
  STATIC_REQUIRE(check_horizons());
  REQUIRE(check_horizons());
}

TEST_CASE("piecewise_constant boundaries are right-inclusive", "[piecewise_constant]") {
  STATIC_REQUIRE(check_piecewise_boundaries());
  REQUIRE(check_piecewise_boundaries());
}

namespace {
template <class T>
bool within_ulps(T got, T want, int ulps) {
  return std::abs(got - want) <= static_cast<T>(ulps) * std::numeric_limits<T>::epsilon() * want;
}
}  // namespace

TEST_CASE("step_decay is the same inside its table of rates and beyond", "[step_decay]") {
  // gamma = 1/2: the rates 0.5^k are powers of two; the tabled periods and the ones computed by
  // exp beyond must all be within 4 ulp of them (the accuracy tests' bound), in every type.
  const lrsched::step_decay<double> d(1.0, 3, 0.5);
  const lrsched::step_decay<float> f(1.0f, 3, 0.5f);
  const lrsched::step_decay<long double> l(1.0L, 3, 0.5L);
  for (step_t t = 0; t < 3 * 40; ++t) {
    INFO("step " << t);
    const int k = static_cast<int>(t / 3);
    REQUIRE(within_ulps(d(t), std::ldexp(1.0, -k), 4));
    REQUIRE(within_ulps(f(t), std::ldexp(1.0f, -k), 4));
    REQUIRE(within_ulps(l(t), std::ldexp(1.0L, -k), 4));
  }
  // Each step of the staircase is gamma times the one before, on both sides of the table's end.
  const lrsched::step_decay<double> g(0.1, 10, 0.3);
  for (step_t k = 1; k < 20; ++k) {
    INFO("period " << k);
    REQUIRE(within_ulps(g(10 * k), g(10 * (k - 1)) * 0.3, 2));
    REQUIRE(g(10 * k + 9) == g(10 * k));
  }
}

TEST_CASE("multistep_decay changes at each milestone", "[multistep_decay]") {
  STATIC_REQUIRE(check_multistep_milestones());
  REQUIRE(check_multistep_milestones());
}

TEST_CASE("step lists count as a plain loop does, at every length and every edge",
          "[piecewise_constant][multistep_decay]") {
  // Lengths 0-20 cover each way of counting (the short list, the loop, the binary search); the
  // steps probe each entry and its neighbours, the extremes and negative steps (as 0 for
  // multistep_decay, below every boundary for piecewise_constant). The expected count is the
  // plain loop over the list, signed.
  constexpr step_t top = max_step;
  for (std::size_t n = 0; n <= 20; ++n) {
    std::vector<step_t> strict, repeated;
    for (std::size_t i = 0; i < n; ++i) strict.push_back(static_cast<step_t>(3 * i));
    if (n > 0) strict.back() = n % 2 == 0 ? top : top - 1;
    for (std::size_t i = 0; i < n; ++i) repeated.push_back(static_cast<step_t>(i / 2));
    if (n > 2) repeated.back() = repeated[n - 2] = top;
    std::vector<double> values;
    for (std::size_t i = 0; i <= n; ++i) values.push_back(static_cast<double>(i));
    const lrsched::piecewise_constant<double, 32> pw(strict, values);
    const lrsched::multistep_decay<double, 32> ms(1.0, repeated, 0.5);
    std::vector<step_t> probes{std::numeric_limits<step_t>::min(), -3, -1, 0, 1, top - 1, top};
    for (const auto& list : {strict, repeated}) {
      for (const step_t x : list) {
        for (const step_t d : {-1, 0, 1}) {
          if (!(d > 0 && x == top)) probes.push_back(x + d);
        }
      }
    }
    for (const step_t t : probes) {
      INFO("length " << n << ", step " << t);
      std::size_t below = 0, not_above = 0;
      for (const step_t b : strict) below += b < t ? 1U : 0U;
      for (const step_t m : repeated) not_above += m <= std::max<step_t>(t, 0) ? 1U : 0U;
      REQUIRE(pw(t) == static_cast<double>(below));
      REQUIRE(ms(t) == std::ldexp(1.0, -static_cast<int>(not_above)));
    }
  }
}

TEST_CASE("polynomial_decay with cycle stretches its horizon", "[polynomial_decay]") {
  STATIC_REQUIRE(check_polynomial_cycle());
  REQUIRE(check_polynomial_cycle());
}

TEST_CASE("cosine_decay_restarts finds restart periods exactly", "[cosine_decay_restarts]") {
  STATIC_REQUIRE(check_restart_periods());
  REQUIRE(check_restart_periods());
}

TEST_CASE("one_cycle jumps over phases shorter than a step", "[one_cycle]") {
  STATIC_REQUIRE(check_one_cycle_degenerate_phases());
  REQUIRE(check_one_cycle_degenerate_phases());
}

TEST_CASE("cyclic shapes its cycles", "[cyclic]") {
  STATIC_REQUIRE(check_cyclic_shapes());
  REQUIRE(check_cyclic_shapes());
}

TEST_CASE("cosine_decay_restarts is O(1) and finite far out", "[cosine_decay_restarts]") {
  // A t_mul barely above 1 means hundreds of millions of periods before INT64_MAX.
  const auto r = lrsched::cosine_decay_restarts(1.0, 1, 1.0000001, 0.999, 0.01);
  for (const step_t t : {step_t{1} << 40, step_t{1} << 62, max_step}) {
    const double v = r(t);
    REQUIRE(std::isfinite(v));
    REQUIRE(v >= 0.01);
    REQUIRE(v <= 1.0);
  }
}

TEST_CASE("list parameters accept any contiguous storage",
          "[piecewise_constant][multistep_decay]") {
  const std::vector<step_t> boundaries{100, 200};
  const std::vector<double> values{0.1, 0.01, 0.001};
  const lrsched::piecewise_constant<double> from_vectors(boundaries, values);
  constexpr std::array<step_t, 2> b{100, 200};
  constexpr std::array<double, 3> v{0.1, 0.01, 0.001};
  constexpr lrsched::piecewise_constant from_arrays(b, v);  // capacity deduced: 2
  STATIC_REQUIRE(decltype(from_arrays)::capacity == 2);
  for (const step_t t : {0, 100, 101, 200, 201}) REQUIRE(from_vectors(t) == from_arrays(t));
  REQUIRE(from_vectors.boundaries().size() == 2);
  REQUIRE(from_vectors.values()[2] == 0.001);

  const std::vector<step_t> milestones{3, 6};
  const lrsched::multistep_decay<double> ms(1.0, milestones, 0.5);
  REQUIRE(ms(6) == 0.25);
  REQUIRE(ms.milestones().size() == 2);
  // A larger capacity is a template argument away.
  std::vector<step_t> many(40);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<step_t>(i + 1);
  const lrsched::multistep_decay<double, 64> big(1.0, many, 0.9);
  REQUIRE_THAT(big(100), WithinRel(std::pow(0.9, 40.0), 1e-15));
}

TEMPLATE_TEST_CASE("schedules work in float and long double", "[types]", float, long double) {
  using T = TestType;
  const lrsched::exponential_decay<T> e(T(0.1), 10, T(0.5));
  const lrsched::cosine_decay_restarts<T> r(T(1), 10, T(2), T(0.5));
  const lrsched::one_cycle<T> o(T(1), 100);
  REQUIRE_THAT(static_cast<double>(e(20)), WithinRel(0.025, 1e-6));
  // m_mul^i comes from exp(i log m_mul): to an ulp or two.
  REQUIRE_THAT(static_cast<double>(r(10)), WithinRel(0.5, 1e-6));
  REQUIRE_THAT(static_cast<double>(r(30)), WithinRel(0.25, 1e-6));
  REQUIRE_THAT(static_cast<double>(o(29)), WithinRel(1.0, 1e-5));  // the peak: pct_start * N - 1
  constexpr auto f = lrsched::step_decay(T(0.5), 10, T(0.5));
  STATIC_REQUIRE(f(20) == T(0.125));
}

TEST_CASE("accessors return the parameters", "[accessors]") {
  constexpr auto c =
      lrsched::cyclic(0.001, 0.006, 2000, lrsched::cyclic_mode::exp_range, 0.99, 500);
  STATIC_REQUIRE(c.base_lr() == 0.001);
  STATIC_REQUIRE(c.max_lr() == 0.006);
  STATIC_REQUIRE(c.step_size() == 2000);
  STATIC_REQUIRE(c.mode() == lrsched::cyclic_mode::exp_range);
  STATIC_REQUIRE(c.gamma() == 0.99);
  STATIC_REQUIRE(c.step_size_down() == 500);
  constexpr auto o =
      lrsched::one_cycle(0.1, 1000, 0.25, lrsched::anneal_strategy::linear, 10.0, 100.0, true);
  STATIC_REQUIRE(o.max_lr() == 0.1);
  STATIC_REQUIRE(o.total_steps() == 1000);
  STATIC_REQUIRE(o.pct_start() == 0.25);
  STATIC_REQUIRE(o.anneal() == lrsched::anneal_strategy::linear);
  STATIC_REQUIRE(o.div_factor() == 10.0);
  STATIC_REQUIRE(o.final_div_factor() == 100.0);
  STATIC_REQUIRE(o.three_phase());
  constexpr auto e = lrsched::exponential_decay(0.1, 1000, 0.96, true);
  STATIC_REQUIRE(e.lr() == 0.1);
  STATIC_REQUIRE(e.decay_steps() == 1000);
  STATIC_REQUIRE(e.decay_rate() == 0.96);
  STATIC_REQUIRE(e.staircase());
  constexpr auto p = lrsched::polynomial_decay(0.1, 100, 0.001, 2.0, true);
  STATIC_REQUIRE(p.end_lr() == 0.001);
  STATIC_REQUIRE(p.power() == 2.0);
  STATIC_REQUIRE(p.cycle());
  constexpr auto r = lrsched::cosine_decay_restarts(0.1, 100, 1.5, 0.9, 0.01);
  STATIC_REQUIRE(r.first_decay_steps() == 100);
  STATIC_REQUIRE(r.t_mul() == 1.5);
  STATIC_REQUIRE(r.m_mul() == 0.9);
  STATIC_REQUIRE(r.alpha() == 0.01);
  constexpr auto pc = lrsched::piecewise_constant({5}, {1.0, 0.5});
  STATIC_REQUIRE(pc.boundaries()[0] == 5);
  STATIC_REQUIRE(pc.values()[1] == 0.5);
  constexpr auto l = lrsched::linear(0.1, 0.2, 30);
  STATIC_REQUIRE(l.start() == 0.1);
  STATIC_REQUIRE(l.end() == 0.2);
  STATIC_REQUIRE(l.steps() == 30);
  constexpr auto i = lrsched::inverse_sqrt(0.1, 400);
  STATIC_REQUIRE(i.timescale() == 400);
  STATIC_REQUIRE(i(1200) == 0.05);
}
