// lrsched: from_function, a schedule from any callable.
#pragma once

#include <concepts>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/math.hpp"

namespace lrsched {

/// A callable `f(step_t) -> floating point` wrapped as a schedule, so that user formulas and
/// lambdas compose like catalogue entries. Negative steps reach `f` as 0, like every schedule.
/// The value type is the callable's return type; `f` must be copyable.
template <class F>
requires std::copy_constructible<F> && std::invocable<const F&, step_t> &&
    std::floating_point<std::invoke_result_t<const F&, step_t>>
class function_schedule {
 public:
  using value_type = std::invoke_result_t<const F&, step_t>;

  constexpr explicit function_schedule(F f) : f_(std::move(f)) {}

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept(std::is_nothrow_invocable_v<const F&, step_t>) {
    return f_(detail::clamp_step(t));
  }

  [[nodiscard]] constexpr const F& function() const noexcept { return f_; }

 private:
  F f_;
};

/// Wraps a callable as a schedule: `lrsched::from_function([](lrsched::step_t t) { ... })`.
template <class F>
[[nodiscard]] constexpr function_schedule<F> from_function(F f) {
  return function_schedule<F>(std::move(f));
}

}  // namespace lrsched
