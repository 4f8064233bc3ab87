// lrsched: piecewise_constant, step_decay, multistep_decay.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/step_list.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// The number of list entries a list-taking schedule holds unless told otherwise.
inline constexpr std::size_t default_capacity = 16;

/// `values[i]` where `i` is the number of boundaries strictly below `t` (TensorFlow's
/// piecewise_constant: the boundary step itself still has the old value). Boundaries are strictly
/// increasing and >= 0; there is one value more than boundaries.
///
/// The lists live inside the object (no heap, usable in constant expressions): at most `Capacity`
/// boundaries. Construct from braced lists or from any contiguous storage (`std::array`,
/// `std::vector`, `std::span`); `std::array`s deduce the capacity from their size.
template <std::floating_point T = double, std::size_t Capacity = default_capacity>
class piecewise_constant {
 public:
  using value_type = T;
  static constexpr std::string_view name = "piecewise_constant";
  static constexpr std::size_t capacity = Capacity;
  /// The same schedule with room for N boundaries.
  template <std::size_t N>
  using with_capacity = piecewise_constant<T, N>;

  constexpr piecewise_constant(std::span<const step_t> boundaries, std::span<const T> values)
      : boundaries_(boundaries, true, name, "boundaries") {
    detail::require(values.size() == boundaries.size() + 1, name, "values",
                    "must have one entry more than boundaries", values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      detail::require_element(detail::is_finite(values[i]) && values[i] >= T(0), name, "values", i,
                              "must be finite and >= 0", values[i]);
      values_[i] = detail::no_minus_zero(values[i]);
    }
  }
  constexpr piecewise_constant(std::initializer_list<step_t> boundaries,
                               std::initializer_list<T> values)
      : piecewise_constant(std::span<const step_t>(boundaries.begin(), boundaries.size()),
                           std::span<const T>(values.begin(), values.size())) {}

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return values_[boundaries_.count_below(t)];  // no boundary is below 0
  }

  [[nodiscard]] constexpr std::span<const step_t> boundaries() const noexcept {
    return boundaries_.view();
  }
  [[nodiscard]] constexpr std::span<const T> values() const noexcept {
    return {values_.data(), boundaries_.size() + 1};
  }
  /// The smallest and largest of the values.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    value_bounds<T> b{values_[0], values_[0]};
    for (const T v : values()) {
      b.lower = v < b.lower ? v : b.lower;
      b.upper = v > b.upper ? v : b.upper;
    }
    return b;
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return boundaries_.size() == 0 ? 0 : detail::saturating_add(boundaries().back(), 1);
  }

  static constexpr auto description() {
    return detail::describe<piecewise_constant>(
        {.name = name,
         .example = "piecewise_constant([1000, 5000], [0.1, 0.01, 0.001])",
         .formula = "`values[i]`, `i` = number of boundaries `< t` (a boundary step keeps the old "
                    "value)",
         .frameworks = {{{"Keras", "PiecewiseConstantDecay"},
                         {"Optax", "piecewise_constant_schedule",
                          "multiplicative, switches at the boundary"}}}},
        detail::param("boundaries", &piecewise_constant::boundaries, detail::required,
                      "strictly increasing, >= 0"),
        detail::param("values", &piecewise_constant::values, detail::required,
                      "one more than boundaries, finite and >= 0"));
  }

 private:
  detail::step_list<Capacity> boundaries_;
  std::array<T, Capacity + 1> values_{};
};

template <std::floating_point T>
piecewise_constant(std::initializer_list<step_t>, std::initializer_list<T>)
    -> piecewise_constant<T>;
template <std::floating_point T, std::size_t N, std::size_t M>
piecewise_constant(std::array<step_t, N>, std::array<T, M>) -> piecewise_constant<T, N>;

/// `lr * gamma^floor(t / step_size)` (PyTorch's StepLR). `step_size >= 1`, `0 < gamma <= 1`.
template <std::floating_point T = double>
class step_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "step_decay";

  constexpr step_decay(T lr, step_count step_size, T gamma = T(0.1))
      : step_size_(static_cast<std::uint64_t>(step_t{step_size})), gamma_(gamma) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(step_size, name, "step_size");
    detail::require_factor(gamma, name, "gamma");
    log_gamma_ = factor::from(detail::precise_log(gamma));
    rates_[0] = detail::no_minus_zero(lr);
    for (std::size_t k = 1; k < tabled; ++k) rates_[k] = rate(static_cast<step_t>(k));
  }

  // lr * gamma^k: from a table for the first periods (where training spends its steps: StepLR
  // runs decay a few times), beyond as exp(k * log(gamma)), log(gamma) precomputed and the
  // product kept exact. The table holds those same values.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return at_period(step_size_.quotient(static_cast<std::uint64_t>(detail::clamp_step(t))));
  }

  /// The rate in decay period `k` (from step `k * step_size` on), `0 <= k < 2^63`. `s |
  /// per_epoch(n)` calls it with `floor(t / (n * step_size))`: one division instead of two.
  [[nodiscard]] LRSCHED_INLINE constexpr T at_period(std::uint64_t k) const noexcept {
    if (k < tabled) [[likely]] {
      return rates_[static_cast<std::size_t>(k)];
    }
    return rate(static_cast<step_t>(k));
  }

  [[nodiscard]] constexpr T lr() const noexcept { return rates_[0]; }
  [[nodiscard]] constexpr step_t step_size() const noexcept {
    return static_cast<step_t>(step_size_.divisor());
  }
  [[nodiscard]] constexpr T gamma() const noexcept { return gamma_; }
  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr() == T(0) || gamma_ == T(1), std::nullopt);
  }

  static constexpr auto description() {
    return detail::describe<step_decay>(
        {.name = name,
         .example = "step_decay(0.1, 30, 0.5)",
         .formula = "`lr * gamma^floor(t / step_size)`",
         .frameworks = {{{"PyTorch", "StepLR"},
                         {"Keras", "LearningRateScheduler", "the step-decay recipe"}}}},
        detail::param("lr", &step_decay::lr, detail::required, "finite and >= 0"),
        detail::param("step_size", &step_decay::step_size, detail::required, ">= 1"),
        detail::param("gamma", &step_decay::gamma, T(0.1), "in (0, 1]"));
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;
  // The periods in the table: the rate and six decays, so that an object with an adaptor on top
  // (scaled, clamped) still fits any_schedule's inline buffer.
  static constexpr std::size_t tabled = 7;

  [[nodiscard]] constexpr T rate(step_t k) const noexcept {
    return lr() * static_cast<T>(log_gamma_.exp_times(k));
  }

  detail::step_divider step_size_;  // floor(t / step_size) without a division instruction
  T gamma_;
  factor log_gamma_{};
  std::array<T, tabled> rates_{};  // lr * gamma^k for the first periods; rates_[0] is lr
};

template <std::floating_point T, class... R>
step_decay(T, R...) -> step_decay<T>;

/// `lr * gamma^k`, `k` the number of milestones <= t (PyTorch's MultiStepLR: the value changes at
/// the milestone). Milestones are non-decreasing and >= 0; a repeated milestone applies `gamma`
/// twice. Storage as for piecewise_constant: at most `Capacity` milestones.
template <std::floating_point T = double, std::size_t Capacity = default_capacity>
class multistep_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "multistep_decay";
  static constexpr std::size_t capacity = Capacity;
  /// The same schedule with room for N milestones.
  template <std::size_t N>
  using with_capacity = multistep_decay<T, N>;

  constexpr multistep_decay(T lr, std::span<const step_t> milestones, T gamma = T(0.1))
      : lr_(detail::no_minus_zero(lr)),
        gamma_(gamma),
        milestones_(milestones, false, name, "milestones") {
    detail::require_rate(lr, name, "lr");
    detail::require_factor(gamma, name, "gamma");
    for (std::size_t k = 0; k <= milestones_.size(); ++k) {
      rates_[k] = lr_ * detail::pow(gamma, static_cast<T>(k));
    }
  }
  constexpr multistep_decay(T lr, std::initializer_list<step_t> milestones, T gamma = T(0.1))
      : multistep_decay(lr, std::span<const step_t>(milestones.begin(), milestones.size()), gamma) {
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return rates_[milestones_.count_not_above(t)];  // no milestone is below 0
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr std::span<const step_t> milestones() const noexcept {
    return milestones_.view();
  }
  [[nodiscard]] constexpr T gamma() const noexcept { return gamma_; }
  /// `lr` down to `lr * gamma^n` after the last of the n milestones.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return {rates_[milestones_.size()], rates_[0]};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    const bool none = milestones_.size() == 0;
    return detail::when(lr_ == T(0) || gamma_ == T(1) || none,
                        none ? step_t{0} : milestones().back());
  }

  static constexpr auto description() {
    return detail::describe<multistep_decay>(
        {.name = name,
         .example = "multistep_decay(0.1, [30, 80], 0.5)",
         .formula = "`lr * gamma^k`, `k` = number of milestones `<= t`",
         .frameworks = {{{"PyTorch", "MultiStepLR"}}}},
        detail::param("lr", &multistep_decay::lr, detail::required, "finite and >= 0"),
        detail::param("milestones", &multistep_decay::milestones, detail::required,
                      "non-decreasing, >= 0 (a repeated one applies gamma twice)"),
        detail::param("gamma", &multistep_decay::gamma, T(0.1), "in (0, 1]"));
  }

 private:
  T lr_;
  T gamma_;
  detail::step_list<Capacity> milestones_;
  std::array<T, Capacity + 1> rates_{};  // lr * gamma^k, k milestones passed
};

template <std::floating_point T, class... R>
multistep_decay(T, std::initializer_list<step_t>, R...) -> multistep_decay<T>;
template <std::floating_point T, std::size_t N, class... R>
multistep_decay(T, std::array<step_t, N>, R...) -> multistep_decay<T, N>;

}  // namespace lrsched
