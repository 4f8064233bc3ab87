// lrsched: exponential_decay, inverse_time_decay, natural_exp_decay, inverse_sqrt.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {

/// The parameters shared by TF's three step-based decays, and their progress
/// `p = t / decay_steps` (real, or `floor(t / decay_steps)` in integers with `staircase`).
template <std::floating_point T>
class decay_base {
 public:
  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T decay_rate() const noexcept { return decay_rate_; }
  [[nodiscard]] constexpr bool staircase() const noexcept { return staircase_; }

 protected:
  constexpr decay_base(std::string_view name, T lr, step_t decay_steps, T decay_rate,
                       bool staircase)
      : lr_(detail::no_minus_zero(lr)),
        decay_steps_(decay_steps),
        decay_rate_(detail::no_minus_zero(decay_rate)),
        staircase_(staircase) {
    require_rate(lr, name, "lr");
    require_steps(decay_steps, name, "decay_steps");
  }

  /// What the decay counts: steps, or whole decay periods with `staircase`. Its factor is given
  /// per step (`k / decay_steps`) or per period (`k`) to match.
  [[nodiscard]] constexpr step_t count(step_t t) const noexcept {
    const step_t s = clamp_step(t);
    return staircase_ ? s / decay_steps_ : s;
  }
  [[nodiscard]] constexpr long double per_count(long double k) const noexcept {
    return staircase_ ? k : k / static_cast<long double>(decay_steps_);
  }

  /// The four parameters, described once for the three decays; `rate_rule` is decay_rate's.
  template <class Owner>
  static constexpr auto describe_decay(detail::entry_text text, std::string_view rate_rule) {
    return detail::describe<Owner>(
        text, detail::param("lr", &Owner::lr, required, "finite and >= 0"),
        detail::param("decay_steps", &Owner::decay_steps, required, ">= 1"),
        detail::param("decay_rate", &Owner::decay_rate, required, rate_rule, "PyTorch gamma"),
        detail::param("staircase", &Owner::staircase, false,
                      "true: decay in whole periods of decay_steps"));
  }

  T lr_;
  step_t decay_steps_;
  T decay_rate_;
  bool staircase_;
};

}  // namespace detail

/// `lr * decay_rate^p` (TensorFlow's exponential_decay; PyTorch's ExponentialLR is
/// `decay_steps = 1`). `decay_steps >= 1`, `0 < decay_rate <= 1`.
template <std::floating_point T = double>
class exponential_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "exponential_decay";

  constexpr exponential_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false)
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase) {
    detail::require_factor(decay_rate, name, "decay_rate");
    factor_ = factor::from(this->per_count(detail::precise_log(decay_rate)));
  }

  // lr * decay_rate^p = lr * exp(n * log(decay_rate) / decay_steps), n counting steps (periods
  // with staircase), with log(decay_rate) precomputed and the product kept exact.
  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    return this->lr_ * static_cast<T>(factor_.exp_times(this->count(t)));
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(1), std::nullopt);
  }

  static constexpr auto description() {
    return exponential_decay::template describe_decay<exponential_decay>(
        {.name = name,
         .example = "exponential_decay(0.1, 1000, 0.96, true)",
         .formula = "`lr * decay_rate^p`",
         .frameworks = {{{"PyTorch", "ExponentialLR", "decay_steps=1, decay_rate=gamma"},
                         {"Keras", "ExponentialDecay"},
                         {"Optax", "exponential_decay", "transition_steps=decay_steps"}}}},
        "in (0, 1]");
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;
  factor factor_{};
};

/// `lr / (1 + decay_rate * p)` (TensorFlow's inverse_time_decay). `decay_rate >= 0`.
template <std::floating_point T = double>
class inverse_time_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "inverse_time_decay";

  constexpr inverse_time_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false)
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase) {
    detail::require_nonnegative(decay_rate, name, "decay_rate");
    rate_per_count_ = static_cast<T>(this->per_count(decay_rate));
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    return this->lr_ / (T(1) + rate_per_count_ * detail::to_real<T>(this->count(t)));
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(0), std::nullopt);
  }

  static constexpr auto description() {
    return inverse_time_decay::template describe_decay<inverse_time_decay>(
        {.name = name,
         .example = "inverse_time_decay(0.1, 1, 0.01)",
         .formula = "`lr / (1 + decay_rate * p)`",
         .frameworks = {{{"Keras", "InverseTimeDecay", "and legacy SGD decay: decay_steps=1"}}}},
        "finite and >= 0");
  }

 private:
  T rate_per_count_{};  // decay_rate / decay_steps, or decay_rate with staircase
};

/// `lr * exp(-decay_rate * p)` (TensorFlow's natural_exp_decay). `decay_rate >= 0`.
template <std::floating_point T = double>
class natural_exp_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "natural_exp_decay";

  constexpr natural_exp_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false)
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase) {
    detail::require_nonnegative(decay_rate, name, "decay_rate");
    factor_ = factor::from(this->per_count(-static_cast<long double>(decay_rate)));
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    return this->lr_ * static_cast<T>(factor_.exp_times(this->count(t)));
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(0), std::nullopt);
  }

  static constexpr auto description() {
    return natural_exp_decay::template describe_decay<natural_exp_decay>(
        {.name = name,
         .example = "natural_exp_decay(0.1, 100, 0.5)",
         .formula = "`lr * exp(-decay_rate * p)`",
         .frameworks = {{{"TensorFlow", "natural_exp_decay"}}}},
        "finite and >= 0");
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;
  factor factor_{};
};

/// `lr / sqrt(1 + t / timescale)` (T5, big_vision). `timescale >= 1`.
template <std::floating_point T = double>
class inverse_sqrt {
 public:
  using value_type = T;
  static constexpr std::string_view name = "inverse_sqrt";

  constexpr inverse_sqrt(T lr, step_count timescale)
      : lr_(detail::no_minus_zero(lr)), timescale_(timescale) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(timescale, name, "timescale");
    inverse_timescale_ = T(1) / detail::to_real<T>(timescale);
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const T x = detail::to_real<T>(detail::clamp_step(t)) * inverse_timescale_;
    return lr_ / detail::sqrt(T(1) + x);
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }

  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == T(0), std::nullopt);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t timescale() const noexcept { return timescale_; }

  static constexpr auto description() {
    return detail::describe<inverse_sqrt>(
        {.name = name,
         .example = "inverse_sqrt(0.1, 400)",
         .formula = "`lr / sqrt(1 + t / timescale)`",
         .frameworks = {{{"HF", "get_inverse_sqrt_schedule", "with_warmup(W) and timescale=W"}}}},
        detail::param("lr", &inverse_sqrt::lr, detail::required, "finite and >= 0"),
        detail::param("timescale", &inverse_sqrt::timescale, detail::required, ">= 1"));
  }

 private:
  T lr_;
  step_t timescale_;
  T inverse_timescale_{};
};

template <std::floating_point T, class... R>
exponential_decay(T, R...) -> exponential_decay<T>;
template <std::floating_point T, class... R>
inverse_time_decay(T, R...) -> inverse_time_decay<T>;
template <std::floating_point T, class... R>
natural_exp_decay(T, R...) -> natural_exp_decay<T>;
template <std::floating_point T, class... R>
inverse_sqrt(T, R...) -> inverse_sqrt<T>;

}  // namespace lrsched
