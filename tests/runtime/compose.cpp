// Composition: with_warmup, sequence, scaled, clamped, product, from_function, pipes.
#include <cmath>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "catch.hpp"
#include "support.hpp"

using Catch::Matchers::WithinRel;
using lrsched::step_t;

namespace {

constexpr bool check_warmup_shapes() {
  constexpr auto base = lrsched::constant(0.8);
  constexpr auto lin = base | lrsched::with_warmup(4, 0.0);
  constexpr auto expo = base | lrsched::with_warmup(3, 0.1, lrsched::warmup_shape::exponential);
  constexpr auto flat = base | lrsched::with_warmup(2, 0.05, lrsched::warmup_shape::constant);
  constexpr auto none = base | lrsched::with_warmup(0);
  return lin(0) == 0.0 && lin(1) == 0.2 && lin(2) == 0.4 && lin(4) == 0.8 && expo(0) == 0.1 &&
         lrsched_test::close(expo(1), 0.2, 1e-15) && lrsched_test::close(expo(2), 0.4, 1e-15) &&
         expo(3) == 0.8 && flat(0) == 0.05 && flat(1) == 0.05 && flat(2) == 0.8 && none(0) == 0.8;
}

constexpr bool check_warmup_delays_the_schedule() {
  constexpr auto decay = lrsched::step_decay(1.0, 10, 0.5);
  constexpr auto w = decay | lrsched::with_warmup(5);
  for (step_t t = 0; t < 100; ++t) {
    if (w(t + 5) != decay(t)) return false;
  }
  return true;
}

constexpr bool check_sequence_handover() {
  constexpr auto s = lrsched::sequence(lrsched::constant(1.0), 10, lrsched::linear(0.5, 0.0, 4), 20,
                                       lrsched::step_decay(0.25, 1, 0.5));
  // Each piece counts its own steps from 0 at its boundary.
  return s(0) == 1.0 && s(9) == 1.0 && s(10) == 0.5 && s(12) == 0.25 && s(14) == 0.0 &&
         s(19) == 0.0 && s(20) == 0.25 && s(21) == 0.125 && s.boundaries()[1] == 20 &&
         s.piece<1>().steps() == 4;
}

constexpr bool check_scaled_clamped_product() {
  constexpr auto base = lrsched::linear(0.0, 1.0, 10);
  constexpr auto sc = base | lrsched::scaled(0.5);
  constexpr auto cl = base | lrsched::clamped(0.25, 0.75);
  constexpr auto lo = base | lrsched::clamped(0.5);
  constexpr auto pr = lrsched::product(base, lrsched::constant(4.0));
  return sc(10) == 0.5 && sc(5) == 0.25 && cl(0) == 0.25 && cl(5) == 0.5 && cl(10) == 0.75 &&
         lo(0) == 0.5 && lo(10) == 1.0 && !lo.has_upper() && cl.has_upper() && pr(5) == 2.0 &&
         cl.lower() == 0.25 && cl.upper() == 0.75 && sc.factor() == 0.5;
}

}  // namespace

TEST_CASE("with_warmup ramps to the schedule's first value", "[with_warmup]") {
  STATIC_REQUIRE(check_warmup_shapes());
  REQUIRE(check_warmup_shapes());
  STATIC_REQUIRE(check_warmup_delays_the_schedule());
  REQUIRE(check_warmup_delays_the_schedule());
}

TEST_CASE("the README schedule is warmup into cosine", "[with_warmup]") {
  constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  STATIC_REQUIRE(lr(500) == 0.1);
  STATIC_REQUIRE(lr(250) == 0.05);
  REQUIRE(lr(500) == 0.1);
  REQUIRE_THAT(lr(10'500), WithinRel(0.001, 1e-12));
}

TEST_CASE("pipe and call forms are the same", "[compose]") {
  constexpr auto base = lrsched::cosine_decay(0.1, 100);
  constexpr auto a = base | lrsched::with_warmup(10, 0.01);
  constexpr auto b = lrsched::with_warmup(base, 10, 0.01);
  constexpr auto c = lrsched::with_warmup(10, 0.01)(base);
  STATIC_REQUIRE(std::is_same_v<decltype(a), decltype(b)>);
  STATIC_REQUIRE(std::is_same_v<decltype(a), decltype(c)>);
  for (step_t t = 0; t < 120; ++t) {
    REQUIRE(a(t) == b(t));
    REQUIRE(a(t) == c(t));
  }
  constexpr auto d = base | lrsched::scaled(2.0) | lrsched::clamped(0.0, 0.15);
  constexpr auto e = lrsched::clamped(lrsched::scaled(base, 2.0), 0.0, 0.15);
  for (step_t t = 0; t < 120; ++t) REQUIRE(d(t) == e(t));
}

TEST_CASE("sequence hands over at its boundaries", "[sequence]") {
  STATIC_REQUIRE(check_sequence_handover());
  REQUIRE(check_sequence_handover());
}

TEST_CASE("scaled and clamped and product", "[scaled][clamped][product]") {
  STATIC_REQUIRE(check_scaled_clamped_product());
  REQUIRE(check_scaled_clamped_product());
}

TEST_CASE("composites take the common value type", "[compose]") {
  constexpr auto f = lrsched::constant(0.5f);
  constexpr auto d = lrsched::constant(0.25);
  constexpr auto seq = lrsched::sequence(f, 10, d);
  constexpr auto prod = lrsched::product(f, d);
  STATIC_REQUIRE(std::is_same_v<decltype(seq)::value_type, double>);
  STATIC_REQUIRE(std::is_same_v<decltype(prod)::value_type, double>);
  STATIC_REQUIRE(std::is_same_v<decltype(f | lrsched::with_warmup(5, 0.1))::value_type, float>);
  STATIC_REQUIRE((f | lrsched::with_warmup(2, 0.25))(1) == 0.375f);
  STATIC_REQUIRE(seq(0) == 0.5 && seq(10) == 0.25 && prod(3) == 0.125);
}

TEST_CASE("from_function makes a user formula a schedule", "[from_function]") {
  constexpr auto harmonic =
      lrsched::from_function([](step_t t) { return 1.0 / static_cast<double>(t + 1); });
  STATIC_REQUIRE(lrsched::schedule<decltype(harmonic)>);
  STATIC_REQUIRE(harmonic(3) == 0.25);
  STATIC_REQUIRE(harmonic(-5) == 1.0);  // negative steps reach the function as 0
  constexpr auto warmed = harmonic | lrsched::with_warmup(4);
  STATIC_REQUIRE(warmed(2) == 0.5);
  STATIC_REQUIRE(warmed(5) == 0.5);
  // Anything callable, also at run time only.
  double scale = 3.0;
  const auto captured =
      lrsched::from_function([scale](step_t t) { return scale / static_cast<double>(t + 1); });
  REQUIRE(captured(2) == 1.0);
  const auto erased =
      lrsched::from_function(std::function<float(step_t)>([](step_t) { return 0.5f; }));
  REQUIRE(erased(10) == 0.5f);
  REQUIRE(lrsched::product(captured, lrsched::constant(2.0))(2) == 2.0);
}

TEST_CASE("a user-written schedule type composes", "[compose]") {
  struct halving {
    using value_type = double;
    constexpr double operator()(step_t t) const noexcept {
      double v = 1.0;
      for (step_t i = 0; i < t && i < 60; ++i) v /= 2;
      return v;
    }
  };
  STATIC_REQUIRE(lrsched::schedule<halving>);
  constexpr auto s =
      lrsched::sequence(halving{}, 3, lrsched::constant(0.01)) | lrsched::scaled(2.0);
  STATIC_REQUIRE(s(2) == 0.5 && s(3) == 0.02);
}
