// lrsched: polynomial_decay and linear.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
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
        decay_steps_(static_cast<std::uint64_t>(decay_steps)),
        end_lr_(detail::no_minus_zero(end_lr)),
        power_(power),
        cycle_(cycle) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(decay_steps, name, "decay_steps");
    detail::require_rate(end_lr, name, "end_lr");
    detail::require(detail::is_finite(power) && power > T(0), name, "power",
                    "must be finite and > 0", power);
    for (int k = 1; k <= 4; ++k) {
      if (power == T(k)) whole_power_ = k;
    }
    low_ = lr_ < end_lr_ ? lr_ : end_lr_;
    high_ = lr_ < end_lr_ ? end_lr_ : lr_;
    // The plain path (no cycle, power 1 or 2) stays within its bounds with no clamp: 1 / D is
    // rounded down where D * (1 / D) would pass 1, so that n * (1 / D) <= 1 for every n <= D and
    // r^power <= 1, and lr - end_lr is nudged as span_within says. Should either not do
    // (subnormal), the general path clamps.
    using C = detail::calc_t<T>;
    const auto d = static_cast<C>(decay_steps_.divisor());
    auto inverse = static_cast<C>(1.0L / static_cast<long double>(decay_steps));
    for (int i = 0; i < 4 && d * inverse > C(1); ++i) {
      inverse -= inverse * std::numeric_limits<C>::epsilon() / C(2);
    }
    inverse_steps_ = inverse;
    square_ = whole_power_ == 2;
    const auto span = detail::span_within<T, T>(lr_, end_lr_);
    span_ = span.span;
    plain_ = !cycle && (whole_power_ == 1 || whole_power_ == 2) && d * inverse <= C(1) && span.fits;
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    if (!plain_) [[unlikely]]
      return general(t);
    // Power 1 or 2 without cycle (TF's and PyTorch's default 1, 2 in the polynomial warmups): the
    // steps left as an integer (no cancellation near the end) times 1 / D, raised by one branch
    // that never changes and so is always predicted.
    const step_t d = decay_steps();
    const step_t s = detail::clamp_step(t);
    const step_t u = s < d ? s : d;
    const auto r = static_cast<T>(static_cast<detail::calc_t<T>>(d - u) * inverse_steps_);
    return span_ * (square_ ? r * r : r) + end_lr_;
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept {
    return static_cast<step_t>(decay_steps_.divisor());
  }
  [[nodiscard]] constexpr T end_lr() const noexcept { return end_lr_; }
  [[nodiscard]] constexpr T power() const noexcept { return power_; }
  [[nodiscard]] constexpr bool cycle() const noexcept { return cycle_; }
  /// Between `lr` (step 0) and `end_lr` (step decay_steps), in either order.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return {lr_ < end_lr_ ? lr_ : end_lr_, lr_ < end_lr_ ? end_lr_ : lr_};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == end_lr_, cycle_ ? std::nullopt : std::optional(decay_steps()));
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
  // Cycle, or a power other than 1 and 2: out of the plain path's way.
  [[nodiscard]] constexpr T general(step_t t) const noexcept {
    // Kept between lr and end_lr, which rounding can leave by an ulp.
    const T v = (lr_ - end_lr_) * raise(remaining(detail::clamp_step(t))) + end_lr_;
    const T w = v < high_ ? v : high_;
    return w > low_ ? w : low_;
  }

  // r^power: 3 and 4 by multiplication (as exact as pow), others by pow.
  [[nodiscard]] constexpr T raise(T r) const noexcept {
    if (whole_power_ == 1) return r;
    if (whole_power_ == 2) return r * r;
    if (whole_power_ == 3) return r * r * r;
    if (whole_power_ == 4) return (r * r) * (r * r);
    return general_power(r, power_);
  }

  // Out of line, so that the call's registers and stack frame stay off the paths above.
  [[gnu::cold, gnu::noinline]] static constexpr T general_power(T r, T power) noexcept {
    return detail::pow(r, power);
  }

  // 1 - u/D, computed from D - u in integers, which cannot overflow and does not cancel near the
  // end of the decay.
  [[nodiscard]] constexpr T remaining(step_t s) const noexcept {
    const step_t d = decay_steps();
    if (!cycle_) {
      const step_t u = s < d ? s : d;
      const auto n = static_cast<detail::calc_t<T>>(d - u);
      // Powers other than 1 and 2 magnify the rounding of n * (1 / D): n / D, rounded once.
      if (whole_power_ != 1 && whole_power_ != 2) {
        return static_cast<T>(n / static_cast<detail::calc_t<T>>(d));
      }
      return static_cast<T>(n * inverse_steps_);
    }
    const auto q = static_cast<step_t>(decay_steps_.quotient(static_cast<std::uint64_t>(s)));
    const step_t r = s - q * d;
    if (s == 0) return T(1);
    if (r == 0) return T(0);  // t is a multiple of decay_steps: D = t
    const step_t k = q + 1;   // D = k * decay_steps
    return detail::to_real<T>(d - r) / (detail::to_real<T>(d) * detail::to_real<T>(k));
  }

  T lr_;
  detail::step_divider decay_steps_;  // the cycle's floor(t / decay_steps) without a division
  T end_lr_;
  T power_;
  bool cycle_;
  bool plain_ = false;  // no cycle, power 1 or 2: operator()'s own path
  // Power 2. whole_power_ says as much, but testing it in the call measured 1.5 times the best
  // with clang -O2 at consecutive steps, against 1.2-1.3 with this flag.
  bool square_ = false;
  int whole_power_ = 0;                // power when it is 1, 2, 3 or 4; else 0
  detail::calc_t<T> inverse_steps_{};  // 1 / decay_steps, rounded down where D * it > 1
  T span_{};                           // lr - end_lr, moved so that span + end_lr does not pass lr
  T low_{};                            // the smaller of lr and end_lr
  T high_{};                           // the larger
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
    const auto inverse_steps = static_cast<calc>(1.0L / static_cast<long double>(steps));
    const bool rising = start_ <= end_;
    low_ = rising ? start_ : end_;
    high_ = rising ? end_ : start_;
    flip_ = rising ? 0 : -1;
    origin_ = rising ? 0 : steps_;
    // The slope, nudged up by the ulp or two that rounding may have taken off, so that the line
    // reaches `high` at its far end and the cap below makes that end exact. The nudge grows each
    // round, so that it ends also where the slope underflows to 0 or a subnormal.
    const calc low = low_, high = high_;
    slope_ = (high - low) * inverse_steps;
    // (The smallest normal number as the least nudge: a subnormal one is 0 where they are
    // flushed.)
    const calc least = std::numeric_limits<calc>::min();
    calc nudge = slope_ * (2 * std::numeric_limits<calc>::epsilon());
    nudge = nudge < least ? least : nudge;
    while (low + slope_ * static_cast<calc>(steps_) < high) {
      slope_ += nudge;
      nudge *= 2;
    }
  }

  // From the smaller end with the exact count of steps from it: right and monotone also past the
  // value type's exact integers, where start + slope * t cancels near a small end
  // (linear(1.0f, 1e-9f, 2^24 + 1) at 2^24 is 6e-8, not 0). Which end is the smaller one is
  // settled at construction: the count, s rising and steps - s falling, is
  // origin + (s ^ flip) - flip. Without a branch: the step is clamped to [0, steps] and the far
  // end is reached exactly through the cap at `high`.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    step_t s = detail::clamp_step(t);
    s = s < steps_ ? s : steps_;
    const step_t n = origin_ + ((s ^ flip_) - flip_);
    const auto v = static_cast<T>(static_cast<calc>(low_) + slope_ * static_cast<calc>(n));
    return v < high_ ? v : high_;
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
  calc slope_{};     // (high - low) / steps
  T low_{};          // the smaller of start and end
  T high_{};         // the larger
  step_t flip_{};    // 0 rising, -1 falling
  step_t origin_{};  // 0 rising, steps falling
};

template <std::floating_point T, class... R>
linear(T, R...) -> linear<T>;

}  // namespace lrsched
