// lrsched: constant.
#pragma once

#include <concepts>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// `lr` at every step.
template <std::floating_point T = double>
class constant {
 public:
  using value_type = T;
  static constexpr std::string_view name = "constant";

  constexpr explicit constant(T lr) : lr_(detail::no_minus_zero(lr)) {
    detail::require_rate(lr, name, "lr");
  }

  [[nodiscard]] constexpr T operator()(step_t) const noexcept { return lr_; }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept { return {lr_, lr_}; }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept { return 0; }

  static constexpr auto description() {
    return detail::describe<constant>(
        {.name = name,
         .example = "constant(0.1)",
         .formula = "`lr`",
         .frameworks = {{{"PyTorch", "ConstantLR",
                          "factor f for n steps: sequence(constant(f * lr), n, constant(lr))"},
                         {"Optax", "constant_schedule"}}}},
        detail::param("lr", &constant::lr, detail::required, "finite and >= 0"));
  }

 private:
  T lr_;
};

template <std::floating_point T>
constant(T) -> constant<T>;

}  // namespace lrsched
