// lrsched: per_epoch and every, the adaptors that change a schedule's unit of time.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
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
/// A schedule that is a function of its period `floor(t / step_size())` alone, with the value of
/// period `k` as `at_period(k)`: per_epoch over it divides once, by `steps_per_epoch *
/// step_size`, since floor(floor(t / a) / b) = floor(t / (a b)).
template <class S>
concept periodic_schedule = requires(const S& s, std::uint64_t k) {
  { s.at_period(k) } -> std::same_as<value_type_t<S>>;
  { s.step_size() } -> std::same_as<step_t>;
};
struct no_divider {};
}  // namespace detail

/// A schedule written in epochs, stepped once per optimizer update: `base(floor(t /
/// steps_per_epoch))`. `steps_per_epoch >= 1`.
template <schedule S>
class per_epoch_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "per_epoch";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = per_epoch_schedule<B>;

  constexpr per_epoch_schedule(S base, step_count steps_per_epoch)
      : base_(std::move(base)),
        steps_per_epoch_(static_cast<std::uint64_t>(step_t{steps_per_epoch})) {
    detail::require_steps(steps_per_epoch, name, "steps_per_epoch");
    if constexpr (detail::periodic_schedule<S>) {
      // steps_per_epoch * step_size, saturated at 2^63: every step is then in period 0.
      constexpr std::uint64_t most = std::uint64_t{1} << 63;
      const std::uint64_t n = steps_per_epoch_.divisor();
      const auto size = static_cast<std::uint64_t>(base_.step_size());
      periods_ = detail::step_divider(size > most / n ? most : n * size);
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    const auto s = static_cast<std::uint64_t>(detail::clamp_step(t));
    if constexpr (detail::periodic_schedule<S>) {
      return base_.at_period(periods_.quotient(s));
    } else {
      return base_(static_cast<step_t>(steps_per_epoch_.quotient(s)));
    }
  }

  /// The base schedule's bounds. They are exact where the base takes its extremes within the
  /// first INT64_MAX / steps_per_epoch epochs (always, for a schedule with a horizon there).
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    return base_.bounds();
  }
  /// The base schedule's horizon, in updates: `horizon * steps_per_epoch`.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> h = lrsched::horizon(base_);
    return h ? std::optional(detail::saturating_multiply(*h, steps_per_epoch())) : std::nullopt;
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr step_t steps_per_epoch() const noexcept {
    return static_cast<step_t>(steps_per_epoch_.divisor());
  }

  static constexpr auto description() {
    return detail::describe<per_epoch_schedule>(
        {.name = name,
         .example = "constant(0.1) | per_epoch(500)",
         .role = entry_role::adaptor,
         .formula = "`s(floor(t / steps_per_epoch))`: `s` counts epochs, `t` optimizer updates",
         .frameworks = {{{"PyTorch", "scheduler.step()", "called once per epoch"},
                         {"timm", "t_in_epochs=True"}}},
         .form = "s | per_epoch(steps_per_epoch)"},
        detail::param("steps_per_epoch", &per_epoch_schedule::steps_per_epoch, detail::required,
                      ">= 1", "len(train_loader)"));
  }

 private:
  S base_;
  detail::step_divider steps_per_epoch_;  // floor(t / steps_per_epoch), no division instruction
  // For a periodic base, floor(t / (steps_per_epoch * step_size)): its period in one division.
  [[no_unique_address]] std::conditional_t<detail::periodic_schedule<S>, detail::step_divider,
                                           detail::no_divider>
      periods_{};
};

/// The rate changes only every `k` updates: `base(k * floor(t / k))`, in the base schedule's own
/// unit. `k >= 1`.
template <schedule S>
class every_schedule {
 public:
  using value_type = value_type_t<S>;
  static constexpr std::string_view name = "every";
  /// The same adaptor over another schedule.
  template <schedule B>
  using rebind = every_schedule<B>;

  constexpr every_schedule(S base, step_count k)
      : base_(std::move(base)), k_(static_cast<std::uint64_t>(step_t{k})) {
    detail::require_steps(k, name, "k");
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(noexcept(base_(t))) {
    const auto s = static_cast<std::uint64_t>(detail::clamp_step(t));
    return base_(static_cast<step_t>(s - k_.remainder(s)));
  }

  /// The base schedule's bounds (it takes a subset of the base's values).
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept requires
      bounded_schedule<S> {
    return base_.bounds();
  }
  /// The first multiple of `k` at or after the base schedule's horizon.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> h = lrsched::horizon(base_);
    if (!h) return std::nullopt;
    const step_t r = *h % k();
    return r == 0 ? *h : detail::saturating_add(*h, k() - r);
  }

  [[nodiscard]] constexpr const S& base() const noexcept { return base_; }
  [[nodiscard]] constexpr step_t k() const noexcept { return static_cast<step_t>(k_.divisor()); }

  static constexpr auto description() {
    return detail::describe<every_schedule>(
        {.name = name,
         .example = "constant(0.1) | every(100)",
         .role = entry_role::adaptor,
         .formula = "`s(k * floor(t / k))`: the value changes every `k` steps",
         .form = "s | every(k)"},
        detail::param("k", &every_schedule::k, detail::required, ">= 1"));
  }

 private:
  S base_;
  detail::step_divider k_;  // t - t mod k without a division instruction
};

namespace detail {

template <template <class> class A>
struct steps_closure : adaptor_closure<steps_closure<A>> {
  step_t steps;
  constexpr explicit steps_closure(step_count n) : steps(n) {}
  template <schedule S>
  [[nodiscard]] constexpr A<S> operator()(S s) const {
    return A<S>(std::move(s), steps);
  }
};

template <template <class> class A>
struct steps_adaptor_fn {
  template <schedule S>
  [[nodiscard]] constexpr A<S> operator()(S s, step_count n) const {
    return A<S>(std::move(s), n);
  }
  [[nodiscard]] constexpr steps_closure<A> operator()(step_count n) const {
    return steps_closure<A>(n);
  }
};

}  // namespace detail

/// `s | per_epoch(steps_per_epoch)`, or `per_epoch(s, steps_per_epoch)`.
inline constexpr detail::steps_adaptor_fn<per_epoch_schedule> per_epoch{};
/// `s | every(k)`, or `every(s, k)`.
inline constexpr detail::steps_adaptor_fn<every_schedule> every{};

}  // namespace lrsched
