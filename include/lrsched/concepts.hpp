// lrsched: the schedule concept and the step type.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>

/// On a schedule's call operator: inline it at every call. Clang's inliner keeps the larger
/// bodies (polynomial_decay, tanh_decay, linear, ...) out of line, where each call pays the call,
/// the spills and the loss of loop-invariant hoisting: 2 to 6 times the inlined cost, measured.
#if defined(__GNUC__) || defined(__clang__)
#define LRSCHED_INLINE [[gnu::always_inline]]
#else
#define LRSCHED_INLINE
#endif

namespace lrsched {

/// The index of an optimizer update: the update with index `t` (0-based) uses the learning rate
/// `s(t)`. A negative step evaluates as step 0.
using step_t = std::int64_t;

/// A count of steps as a constructor parameter: any integer, never a floating-point value, so that
/// `with_warmup(0.05)` or `step_decay(0.1, 2.5)` does not compile (as the spec language rejects
/// `1000.5`). Converts to `step_t`.
class step_count {
 public:
  template <std::integral I>
  requires(!std::same_as<I, bool>) constexpr step_count(I n) noexcept  // NOLINT: a conversion
      : value_(static_cast<step_t>(n)) {}
  template <std::floating_point F>
  step_count(F) = delete;  // a step count is a whole number: write 1000, not 1e3 or 0.05

  constexpr operator step_t() const noexcept { return value_; }  // NOLINT: a conversion
  [[nodiscard]] constexpr step_t value() const noexcept { return value_; }

 private:
  step_t value_;
};

/// A learning-rate schedule: a copyable value `s` with a floating-point `value_type` whose call
/// `s(t)` with a `step_t` returns that type. Every schedule in the catalogue, every composite and
/// every `from_function` wrapper models it; adaptor objects such as `with_warmup(500)` do not.
// The value type and the call come first: a type without them is rejected before
// copy_constructible is asked, which for a wrapper of an any_schedule (std::tuple's members) would
// ask any_schedule's converting constructor, and so this concept, again.
template <class S>
concept schedule = std::floating_point<typename S::value_type> && requires(const S& s, step_t t) {
  { s(t) } -> std::same_as<typename S::value_type>;
} && std::copy_constructible<S>;

/// The value type of a schedule.
template <schedule S>
using value_type_t = typename S::value_type;

/// The smallest and largest value a schedule takes: `lower <= s(t) <= upper` at every step.
/// `upper` is a value the schedule takes; `lower` is one it takes, or the limit it approaches
/// (a decay's value at the last step, a restarted cosine's floor).
template <std::floating_point T>
struct value_bounds {
  T lower;
  T upper;
};

/// A schedule that knows its bounds from its parameters: every catalogue entry and every
/// composite of them. `from_function` and user types need not; composition then cannot check
/// what it builds, and says so in its documentation.
template <class S>
concept bounded_schedule = schedule<S> && requires(const S& s) {
  { s.bounds() } -> std::same_as<value_bounds<typename S::value_type>>;
};

}  // namespace lrsched
