// lrsched: cyclic (the CLR policies triangular, triangular2, exp_range).
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// The amplitude policy of `cyclic`.
enum class cyclic_mode {
  triangular,   ///< every cycle reaches max_lr
  triangular2,  ///< the amplitude halves every cycle
  exp_range,    ///< the amplitude is scaled by gamma^t
};

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

  constexpr cyclic(T base_lr, T max_lr, step_t step_size,
                   cyclic_mode mode = cyclic_mode::triangular, T gamma = T(1),
                   step_t step_size_down = 0)
      : base_lr_(base_lr),
        max_lr_(max_lr),
        step_size_(step_size),
        step_size_down_(step_size_down),
        gamma_(gamma),
        mode_(mode) {
    detail::require_rate(base_lr, "cyclic", "base_lr");
    detail::require_rate(max_lr, "cyclic", "max_lr");
    detail::require(step_size >= 1 && step_size <= max_step_size, "cyclic", "step_size",
                    "must be in [1, 2^62]", step_size);
    detail::require(mode == cyclic_mode::triangular || mode == cyclic_mode::triangular2 ||
                        mode == cyclic_mode::exp_range,
                    "cyclic", "mode", "must be triangular, triangular2 or exp_range",
                    static_cast<int>(mode));
    detail::require_factor(gamma, "cyclic", "gamma");
    detail::require(step_size_down >= 0 && step_size_down <= max_step_size, "cyclic",
                    "step_size_down", "must be in [0, 2^62] (0: the same as step_size)",
                    step_size_down);
  }

  [[nodiscard]] constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    const step_t up = step_size_;
    const step_t down = step_size_down_ == 0 ? step_size_ : step_size_down_;
    const step_t cycle = s / (up + down);
    const step_t x = s - cycle * (up + down);
    const T h = x <= up ? detail::to_real<T>(x) / detail::to_real<T>(up)
                        : T(1) - detail::to_real<T>(x - up) / detail::to_real<T>(down);
    T scale = T(1);
    if (mode_ == cyclic_mode::triangular2) {
      scale = detail::pow(T(0.5), detail::to_real<T>(cycle));
    } else if (mode_ == cyclic_mode::exp_range) {
      scale = detail::pow(gamma_, detail::to_real<T>(s));
    }
    return base_lr_ + (max_lr_ - base_lr_) * h * scale;
  }

  [[nodiscard]] constexpr T base_lr() const noexcept { return base_lr_; }
  [[nodiscard]] constexpr T max_lr() const noexcept { return max_lr_; }
  [[nodiscard]] constexpr step_t step_size() const noexcept { return step_size_; }
  [[nodiscard]] constexpr cyclic_mode mode() const noexcept { return mode_; }
  [[nodiscard]] constexpr T gamma() const noexcept { return gamma_; }
  /// As given: 0 means "the same as step_size".
  [[nodiscard]] constexpr step_t step_size_down() const noexcept { return step_size_down_; }

 private:
  T base_lr_;
  T max_lr_;
  step_t step_size_;
  step_t step_size_down_;
  T gamma_;
  cyclic_mode mode_;
};

template <std::floating_point T, class... R>
cyclic(T, R...) -> cyclic<T>;

}  // namespace lrsched
