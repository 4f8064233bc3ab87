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
/// `(1 + cos(pi * u / L)) / 2` written as `sin^2(pi/2 * (L - u) / L)`: the same value, but exact
/// to a few ulp up to the end of the period, where `1 + cos` loses most of its digits. `angle` is
/// `pi/2 * (L - u) / L`, computed by the caller from the exact remaining steps `L - u`.
template <std::floating_point T>
[[nodiscard]] constexpr T cosine_fraction(T angle) noexcept {
  const T s = detail::sin(angle);
  return s * s;
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
    one_minus_alpha_ = T(1) - alpha;
    half_pi_per_step_ =
        factor::from(detail::pi<long double> / 2 / static_cast<long double>(decay_steps));
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    const step_t left = s < decay_steps_ ? decay_steps_ - s : 0;  // steps to the horizon
    const T c = detail::cosine_fraction(static_cast<T>(half_pi_per_step_.times(left)));
    return lr_ * (one_minus_alpha_ * c + alpha_);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }
  /// From `lr` at step 0 down to `alpha * lr` at decay_steps.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }

 private:
  T lr_;
  step_t decay_steps_;
  T alpha_;
  using factor = detail::split_factor<detail::calc_t<T>>;
  T one_minus_alpha_{};
  factor half_pi_per_step_{};  // pi / (2 decay_steps), split so that its products are exact
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
    one_minus_alpha_ = T(1) - alpha;
    if (t_mul != T(1)) inverse_log_t_mul_ = T(1) / detail::log(t_mul);
    half_pi_per_step_ =
        factor::from(detail::pi<long double> / 2 / static_cast<long double>(first_decay_steps));
    log_m_mul_ = factor::from(detail::precise_log(m_mul));
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    step_t i = 0;
    T angle{};  // pi/2 * (steps to the next restart) / (the period's length)
    if (t_mul_ == T(1)) {
      i = s / first_decay_steps_;
      // Steps to the next restart: F - (s - i F), which cannot overflow (i F <= s).
      angle = static_cast<T>(
          half_pi_per_step_.times(first_decay_steps_ - (s - i * first_decay_steps_)));
    } else {
      const T x = detail::to_real<T>(s);
      const T f = detail::to_real<T>(first_decay_steps_);
      // An estimate from the closed form, then corrected against the period starts themselves:
      // log(...)/log(t_mul) can land just below an integer at an exact restart step.
      const T estimate = detail::log(x / f * (t_mul_ - T(1)) + T(1)) * inverse_log_t_mul_;
      i = estimate > T(0) ? static_cast<step_t>(estimate) : 0;
      T power = detail::pow(t_mul_, detail::to_real<T>(i));  // t_mul^i
      const auto start = [&](T p) { return f * (p - T(1)) / (t_mul_ - T(1)); };
      for (int n = 0; n < 64 && i > 0 && start(power) > x; ++n) --i, power /= t_mul_;
      for (int n = 0; n < 64 && start(power * t_mul_) <= x; ++n) ++i, power *= t_mul_;
      const T left = start(power * t_mul_) - x;
      const T length = f * power;
      angle = detail::pi<T> / T(2) * (left / length);
    }
    const T amplitude = static_cast<T>(log_m_mul_.exp_times(i));
    const T c = detail::cosine_fraction(angle);
    return lr_ * (one_minus_alpha_ * (amplitude * c) + alpha_);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t first_decay_steps() const noexcept { return first_decay_steps_; }
  [[nodiscard]] constexpr T t_mul() const noexcept { return t_mul_; }
  [[nodiscard]] constexpr T m_mul() const noexcept { return m_mul_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }
  /// `lr` at step 0; below, `alpha * lr`, the floor the troughs approach as the amplitude decays
  /// or the periods grow. When every period is the same (t_mul = m_mul = 1), the lowest value is
  /// the last step of the first period.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    if (t_mul_ == T(1) && m_mul_ == T(1)) return {(*this)(first_decay_steps_ - 1), lr_};
    return {lr_ * alpha_, lr_};
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;

  T lr_;
  step_t first_decay_steps_;
  T t_mul_;
  T m_mul_;
  T alpha_;
  // Precomputed: 1 - alpha, 1 / log(t_mul) (0 when t_mul is 1), log(m_mul),
  // pi / (2 first_decay_steps).
  T one_minus_alpha_{};
  T inverse_log_t_mul_{};
  factor log_m_mul_{};
  factor half_pi_per_step_{};
};

template <std::floating_point T, class... R>
cosine_decay_restarts(T, R...) -> cosine_decay_restarts<T>;

}  // namespace lrsched
