// lrsched: with_warmup.
#pragma once

#include <array>
#include <concepts>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/closure.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// How a warmup ramps to the schedule's first value.
enum class warmup_shape {
  linear,       ///< `start + (s(0) - start) * t / steps`
  exponential,  ///< `start * (s(0) / start)^(t / steps)`, needs `start > 0`
  constant,     ///< `start` throughout the warmup
};
[[nodiscard]] constexpr auto enum_names(warmup_shape) noexcept {
  return std::to_array<detail::enum_name<warmup_shape>>({{warmup_shape::linear, "linear"},
                                                         {warmup_shape::exponential, "exponential"},
                                                         {warmup_shape::constant, "constant"}});
}

/// `base` delayed by `steps` warmup steps that ramp from `start` to `base(0)`: for `t < steps` the
/// ramp, for `t >= steps` `base(t - steps)`. Continuous by construction. `steps >= 0` (0: no
/// warmup), `start` finite and >= 0.
template <schedule S>
class warmup_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "with_warmup";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = warmup_schedule<B>;

  constexpr warmup_schedule(S base, step_count steps, value_type start = value_type(0),
                            warmup_shape shape = warmup_shape::linear)
      : base_(std::move(base)), steps_(steps), start_(detail::no_minus_zero(start)), shape_(shape) {
    detail::require(steps_ >= 0, name, "steps", "must be >= 0", steps_);
    detail::require_rate(start, name, "start");
    detail::require_enum(shape, name, "shape");
    target_ = base_(0);
    if (steps_ == 0) return;
    inverse_steps_ = static_cast<calc>(1.0L / static_cast<long double>(steps_));
    if (shape == warmup_shape::exponential) {
      detail::require(start > value_type(0), name, "start", "must be > 0 with shape=exponential",
                      start);
      // The ramp is start * exp(f * log(target / start)), with the logarithm of the ratio taken
      // as a difference: the ratio itself may overflow or underflow the value type.
      if (target_ > value_type(0)) {
        log_ratio_ = static_cast<calc>(detail::precise_log(static_cast<long double>(target_)) -
                                       detail::precise_log(static_cast<long double>(start)));
      }
    }
  }

  // The ramp goes from `start` at step 0 to base(0) at step `steps`, never outside them.
  [[nodiscard]] constexpr value_type operator()(step_t t) const noexcept(noexcept(base_(t))) {
    const step_t s = detail::clamp_step(t);
    if (s >= steps_) return base_(s - steps_);
    if (s == 0) return start_;
    switch (shape_) {
      case warmup_shape::exponential: {
        if (target_ == value_type(0)) return target_;  // start * 0^f
        const calc f = static_cast<calc>(s) * inverse_steps_;
        const auto v =
            static_cast<value_type>(static_cast<calc>(start_) * detail::exp(f * log_ratio_));
        return detail::between(v, start_, target_);
      }
      case warmup_shape::constant:
        return start_;
      default:  // from the smaller end, as lrsched::linear
        return detail::line(start_, target_, s, steps_, inverse_steps_);
    }
  }

  /// The base schedule's bounds, widened to take in `start`.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    value_bounds<value_type> b = base_.bounds();
    if (steps_ > 0) {
      b.lower = start_ < b.lower ? start_ : b.lower;
      b.upper = start_ > b.upper ? start_ : b.upper;
    }
    return b;
  }
  /// The base schedule's horizon, `steps` later.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> h = lrsched::horizon(base_);
    return h ? std::optional(detail::saturating_add(*h, steps_)) : std::nullopt;
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr step_t steps() const noexcept { return steps_; }
  [[nodiscard]] constexpr value_type start() const noexcept { return start_; }
  [[nodiscard]] constexpr warmup_shape shape() const noexcept { return shape_; }

  static constexpr auto description() {
    return detail::describe<warmup_schedule>(
        {.name = name,
         .example = "constant(0.1) | with_warmup(100, 0.001, exponential)",
         .role = entry_role::adaptor,
         .formula = "ramps from `start` to `s(0)` over `steps` steps, then `s(t - steps)`",
         .frameworks = {{{"PyTorch", "LinearLR", "+ SequentialLR"},
                         {"Keras", "CosineDecay", "warmup_steps=, warmup_target="},
                         {"Optax", "warmup_cosine_decay_schedule"},
                         {"HF", "get_linear_schedule_with_warmup", "num_warmup_steps"}}},
         .form = "s | with_warmup(steps, start=0, shape=linear)"},
        detail::param("steps", &warmup_schedule::steps, detail::required, ">= 0 (0: no warmup)",
                      "HF num_warmup_steps, Keras warmup_steps"),
        detail::param("start", &warmup_schedule::start, value_type(0),
                      "finite and >= 0; > 0 with shape=exponential", "Optax init_value"),
        detail::param("shape", &warmup_schedule::shape, warmup_shape::linear,
                      "linear, exponential or constant"));
  }

 private:
  S base_;
  step_t steps_;
  value_type start_;
  warmup_shape shape_;
  using calc = detail::calc_t<value_type>;
  value_type target_{};   // base(0), where the ramp ends
  calc inverse_steps_{};  // 1 / steps
  calc log_ratio_{};      // log(target / start), for the exponential shape
};

namespace detail {

template <std::floating_point R>
struct warmup_closure : adaptor_closure<warmup_closure<R>> {
  step_t steps;
  R start;
  warmup_shape shape;

  constexpr warmup_closure(step_count steps_, R start_, warmup_shape shape_)
      : steps(steps_), start(start_), shape(shape_) {}

  template <schedule S>
  [[nodiscard]] constexpr warmup_schedule<S> operator()(S s) const {
    return warmup_schedule<S>(std::move(s), steps, static_cast<value_type_t<S>>(start), shape);
  }
};

struct with_warmup_fn {
  template <schedule S>
  [[nodiscard]] constexpr warmup_schedule<S> operator()(
      S s, step_count steps, std::type_identity_t<value_type_t<S>> start = 0,
      warmup_shape shape = warmup_shape::linear) const {
    return warmup_schedule<S>(std::move(s), steps, start, shape);
  }
  // `start` keeps its floating-point type until the schedule is known; an integer (`0`) is
  // taken as a double.
  template <class R = double>
  requires std::is_arithmetic_v<R> &&(!std::same_as<R, bool>) [[nodiscard]] constexpr auto
  operator()(step_count steps, R start = R(0), warmup_shape shape = warmup_shape::linear) const {
    using real = std::conditional_t<std::floating_point<R>, R, double>;
    return warmup_closure<real>(steps, static_cast<real>(start), shape);
  }
};

}  // namespace detail

/// `s | with_warmup(steps, start = 0, shape = linear)`, or `with_warmup(s, steps, ...)`.
inline constexpr detail::with_warmup_fn with_warmup{};

}  // namespace lrsched
