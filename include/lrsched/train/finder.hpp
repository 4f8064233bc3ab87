// lrsched: lr_finder, Smith's learning-rate range test.
#pragma once

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/validate.hpp"
#include "../schedules/anneal.hpp"

namespace lrsched {

/// How the range test moves from min_lr to max_lr.
enum class sweep {
  exponential,  ///< evenly in log(lr): `min_lr * (max_lr / min_lr)^(i / (steps - 1))`
  linear,       ///< evenly in lr
};
[[nodiscard]] constexpr auto enum_names(sweep) noexcept {
  return std::to_array<detail::enum_name<sweep>>(
      {{sweep::exponential, "exponential"}, {sweep::linear, "linear"}});
}

/// How a rate is read off the recorded curve.
enum class suggest_method {
  valley,    ///< fastai's: the middle of the longest descending stretch of the smoothed loss
  steepest,  ///< where the smoothed loss falls fastest against log(lr)
  minimum,   ///< a tenth of the rate at the smoothed loss's minimum
};
[[nodiscard]] constexpr auto enum_names(suggest_method) noexcept {
  return std::to_array<detail::enum_name<suggest_method>>({{suggest_method::valley, "valley"},
                                                           {suggest_method::steepest, "steepest"},
                                                           {suggest_method::minimum, "minimum"}});
}

/// A suggested rate: the rate, the method, and the record it was read at (whose smoothed loss is
/// `loss`; for `minimum` the rate is a tenth of that record's).
template <std::floating_point T = double>
struct lr_suggestion {
  T lr;
  suggest_method method;
  std::size_t index;
  T loss;
};

/// One step of a range test: the rate, the loss, and the loss smoothed so far.
template <std::floating_point T = double>
struct finder_record {
  T lr;
  T loss;
  T smoothed;
};

namespace detail {

/// The window the suggestions read: without the first tenth of the records and the last five
/// (the ends are noisy: the start before the smoothing has settled, the end at the divergence),
/// as fastai reads its curve; all of them when that would leave fewer than three.
[[nodiscard]] inline std::pair<std::size_t, std::size_t> suggestion_window(std::size_t n) {
  const std::size_t first = n / 10, last = n >= 5 ? n - 5 : 0;
  if (last >= first + 3) return {first, last};
  return {0, n};
}

}  // namespace detail

/// The losses of a range test smoothed as lr_finder does: an exponential moving average with
/// weight `beta` on the past, divided by `1 - beta^n` (the bias correction). `0 <= beta < 1`.
template <std::floating_point T>
[[nodiscard]] std::vector<T> smoothed_losses(std::span<const T> losses, T beta) {
  detail::require(beta >= T(0) && beta < T(1), "smoothed_losses", "beta", "must be in [0, 1)",
                  beta);
  std::vector<T> out;
  out.reserve(losses.size());
  T average{}, weight = T(1);
  for (const T loss : losses) {
    average = beta * average + (T(1) - beta) * loss;
    weight *= beta;
    out.push_back(average / (T(1) - weight));
  }
  return out;
}

/// A rate read off a recorded curve: rates (increasing, > 0) and their smoothed losses, as many
/// of each, at least one. Non-finite losses (a divergence) are never suggested. This is what
/// lr_finder::suggest and `lrsched finder` use.
template <std::floating_point T>
[[nodiscard]] lr_suggestion<T> suggest_lr(std::span<const T> lrs, std::span<const T> losses,
                                          suggest_method method = suggest_method::valley) {
  if (lrs.empty() || lrs.size() != losses.size()) {
    detail::raise_error(std::invalid_argument(
        "suggest_lr: needs as many losses as rates, at least one (got " +
        std::to_string(lrs.size()) + " rates and " + std::to_string(losses.size()) + " losses)"));
  }
  detail::require_enum(method, "suggest_lr", "method");
  const auto [first, last] = detail::suggestion_window(lrs.size());
  const auto finite = [&](std::size_t i) { return std::isfinite(static_cast<double>(losses[i])); };
  std::size_t best = first;
  for (std::size_t i = first; i < last; ++i) {
    if (finite(i) && (!finite(best) || losses[i] < losses[best])) best = i;
  }
  switch (method) {
    case suggest_method::minimum:
      return {lrs[best] / T(10), method, best, losses[best]};
    case suggest_method::steepest: {
      // Central differences against log(lr) (one-sided at the window's ends).
      std::size_t at = best;
      double steepest = std::numeric_limits<double>::infinity();
      for (std::size_t i = first; i < last; ++i) {
        const std::size_t a = i > first ? i - 1 : i, b = i + 1 < last ? i + 1 : i;
        if (a == b || !finite(a) || !finite(b)) continue;
        const double dx =
            std::log(static_cast<double>(lrs[b])) - std::log(static_cast<double>(lrs[a]));
        if (!(dx > 0)) continue;
        const double g = (static_cast<double>(losses[b]) - static_cast<double>(losses[a])) / dx;
        if (g < steepest) {
          steepest = g;
          at = i;
        }
      }
      return {lrs[at], method, at, losses[at]};
    }
    default: {
      // fastai's valley: the longest strictly descending subsequence, ending where it ends, and
      // the point 1/3 + 1/6 of the way into it.
      const std::size_t n = last - first;
      std::vector<std::ptrdiff_t> length(n, 1);
      std::ptrdiff_t end = 0, start = 0;
      for (std::size_t i = 1; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (finite(first + i) && finite(first + j) && losses[first + i] < losses[first + j] &&
              length[i] < length[j] + 1) {
            length[i] = length[j] + 1;
          }
          // Inside the inner loop, as fastai has it: the start is taken when the stretch first
          // becomes the longest.
          if (length[static_cast<std::size_t>(end)] < length[i]) {
            end = static_cast<std::ptrdiff_t>(i);
            start = end - length[i];  // one before the stretch's first point, as in fastai
          }
        }
      }
      const double sections = static_cast<double>(end - start) / 3.0;
      const std::ptrdiff_t offset =
          start + static_cast<std::ptrdiff_t>(sections) + static_cast<std::ptrdiff_t>(sections / 2);
      const std::size_t at = first + static_cast<std::size_t>(offset < 0 ? 0 : offset);
      return {lrs[at], method, at, losses[at]};
    }
  }
}

/// Smith's learning-rate range test ("Cyclical Learning Rates for Training Neural Networks",
/// section 3.3; fastai's and torch-lr-finder's lr_find): train one batch per rate from `min_lr`
/// up to `max_lr` (reached exactly at the last step), record each loss, smooth it with a
/// bias-corrected moving average (`beta`), stop when the smoothed loss exceeds `diverge` times
/// the best so far (or the loss is not finite), and read a rate off the curve.
///
///     lrsched::lr_finder<double> finder(1e-7, 10.0, 100);
///     for (lrsched::step_t i = 0; i < finder.steps(); ++i) {
///       set_lr(finder.lr(i));
///       if (finder.record(train_one_batch())) break;
///     }
///     lrsched::lr_suggestion s = finder.suggest();  // valley; or suggest(method)
///
/// `0 < min_lr < max_lr` (finite), `steps >= 2`, `0 <= beta < 1`, `diverge > 1`.
template <std::floating_point T = double>
class lr_finder {
 public:
  using value_type = T;
  static constexpr std::string_view name = "lr_finder";

  lr_finder(T min_lr, T max_lr, step_count steps, lrsched::sweep sweep = sweep::exponential,
            T beta = T(0.98), T diverge = T(4))
      : steps_(steps), sweep_(sweep), beta_(beta), diverge_(diverge) {
    detail::require(detail::is_finite(min_lr) && min_lr > T(0), name, "min_lr",
                    "must be finite and > 0", min_lr);
    detail::require(detail::is_finite(max_lr) && max_lr > min_lr, name, "max_lr",
                    "must be finite and > min_lr", max_lr);
    detail::require(steps_ >= 2, name, "steps", "must be >= 2", steps_);
    detail::require_enum(sweep, name, "sweep");
    detail::require(beta >= T(0) && beta < T(1), name, "beta", "must be in [0, 1)", beta);
    detail::require(detail::is_finite(diverge) && diverge > T(1), name, "diverge",
                    "must be finite and > 1", diverge);
    ramp_ = anneal<T>(min_lr, max_lr, steps_ - 1,
                      sweep == sweep::exponential ? anneal_shape::exp : anneal_shape::linear);
  }

  /// How many rates the sweep has.
  [[nodiscard]] step_t steps() const noexcept { return steps_; }
  /// The rate of step i: min_lr at 0, max_lr at steps() - 1 (and beyond).
  [[nodiscard]] T lr(step_t i) const noexcept { return ramp_(i); }
  [[nodiscard]] T min_lr() const noexcept { return ramp_.start(); }
  [[nodiscard]] T max_lr() const noexcept { return ramp_.end(); }
  [[nodiscard]] lrsched::sweep sweep_shape() const noexcept { return sweep_; }
  [[nodiscard]] T beta() const noexcept { return beta_; }
  [[nodiscard]] T diverge() const noexcept { return diverge_; }

  /// Records the loss of the next step (trained at `lr(records().size())`). Returns true when
  /// the test is over: the loss diverged, or every step is recorded. Recording after that is an
  /// error (std::logic_error).
  bool record(T loss) {
    if (done()) {
      detail::raise_error(std::logic_error("lr_finder: the range test is over; record no more"));
    }
    const auto i = static_cast<step_t>(records_.size());
    average_ = beta_ * average_ + (T(1) - beta_) * loss;
    weight_ *= beta_;
    const T smoothed = average_ / (T(1) - weight_);
    records_.push_back({lr(i), loss, smoothed});
    if (!std::isfinite(static_cast<double>(smoothed))) {
      diverged_ = true;
    } else {
      if (!best_ || smoothed < *best_) best_ = smoothed;
      if (smoothed > diverge_ * *best_) diverged_ = true;
    }
    return done();
  }

  [[nodiscard]] bool diverged() const noexcept { return diverged_; }
  [[nodiscard]] bool done() const noexcept {
    return diverged_ || static_cast<step_t>(records_.size()) >= steps_;
  }
  [[nodiscard]] std::span<const finder_record<T>> records() const noexcept { return records_; }

  /// A rate read off the smoothed curve (valley by default). Needs at least one record.
  [[nodiscard]] lr_suggestion<T> suggest(suggest_method method = suggest_method::valley) const {
    if (records_.empty()) {
      detail::raise_error(std::logic_error("lr_finder: suggest() needs at least one record"));
    }
    std::vector<T> lrs, losses;
    for (const finder_record<T>& r : records_) {
      lrs.push_back(r.lr);
      losses.push_back(r.smoothed);
    }
    return suggest_lr<T>(lrs, losses, method);
  }

 private:
  step_t steps_;
  lrsched::sweep sweep_;
  T beta_;
  T diverge_;
  anneal<T> ramp_{T(1), T(1), 1};
  std::vector<finder_record<T>> records_;
  T average_{};
  T weight_ = T(1);  // beta^n, for the bias correction
  std::optional<T> best_;
  bool diverged_ = false;
};

}  // namespace lrsched
