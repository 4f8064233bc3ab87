// lrsched: noisy, deterministic multiplicative noise.
#pragma once

#include <cstdint>
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

/// SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijection of 64-bit words whose output
/// bits each depend on every input bit.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A uniform number in [-1, 1) from `(seed, step)` alone: counter-based, so the same at any step,
/// in any order, on every machine (integer arithmetic, then one exact scaling).
[[nodiscard]] constexpr double unit_noise(std::uint64_t seed, std::uint64_t step) noexcept {
  const std::uint64_t bits = mix64(mix64(seed) + step * 0x9e3779b97f4a7c15ULL);
  // The top 53 bits as k / 2^52 - 1: every value is exact in a double.
  return static_cast<double>(bits >> 11) * 0x1p-52 - 1.0;
}

}  // namespace detail

/// `base(t) * (1 + n)`, with `n` uniform in `[-pct, pct)` from a hash of `(seed, t)` (timm's
/// learning-rate noise without its global random state): pure, reproducible at any step.
/// `0 <= pct < 1`, `seed >= 0`.
template <schedule S>
class noisy_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "noisy";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = noisy_schedule<B>;

  /// Where the base schedule knows its bounds, `(1 + pct)` times its largest value must be
  /// finite.
  constexpr noisy_schedule(S base, value_type pct, step_count seed)
      : base_(std::move(base)), pct_(detail::no_minus_zero(pct)), seed_(seed) {
    detail::require(pct >= value_type(0) && pct < value_type(1), name, "pct", "must be in [0, 1)",
                    pct);
    detail::require(seed_ >= 0, name, "seed", "must be >= 0", seed_);
    if constexpr (bounded_schedule<S>) {
      const value_type upper = base_.bounds().upper;
      if (detail::is_finite(upper) && !detail::is_finite_product(value_type(1) + pct_, upper)) {
        detail::invalid_with_message(
            std::string("noisy: (1 + pct) times the schedule's largest value ") +
                detail::format_value(upper) + " is not finite",
            name, "pct", "(1 + pct) times the schedule's largest value must be finite", pct);
      }
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    const step_t s = detail::clamp_step(t);
    const value_type v = base_(s);
    const auto factor = static_cast<calc>(1) +
                        static_cast<calc>(pct_) *
                            static_cast<calc>(detail::unit_noise(static_cast<std::uint64_t>(seed_),
                                                                 static_cast<std::uint64_t>(s)));
    const auto out = static_cast<value_type>(static_cast<calc>(v) * factor);
    return detail::between(out, v * (value_type(1) - pct_), v * (value_type(1) + pct_));
  }

  /// The base schedule's bounds widened by the noise: `lower * (1 - pct)` to `upper * (1 +
  /// pct)`, which contain every value (the hash reaches close to both ends, but not provably at
  /// the steps where the base is extreme).
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    const value_bounds<value_type> b = base_.bounds();
    return {b.lower * (value_type(1) - pct_), b.upper * (value_type(1) + pct_)};
  }
  /// None: the noise never settles (unless pct is 0).
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    if (pct_ == value_type(0)) return lrsched::horizon(base_);
    return std::nullopt;
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr value_type pct() const noexcept { return pct_; }
  [[nodiscard]] constexpr step_t seed() const noexcept { return seed_; }

  static constexpr auto description() {
    return detail::describe<noisy_schedule>(
        {.name = name,
         .example = "constant(0.1) | noisy(0.1, 7)",
         .role = entry_role::adaptor,
         .formula = "`s(t) * (1 + n)`, `n` uniform in `[-pct, pct)` from a hash of `(seed, t)`",
         .frameworks = {{{"timm", "noise_pct", "noise_type='uniform'; pure, no global RNG"}}},
         .form = "s | noisy(pct=0.67, seed=42)"},
        detail::param("pct", &noisy_schedule::pct, value_type(0.67), "in [0, 1)", "timm noise_pct"),
        detail::param("seed", &noisy_schedule::seed, step_t{42}, ">= 0", "timm noise_seed"));
  }

 private:
  using calc = detail::calc_t<value_type>;
  S base_;
  value_type pct_;
  step_t seed_;
};

namespace detail {

template <class R>
struct noisy_closure : adaptor_closure<noisy_closure<R>> {
  R pct;
  step_t seed;
  constexpr noisy_closure(R p, step_count s) : pct(p), seed(s) {}
  template <schedule S>
  [[nodiscard]] constexpr noisy_schedule<S> operator()(S s) const {
    return noisy_schedule<S>(std::move(s), static_cast<value_type_t<S>>(pct), seed);
  }
};

struct noisy_fn {
  template <schedule S>
  [[nodiscard]] constexpr noisy_schedule<S> operator()(
      S s, std::type_identity_t<value_type_t<S>> pct = value_type_t<S>(0.67),
      step_count seed = 42) const {
    return noisy_schedule<S>(std::move(s), pct, seed);
  }
  template <class R = double>
  requires std::is_arithmetic_v<R> &&(!std::same_as<R, bool>) [[nodiscard]] constexpr auto
  operator()(R pct = R(0.67), step_count seed = 42) const {
    using real = std::conditional_t<std::floating_point<R>, R, double>;
    return noisy_closure<real>(static_cast<real>(pct), seed);
  }
};

}  // namespace detail

/// `s | noisy(pct = 0.67, seed = 42)`, or `noisy(s, pct, seed)`.
inline constexpr detail::noisy_fn noisy{};

}  // namespace lrsched
