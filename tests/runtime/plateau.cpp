// reduce_on_plateau: PyTorch's ReduceLROnPlateau value for value over a constant schedule, any
// other schedule scaled alike, and a saved state that resumes bit for bit.
#include <lrsched/runtime/any_schedule.hpp>
#include <lrsched/train/plateau.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace lrsched_test {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace lrsched_test

namespace {

void check_plateau(double lr, const lrsched::plateau_options<double>& options,
                   std::span<const double> metrics, std::span<const double> lrs) {
  lrsched::reduce_on_plateau plateau{lrsched::constant(lr), options};
  REQUIRE(plateau(0) == lr);
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    INFO("evaluation " << k << ", metric " << metrics[k]);
    plateau.step(metrics[k]);
    // Bit for bit: the same recurrence on the same doubles as PyTorch's param group.
    REQUIRE(plateau(static_cast<step_t>(k)) == lrs[k]);
    REQUIRE(plateau.level() == lrs[k]);
  }
}

}  // namespace

#define LRSCHED_PLATEAU_CASE(id, source, lr, options, data)                     \
  TEST_CASE(id, "[golden][torch][plateau]") {                                   \
    INFO(source);                                                               \
    static_assert(std::size(data::metrics) == std::size(data::lrs));            \
    check_plateau(lr, options, std::span(data::metrics), std::span(data::lrs)); \
  }
#include "golden/plateau_golden.inc"
#undef LRSCHED_PLATEAU_CASE

TEST_CASE("the golden cases reduce, reach min_lr, and stop at eps", "[plateau]") {
  // The data must exercise what it is for: several reductions, the floor, the eps stop.
  REQUIRE(plateau_01::lrs[std::size(plateau_01::lrs) - 1] < 0.1);
  REQUIRE(plateau_08::lrs[std::size(plateau_08::lrs) - 1] == 0.00123);
  const double last = plateau_07::lrs[std::size(plateau_07::lrs) - 1];
  REQUIRE(last > 0.004);  // the next halving would lower it by less than eps = 0.004
  REQUIRE(last <= 0.008);
}

TEST_CASE("reduce_on_plateau scales warmup into cosine at every step", "[plateau]") {
  const auto schedule = lrsched::cosine_decay(0.1, 10'000) | lrsched::with_warmup(500);
  lrsched::plateau_options<double> opt{.mode = lrsched::plateau_mode::min,
                                       .factor = 0.5,
                                       .patience = 3,
                                       .threshold = 1e-4,
                                       .threshold_mode = lrsched::threshold_mode::rel,
                                       .cooldown = 1,
                                       .min_lr = 1e-4,
                                       .eps = 1e-8};
  lrsched::reduce_on_plateau plateau(schedule, opt);
  REQUIRE(plateau(0) == 0.0);  // the warmup still starts at its start
  REQUIRE(plateau(500) == 0.1);
  REQUIRE(plateau(250) == schedule(250));
  REQUIRE_FALSE(plateau.step(1.0));
  for (int k = 0; k < 3; ++k) REQUIRE_FALSE(plateau.step(1.0));
  REQUIRE(plateau.step(1.0));  // the fourth bad evaluation in a row
  REQUIRE(plateau.level() == 0.05);
  REQUIRE(plateau.scale() == 0.5);
  REQUIRE(plateau(500) == 0.05);
  for (const step_t t : {1, 250, 499, 2'000, 10'499}) REQUIRE(plateau(t) == schedule(t) * 0.5);
  // min_lr is read at the peak: the level never drops below 1e-4.
  for (int k = 0; k < 200; ++k) plateau.step(1.0);
  REQUIRE(plateau.level() == 1e-4);
  REQUIRE(plateau(500) == 1e-4);
  REQUIRE(plateau(250) == schedule(250) * (1e-4 / 0.1));
}

TEST_CASE("reduce_on_plateau over any_schedule: held in optional, copied, equal to the static type",
          "[plateau]") {
  // A reduce_on_plateau<any_schedule> once failed to compile: its one-argument constructor made
  // asking whether it is copyable ask whether any_schedule can hold it.
  const auto static_base = lrsched::cosine_decay(0.1, 1'000) | lrsched::with_warmup(100);
  const lrsched::plateau_options<double> opt{.factor = 0.5, .patience = 2};
  lrsched::reduce_on_plateau expected(static_base, opt);
  std::optional<lrsched::reduce_on_plateau<lrsched::any_schedule<double>>> held;
  held.emplace(lrsched::any_schedule<double>(static_base), opt);
  lrsched::reduce_on_plateau deduced{lrsched::any_schedule<double>(static_base)};
  static_assert(
      std::is_same_v<decltype(deduced), lrsched::reduce_on_plateau<lrsched::any_schedule<double>>>);
  lrsched::reduce_on_plateau<lrsched::any_schedule<float>> in_float(
      lrsched::any_schedule<float>(lrsched::constant(0.5f)), opt);  // options converted
  CHECK(in_float(0) == 0.5f);
  int reductions = 0;
  for (step_t t = 0; t < 1'100; ++t) {
    REQUIRE((*held)(t) == expected(t));
    if (t % 50 == 49) {
      const double metric = 1.0 / static_cast<double>(1 + t / 400);  // falls twice, else flat
      const bool reduced = expected.step(metric);
      REQUIRE(held->step(metric) == reduced);
      reductions += reduced ? 1 : 0;
    }
  }
  CHECK(reductions >= 4);
  const auto copy = *held;
  CHECK(copy(1'050) == expected(1'050));
  CHECK(copy.save() == expected.save());
}

TEST_CASE("reduce_on_plateau resumes from its saved text bit for bit", "[plateau]") {
  const auto schedule = lrsched::cosine_decay(0.1, 10'000) | lrsched::with_warmup(500);
  const lrsched::plateau_options<double> opt{
      .factor = 0.3, .patience = 2, .threshold = 0.01, .cooldown = 2, .min_lr = 1e-5};
  const std::vector<double> metrics = [] {
    std::vector<double> m;
    double v = 1.0;
    for (int k = 0; k < 200; ++k) {
      v *= (k / 7) % 3 == 0 ? 0.97 : 1.0 + 1e-3 * ((k * 37) % 5 - 2);
      m.push_back(v);
    }
    return m;
  }();
  lrsched::reduce_on_plateau straight(schedule, opt);
  for (std::size_t cut : {0u, 1u, 37u, 38u, 61u, 150u}) {
    INFO("saved after " << cut << " evaluations");
    lrsched::reduce_on_plateau first(schedule, opt);
    for (std::size_t k = 0; k < cut; ++k) first.step(metrics[k]);
    const std::string saved = first.save();
    auto resumed = decltype(first)::restore(schedule, saved);
    REQUIRE(resumed.save() == saved);
    for (std::size_t k = cut; k < metrics.size(); ++k) {
      const bool a = first.step(metrics[k]);
      const bool b = resumed.step(metrics[k]);
      REQUIRE(a == b);
      for (const step_t t : {step_t{0}, step_t{250}, static_cast<step_t>(500 + 40 * k)}) {
        REQUIRE(first(t) == resumed(t));
      }
      REQUIRE(first.best() == resumed.best());
    }
    REQUIRE(first.save() == resumed.save());
  }
  // Mid-plateau: the counters are part of the state.
  lrsched::reduce_on_plateau mid{lrsched::constant(0.1),
                                 lrsched::plateau_options<double>{.patience = 5}};
  mid.step(1.0);
  mid.step(1.0);
  mid.step(1.0);
  REQUIRE(mid.bad_evaluations() == 2);
  auto back = decltype(mid)::restore(lrsched::constant(0.1), mid.save());
  REQUIRE(back.bad_evaluations() == 2);
  for (int k = 0; k < 3; ++k) REQUIRE_FALSE(back.step(1.0));
  REQUIRE(back.step(1.0));
  REQUIRE(back.level() == 0.1 * 0.1);
}

TEST_CASE("reduce_on_plateau rejects bad options and bad saved text", "[plateau][validation]") {
  const auto c = lrsched::constant(0.1);
  using opts = lrsched::plateau_options<double>;
  REQUIRE_THROWS_WITH(lrsched::reduce_on_plateau(c, opts{.factor = 1.0}),
                      "reduce_on_plateau: factor must be in (0, 1) (got 1)");
  REQUIRE_THROWS_WITH(lrsched::reduce_on_plateau(c, opts{.patience = -1}),
                      "reduce_on_plateau: patience must be >= 0 (got -1)");
  REQUIRE_THROWS_WITH(lrsched::reduce_on_plateau(c, opts{.threshold = -1e-3}),
                      "reduce_on_plateau: threshold must be finite and >= 0 (got -0.001)");
  REQUIRE_THROWS_WITH(lrsched::reduce_on_plateau(c, opts{.cooldown = -2}),
                      "reduce_on_plateau: cooldown must be >= 0 (got -2)");
  REQUIRE_THROWS_WITH(
      lrsched::reduce_on_plateau(c, opts{.min_lr = std::numeric_limits<double>::infinity()}),
      "reduce_on_plateau: min_lr must be finite and >= 0 (got inf)");
  REQUIRE_THROWS_WITH(lrsched::reduce_on_plateau(c, opts{.eps = -1.0}),
                      "reduce_on_plateau: eps must be finite and >= 0 (got -1)");
  REQUIRE_THROWS_WITH(
      lrsched::reduce_on_plateau(c, opts{.mode = static_cast<lrsched::plateau_mode>(5)}),
      "reduce_on_plateau: mode must be min or max (got 5)");
  using P = lrsched::reduce_on_plateau<lrsched::constant<double>>;
  const std::string good = P(c).save();
  REQUIRE_THROWS_WITH(P::restore(c, "hello"),
                      "reduce_on_plateau::restore: the text does not start with "
                      "'lrsched.reduce_on_plateau/1'");
  REQUIRE_THROWS_WITH(P::restore(lrsched::constant(0.2), good),
                      Catch::Matchers::Contains("the schedule's peak is 0.2, the saved one 0.1"));
  std::string bad_mode = good;
  bad_mode.replace(bad_mode.find("mode=min"), 8, "mode=mid");
  REQUIRE_THROWS_WITH(P::restore(c, bad_mode),
                      "reduce_on_plateau::restore: mode must be min or max, not 'mid'");
  REQUIRE_THROWS_WITH(P::restore(c, good.substr(0, good.find(" level="))),
                      "reduce_on_plateau::restore: expected 'level=...', found ''");
  REQUIRE_THROWS_WITH(P::restore(c, good + " more"),
                      "reduce_on_plateau::restore: unexpected text after 'reductions'");
  // States step() never reaches: more bad evaluations than the patience, a level above the peak.
  std::string bad_count = good;
  bad_count.replace(bad_count.find(" bad=0"), 6, " bad=11");
  REQUIRE_THROWS_WITH(
      P::restore(c, bad_count),
      "reduce_on_plateau::restore: the saved state is not one a controller reaches");
  std::string high = good;
  high.replace(high.find(" level=0.1"), 10, " level=0.2");
  REQUIRE_THROWS_WITH(
      P::restore(c, high),
      "reduce_on_plateau::restore: the saved state is not one a controller reaches");
  // A float schedule takes double options.
  lrsched::reduce_on_plateau f{lrsched::constant(0.5f), opts{.factor = 0.5, .patience = 0}};
  f.step(1.0f);
  f.step(1.0f);
  REQUIRE(f(0) == 0.25f);
}
