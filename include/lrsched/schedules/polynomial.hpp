// lrsched: polynomial_decay and linear.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// `(lr - end_lr) * (1 - u/D)^power + end_lr` (TensorFlow's polynomial_decay; PyTorch's
/// PolynomialLR is `end_lr = 0`). Without `cycle`, `u = min(t, decay_steps)`, `D = decay_steps`.
/// With `cycle`, `u = t` and `D` is the first multiple of `decay_steps` that is >= t (at least
/// `decay_steps`): the horizon stretches, the value does not restart at `lr`. `power > 0`.
template <std::floating_point T = double>
class polynomial_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "polynomial_decay";

  constexpr polynomial_decay(T lr, step_count decay_steps, T end_lr = T(0.0001), T power = T(1),
                             bool cycle = false)
      : lr_(detail::no_minus_zero(lr)),
        decay_steps_(decay_steps),
        end_lr_(detail::no_minus_zero(end_lr)),
        power_(power),
        cycle_(cycle) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(decay_steps, name, "decay_steps");
    detail::require_rate(end_lr, name, "end_lr");
    detail::require(detail::is_finite(power) && power > T(0), name, "power",
                    "must be finite and > 0", power);
    inverse_steps_ = factor::from(1.0L / static_cast<long double>(decay_steps));
    for (int k = 1; k <= 4; ++k) {
      if (power == T(k)) whole_power_ = k;
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    // Kept between lr and end_lr, which rounding can leave by an ulp when end_lr > lr.
    return detail::between((lr_ - end_lr_) * raise(remaining(detail::clamp_step(t))) + end_lr_, lr_,
                           end_lr_);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T end_lr() const noexcept { return end_lr_; }
  [[nodiscard]] constexpr T power() const noexcept { return power_; }
  [[nodiscard]] constexpr bool cycle() const noexcept { return cycle_; }
  /// Between `lr` (step 0) and `end_lr` (step decay_steps), in either order.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return {lr_ < end_lr_ ? lr_ : end_lr_, lr_ < end_lr_ ? end_lr_ : lr_};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == end_lr_, cycle_ ? std::nullopt : std::optional(decay_steps_));
  }

  static constexpr auto description() {
    return detail::describe<polynomial_decay>(
        {.name = name,
         .example = "polynomial_decay(0.1, 1000, 0.001, 2)",
         .formula = "`(lr - end_lr) * (1 - u/D)^power + end_lr`; `u = min(t, D)`, `D = "
                    "decay_steps`; with `cycle`, `u = t` and `D` is the next multiple of "
                    "`decay_steps`",
         .frameworks = {{{"PyTorch", "PolynomialLR", "end_lr=0, decay_steps=total_iters"},
                         {"Keras", "PolynomialDecay"},
                         {"Optax", "polynomial_schedule"},
                         {"HF", "get_polynomial_decay_schedule_with_warmup"}}}},
        detail::param("lr", &polynomial_decay::lr, detail::required, "finite and >= 0"),
        detail::param("decay_steps", &polynomial_decay::decay_steps, detail::required, ">= 1",
                      "PyTorch total_iters"),
        detail::param("end_lr", &polynomial_decay::end_lr, T(0.0001), "finite and >= 0"),
        detail::param("power", &polynomial_decay::power, T(1), "finite and > 0"),
        detail::param("cycle", &polynomial_decay::cycle, false,
                      "true: stretch the horizon to the next multiple of decay_steps"));
  }

 private:
  // r^power: whole powers up to 4 by multiplication (as exact as pow), others by pow.
  // Compares, not a switch: a jump table's indirect jump costs more per call than two predicted
  // branches (measured), and 1 and 2 are the powers in use (TF's and PyTorch's default 1, 2 in
  // the polynomial warmups).
  [[nodiscard]] constexpr T raise(T r) const noexcept {
    if (whole_power_ == 1) return r;
    if (whole_power_ == 2) return r * r;
    if (whole_power_ == 3) return r * r * r;
    if (whole_power_ == 4) return (r * r) * (r * r);
    return detail::pow(r, power_);
  }

  // 1 - u/D, computed as (D - u) / D with D - u in integers, which cannot overflow.
  [[nodiscard]] constexpr T remaining(step_t s) const noexcept {
    if (!cycle_) {
      const step_t u = s < decay_steps_ ? s : decay_steps_;
      return static_cast<T>(inverse_steps_.times(decay_steps_ - u));
    }
    const step_t r = s % decay_steps_;
    if (s == 0) return T(1);
    if (r == 0) return T(0);                // t is a multiple of decay_steps: D = t
    const step_t k = s / decay_steps_ + 1;  // D = k * decay_steps
    return detail::to_real<T>(decay_steps_ - r) /
           (detail::to_real<T>(decay_steps_) * detail::to_real<T>(k));
  }

  T lr_;
  step_t decay_steps_;
  T end_lr_;
  T power_;
  bool cycle_;
  using factor = detail::split_factor<detail::calc_t<T>>;
  int whole_power_ = 0;     // power when it is 1, 2, 3 or 4; else 0
  factor inverse_steps_{};  // 1 / decay_steps, split so that its products are exact
};

template <std::floating_point T, class... R>
polynomial_decay(T, R...) -> polynomial_decay<T>;

/// `start + (end - start) * min(t, steps) / steps` (Optax's linear_schedule; PyTorch's LinearLR
/// with `start = base_lr * start_factor`). `steps >= 1`.
template <std::floating_point T = double>
class linear {
 public:
  using value_type = T;
  static constexpr std::string_view name = "linear";

  constexpr linear(T start, T end, step_count steps)
      : start_(detail::no_minus_zero(start)), end_(detail::no_minus_zero(end)), steps_(steps) {
    detail::require_rate(start, name, "start");
    detail::require_rate(end, name, "end");
    detail::require_steps(steps, name, "steps");
    inverse_steps_ = static_cast<calc>(1.0L / static_cast<long double>(steps));
  }

  // From the smaller end with the exact count of steps from it (detail::line): right and
  // monotone also past the value type's exact integers, where start + slope * t cancels.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    if (s >= steps_) return end_;  // exactly `end` from the horizon on
    if (s == 0) return start_;
    return detail::line(start_, end_, s, steps_, inverse_steps_);
  }

  [[nodiscard]] constexpr T start() const noexcept { return start_; }
  [[nodiscard]] constexpr T end() const noexcept { return end_; }
  [[nodiscard]] constexpr step_t steps() const noexcept { return steps_; }
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return {start_ < end_ ? start_ : end_, start_ < end_ ? end_ : start_};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(start_ == end_, steps_);
  }

  static constexpr auto description() {
    return detail::describe<linear>(
        {.name = name,
         .example = "linear(0.001, 0.1, 500)",
         .formula = "`start + (end - start) * min(t, steps) / steps`",
         .frameworks = {{{"PyTorch", "LinearLR",
                          "start = lr * start_factor, end = lr * end_factor, steps = total_iters"},
                         {"Optax", "linear_schedule"}}}},
        detail::param("start", &linear::start, detail::required, "finite and >= 0",
                      "PyTorch start_factor, Optax init_value"),
        detail::param("end", &linear::end, detail::required, "finite and >= 0",
                      "PyTorch end_factor, Optax end_value"),
        detail::param("steps", &linear::steps, detail::required, ">= 1",
                      "PyTorch total_iters, Optax transition_steps"));
  }

 private:
  using calc = detail::calc_t<T>;
  T start_;
  T end_;
  step_t steps_;
  calc inverse_steps_{};  // 1 / steps
};

template <std::floating_point T, class... R>
linear(T, R...) -> linear<T>;

}  // namespace lrsched
