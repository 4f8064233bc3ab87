// lr_finder: the sweep, the smoothing, the stop, and the suggestions on loss curves whose answers
// are known analytically.
#include <lrsched/train/finder.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {

// A loss against x = log10(lr): a tanh step down around x0 (steepest exactly there), then an
// exponential blow-up past x1.
struct curve {
  double x0 = -3.0, x1 = 0.5;
  [[nodiscard]] double operator()(double lr) const {
    const double x = std::log10(lr);
    return 1.5 - std::tanh(2.0 * (x - x0)) + std::exp(3.0 * (x - x1));
  }
  [[nodiscard]] double slope(double x) const {  // d loss / dx
    const double c = std::cosh(2.0 * (x - x0));
    return -2.0 / (c * c) + 3.0 * std::exp(3.0 * (x - x1));
  }
};

// The grid point nearest x, as a rate of the exponential sweep.
std::size_t nearest(const lrsched::lr_finder<double>& f, double x) {
  std::size_t best = 0;
  for (step_t i = 0; i < f.steps(); ++i) {
    if (std::abs(std::log10(f.lr(i)) - x) <
        std::abs(std::log10(f.lr(static_cast<step_t>(best))) - x)) {
      best = static_cast<std::size_t>(i);
    }
  }
  return best;
}

}  // namespace

TEST_CASE("lr_finder sweeps from min_lr to exactly max_lr", "[finder]") {
  const lrsched::lr_finder<double> f(1e-7, 10.0, 100);
  REQUIRE(f.lr(0) == 1e-7);
  REQUIRE(f.lr(99) == 10.0);
  REQUIRE_THAT(f.lr(33), Catch::Matchers::WithinRel(1e-7 * std::pow(1e8, 33.0 / 99), 1e-13));
  for (step_t i = 1; i < 100; ++i) REQUIRE(f.lr(i) > f.lr(i - 1));
  const lrsched::lr_finder<double> lin(0.001, 1.0, 11, lrsched::sweep::linear);
  REQUIRE(lin.lr(10) == 1.0);
  REQUIRE_THAT(lin.lr(5), Catch::Matchers::WithinRel(0.5005, 1e-15));
  const lrsched::lr_finder<float> single(1e-6f, 1.0f, 2);
  REQUIRE(single.lr(0) == 1e-6f);
  REQUIRE(single.lr(1) == 1.0f);
}

TEST_CASE("lr_finder suggests the analytic answers of a clean curve", "[finder]") {
  const curve loss;
  lrsched::lr_finder<double> f(1e-6, 10.0, 400, lrsched::sweep::exponential, 0.0);
  step_t stopped = -1;
  for (step_t i = 0; i < f.steps(); ++i) {
    if (f.record(loss(f.lr(i)))) {
      stopped = i;
      break;
    }
  }
  REQUIRE(f.diverged());
  // It stops at the first rate whose loss exceeds 4 times the best.
  const auto rec = f.records();
  double best = rec[0].loss;
  for (std::size_t i = 0; i + 1 < rec.size(); ++i) {
    best = std::min(best, rec[i].loss);
    REQUIRE(rec[i].loss <= 4 * best);
  }
  REQUIRE(rec.back().loss > 4 * std::min(best, rec.back().loss));
  REQUIRE(static_cast<std::size_t>(stopped) + 1 == rec.size());
  // With beta = 0 the smoothed loss is the loss.
  for (const auto& r : rec) REQUIRE(r.smoothed == r.loss);

  // Steepest: the tanh's centre x0, moved by the blow-up's slope; the grid point nearest the
  // true extremum of the slope (found by golden-section search on the analytic derivative).
  double lo = -5.0, hi = -1.0;
  for (int k = 0; k < 200; ++k) {
    const double a = lo + (hi - lo) * 0.382, b = lo + (hi - lo) * 0.618;
    (loss.slope(a) < loss.slope(b) ? hi : lo) = loss.slope(a) < loss.slope(b) ? b : a;
  }
  const auto steep = f.suggest(lrsched::suggest_method::steepest);
  REQUIRE(steep.method == lrsched::suggest_method::steepest);
  REQUIRE(static_cast<double>(steep.index) ==
          Approx(static_cast<double>(nearest(f, (lo + hi) / 2))).margin(1));
  REQUIRE(std::abs(std::log10(steep.lr) - loss.x0) < 0.05);

  // Minimum / 10: the root of the derivative past x0, by bisection.
  lo = loss.x0;
  hi = loss.x1;
  for (int k = 0; k < 200; ++k) ((loss.slope((lo + hi) / 2) < 0) ? lo : hi) = (lo + hi) / 2;
  const auto minimum = f.suggest(lrsched::suggest_method::minimum);
  REQUIRE(static_cast<double>(minimum.index) ==
          Approx(static_cast<double>(nearest(f, lo))).margin(1));
  REQUIRE(minimum.lr == f.lr(static_cast<step_t>(minimum.index)) / 10);

  // Valley: the loss falls strictly from the window's start to the minimum, so the longest
  // descending stretch is that, and fastai's rule takes the point 1/3 + 1/6 into it.
  const auto [first, last] = lrsched::detail::suggestion_window(rec.size());
  (void)last;
  // fastai counts the stretch from one before its first point: (points + 1) / 3 sections, and
  // the point `sections + sections / 2` (truncated each) after that one.
  const std::size_t points = minimum.index - first + 1;
  const auto valley = f.suggest();
  REQUIRE(valley.method == lrsched::suggest_method::valley);
  const double sections = static_cast<double>(points) / 3.0;
  REQUIRE(valley.index + 1 ==
          first + static_cast<std::size_t>(sections) + static_cast<std::size_t>(sections / 2));
  REQUIRE(valley.lr < minimum.lr * 10);
  REQUIRE(valley.lr > steep.lr / 100);
}

TEST_CASE("lr_finder smooths noise and still finds the descent", "[finder]") {
  const curve loss;
  lrsched::lr_finder<double> f(1e-6, 10.0, 300, lrsched::sweep::exponential, 0.9);
  for (step_t i = 0; i < f.steps(); ++i) {
    // +-5% deterministic noise.
    const double noise = 0.05 * std::sin(12.9898 * static_cast<double>(i) + 78.233);
    if (f.record(loss(f.lr(i)) * (1 + noise))) break;
  }
  // The bias-corrected average: the first smoothed loss is the first loss.
  REQUIRE(f.records()[0].smoothed == f.records()[0].loss);
  const auto steep = f.suggest(lrsched::suggest_method::steepest);
  // The average lags by about beta / (1 - beta) = 9 records (0.2 decades here).
  REQUIRE(std::abs(std::log10(steep.lr) - loss.x0) < 0.5);
  const auto valley = f.suggest();
  REQUIRE(valley.lr > 1e-5);
  REQUIRE(valley.lr < 1e-1);
}

TEST_CASE("lr_finder stops on a non-finite loss and checks its use", "[finder][validation]") {
  lrsched::lr_finder<double> f(1e-5, 1.0, 10);
  REQUIRE_THROWS_AS(f.suggest(), std::logic_error);
  REQUIRE_FALSE(f.record(2.0));
  REQUIRE(f.record(std::numeric_limits<double>::quiet_NaN()));
  REQUIRE(f.diverged());
  REQUIRE_THROWS_AS(f.record(1.0), std::logic_error);
  REQUIRE(f.suggest().index == 0);
  // All steps recorded: over, without diverging.
  lrsched::lr_finder<double> g(1e-5, 1.0, 3);
  REQUIRE_FALSE(g.record(1.0));
  REQUIRE_FALSE(g.record(0.9));
  REQUIRE(g.record(0.8));
  REQUIRE_FALSE(g.diverged());
  REQUIRE_THROWS_WITH(lrsched::lr_finder<double>(0.0, 1.0, 10),
                      "lr_finder: min_lr must be finite and > 0 (got 0)");
  REQUIRE_THROWS_WITH(lrsched::lr_finder<double>(1.0, 1.0, 10),
                      "lr_finder: max_lr must be finite and > min_lr (got 1)");
  REQUIRE_THROWS_WITH(lrsched::lr_finder<double>(1e-3, 1.0, 1),
                      "lr_finder: steps must be >= 2 (got 1)");
  REQUIRE_THROWS_WITH(lrsched::lr_finder<double>(1e-3, 1.0, 10, lrsched::sweep::linear, 1.0),
                      "lr_finder: beta must be in [0, 1) (got 1)");
  REQUIRE_THROWS_WITH(lrsched::lr_finder<double>(1e-3, 1.0, 10, lrsched::sweep::linear, 0.5, 1.0),
                      "lr_finder: diverge must be finite and > 1 (got 1)");
}
