// lrsched: anneal (a two-sided ramp) and wsd (warmup-stable-decay).
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/curve.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// The shapes of `anneal` and of `wsd`'s two ramps, over the fraction `p` of the way done.
enum class anneal_shape {
  linear,  ///< `p`
  cos,     ///< `(1 - cos(pi p)) / 2`
  sqrt,    ///< `sqrt(p)`: the "1-sqrt" decay of WSD schedules
  exp,     ///< geometric: `start * (end / start)^p`, needs both ends > 0
};
[[nodiscard]] constexpr auto enum_names(anneal_shape) noexcept {
  return std::to_array<detail::enum_name<anneal_shape>>({{anneal_shape::linear, "linear"},
                                                         {anneal_shape::cos, "cos"},
                                                         {anneal_shape::sqrt, "sqrt"},
                                                         {anneal_shape::exp, "exp"}});
}

namespace detail {
[[nodiscard]] constexpr anneal_shape shape_of(curve_kind k) noexcept {
  switch (k) {
    case curve_kind::cos:
      return anneal_shape::cos;
    case curve_kind::sqrt:
      return anneal_shape::sqrt;
    case curve_kind::exp:
      return anneal_shape::exp;
    default:
      return anneal_shape::linear;
  }
}
[[nodiscard]] constexpr curve_kind curve_of(anneal_shape s) noexcept {
  switch (s) {
    case anneal_shape::cos:
      return curve_kind::cos;
    case anneal_shape::sqrt:
      return curve_kind::sqrt;
    case anneal_shape::exp:
      return curve_kind::exp;
    default:
      return curve_kind::linear;
  }
}
}  // namespace detail

/// From `start` to `end` over `steps` steps, up or down, then `end`: `start + (end - start) *
/// c(p)`, `p = min(t, steps) / steps`, with `c` the shape (fastai's SchedCos/SchedLin/SchedExp,
/// PyTorch's SWALR anneal). `steps >= 1`; both ends > 0 with `shape = exp`.
template <std::floating_point T = double>
class anneal {
 public:
  using value_type = T;
  static constexpr std::string_view name = "anneal";

  constexpr anneal(T start, T end, step_count steps, anneal_shape shape = anneal_shape::cos) {
    detail::require_rate(start, name, "start");
    detail::require_rate(end, name, "end");
    detail::require_steps(steps, name, "steps");
    detail::require_enum(shape, name, "shape");
    if (shape == anneal_shape::exp) {
      detail::require(start > T(0), name, "start", "must be > 0 with shape=exp", start);
      detail::require(end > T(0), name, "end", "must be > 0 with shape=exp", end);
    }
    curve_ = curve::make(detail::no_minus_zero(start), detail::no_minus_zero(end), steps,
                         detail::curve_of(shape));
    if (shape == anneal_shape::exp) exp_inside_ = static_cast<std::uint64_t>(steps) - 1U;
    low_ = curve_.rising ? curve_.from : curve_.to;
    high_ = curve_.rising ? curve_.to : curve_.from;
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const std::uint64_t inside = static_cast<std::uint64_t>(t) - 1U;  // steps 1 .. steps - 1
    // The exp shape inside by one unsigned test, which is also the shape test (exp_inside_ is 0
    // for the other shapes), and its clamp as one max and one min of loaded ends: the call of exp
    // plus four instructions.
    if (inside < exp_inside_) {
      const auto v = static_cast<T>(detail::exp(curve_.extra * static_cast<calc>(t)) *
                                    static_cast<calc>(curve_.from));
      return detail::min_value(detail::max_value(v, low_), high_);
    }
    // Steps <= 0 are `start`, steps from `steps` on are `end`.
    if (inside >= static_cast<std::uint64_t>(curve_.steps) - 1U) [[unlikely]] {
      return t <= 0 ? curve_.from : curve_.to;
    }
    return curve_.at(t);
  }

  [[nodiscard]] constexpr T start() const noexcept { return curve_.from; }
  [[nodiscard]] constexpr T end() const noexcept { return curve_.to; }
  [[nodiscard]] constexpr step_t steps() const noexcept { return curve_.steps; }
  [[nodiscard]] constexpr anneal_shape shape() const noexcept {
    return detail::shape_of(curve_.kind);
  }

  /// Monotone between its two ends.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept { return {low_, high_}; }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(curve_.from == curve_.to, curve_.steps);
  }

  static constexpr auto description() {
    return detail::describe<anneal>(
        {.name = name,
         .example = "anneal(0.1, 0.001, 1000, exp)",
         .formula = "`start + (end - start) * c(p)`, `p = min(t, steps) / steps`; `c` is `p`, `(1 "
                    "- cos(pi p)) / 2` or `sqrt(p)`; exp: `start * (end / start)^p`",
         .frameworks = {{{"PyTorch", "SWALR", "swa_lr = end, anneal_epochs = steps"},
                         {"Optax", "piecewise_interpolate_schedule", "one piece"},
                         {"fastai", "SchedCos", "SchedLin, SchedExp"}}}},
        detail::param("start", &anneal::start, detail::required, "finite and >= 0; > 0 with exp"),
        detail::param("end", &anneal::end, detail::required, "finite and >= 0; > 0 with exp",
                      "PyTorch swa_lr"),
        detail::param("steps", &anneal::steps, detail::required, ">= 1", "PyTorch anneal_epochs"),
        detail::param("shape", &anneal::shape, anneal_shape::cos, "linear, cos, sqrt or exp",
                      "PyTorch anneal_strategy"));
  }

 private:
  using curve = detail::curve<T>;
  using calc = typename curve::calc;
  curve curve_{};                 // the parameters are the curve's
  std::uint64_t exp_inside_ = 0;  // steps - 1 for the exp shape, 0 for the others
  T low_{};                       // the smaller end
  T high_{};                      // the larger end
};

/// Warmup-stable-decay (HF's get_wsd_schedule, Megatron's WSD): a ramp from `start` to `lr` over
/// `warmup_steps`, `lr` for `stable_steps`, a ramp down to `end_lr` over `decay_steps`, then
/// `end_lr`. The ramps take `anneal`'s shapes. `warmup_steps, stable_steps >= 0`,
/// `decay_steps >= 1`.
template <std::floating_point T = double>
class wsd {
 public:
  using value_type = T;
  static constexpr std::string_view name = "wsd";

  constexpr wsd(T lr, step_count warmup_steps, step_count stable_steps, step_count decay_steps,
                T end_lr = T(0), anneal_shape decay = anneal_shape::cos,
                anneal_shape warmup = anneal_shape::linear, T start = T(0))
      : stable_steps_(stable_steps) {
    const step_t w = warmup_steps, d = decay_steps;
    detail::require_rate(lr, name, "lr");
    detail::require(w >= 0, name, "warmup_steps", "must be >= 0", w);
    detail::require(stable_steps_ >= 0, name, "stable_steps", "must be >= 0", stable_steps_);
    detail::require_steps(d, name, "decay_steps");
    detail::require_rate(end_lr, name, "end_lr");
    detail::require_enum(decay, name, "decay");
    detail::require_enum(warmup, name, "warmup");
    detail::require_rate(start, name, "start");
    if (decay == anneal_shape::exp) {
      detail::require(lr > T(0), name, "lr", "must be > 0 with decay=exp", lr);
      detail::require(end_lr > T(0), name, "end_lr", "must be > 0 with decay=exp", end_lr);
    }
    if (warmup == anneal_shape::exp && w > 0) {
      detail::require(start > T(0), name, "start", "must be > 0 with warmup=exp", start);
      detail::require(lr > T(0), name, "lr", "must be > 0 with warmup=exp", lr);
    }
    decay_begin_ = detail::saturating_add(w, stable_steps_);
    const T top = detail::no_minus_zero(lr);
    up_ = curve::make(detail::no_minus_zero(start), top, w, detail::curve_of(warmup));
    down_ = curve::make(top, detail::no_minus_zero(end_lr), d, detail::curve_of(decay));
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    // The stable phase (most of the steps) by one unsigned range test: one branch to mispredict
    // at random steps where two compares would make two.
    if (static_cast<std::uint64_t>(s - up_.steps) <
        static_cast<std::uint64_t>(decay_begin_ - up_.steps)) {
      return down_.from;
    }
    if (s < up_.steps) {
      if (s == 0) return up_.from;
      // The linear warmup (the default) without the shape switch and its indirect jump: g++ -O2
      // at random steps went from 1.15 to 0.77 times the best (bench/, wsd_sqrt).
      return up_.kind == detail::curve_kind::linear ? up_.at_linear(s) : up_.at(s);
    }
    const step_t u = s - decay_begin_;
    if (u >= down_.steps) return down_.to;
    return u == 0 ? down_.from : down_.at(u);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return down_.from; }
  [[nodiscard]] constexpr step_t warmup_steps() const noexcept { return up_.steps; }
  [[nodiscard]] constexpr step_t stable_steps() const noexcept { return stable_steps_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return down_.steps; }
  [[nodiscard]] constexpr T end_lr() const noexcept { return down_.to; }
  [[nodiscard]] constexpr anneal_shape decay() const noexcept {
    return detail::shape_of(down_.kind);
  }
  [[nodiscard]] constexpr anneal_shape warmup() const noexcept {
    return detail::shape_of(up_.kind);
  }
  [[nodiscard]] constexpr T start() const noexcept { return up_.from; }

  /// Each ramp is monotone: the extremes are among `start` (with a warmup), `lr` and `end_lr`.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    const T lr = down_.from, end = down_.to, start = up_.from;
    value_bounds<T> b{lr < end ? lr : end, lr < end ? end : lr};
    if (up_.steps > 0) {
      b.lower = start < b.lower ? start : b.lower;
      b.upper = start > b.upper ? start : b.upper;
    }
    return b;
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    const bool flat = down_.from == down_.to && (up_.steps == 0 || up_.from == down_.from);
    return detail::when(flat, detail::saturating_add(decay_begin_, down_.steps));
  }

  static constexpr auto description() {
    return detail::describe<wsd>(
        {.name = name,
         .example = "wsd(0.1, 100, 800, 100, 0.001, sqrt)",
         .formula = "a `warmup` ramp from `start` to `lr` over `warmup_steps`, `lr` for "
                    "`stable_steps`, a `decay` ramp to `end_lr` over `decay_steps`, then `end_lr` "
                    "(the ramps are anneal's)",
         .frameworks = {{{"HF", "get_wsd_schedule",
                          "num_*_steps; min_lr_ratio m is start = end_lr = m * lr; decay_type "
                          "1-sqrt is sqrt"},
                         {"Megatron", "WSD",
                          "lr_decay_style=WSD, lr_wsd_decay_style linear, cosine, minus_sqrt "
                          "(sqrt); stable_steps = lr_decay_steps - warmup - lr_wsd_decay_steps"}}}},
        detail::param("lr", &wsd::lr, detail::required, "finite and >= 0"),
        detail::param("warmup_steps", &wsd::warmup_steps, detail::required, ">= 0",
                      "HF num_warmup_steps"),
        detail::param("stable_steps", &wsd::stable_steps, detail::required, ">= 0",
                      "HF num_stable_steps"),
        detail::param("decay_steps", &wsd::decay_steps, detail::required, ">= 1",
                      "HF num_decay_steps, Megatron lr_wsd_decay_steps"),
        detail::param("end_lr", &wsd::end_lr, T(0), "finite and >= 0; > 0 with decay=exp",
                      "HF min_lr_ratio * lr, Megatron min_lr"),
        detail::param("decay", &wsd::decay, anneal_shape::cos, "linear, cos, sqrt or exp",
                      "HF decay_type, Megatron lr_wsd_decay_style"),
        detail::param("warmup", &wsd::warmup, anneal_shape::linear, "linear, cos, sqrt or exp",
                      "HF warmup_type"),
        detail::param("start", &wsd::start, T(0), "finite and >= 0; > 0 with warmup=exp",
                      "HF min_lr_ratio * lr, Megatron init_lr"));
  }

 private:
  using curve = detail::curve<T>;
  step_t stable_steps_;
  step_t decay_begin_ = 0;  // warmup_steps + stable_steps, saturated
  curve up_{};              // start to lr over warmup_steps
  curve down_{};            // lr to end_lr over decay_steps
};

template <std::floating_point T, class... R>
anneal(T, R...) -> anneal<T>;
template <std::floating_point T, class... R>
wsd(T, R...) -> wsd<T>;

}  // namespace lrsched
