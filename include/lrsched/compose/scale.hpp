// lrsched: scaled, clamped and product.
#pragma once

#include <concepts>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/closure.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {
template <class R>
using real_t = std::conditional_t<std::floating_point<R>, R, double>;
template <class R>
concept number = std::is_arithmetic_v<R> && !std::same_as<R, bool>;
}  // namespace detail

/// `factor * base(t)`; `factor` finite and >= 0.
template <schedule S>
class scaled_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "scaled";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = scaled_schedule<B>;

  /// Where the base schedule knows its bounds, `factor` times its largest value must be finite.
  constexpr scaled_schedule(S base, value_type factor)
      : base_(std::move(base)), factor_(detail::no_minus_zero(factor)) {
    detail::require_nonnegative(factor, name, "factor");
    if constexpr (bounded_schedule<S>) {
      const value_type upper = base_.bounds().upper;
      if (detail::is_finite(upper) && !detail::is_finite_product(factor, upper)) {
        too_large(factor, upper);
      }
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    return factor_ * base_(t);
  }

  /// The base schedule's bounds times `factor`.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    const value_bounds<value_type> b = base_.bounds();
    if (factor_ == value_type(0)) return {value_type(0), value_type(0)};
    return {factor_ * b.lower, factor_ * b.upper};
  }
  /// The base schedule's; 0 when the factor is 0.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    return detail::when(factor_ == value_type(0), lrsched::horizon(base_));
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr value_type factor() const noexcept { return factor_; }

  static constexpr auto description() {
    return detail::describe<scaled_schedule>(
        {.name = name,
         .example = "constant(0.1) | scaled(0.5)",
         .role = entry_role::adaptor,
         .formula = "`factor * s(t)`",
         .frameworks = {{{"PyTorch", "LambdaLR", "with a constant lambda"}}},
         .form = "s | scaled(factor)"},
        detail::param("factor", &scaled_schedule::factor, detail::required, "finite and >= 0"));
  }

 private:
  [[noreturn]] static void too_large(value_type factor, value_type upper) {
    detail::invalid_with_message(
        std::string("scaled: factor ") + detail::format_value(factor) +
            " times the schedule's largest value " + detail::format_value(upper) + " is not finite",
        name, "factor", "times the schedule's largest value must be finite", factor);
  }

  S base_;
  value_type factor_;
};

/// `base(t)` limited to `[lower, upper]`; `0 <= lower <= upper`, no upper bound unless given.
template <schedule S>
class clamped_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "clamped";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = clamped_schedule<B>;

  // No constructor takes the base alone: that would be a conversion from S, which recurses
  // through any_schedule's converting constructor.
  constexpr clamped_schedule(S base, value_type lower)
      : base_(std::move(base)),
        lower_(detail::no_minus_zero(lower)),
        upper_(std::numeric_limits<value_type>::infinity()) {
    detail::require_nonnegative(lower, name, "min");
  }
  constexpr clamped_schedule(S base, value_type lower, value_type upper)
      : base_(std::move(base)),
        lower_(detail::no_minus_zero(lower)),
        upper_(detail::no_minus_zero(upper)) {
    detail::require_nonnegative(lower, name, "min");
    detail::require(detail::is_finite(upper) && upper >= lower, name, "max",
                    "must be finite and >= min", upper);
  }
  /// No upper bound when `upper` is empty: the form the spec reader uses.
  constexpr clamped_schedule(S base, value_type lower, std::optional<value_type> upper)
      : clamped_schedule(upper ? clamped_schedule(std::move(base), lower, *upper)
                               : clamped_schedule(std::move(base), lower)) {}

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    const value_type v = base_(t);
    return v < lower_ ? lower_ : (v > upper_ ? upper_ : v);
  }

  /// The base schedule's bounds, clamped.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    const value_bounds<value_type> b = base_.bounds();
    const auto clamp = [&](value_type v) {
      return v < lower_ ? lower_ : (v > upper_ ? upper_ : v);
    };
    return {clamp(b.lower), clamp(b.upper)};
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  /// The lower bound (`min` in the catalogue).
  [[nodiscard]] constexpr value_type lower() const noexcept { return lower_; }
  /// The upper bound (`max` in the catalogue); infinity when none was given.
  [[nodiscard]] constexpr value_type upper() const noexcept { return upper_; }
  [[nodiscard]] constexpr bool has_upper() const noexcept {
    return upper_ != std::numeric_limits<value_type>::infinity();
  }
  /// The upper bound if one was given.
  [[nodiscard]] constexpr std::optional<value_type> max() const noexcept {
    return has_upper() ? std::optional(upper_) : std::nullopt;
  }
  /// The base schedule's.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const { return lrsched::horizon(base_); }

  static constexpr auto description() {
    return detail::describe<clamped_schedule>(
        {.name = name,
         .example = "constant(0.1) | clamped(0.01, 0.05)",
         .role = entry_role::adaptor,
         .formula = "`s(t)` limited to `[min, max]`",
         .form = "s | clamped(min=0, max=none)"},
        detail::param("min", &clamped_schedule::lower, value_type(0), "finite and >= 0"),
        detail::param("max", &clamped_schedule::max, detail::absent,
                      "finite and >= min; none: no upper bound"));
  }

 private:
  S base_;
  value_type lower_;
  value_type upper_;
};

/// `a(t) * b(t)` in the common value type (PyTorch's ChainedScheduler of multiplicative factors).
template <schedule A, schedule B>
class product_schedule {
 public:
  using value_type = std::common_type_t<value_type_t<A>, value_type_t<B>>;
  static constexpr std::string_view name = "product";
  /// The same combinator, of two schedules of type P.
  template <schedule P>
  using rebind = product_schedule<P, P>;

  /// Where both schedules know their bounds, the product of their largest values must be finite.
  constexpr product_schedule(A a, B b) : a_(std::move(a)), b_(std::move(b)) {
    if constexpr (bounded_schedule<A> && bounded_schedule<B>) {
      const auto upper_a = static_cast<value_type>(a_.bounds().upper);
      const auto upper_b = static_cast<value_type>(b_.bounds().upper);
      if (detail::is_finite(upper_a) && detail::is_finite(upper_b) &&
          !detail::is_finite_product(upper_a, upper_b)) {
        detail::invalid_composition("product: the schedules' largest values ", upper_a, " and ",
                                    upper_b, " multiply to more than the value type holds");
      }
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(a_(t)) && noexcept(b_(t))) {
    return static_cast<value_type>(a_(t)) * static_cast<value_type>(b_(t));
  }

  /// The products of the bounds (both schedules' values are >= 0); unknown (infinite) when
  /// either schedule's are.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<A> && bounded_schedule<B> {
    const auto a = a_.bounds();
    const auto b = b_.bounds();
    constexpr value_type inf = std::numeric_limits<value_type>::infinity();
    if (!detail::is_finite(a.lower) || !detail::is_finite(a.upper) || !detail::is_finite(b.lower) ||
        !detail::is_finite(b.upper)) {
      return {-inf, inf};
    }
    return {static_cast<value_type>(a.lower) * static_cast<value_type>(b.lower),
            static_cast<value_type>(a.upper) * static_cast<value_type>(b.upper)};
  }

  /// The later of the two horizons, if both have one.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> a = lrsched::horizon(a_);
    const std::optional<step_t> b = lrsched::horizon(b_);
    if (a && b) return *a > *b ? *a : *b;
    return std::nullopt;
  }

  [[nodiscard]] constexpr const A& first() const noexcept { return a_; }
  [[nodiscard]] constexpr const B& second() const noexcept { return b_; }

  static constexpr auto description() {
    return detail::describe<product_schedule>(
        {.name = name,
         .example = "product(constant(0.5), constant(0.2))",
         .role = entry_role::combinator,
         .formula = "`a(t) * b(t)`",
         .frameworks = {{{"PyTorch", "ChainedScheduler", "of multiplicative schedulers"}}},
         .form = "product(a, b)"},
        detail::param("a", &product_schedule::first, detail::required, "a schedule"),
        detail::param("b", &product_schedule::second, detail::required, "a schedule"));
  }

 private:
  A a_;
  B b_;
};

namespace detail {

template <class R>
struct scaled_closure : adaptor_closure<scaled_closure<R>> {
  R factor;
  constexpr explicit scaled_closure(R f) : factor(f) {}
  template <schedule S>
  [[nodiscard]] constexpr scaled_schedule<S> operator()(S s) const {
    return scaled_schedule<S>(std::move(s), static_cast<value_type_t<S>>(factor));
  }
};

struct scaled_fn {
  template <schedule S>
  [[nodiscard]] constexpr scaled_schedule<S> operator()(
      S s, std::type_identity_t<value_type_t<S>> factor) const {
    return scaled_schedule<S>(std::move(s), factor);
  }
  template <number R>
  [[nodiscard]] constexpr scaled_closure<real_t<R>> operator()(R factor) const {
    return scaled_closure<real_t<R>>(static_cast<real_t<R>>(factor));
  }
};

template <class R>
struct clamped_closure : adaptor_closure<clamped_closure<R>> {
  R lower;
  R upper;
  bool bounded;
  constexpr clamped_closure(R lo, R hi, bool b) : lower(lo), upper(hi), bounded(b) {}
  template <schedule S>
  [[nodiscard]] constexpr clamped_schedule<S> operator()(S s) const {
    using V = value_type_t<S>;
    if (bounded)
      return clamped_schedule<S>(std::move(s), static_cast<V>(lower), static_cast<V>(upper));
    return clamped_schedule<S>(std::move(s), static_cast<V>(lower));
  }
};

struct clamped_fn {
  template <schedule S>
  [[nodiscard]] constexpr clamped_schedule<S> operator()(
      S s, std::type_identity_t<value_type_t<S>> lower = 0) const {
    return clamped_schedule<S>(std::move(s), lower);
  }
  template <schedule S>
  [[nodiscard]] constexpr clamped_schedule<S> operator()(
      S s, std::type_identity_t<value_type_t<S>> lower,
      std::type_identity_t<value_type_t<S>> upper) const {
    return clamped_schedule<S>(std::move(s), lower, upper);
  }
  [[nodiscard]] constexpr clamped_closure<double> operator()() const {
    return clamped_closure<double>(0.0, 0.0, false);
  }
  template <number R>
  [[nodiscard]] constexpr clamped_closure<real_t<R>> operator()(R lower) const {
    return clamped_closure<real_t<R>>(static_cast<real_t<R>>(lower), real_t<R>(0), false);
  }
  template <number R1, number R2>
  [[nodiscard]] constexpr auto operator()(R1 lower, R2 upper) const {
    using R = std::common_type_t<real_t<R1>, real_t<R2>>;
    return clamped_closure<R>(static_cast<R>(lower), static_cast<R>(upper), true);
  }
};

struct product_fn {
  template <schedule A, schedule B>
  [[nodiscard]] constexpr product_schedule<A, B> operator()(A a, B b) const {
    return product_schedule<A, B>(std::move(a), std::move(b));
  }
};

}  // namespace detail

/// `s | scaled(factor)`, or `scaled(s, factor)`.
inline constexpr detail::scaled_fn scaled{};
/// `s | clamped(min = 0)`, `s | clamped(min, max)`, or `clamped(s, min, max)`.
inline constexpr detail::clamped_fn clamped{};
/// `product(a, b)`.
inline constexpr detail::product_fn product{};

}  // namespace lrsched
