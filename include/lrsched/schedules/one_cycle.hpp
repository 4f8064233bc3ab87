// lrsched: one_cycle.
#pragma once

#include <array>
#include <concepts>
#include <limits>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// How `one_cycle` moves between its phase values.
enum class anneal_strategy {
  cos,     ///< half a cosine wave
  linear,  ///< a straight line
};
[[nodiscard]] constexpr auto enum_names(anneal_strategy) noexcept {
  return std::to_array<detail::enum_name<anneal_strategy>>(
      {{anneal_strategy::cos, "cos"}, {anneal_strategy::linear, "linear"}});
}

/// The 1cycle policy (Smith and Topin 2018), with PyTorch's OneCycleLR values for steps
/// `0 .. total_steps - 1`: from `max_lr / div_factor` up to `max_lr` over the first `pct_start`
/// of the steps, then down to `max_lr / div_factor / final_div_factor` (with `three_phase`, first
/// back to the initial value over as many steps, then down), which it reaches at step
/// `total_steps - 1` and holds. A phase shorter than a step jumps straight to its end value.
/// `total_steps >= 1`, `0 < pct_start < 1` (`<= 0.5` with `three_phase`, whose phases would
/// otherwise overlap), `div_factor > 0`, `final_div_factor > 0`.
template <std::floating_point T = double>
class one_cycle {
 public:
  using value_type = T;
  static constexpr std::string_view name = "one_cycle";

  constexpr one_cycle(T max_lr, step_count total_steps, T pct_start = T(0.3),
                      anneal_strategy anneal = anneal_strategy::cos, T div_factor = T(25),
                      T final_div_factor = T(1e4), bool three_phase = false)
      : max_lr_(detail::no_minus_zero(max_lr)),
        total_steps_(total_steps),
        pct_start_(pct_start),
        div_factor_(div_factor),
        final_div_factor_(final_div_factor),
        anneal_(anneal),
        three_phase_(three_phase) {
    detail::require_rate(max_lr, name, "max_lr");
    detail::require_steps(total_steps, name, "total_steps");
    detail::require(pct_start > T(0) && pct_start < T(1), name, "pct_start", "must be in (0, 1)",
                    pct_start);
    detail::require_enum(anneal, name, "anneal");
    detail::require(detail::is_finite(div_factor) && div_factor > T(0), name, "div_factor",
                    "must be finite and > 0", div_factor);
    detail::require(detail::is_finite(final_div_factor) && final_div_factor > T(0), name,
                    "final_div_factor", "must be finite and > 0", final_div_factor);
    // The quotients max_lr / div_factor and that / final_div_factor must stay finite.
    constexpr T big = std::numeric_limits<T>::max();
    detail::require(div_factor >= T(1) || max_lr <= div_factor * big, name, "div_factor",
                    "must be large enough that max_lr / div_factor is finite", div_factor);
    detail::require(final_div_factor >= T(1) || max_lr / div_factor <= final_div_factor * big, name,
                    "final_div_factor",
                    "must be large enough that max_lr / div_factor / final_div_factor is finite",
                    final_div_factor);
    detail::require(!three_phase || pct_start <= T(0.5), name, "pct_start",
                    "must be <= 0.5 with three_phase", pct_start);
    initial_lr_ = max_lr_ / div_factor;
    min_lr_ = initial_lr_ / final_div_factor;
    // The phase ends, each by the expression PyTorch evaluates (in T), once.
    const T total = detail::to_real<T>(total_steps_);
    end1_ = pct_start_ * total - T(1);
    end2_ = T(2) * pct_start_ * total - T(2);
    last_ = total - T(1);
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return interpolate(t, initial_lr_, max_lr_, min_lr_);
  }

  /// The same phases and anneal between other values: from `first` to `peak` over the first
  /// phase, then to `last` (with three_phase, back to `first` and then to `last`). The rate is
  /// `interpolate(t, max_lr / div_factor, max_lr, its final value)`; cycle_momentum's momentum is
  /// `interpolate(t, max_momentum, base_momentum, max_momentum)`, as PyTorch computes both.
  [[nodiscard]] LRSCHED_INLINE constexpr T interpolate(step_t t, T first, T peak,
                                                       T last_value) const noexcept {
    const step_t s = detail::clamp_step(t);
    if (s >= total_steps_ - 1) return last_value;  // the last phase ends at step total_steps - 1
    const T x = detail::to_real<T>(s);
    if (x <= end1_) {
      // Step 0 is the first value, or the peak where the first phase is shorter than a step.
      if (!(x > T(0))) return end1_ > T(0) ? first : peak;
      return phase(x, T(0), end1_, first, peak);
    }
    if (!three_phase_) return phase(x, end1_, last_, peak, last_value);
    if (x <= end2_) return phase(x, end1_, end2_, peak, first);
    return phase(x, end2_, last_, first, last_value);
  }

  /// The steps around which the phases end (where the extremes of interpolate are): the first
  /// phase's end, the second's with three_phase, and the last step, each with the step after it.
  template <class F>
  constexpr void for_each_phase_end(F&& visit) const {
    const auto around = [&](long double at) {
      const long double last = static_cast<long double>(total_steps_ - 1);
      const long double within = at < 0 ? 0 : (at > last ? last : at);
      const auto step = static_cast<step_t>(within);
      visit(step);
      visit(step + 1);
    };
    // The phase ends as the call operator uses them, in T: in float, 0.999999 * 4.7e18 - 1 is a
    // step far from the long double product.
    around(static_cast<long double>(end1_));
    if (three_phase_) around(static_cast<long double>(end2_));
    around(static_cast<long double>(total_steps_ - 1));
  }

  [[nodiscard]] constexpr T max_lr() const noexcept { return max_lr_; }
  [[nodiscard]] constexpr step_t total_steps() const noexcept { return total_steps_; }
  [[nodiscard]] constexpr T pct_start() const noexcept { return pct_start_; }
  [[nodiscard]] constexpr anneal_strategy anneal() const noexcept { return anneal_; }
  [[nodiscard]] constexpr T div_factor() const noexcept { return div_factor_; }
  [[nodiscard]] constexpr T final_div_factor() const noexcept { return final_div_factor_; }
  [[nodiscard]] constexpr bool three_phase() const noexcept { return three_phase_; }
  /// Each phase moves monotonically between its end values, so the extremes are at the steps
  /// around the phase ends.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    value_bounds<T> b{(*this)(0), (*this)(0)};
    for_each_phase_end([&](step_t t) {
      const T v = (*this)(t);
      b.lower = v < b.lower ? v : b.lower;
      b.upper = v > b.upper ? v : b.upper;
    });
    return b;
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(max_lr_ == T(0), total_steps_ - 1);
  }

  static constexpr auto description() {
    return detail::describe<one_cycle>(
        {.name = name,
         .example = "one_cycle(0.1, 1000)",
         .formula = "PyTorch's OneCycleLR for `t < total_steps`, then its final value",
         .frameworks = {{{"PyTorch", "OneCycleLR"}, {"Optax", "cosine_onecycle_schedule"}}}},
        detail::param("max_lr", &one_cycle::max_lr, detail::required, "finite and >= 0"),
        detail::param("total_steps", &one_cycle::total_steps, detail::required, ">= 1",
                      "Optax transition_steps"),
        detail::param("pct_start", &one_cycle::pct_start, T(0.3),
                      "in (0, 1), <= 0.5 with three_phase"),
        detail::param("anneal", &one_cycle::anneal, anneal_strategy::cos, "cos or linear",
                      "PyTorch anneal_strategy"),
        detail::param("div_factor", &one_cycle::div_factor, T(25), "finite and > 0"),
        detail::param("final_div_factor", &one_cycle::final_div_factor, T(1e4), "finite and > 0"),
        detail::param("three_phase", &one_cycle::three_phase, false,
                      "true: back to the initial rate before the final decay"));
  }

 private:
  // From `from` at step `begin` to `to` at step `end`, for `begin < x <= end`: the phase has a
  // length, and the fraction is in (0, 1] (x > begin gives x - begin > 0, with subnormals). The
  // value never leaves [from, to], also where rounding (subnormal rates, steps past the value
  // type's exact integers) would carry the formula past an end; the clamp is two max/min pairs
  // without a branch.
  [[nodiscard]] LRSCHED_INLINE constexpr T phase(T x, T begin, T end, T from, T to) const noexcept {
    const T pct = (x - begin) / (end - begin);
    if (!(pct < T(1))) return to;
    const T v = anneal_ == anneal_strategy::linear
                    ? (to - from) * pct + from
                    : to + (from - to) / T(2) * (detail::cos(detail::pi<T> * pct) + T(1));
    return detail::min_value(detail::max_value(v, detail::min_value(from, to)),
                             detail::max_value(from, to));
  }

  T max_lr_;
  step_t total_steps_;
  T pct_start_;
  T div_factor_;
  T final_div_factor_;
  anneal_strategy anneal_;
  bool three_phase_;
  T initial_lr_{};  // max_lr / div_factor
  T min_lr_{};      // initial_lr / final_div_factor
  T end1_{};        // pct_start * total_steps - 1: where the first phase ends
  T end2_{};        // 2 pct_start * total_steps - 2: where three_phase's second one ends
  T last_{};        // total_steps - 1: where the last one ends
};

template <std::floating_point T, class... R>
one_cycle(T, R...) -> one_cycle<T>;

}  // namespace lrsched
