// lrsched: polynomial_decay and linear.
#pragma once

#include <concepts>
#include <string_view>

#include "../concepts.hpp"
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

  constexpr polynomial_decay(T lr, step_t decay_steps, T end_lr = T(0.0001), T power = T(1),
                             bool cycle = false)
      : lr_(lr), decay_steps_(decay_steps), end_lr_(end_lr), power_(power), cycle_(cycle) {
    detail::require_rate(lr, "polynomial_decay", "lr");
    detail::require_steps(decay_steps, "polynomial_decay", "decay_steps");
    detail::require_rate(end_lr, "polynomial_decay", "end_lr");
    detail::require(detail::is_finite(power) && power > T(0), "polynomial_decay", "power",
                    "must be finite and > 0", power);
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    return (lr_ - end_lr_) * detail::pow(remaining(detail::clamp_step(t)), power_) + end_lr_;
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T end_lr() const noexcept { return end_lr_; }
  [[nodiscard]] constexpr T power() const noexcept { return power_; }
  [[nodiscard]] constexpr bool cycle() const noexcept { return cycle_; }

 private:
  // 1 - u/D, computed as (D - u) / D in integers where it can be, which cannot overflow.
  [[nodiscard]] constexpr T remaining(step_t s) const noexcept {
    if (!cycle_) {
      const step_t u = s < decay_steps_ ? s : decay_steps_;
      return detail::to_real<T>(decay_steps_ - u) / detail::to_real<T>(decay_steps_);
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

  constexpr linear(T start, T end, step_t steps) : start_(start), end_(end), steps_(steps) {
    detail::require_rate(start, "linear", "start");
    detail::require_rate(end, "linear", "end");
    detail::require_steps(steps, "linear", "steps");
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    const step_t u = s < steps_ ? s : steps_;
    return start_ + (end_ - start_) * detail::to_real<T>(u) / detail::to_real<T>(steps_);
  }

  [[nodiscard]] constexpr T start() const noexcept { return start_; }
  [[nodiscard]] constexpr T end() const noexcept { return end_; }
  [[nodiscard]] constexpr step_t steps() const noexcept { return steps_; }

 private:
  T start_;
  T end_;
  step_t steps_;
};

template <std::floating_point T, class... R>
linear(T, R...) -> linear<T>;

}  // namespace lrsched
