// lrsched: the interpolation shared by anneal, wsd's two ramps and with_warmup.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>

#include "math.hpp"

namespace lrsched::detail {

/// How a curve moves from `from` at step 0 to `to` at step `steps`.
enum class curve_kind : unsigned char {
  linear,  ///< `p`
  cos,     ///< `(1 - cos(pi p)) / 2`
  sqrt,    ///< `sqrt(p)`
  exp,     ///< geometric: `from * (to / from)^p`
  poly,    ///< `p^power`
  hold,    ///< `from` until the end
};

/// A curve from `from` to `to` over `steps` steps, with what its call needs precomputed. The
/// value at a step `0 < s < steps` never leaves the closed interval between the two ends, and is
/// monotone in `s` also after rounding. Where the shape allows it, the fraction is taken from the
/// nearer end (the exact count of steps from there), so that a value close to a small end keeps
/// its relative accuracy.
template <std::floating_point T>
struct curve {
  using calc = calc_t<T>;
  T from{};
  T to{};
  std::int64_t steps = 0;
  calc inverse_steps{};  // 1 / steps
  calc extra{};  // the slope |to - from| / steps for linear, log(to / from) / steps for exp (-inf
                 // for to = 0), the power for poly
  curve_kind kind = curve_kind::linear;
  bool rising = true;  // from <= to

  /// `steps >= 0` (0: a curve that is never called, kept for its ends); for `exp`, `from > 0`
  /// and `to >= 0`; for `poly`, `power > 0`.
  [[nodiscard]] static constexpr curve make(T from, T to, std::int64_t steps, curve_kind kind,
                                            T power = T(1)) noexcept {
    curve c{from, to, steps};
    c.kind = kind;
    c.rising = from <= to;
    if (steps > 0) c.inverse_steps = static_cast<calc>(1.0L / static_cast<long double>(steps));
    if (kind == curve_kind::linear && steps > 0) {
      const long double low = static_cast<long double>(c.rising ? from : to);
      const long double high = static_cast<long double>(c.rising ? to : from);
      c.extra = static_cast<calc>((high - low) / static_cast<long double>(steps));
    } else if (kind == curve_kind::exp && from > T(0) && steps > 0) {
      // The logarithm of the ratio as a difference (the ratio itself may overflow), per step;
      // to = 0 gives from * e^(-inf) = 0 at every step inside.
      c.extra = to > T(0) ? static_cast<calc>((precise_log(static_cast<long double>(to)) -
                                               precise_log(static_cast<long double>(from))) /
                                              static_cast<long double>(steps))
                          : -std::numeric_limits<calc>::infinity();
    } else if (kind == curve_kind::poly) {
      c.extra = static_cast<calc>(power);
    }
    return c;
  }

  /// The power of a `poly` curve, 1 for the others.
  [[nodiscard]] constexpr T power() const noexcept {
    return kind == curve_kind::poly ? static_cast<T>(extra) : T(1);
  }

  /// The value of an `exp` curve at a step `0 < s < steps`.
  [[nodiscard]] LRSCHED_INLINE constexpr T at_exp(std::int64_t s) const noexcept {
    // from * e^(k s), k = log(to / from) / steps: e^(k s) >= 1 rising and <= 1 falling, also
    // after rounding, so only the far end can be overshot.
    const auto v =
        static_cast<T>(detail::exp(extra * static_cast<calc>(s)) * static_cast<calc>(from));
    return rising ? min_value(v, to) : max_value(v, to);
  }

  /// The value of a `linear` curve at a step `0 < s < steps`.
  [[nodiscard]] LRSCHED_INLINE constexpr T at_linear(std::int64_t s) const noexcept {
    // From the smaller end, by the exact count of steps from there, so that a value near a small
    // end keeps its relative accuracy (from + (to - from) s / steps cancels falling towards a
    // small to: linear(1.0f, 1e-9f, 2^24 + 1) at 2^24 gave 0, not 6e-8).
    const T low = rising ? from : to;
    const T high = rising ? to : from;
    const std::int64_t n = rising ? s : steps - s;
    const auto v = static_cast<T>(static_cast<calc>(low) + extra * static_cast<calc>(n));
    return min_value(v, high);
  }

  /// The value at a step `0 < s < steps`.
  [[nodiscard]] LRSCHED_INLINE constexpr T at(std::int64_t s) const noexcept {
    const T low = rising ? from : to;
    const T high = rising ? to : from;
    const std::int64_t n = rising ? s : steps - s;  // steps from the smaller end
    switch (kind) {
      case curve_kind::linear:
        return at_linear(s);
      case curve_kind::cos: {
        // (1 - cos(pi p)) / 2 = sin^2(pi p / 2), and from the other end sin^2(pi (1 - p) / 2).
        const calc r = sin(pi<calc> / calc(2) * (static_cast<calc>(n) * inverse_steps));
        return up_from(low, high, r * r);
      }
      case curve_kind::sqrt: {
        const calc p = static_cast<calc>(s) * inverse_steps;
        const calc root = detail::sqrt(p);
        // Falling, the fraction from the low end is 1 - sqrt(p) = (1 - p) / (1 + sqrt(p)).
        const calc f =
            rising ? root : (static_cast<calc>(steps - s) * inverse_steps) / (calc(1) + root);
        return up_from(low, high, f);
      }
      case curve_kind::exp:
        return at_exp(s);
      case curve_kind::poly: {
        const calc p = static_cast<calc>(s) * inverse_steps;
        const calc f = detail::pow(p, extra);
        const auto v = static_cast<T>(static_cast<calc>(from) +
                                      (static_cast<calc>(to) - static_cast<calc>(from)) * f);
        return between(v, from, to);
      }
      default:
        return from;
    }
  }

 private:
  [[nodiscard]] LRSCHED_INLINE static constexpr T up_from(T low, T high, calc f) noexcept {
    const auto v = static_cast<T>(static_cast<calc>(low) +
                                  (static_cast<calc>(high) - static_cast<calc>(low)) * f);
    return v < high ? v : high;
  }
};

}  // namespace lrsched::detail
