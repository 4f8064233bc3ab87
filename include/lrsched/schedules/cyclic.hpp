// lrsched: cyclic (the CLR policies triangular, triangular2, exp_range).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// The amplitude policy of `cyclic`.
enum class cyclic_mode {
  triangular,   ///< every cycle reaches max_lr
  triangular2,  ///< the amplitude halves every cycle
  exp_range,    ///< the amplitude is scaled by gamma^t
};
[[nodiscard]] constexpr auto enum_names(cyclic_mode) noexcept {
  return std::to_array<detail::enum_name<cyclic_mode>>({{cyclic_mode::triangular, "triangular"},
                                                        {cyclic_mode::triangular2, "triangular2"},
                                                        {cyclic_mode::exp_range, "exp_range"}});
}

/// Cyclical learning rates (Smith 2017; PyTorch's CyclicLR, TF Addons' CyclicalLearningRate).
/// A cycle rises linearly from `base_lr` towards `max_lr` for `step_size` steps, then falls back
/// for `step_size_down` steps (0: the same as `step_size`). `0 < gamma <= 1`.
template <std::floating_point T = double>
class cyclic {
 public:
  using value_type = T;
  static constexpr std::string_view name = "cyclic";
  /// Step sizes are bounded so that a whole cycle's length fits in a step_t.
  static constexpr step_t max_step_size = step_t{1} << 62;

  constexpr cyclic(T base_lr, T max_lr, step_count step_size,
                   cyclic_mode mode = cyclic_mode::triangular, T gamma = T(1),
                   step_count step_size_down = 0)
      : base_lr_(detail::no_minus_zero(base_lr)),
        max_lr_(detail::no_minus_zero(max_lr)),
        step_size_(step_size),
        step_size_down_(step_size_down),
        gamma_(gamma),
        mode_(mode) {
    detail::require_rate(base_lr, name, "base_lr");
    detail::require_rate(max_lr, name, "max_lr");
    detail::require(step_size_ >= 1 && step_size_ <= max_step_size, name, "step_size",
                    "must be in [1, 2^62]", step_size_);
    detail::require_enum(mode, name, "mode");
    detail::require_factor(gamma, name, "gamma");
    detail::require(step_size_down_ >= 0 && step_size_down_ <= max_step_size, name,
                    "step_size_down", "must be in [0, 2^62] (0: the same as step_size)",
                    step_size_down_);
    const step_t down = step_size_down_ == 0 ? step_size_ : step_size_down_;
    // Up to 2^63: unsigned, where step_t would overflow.
    cycle_length_ = detail::step_divider(static_cast<std::uint64_t>(step_size_) +
                                         static_cast<std::uint64_t>(down));
    height_ = max_lr_ - base_lr_;
    inverse_up_ = T(1) / detail::to_real<T>(step_size_);
    inverse_down_ = T(1) / detail::to_real<T>(down);
    log_gamma_ = factor::from(detail::precise_log(gamma));
    plain_ = mode == cyclic_mode::triangular && step_size_ <= min_exact;
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    // triangular, the common mode, with a step size whose lines are exact (plain_, one test):
    // the triangle inline, min(down, up); clang kept scaled_height out of line (2.8-4x of the
    // best hand-written triangle through it).
    if (plain_) [[likely]] {
      return base_lr_ + height_ * smaller_side(place(detail::clamp_step(t)));
    }
    return base_lr_ + scaled_height(t, height_);
  }

  /// `height * h * scale`: the triangle's height `h` in [0, 1] at step t times the mode's scale,
  /// times `height`, in that order. The rate is `base_lr + scaled_height(t, max_lr - base_lr)`;
  /// cycle_momentum's momentum is `max_momentum - scaled_height(t, max_momentum -
  /// base_momentum)`, as PyTorch computes both.
  [[nodiscard]] constexpr T scaled_height(step_t t, T height) const noexcept {
    const step_t s = detail::clamp_step(t);
    const T h = triangle(s);
    if (mode_ == cyclic_mode::triangular) return height * h;
    if (mode_ == cyclic_mode::exp_range)
      return height * h * static_cast<T>(log_gamma_.exp_times(s));
    const auto cycle = static_cast<step_t>(cycle_length_.quotient(static_cast<std::uint64_t>(s)));
    return height * h * half_to_the(cycle);
  }

  /// The steps where the extremes are: 0, the first peak (step_size and the step after it) and,
  /// with exp_range, the peak of (t / step_size) gamma^t when it comes first.
  template <class F>
  constexpr void for_each_extreme(F&& visit) const {
    visit(step_t{0});
    visit(step_size_);
    visit(step_size_ + 1);
    if (mode_ == cyclic_mode::exp_range && gamma_ < T(1)) {
      const long double peak = -1.0L / detail::precise_log(static_cast<long double>(gamma_));
      if (peak < static_cast<long double>(step_size_)) {
        const auto below = static_cast<step_t>(peak);
        visit(below);
        visit(below + 1);
      }
    }
  }

  [[nodiscard]] constexpr T base_lr() const noexcept { return base_lr_; }
  [[nodiscard]] constexpr T max_lr() const noexcept { return max_lr_; }
  [[nodiscard]] constexpr step_t step_size() const noexcept { return step_size_; }
  [[nodiscard]] constexpr cyclic_mode mode() const noexcept { return mode_; }
  [[nodiscard]] constexpr T gamma() const noexcept { return gamma_; }
  /// As given: 0 means "the same as step_size".
  [[nodiscard]] constexpr step_t step_size_down() const noexcept { return step_size_down_; }
  /// `base_lr` (step 0) and the highest peak: the first, at step_size (or the step after it, where
  /// step_size * (1 / step_size) rounds below 1 and the fall is too slow to show), except with
  /// exp_range, whose (t / step_size) * gamma^t peaks at t = -1 / log(gamma) when that comes first.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    value_bounds<T> b{base_lr_, base_lr_};
    for_each_extreme([&](step_t t) {
      const T v = (*this)(t);
      b.lower = v < b.lower ? v : b.lower;
      b.upper = v > b.upper ? v : b.upper;
    });
    return b;
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(base_lr_ == max_lr_, std::nullopt);
  }

  static constexpr auto description() {
    return detail::describe<cyclic>(
        {.name = name,
         .example = "cyclic(0.001, 0.006, 200, triangular2)",
         .formula = "a triangle from `base_lr` up to `max_lr` in `step_size` steps and back in "
                    "`step_size_down` (0: `step_size`), its height scaled by `1` (triangular), "
                    "`1/2^cycle` (triangular2) or `gamma^t` (exp_range)",
         .frameworks = {{{"PyTorch", "CyclicLR", "step_size = step_size_up"},
                         {"TF Addons", "CyclicalLearningRate"}}}},
        detail::param("base_lr", &cyclic::base_lr, detail::required, "finite and >= 0"),
        detail::param("max_lr", &cyclic::max_lr, detail::required, "finite and >= 0"),
        detail::param("step_size", &cyclic::step_size, detail::required, "in [1, 2^62]",
                      "PyTorch step_size_up"),
        detail::param("mode", &cyclic::mode, cyclic_mode::triangular,
                      "triangular, triangular2 or exp_range"),
        detail::param("gamma", &cyclic::gamma, T(1), "in (0, 1]"),
        detail::param("step_size_down", &cyclic::step_size_down, step_t{0},
                      "in [0, 2^62] (0: the same as step_size)"));
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;

  // The triangle's height in [0, 1] at step s >= 0, x steps into its cycle: rising,
  // x / step_size; falling, 1 - (x - step_size) / down. Both sides are computed and the smaller
  // taken (a min, no branch for a random step to mispredict): the rising side is >= 1 once x
  // passes step_size, and the falling one >= 1 before, as long as 1 / step_size is more than
  // twice the rounding unit (step_size <= 2^(digits - 1)); larger step sizes select by side.
  [[nodiscard]] constexpr T triangle(step_t s) const noexcept {
    const step_t x = place(s);
    if (step_size_ <= min_exact) [[likely]]
      return smaller_side(x);
    const T rise = x <= step_size_ ? detail::to_real<T>(x) * inverse_up_
                                   : T(1) - detail::to_real<T>(x - step_size_) * inverse_down_;
    return T(1) < rise ? T(1) : rise;  // x * (1 / step_size) may round past 1
  }

  // How many steps into its cycle step s >= 0 is.
  [[nodiscard]] LRSCHED_INLINE constexpr step_t place(step_t s) const noexcept {
    return static_cast<step_t>(cycle_length_.remainder(static_cast<std::uint64_t>(s)));
  }

  // min(up, down) at x steps into the cycle: the triangle's height for step_size <= min_exact,
  // at most 1 (up passes 1 only at x = step_size, where down is 1).
  [[nodiscard]] LRSCHED_INLINE constexpr T smaller_side(step_t x) const noexcept {
    return detail::min_value(T(1) - detail::to_real<T>(x - step_size_) * inverse_down_,
                             detail::to_real<T>(x) * inverse_up_);
  }

  // The largest step size whose up and down lines meet at most at 1 after rounding: 2^(digits -
  // 1); in long double (digits 64) that is every step size (at most 2^62).
  static constexpr step_t min_exact = std::numeric_limits<T>::digits - 1 >= 62
                                          ? std::numeric_limits<step_t>::max()
                                          : step_t{1} << (std::numeric_limits<T>::digits - 1);

  // 2^-c, exact: a division by a power of two while it fits in 63 bits.
  [[nodiscard]] static constexpr T half_to_the(step_t c) noexcept {
    if (c < 63) return T(1) / static_cast<T>(std::uint64_t{1} << c);
    return detail::pow(T(0.5), detail::to_real<T>(c));
  }

  T base_lr_;
  T max_lr_;
  step_t step_size_;
  step_t step_size_down_;
  T gamma_;
  cyclic_mode mode_;
  bool plain_ = false;  // triangular, step_size <= min_exact: the call is one min of two lines
  // Precomputed: the cycle's length (with its divider), 1 / step_size, 1 / the down phase,
  // log(gamma).
  detail::step_divider cycle_length_{};  // divides without a division instruction
  T height_{};                           // max_lr - base_lr
  T inverse_up_{};
  T inverse_down_{};
  factor log_gamma_{};
};

template <std::floating_point T, class... R>
cyclic(T, R...) -> cyclic<T>;

}  // namespace lrsched
