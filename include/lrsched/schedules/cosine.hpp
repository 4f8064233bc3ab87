// lrsched: cosine_decay and cosine_decay_restarts.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {
/// `(1 - alpha) * amplitude * (1 + cos(pi * fraction)) / 2 + alpha`, the cosine multiplier.
template <std::floating_point T>
[[nodiscard]] constexpr T cosine_multiplier(T fraction, T alpha, T amplitude) noexcept {
  return (T(1) - alpha) * amplitude * (T(1) + detail::cos(pi<T> * fraction)) / T(2) + alpha;
}
}  // namespace detail

/// `lr * ((1 - alpha) * (1 + cos(pi * u / decay_steps)) / 2 + alpha)`, `u = min(t, decay_steps)`
/// (TensorFlow's cosine_decay; PyTorch's CosineAnnealingLR with `eta_min = alpha * lr` up to
/// `T_max`). Holds `alpha * lr` after the horizon. `decay_steps >= 1`, `0 <= alpha <= 1`.
template <std::floating_point T = double>
class cosine_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "cosine_decay";

  constexpr cosine_decay(T lr, step_t decay_steps, T alpha = T(0))
      : lr_(lr), decay_steps_(decay_steps), alpha_(alpha) {
    detail::require_rate(lr, "cosine_decay", "lr");
    detail::require_steps(decay_steps, "cosine_decay", "decay_steps");
    detail::require(alpha >= T(0) && alpha <= T(1), "cosine_decay", "alpha", "must be in [0, 1]",
                    alpha);
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    const step_t u = s < decay_steps_ ? s : decay_steps_;
    const T fraction = detail::to_real<T>(u) / detail::to_real<T>(decay_steps_);
    return lr_ * detail::cosine_multiplier(fraction, alpha_, T(1));
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }

 private:
  T lr_;
  step_t decay_steps_;
  T alpha_;
};

template <std::floating_point T, class... R>
cosine_decay(T, R...) -> cosine_decay<T>;

/// Cosine decay with warm restarts (SGDR; TensorFlow's cosine_decay_restarts, PyTorch's
/// CosineAnnealingWarmRestarts). Period `i` starts at `S_i = F (t_mul^i - 1) / (t_mul - 1)`
/// (`F i` when `t_mul = 1`) and lasts `F t_mul^i`, `F = first_decay_steps`; within it the value is
/// `lr * ((1 - alpha) * m_mul^i * (1 + cos(pi * u / L_i)) / 2 + alpha)`, `u = t - S_i`.
/// The period is found exactly, by comparison against `S_i`: a restart step always starts the new
/// period. `t_mul >= 1`, `0 < m_mul <= 1`, `0 <= alpha <= 1`.
template <std::floating_point T = double>
class cosine_decay_restarts {
 public:
  using value_type = T;
  static constexpr std::string_view name = "cosine_decay_restarts";

  constexpr cosine_decay_restarts(T lr, step_t first_decay_steps, T t_mul = T(2), T m_mul = T(1),
                                  T alpha = T(0))
      : lr_(lr),
        first_decay_steps_(first_decay_steps),
        t_mul_(t_mul),
        m_mul_(m_mul),
        alpha_(alpha) {
    detail::require_rate(lr, "cosine_decay_restarts", "lr");
    detail::require_steps(first_decay_steps, "cosine_decay_restarts", "first_decay_steps");
    detail::require(detail::is_finite(t_mul) && t_mul >= T(1), "cosine_decay_restarts", "t_mul",
                    "must be finite and >= 1", t_mul);
    detail::require_factor(m_mul, "cosine_decay_restarts", "m_mul");
    detail::require(alpha >= T(0) && alpha <= T(1), "cosine_decay_restarts", "alpha",
                    "must be in [0, 1]", alpha);
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    step_t i = 0;
    T u{};
    T length{};
    if (t_mul_ == T(1)) {
      i = s / first_decay_steps_;
      u = detail::to_real<T>(s - i * first_decay_steps_);
      length = detail::to_real<T>(first_decay_steps_);
    } else {
      const T x = detail::to_real<T>(s);
      // An estimate from the closed form, then corrected against the period starts themselves:
      // log(...)/log(t_mul) can land just below an integer at an exact restart step.
      const T ratio = x / detail::to_real<T>(first_decay_steps_) * (t_mul_ - T(1)) + T(1);
      const T estimate = detail::log(ratio) / detail::log(t_mul_);
      i = estimate > T(0) ? static_cast<step_t>(estimate) : 0;
      for (int n = 0; n < 64 && i > 0 && period_start(i) > x; ++n) --i;
      for (int n = 0; n < 64 && period_start(i + 1) <= x; ++n) ++i;
      u = x - period_start(i);
      length = detail::to_real<T>(first_decay_steps_) * detail::pow(t_mul_, detail::to_real<T>(i));
    }
    const T amplitude = detail::pow(m_mul_, detail::to_real<T>(i));
    return lr_ * detail::cosine_multiplier(u / length, alpha_, amplitude);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t first_decay_steps() const noexcept { return first_decay_steps_; }
  [[nodiscard]] constexpr T t_mul() const noexcept { return t_mul_; }
  [[nodiscard]] constexpr T m_mul() const noexcept { return m_mul_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }

 private:
  // S_i for t_mul > 1.
  [[nodiscard]] constexpr T period_start(step_t i) const noexcept {
    return detail::to_real<T>(first_decay_steps_) *
           (detail::pow(t_mul_, detail::to_real<T>(i)) - T(1)) / (t_mul_ - T(1));
  }

  T lr_;
  step_t first_decay_steps_;
  T t_mul_;
  T m_mul_;
  T alpha_;
};

template <std::floating_point T, class... R>
cosine_decay_restarts(T, R...) -> cosine_decay_restarts<T>;

}  // namespace lrsched
