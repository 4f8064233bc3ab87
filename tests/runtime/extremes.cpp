// Hostile parameters and steps: every case the reliability review found escaping the contract
// (REFERENCE.md, "Nothing degenerate gets through" and "Bounds"), each rejected with a clear
// message or computed right.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {

constexpr step_t max_step = std::numeric_limits<step_t>::max();
constexpr step_t two_to(int k) { return step_t{1} << k; }

#define LRSCHED_REJECTS(expr, text) \
  REQUIRE_THROWS_MATCHES((void)(expr), std::invalid_argument, Catch::Matchers::Message(text))

// Finite and >= 0 over a dense start and the far end of the step range.
template <lrsched::schedule S>
void require_total(const S& s) {
  for (step_t t = 0; t < 200; ++t) {
    INFO("step " << t);
    REQUIRE(std::isfinite(s(t)));
    REQUIRE(s(t) >= 0);
  }
  for (int k = 8; k < 63; ++k) {
    for (const step_t t : {two_to(k) - 1, two_to(k), two_to(k) + 1}) {
      INFO("step " << t);
      REQUIRE(std::isfinite(s(t)));
      REQUIRE(s(t) >= 0);
    }
  }
  for (const step_t t : {max_step - 1, max_step}) {
    INFO("step " << t);
    REQUIRE(std::isfinite(s(t)));
    REQUIRE(s(t) >= 0);
  }
}

}  // namespace

TEST_CASE("composition rejects what would overflow", "[extremes][bounds]") {
  using namespace lrsched;
  LRSCHED_REJECTS(constant(1e308) | scaled(10),
                  "scaled: factor 10 times the schedule's largest value 1e+308 is not finite");
  LRSCHED_REJECTS(product(constant(1e200), constant(1e200)),
                  "product: the schedules' largest values 1e+200 and 1e+200 multiply to more "
                  "than the value type holds");
  // The NaN of inf * 0 cannot arise: the first scaled is already rejected.
  LRSCHED_REJECTS(constant(1e308) | scaled(1e308) | scaled(0),
                  "scaled: factor 1e+308 times the schedule's largest value 1e+308 is not finite");
  // What fits is accepted, up to the largest value.
  REQUIRE((constant(1e307) | scaled(10))(5) == 1e308);
  REQUIRE(product(constant(1e154), constant(1e154))(0) == 1e308);
  // Bounds of a decay are its largest value, not its parameters' product.
  REQUIRE((exponential_decay(1e300, 1, 0.5) | scaled(100))(0) == 1e302);
  // The same in the spec language, with the column of the culprit.
  REQUIRE_THROWS_MATCHES(
      parse_schedule("constant(1e308) | scaled(10)"), spec_error,
      Catch::Matchers::Message("column 26: scaled: factor 10 times the schedule's largest value "
                               "1e+308 is not finite"));
  REQUIRE_THROWS_MATCHES(
      parse_schedule("product(constant(1e200), constant(1e200))"), spec_error,
      Catch::Matchers::Message("column 1: product: the schedules' largest values 1e+200 and 1e+200 "
                               "multiply to more than the value type holds"));
}

TEST_CASE("converting to another value type is explicit and checked", "[extremes][bounds]") {
  using namespace lrsched;
  STATIC_REQUIRE(!std::is_convertible_v<constant<double>, any_schedule<float>>);
  STATIC_REQUIRE(std::is_constructible_v<any_schedule<float>, constant<double>>);
  STATIC_REQUIRE(std::is_convertible_v<constant<float>, any_schedule<float>>);
  LRSCHED_REJECTS(any_schedule<float>(constant(1e300)),
                  "any_schedule: the schedule's largest value 1e+300 does not fit in the value "
                  "type (at most 3.4028235e+38)");
  LRSCHED_REJECTS(any_schedule<float>(cosine_decay(1e39, 100) | with_warmup(10)),
                  "any_schedule: the schedule's largest value 1e+39 does not fit in the value "
                  "type (at most 3.4028235e+38)");
  const any_schedule<float> fits(cosine_decay(3e38, 100));
  REQUIRE(fits(0) == 3e38f);
  // Bounds travel through any_schedule; a function has none, and is not checked.
  REQUIRE(any_schedule<double>(step_decay(0.5, 10)).bounds().upper == 0.5);
  const any_schedule<double> f = from_function([](step_t) { return 2.0; });
  REQUIRE(std::isinf(f.bounds().upper));
  REQUIRE((f | scaled(1e300))(0) == 2e300);
  // Default-constructed: constant(0).
  const any_schedule<double> empty;
  REQUIRE(empty(7) == 0.0);
}

TEST_CASE("huge decay rates decay to 0 and never NaN", "[extremes]") {
  using namespace lrsched;
  const auto s = natural_exp_decay(1.0, 1, 1e308);
  REQUIRE(s(0) == 1.0);
  REQUIRE(s(1) == 0.0);
  REQUIRE(s(2) == 0.0);
  require_total(s);
  require_total(natural_exp_decay(1.0, 1, 1e308, true));
  require_total(exponential_decay(1e308, 1, std::numeric_limits<double>::min()));
  require_total(inverse_time_decay(1e308, 1, 1e308));
  require_total(step_decay(1e308, 1, std::numeric_limits<double>::denorm_min()));
  require_total(cyclic(0.0, 1e308, 1, cyclic_mode::exp_range, 1e-300));
  require_total(natural_exp_decay(1.0f, 1, 3e38f));
  require_total(natural_exp_decay(1.0L, 1, std::numeric_limits<long double>::max()));
}

TEST_CASE("one_cycle stays within its rates with subnormal rates", "[extremes]") {
  using namespace lrsched;
  for (const auto anneal : {anneal_strategy::cos, anneal_strategy::linear}) {
    const auto s = one_cycle(1.5e-323, 300, 0.3, anneal);
    require_total(s);
    const auto b = s.bounds();
    for (step_t t = 0; t < 400; ++t) {
      INFO("step " << t);
      REQUIRE(s(t) >= b.lower);
      REQUIRE(s(t) <= b.upper);
    }
  }
}

TEST_CASE("cyclic takes step sizes up to 2^62 without overflow", "[extremes]") {
  using namespace lrsched;
  const auto s = cyclic(0.1, 1.0, two_to(62), cyclic_mode::triangular, 1.0, two_to(62));
  require_total(s);
  REQUIRE(s(0) == 0.1);
  REQUIRE(s(two_to(62)) == 1.0);  // the peak
  REQUIRE(s(max_step) == 0.1 + 0.9 * (1.0 - static_cast<double>(two_to(62) - 1) /
                                                static_cast<double>(two_to(62))));
  const auto defaults = cyclic(0.1, 1.0, two_to(62));  // the down phase is 2^62 too
  require_total(defaults);
  REQUIRE(defaults(two_to(62)) == 1.0);
  LRSCHED_REJECTS(cyclic(0.1, 1.0, two_to(62) + 1),
                  "cyclic: step_size must be in [1, 2^62] (got 4611686018427387905)");
}

TEST_CASE("one_cycle is constant from its last step", "[extremes]") {
  using namespace lrsched;
  for (const auto anneal : {anneal_strategy::cos, anneal_strategy::linear}) {
    const auto s = one_cycle(0.1, 100, 0.3, anneal);
    REQUIRE(horizon(s) == step_t{99});
    REQUIRE(s(98) != s(99));
    REQUIRE(s(99) == s(100));
    REQUIRE(s(99) == 0.1 / 25 / 1e4);
  }
  REQUIRE(horizon(one_cycle(0.1, 1)) == step_t{0});
}

TEST_CASE("float and double past their exact integers", "[extremes]") {
  using namespace lrsched;
  // linear down to a small end: the value near the end keeps its digits.
  const auto lf = linear(1.0f, 1e-9f, two_to(24) + 1);
  const double exact = 1e-9 + (1.0 - 1e-9) / static_cast<double>(two_to(24) + 1);
  REQUIRE_THAT(static_cast<double>(lf(two_to(24))), Catch::Matchers::WithinRel(exact, 1e-6));
  REQUIRE(lf(two_to(24) + 1) == 1e-9f);
  // The same for a float warmup ramping down to its schedule.
  const auto wf = constant(1e-9f) | with_warmup(two_to(24) + 1, 1.0f);
  REQUIRE_THAT(static_cast<double>(wf(two_to(24))),
               Catch::Matchers::WithinRel(
                   static_cast<double>(1e-9f) +
                       (1.0 - static_cast<double>(1e-9f)) / static_cast<double>(two_to(24) + 1),
                   1e-6));
  // one_cycle's linear anneal never goes below its final rate.
  const auto of = one_cycle(1.0f, two_to(25), 0.3f, anneal_strategy::linear);
  const auto od = one_cycle(1.0, two_to(54), 0.3, anneal_strategy::linear);
  for (step_t d = -3; d <= 3; ++d) {
    REQUIRE(of(two_to(24) + d) >= of.bounds().lower);
    REQUIRE(od(two_to(53) + d) >= od.bounds().lower);
    REQUIRE(of(two_to(25) - 1 + d) >= 1.0f / 25 / 1e4f * (1 - 1e-6f));
    REQUIRE(od(two_to(54) - 1 + d) >= 1.0 / 25 / 1e4 * (1 - 1e-12));
  }
  // linear from a huge start is monotone to its end.
  const auto big = linear(1.7e308, 0.1, two_to(53) + 1);
  double previous = big(two_to(53) - 100);
  for (step_t t = two_to(53) - 99; t <= two_to(53) + 3; ++t) {
    INFO("step " << t);
    REQUIRE(big(t) <= previous);
    previous = big(t);
  }
  REQUIRE(big(two_to(53) + 1) == 0.1);
}

TEST_CASE("an exponential warmup between far-apart rates does not underflow", "[extremes]") {
  using namespace lrsched;
  const auto s = constant(1e-30f) | with_warmup(100, 1e20f, warmup_shape::exponential);
  float previous = s(0);
  REQUIRE(previous == 1e20f);
  for (step_t t = 1; t <= 100; ++t) {
    INFO("step " << t);
    REQUIRE(s(t) > 0);
    REQUIRE(s(t) < previous);
    previous = s(t);
  }
  REQUIRE(s(100) == 1e-30f);
  // Halfway, the geometric mean 1e-5.
  REQUIRE_THAT(static_cast<double>(s(50)), Catch::Matchers::WithinRel(1e-5, 1e-5));
}

TEST_CASE("every catalogue entry's bounds hold", "[extremes][bounds]") {
  using namespace lrsched;
  const auto check = [](const auto& s) {
    const auto b = s.bounds();
    for (step_t t = 0; t < 3000; ++t) {
      INFO("step " << t);
      REQUIRE(s(t) >= b.lower);
      REQUIRE(s(t) <= b.upper);
    }
    for (int k = 12; k < 63; ++k) {
      REQUIRE(s(two_to(k)) >= b.lower);
      REQUIRE(s(two_to(k)) <= b.upper);
    }
    REQUIRE(s(max_step) >= b.lower);
    REQUIRE(s(max_step) <= b.upper);
  };
  check(constant(0.5));
  check(exponential_decay(0.1, 10, 0.5));
  check(inverse_time_decay(0.1, 10, 0.5, true));
  check(natural_exp_decay(0.1, 10, 0.5));
  check(piecewise_constant({10, 20}, {0.1, 0.3, 0.2}));
  check(polynomial_decay(0.1, 100, 0.2, 2.0, true));
  check(step_decay(0.1, 30, 0.5));
  check(multistep_decay(0.1, {30, 80}, 0.5));
  check(cyclic(0.1, 1.0, 100, cyclic_mode::exp_range, 0.9));
  check(cyclic(1.0, 0.1, 7, cyclic_mode::exp_range, 0.99, 3));
  check(cyclic(0.1, 1.0, 10, cyclic_mode::triangular2));
  check(cosine_decay(0.1, 100, 0.1));
  check(cosine_decay_restarts(0.1, 10, 1.5, 0.9, 0.1));
  check(cosine_decay_restarts(0.1, 3, 1.0, 1.0, 0.0));
  check(linear(0.2, 0.1, 30));
  check(one_cycle(0.1, 100, 0.3, anneal_strategy::linear, 0.5, 2.0, true));
  check(one_cycle(0.1, 100));
  check(inverse_sqrt(0.1, 50));
  check(cosine_decay(0.1, 100) | with_warmup(10, 0.5) | scaled(2.0) | clamped(0.01, 0.9));
  check(sequence(constant(0.3), 5, linear(0.1, 0.7, 10)));
  check(product(cosine_decay(0.5, 10), constant(3.0)));
  // Exact where the schedule takes the value.
  REQUIRE(cyclic(0.1, 1.0, 100, cyclic_mode::exp_range, 0.9).bounds().upper ==
          cyclic(0.1, 1.0, 100, cyclic_mode::exp_range, 0.9)(9));
  REQUIRE(cosine_decay(0.1, 100, 0.1).bounds().lower == cosine_decay(0.1, 100, 0.1)(100));
  REQUIRE(one_cycle(0.1, 10, 0.25).bounds().upper == one_cycle(0.1, 10, 0.25)(2));
}

TEST_CASE("cosine_decay_restarts is total for any t_mul", "[extremes][restarts]") {
  using namespace lrsched;
  // Each of these was NaN, or cast inf to an integer.
  REQUIRE(cosine_decay_restarts(0.1, 1, 1e155)(1) == 0.1);
  REQUIRE(cosine_decay_restarts(0.1, 10000, 1e305)(0) == 0.1);
  REQUIRE(cosine_decay_restarts(0.1f, 9, 1e14f, 0.5f)(two_to(53) + 1) == 0.025f);  // period 2
  REQUIRE(cosine_decay_restarts(0.1, 1, 1e300)(1'000'000'000) == 0.1);
  require_total(cosine_decay_restarts(0.1, 1, 1e155));
  require_total(cosine_decay_restarts(0.1, 10000, 1e305));
  require_total(cosine_decay_restarts(0.1f, 9, 1e14f, 0.5f));
  require_total(cosine_decay_restarts(0.1, 1, 1e300));
  require_total(cosine_decay_restarts(0.1, 1, 1.0 + 0x1p-52));
  require_total(cosine_decay_restarts(0.1L, 1, 1.0L + 0x1p-63L));
  require_total(cosine_decay_restarts(0.1L, 1, 0x1p70L));
  require_total(cosine_decay_restarts(0.1, max_step, 3.0, 0.5));
  require_total(cosine_decay_restarts(0.1, 1, 1.0, std::numeric_limits<double>::denorm_min()));
  // Whole t_mul: restarts exactly at S_i, also the last one below INT64_MAX.
  const auto tens = cosine_decay_restarts(1.0, 1, 10.0);
  REQUIRE(tens(1111111111111111) == 1.0);
  REQUIRE(tens(1111111111111110) < 1e-29);
  const auto twos = cosine_decay_restarts(1.0, 1, 2.0);
  REQUIRE(twos(max_step) == 1.0);
  REQUIRE(twos(max_step - 2) < 1e-36);
  // Fractional t_mul: a start within 1e-6 of a whole step restarts there.
  for (const auto& [first, restart] :
       {std::pair<step_t, step_t>{5, 11}, {10, 22}, {20, 44}, {100, 364}}) {
    INFO("first_decay_steps " << first);
    REQUIRE(cosine_decay_restarts(1.0, first, 1.2)(restart) == 1.0);
  }
  REQUIRE(cosine_decay_restarts(1.0, 10, 1.1)(21) == 1.0);
  // Constant evaluation takes the same paths.
  STATIC_REQUIRE(cosine_decay_restarts(1.0, 10, 1.1)(21) == 1.0);
  STATIC_REQUIRE(cosine_decay_restarts(1.0, 1, 2.0)(max_step) == 1.0);
}

TEST_CASE("cyclic's bounds hold where the peak rounds below 1", "[extremes][bounds]") {
  // Found by the spec fuzzer: in float, 490 * (1 / 490) is 0.99999994, and a fall over 4.6e14
  // steps still rounds to 1 one step after the peak, so the highest value is at step 491.
  const auto s =
      lrsched::cyclic(0.1f, 1.0f, 490, lrsched::cyclic_mode::triangular, 1.0f, 461168601857904);
  const auto b = s.bounds();
  for (step_t t = 480; t < 520; ++t) {
    INFO("step " << t);
    REQUIRE(s(t) <= b.upper);
    REQUIRE(s(t) >= b.lower);
  }
  REQUIRE(b.upper == s(491));
}

TEST_CASE("linear is built quickly and exact at its ends when its slope underflows",
          "[linear][regression]") {
  // Found by the API fuzzer: the nudge that makes the far end exact multiplied a slope of 0 (a
  // span far below the step count) and never grew.
  constexpr step_t huge = std::numeric_limits<step_t>::max();
  const double tiny = std::numeric_limits<double>::denorm_min();
  const float tiny_f = std::numeric_limits<float>::denorm_min();
  const lrsched::linear<double> up(0.0, tiny, huge);
  const lrsched::linear<double> down(1e-300, 0.0, huge);
  const lrsched::linear<double> near(1.0, std::nextafter(1.0, 2.0), huge);
  const lrsched::linear<float> up_f(0.0f, tiny_f, huge);
  REQUIRE(up(0) == 0.0);
  REQUIRE(up(huge) == tiny);
  REQUIRE(down(0) == 1e-300);
  REQUIRE(down(huge) == 0.0);
  REQUIRE(near(0) == 1.0);
  REQUIRE(near(huge) == std::nextafter(1.0, 2.0));
  REQUIRE(up_f(0) == 0.0f);
  REQUIRE(up_f(huge) == tiny_f);
  for (const step_t t : {step_t{1}, huge / 2, huge - 1}) {
    INFO("step " << t);
    REQUIRE(up(t) >= 0.0);
    REQUIRE(up(t) <= tiny);
    REQUIRE(down(t) >= 0.0);
    REQUIRE(down(t) <= 1e-300);
    REQUIRE(near(t) >= 1.0);
    REQUIRE(near(t) <= std::nextafter(1.0, 2.0));
    REQUIRE(up_f(t) <= tiny_f);
  }
}

// lb and ub whose width 2 (ub - lb) overflows a double: the argument is formed in long double,
// on tanh_decay's rare path (behind one flag, out of line since 2026-12-03).
TEST_CASE("tanh_decay with an lb and ub that overflow in double", "[extremes]") {
  const lrsched::tanh_decay s(0.1, 1000, 0.0, -1e308, 1e308);
  REQUIRE(s(-5) == 0.1);  // e^(2 lb) is 0: the whole span
  REQUIRE(s(0) == 0.1);
  REQUIRE(s(500) == 0.05);  // lb (1 - p) + ub p = 0 at p = 1/2: half of it
  REQUIRE(s(1000) == 0.0);
  REQUIRE(s(max_step) == 0.0);
  double previous = 0.1;
  for (step_t t = 0; t <= 1001; ++t) {
    INFO("step " << t);
    const double v = s(t);
    REQUIRE(v <= previous);
    REQUIRE(v >= 0.0);
    previous = v;
  }
  // Each side of the middle against timm's formula in long double, which does not overflow there.
  for (const step_t t : {499, 501}) {
    const long double p = static_cast<long double>(t) / 1000;
    const long double want = 0.05L * (1 - std::tanh(-1e308L * (1 - p) + 1e308L * p));
    CHECK(static_cast<long double>(s(t)) == Approx(want).epsilon(1e-12).margin(1e-300));
  }
}

TEST_CASE("sigmoid_decay on each side of the step where e^(rate x) would overflow", "[extremes]") {
  // rate 1, midpoint 0: the argument is the step, and the plain formula hands over to the tail
  // between 706 and 707 in double. With lr near the largest double both sides are far from 0.
  const lrsched::sigmoid_decay s(1e300, 0, 1.0);
  double previous = s(0);
  REQUIRE(previous == 5e299);
  for (step_t t = 1; t <= 1500; ++t) {
    INFO("step " << t);
    const double v = s(t);
    REQUIRE(v <= previous);
    REQUIRE(v >= 0.0);
    previous = v;
  }
  // Darknet's formula in long double, whose e^t does not overflow here.
  for (const step_t t : {600, 705, 706, 707, 708, 720}) {
    INFO("step " << t);
    const long double want = 1e300L / (1 + std::exp(static_cast<long double>(t)));
    CHECK(static_cast<long double>(s(t)) == Approx(want).epsilon(1e-12));
  }
  REQUIRE(s(-1) == s(0));
  REQUIRE(s(max_step) == 0.0);
  // A rate so small that no step reaches the tail: the plain formula up to INT64_MAX.
  const lrsched::sigmoid_decay slow(0.1, 0, 1e-300);
  REQUIRE(slow(max_step) == 0.05);
  REQUIRE(slow(std::numeric_limits<step_t>::min()) == 0.05);
  // The same hand-over in float and long double (each has its own cap).
  const lrsched::sigmoid_decay<float> f(1e38F, 0, 1.0F);
  const lrsched::sigmoid_decay<long double> l(1e4000L, 5, 1.0L);
  float fp = f(0);
  long double lp = l(0);
  for (step_t t = 1; t <= 12000; ++t) {
    INFO("step " << t);
    REQUIRE(f(t) <= fp);
    REQUIRE(l(t) <= lp);
    REQUIRE(std::isfinite(l(t)));
    fp = f(t);
    lp = l(t);
  }
  REQUIRE(l(11300) > 0.0L);
}
