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
#include "../detail/curve.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// How a warmup ramps to the schedule's first value.
enum class warmup_shape {
  linear,       ///< `start + (s(0) - start) * t / steps`
  exponential,  ///< `start * (s(0) / start)^(t / steps)`, needs `start > 0`
  constant,     ///< `start` throughout the warmup
  cos,          ///< `start + (s(0) - start) * (1 - cos(pi t / steps)) / 2`
  poly,         ///< `start + (s(0) - start) * (t / steps)^power` (Darknet's burn_in)
};
[[nodiscard]] constexpr auto enum_names(warmup_shape) noexcept {
  return std::to_array<detail::enum_name<warmup_shape>>({{warmup_shape::linear, "linear"},
                                                         {warmup_shape::exponential, "exponential"},
                                                         {warmup_shape::constant, "constant"},
                                                         {warmup_shape::cos, "cos"},
                                                         {warmup_shape::poly, "poly"}});
}

/// `base` delayed by `steps` warmup steps that ramp from `start` to `base(0)`: for `t < steps` the
/// ramp, for `t >= steps` `base(t - steps)`. Continuous by construction. `steps >= 0` (0: no
/// warmup), `start` finite and >= 0, `power > 0` (the exponent of the `poly` shape).
template <schedule S>
class warmup_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "with_warmup";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = warmup_schedule<B>;

  constexpr warmup_schedule(S base, step_count steps, value_type start = value_type(0),
                            warmup_shape shape = warmup_shape::linear,
                            value_type power = value_type(1))
      : base_(std::move(base)) {
    const step_t n = steps;
    detail::require(n >= 0, name, "steps", "must be >= 0", n);
    detail::require_rate(start, name, "start");
    detail::require_enum(shape, name, "shape");
    detail::require(detail::is_finite(power) && power > value_type(0), name, "power",
                    "must be finite and > 0", power);
    if (n > 0 && shape == warmup_shape::exponential) {
      detail::require(start > value_type(0), name, "start", "must be > 0 with shape=exponential",
                      start);
    }
    ramp_ = ramp::make(detail::no_minus_zero(start), base_(0), n, kind_of(shape), power);
  }

  // The ramp goes from `start` at step 0 to base(0) at step `steps`, never outside them.
  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    const step_t s = detail::clamp_step(t);
    if (s >= ramp_.steps) return base_(s - ramp_.steps);
    if (s == 0) return ramp_.from;
    return ramp_.at(s);
  }

  /// The base schedule's bounds, widened to take in `start`.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    value_bounds<value_type> b = base_.bounds();
    if (ramp_.steps > 0) {
      b.lower = ramp_.from < b.lower ? ramp_.from : b.lower;
      b.upper = ramp_.from > b.upper ? ramp_.from : b.upper;
    }
    return b;
  }
  /// The base schedule's horizon, `steps` later.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> h = lrsched::horizon(base_);
    return h ? std::optional(detail::saturating_add(*h, ramp_.steps)) : std::nullopt;
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr step_t steps() const noexcept { return ramp_.steps; }
  [[nodiscard]] constexpr value_type start() const noexcept { return ramp_.from; }
  [[nodiscard]] constexpr warmup_shape shape() const noexcept {
    switch (ramp_.kind) {
      case detail::curve_kind::exp:
        return warmup_shape::exponential;
      case detail::curve_kind::hold:
        return warmup_shape::constant;
      case detail::curve_kind::cos:
        return warmup_shape::cos;
      case detail::curve_kind::poly:
        return warmup_shape::poly;
      default:
        return warmup_shape::linear;
    }
  }
  /// The exponent of the `poly` shape (1 for the others, which do not use it).
  [[nodiscard]] constexpr value_type power() const noexcept { return ramp_.power(); }

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
         .form = "s | with_warmup(steps, start=0, shape=linear, power=1)"},
        detail::param("steps", &warmup_schedule::steps, detail::required, ">= 0 (0: no warmup)",
                      "HF num_warmup_steps, Keras warmup_steps"),
        detail::param("start", &warmup_schedule::start, value_type(0),
                      "finite and >= 0; > 0 with shape=exponential", "Optax init_value"),
        detail::param("shape", &warmup_schedule::shape, warmup_shape::linear,
                      "linear, exponential, constant, cos or poly"),
        detail::quiet_param("power", &warmup_schedule::power, value_type(1),
                            "finite and > 0; the exponent of shape=poly", "Darknet power"));
  }

 private:
  using ramp = detail::curve<value_type>;
  [[nodiscard]] static constexpr detail::curve_kind kind_of(warmup_shape shape) noexcept {
    switch (shape) {
      case warmup_shape::exponential:
        return detail::curve_kind::exp;
      case warmup_shape::constant:
        return detail::curve_kind::hold;
      case warmup_shape::cos:
        return detail::curve_kind::cos;
      case warmup_shape::poly:
        return detail::curve_kind::poly;
      default:
        return detail::curve_kind::linear;
    }
  }

  S base_;
  ramp ramp_{};  // from start to base(0) over the warmup: the adaptor's parameters are its own
};

namespace detail {

template <std::floating_point R>
struct warmup_closure : adaptor_closure<warmup_closure<R>> {
  step_t steps;
  R start;
  warmup_shape shape;
  R power;

  constexpr warmup_closure(step_count steps_, R start_, warmup_shape shape_, R power_)
      : steps(steps_), start(start_), shape(shape_), power(power_) {}

  template <schedule S>
  [[nodiscard]] constexpr warmup_schedule<S> operator()(S s) const {
    using V = value_type_t<S>;
    return warmup_schedule<S>(std::move(s), steps, static_cast<V>(start), shape,
                              static_cast<V>(power));
  }
};

struct with_warmup_fn {
  template <schedule S>
  [[nodiscard]] constexpr warmup_schedule<S> operator()(
      S s, step_count steps, std::type_identity_t<value_type_t<S>> start = 0,
      warmup_shape shape = warmup_shape::linear,
      std::type_identity_t<value_type_t<S>> power = 1) const {
    return warmup_schedule<S>(std::move(s), steps, start, shape, power);
  }
  // `start` keeps its floating-point type until the schedule is known; an integer (`0`) is
  // taken as a double.
  template <class R = double>
  requires std::is_arithmetic_v<R> &&(!std::same_as<R, bool>) [[nodiscard]] constexpr auto
  operator()(step_count steps, R start = R(0), warmup_shape shape = warmup_shape::linear,
             double power = 1) const {
    using real = std::conditional_t<std::floating_point<R>, R, double>;
    return warmup_closure<real>(steps, static_cast<real>(start), shape, static_cast<real>(power));
  }
};

}  // namespace detail

/// `s | with_warmup(steps, start = 0, shape = linear, power = 1)`, or
/// `with_warmup(s, steps, ...)`.
inline constexpr detail::with_warmup_fn with_warmup{};

}  // namespace lrsched
