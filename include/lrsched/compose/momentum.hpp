// lrsched: cycle_momentum, the momentum that moves against a cyclical rate.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"
#include "../schedules/cyclic.hpp"
#include "../schedules/one_cycle.hpp"

namespace lrsched {

namespace detail {
template <class S>
struct is_momentum_cycle : std::false_type {};
template <std::floating_point T>
struct is_momentum_cycle<one_cycle<T>> : std::true_type {};
template <std::floating_point T>
struct is_momentum_cycle<cyclic<T>> : std::true_type {};
}  // namespace detail

/// The schedules whose momentum PyTorch cycles (`cycle_momentum=True`): one_cycle and cyclic.
template <class S>
concept momentum_cycle = detail::is_momentum_cycle<std::remove_cvref_t<S>>::value;

/// The momentum PyTorch's OneCycleLR and CyclicLR set with `cycle_momentum=True`, as a schedule of
/// its own: it moves against the rate, `max_momentum` where the rate is lowest in its cycle and
/// `base_momentum` at the peak. A training loop sets the momentum (or Adam's beta1) from it as it
/// sets the rate from `rate()`. `0 <= base_momentum <= max_momentum`, both finite.
template <momentum_cycle S>
class cycle_momentum_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "cycle_momentum";
  /// The same combinator over another one_cycle or cyclic.
  template <momentum_cycle B>
  using rebind = cycle_momentum_schedule<B>;
  /// The schedules it takes, for the spec reader.
  template <std::floating_point V>
  using accepts = detail::type_list<one_cycle<V>, cyclic<V>>;

  constexpr cycle_momentum_schedule(S rate, value_type base_momentum = value_type(0.85),
                                    value_type max_momentum = value_type(0.95))
      : rate_(std::move(rate)),
        base_momentum_(detail::no_minus_zero(base_momentum)),
        max_momentum_(detail::no_minus_zero(max_momentum)) {
    detail::require_nonnegative(base_momentum, name, "base_momentum");
    detail::require(detail::is_finite(max_momentum) && max_momentum >= base_momentum, name,
                    "max_momentum", "must be finite and >= base_momentum", max_momentum);
    height_ = max_momentum_ - base_momentum_;
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const noexcept {
    if constexpr (requires { rate_.interpolate(t, height_, height_, height_); }) {
      return rate_.interpolate(t, max_momentum_, base_momentum_, max_momentum_);
    } else {
      const value_type v = max_momentum_ - rate_.scaled_height(t, height_);
      return detail::between(v, base_momentum_, max_momentum_);
    }
  }

  /// The rate schedule whose momentum this is.
  [[nodiscard]] constexpr const S& rate() const noexcept { return rate_; }
  [[nodiscard]] constexpr value_type base_momentum() const noexcept { return base_momentum_; }
  [[nodiscard]] constexpr value_type max_momentum() const noexcept { return max_momentum_; }

  /// The values at the steps where the rate's phases turn, where the momentum's extremes are.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept {
    value_bounds<value_type> b{(*this)(0), (*this)(0)};
    const auto visit = [&](step_t t) {
      const value_type v = (*this)(t);
      b.lower = v < b.lower ? v : b.lower;
      b.upper = v > b.upper ? v : b.upper;
    };
    if constexpr (requires { rate_.interpolate(0, height_, height_, height_); }) {
      rate_.for_each_phase_end(visit);
    } else {
      rate_.for_each_extreme(visit);
    }
    return b;
  }
  /// one_cycle's last step (`max_momentum` from there on); none for cyclic, which cycles forever.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    if (height_ == value_type(0)) return 0;
    if constexpr (requires { rate_.total_steps(); }) {
      return rate_.total_steps() - 1;
    } else {
      return std::nullopt;
    }
  }

  static constexpr auto description() {
    return detail::describe<cycle_momentum_schedule>(
        {.name = name,
         .example = "cycle_momentum(one_cycle(0.1, 1000), 0.85, 0.95)",
         .role = entry_role::combinator,
         .formula = "the momentum against the rate of a `one_cycle` or `cyclic` `s`: "
                    "`max_momentum` where the rate is lowest, `base_momentum` at its peak",
         .frameworks = {{{"PyTorch", "OneCycleLR(cycle_momentum=True)",
                          "and CyclicLR; group['momentum'] or betas[0]"}}},
         .form = "cycle_momentum(s, base_momentum=0.85, max_momentum=0.95)"},
        detail::param("s", &cycle_momentum_schedule::rate, detail::required,
                      "a one_cycle or cyclic schedule"),
        detail::param("base_momentum", &cycle_momentum_schedule::base_momentum, value_type(0.85),
                      "finite and >= 0", "PyTorch base_momentum"),
        detail::param("max_momentum", &cycle_momentum_schedule::max_momentum, value_type(0.95),
                      "finite and >= base_momentum", "PyTorch max_momentum"));
  }

 private:
  S rate_;
  value_type base_momentum_;
  value_type max_momentum_;
  value_type height_{};  // max_momentum - base_momentum
};

namespace detail {
struct cycle_momentum_fn {
  template <momentum_cycle S>
  [[nodiscard]] constexpr cycle_momentum_schedule<S> operator()(
      S rate, std::type_identity_t<value_type_t<S>> base_momentum = value_type_t<S>(0.85),
      std::type_identity_t<value_type_t<S>> max_momentum = value_type_t<S>(0.95)) const {
    return cycle_momentum_schedule<S>(std::move(rate), base_momentum, max_momentum);
  }
};
}  // namespace detail

/// `cycle_momentum(s, base_momentum = 0.85, max_momentum = 0.95)` for `s` a one_cycle or a
/// cyclic.
inline constexpr detail::cycle_momentum_fn cycle_momentum{};

}  // namespace lrsched
