// A schedule that describes itself but is not in the registration (runtime/catalogue.hpp) has no
// silent fallback: writing it is a compile error that says what to do.
// expect: not registered
#include <lrsched/lrsched.hpp>

struct halving {
  using value_type = double;
  static constexpr std::string_view name = "halving";
  [[nodiscard]] constexpr double operator()(lrsched::step_t t) const noexcept {
    return t > 10 ? lr_ / 2 : lr_;
  }
  [[nodiscard]] constexpr double lr() const noexcept { return lr_; }
  static constexpr auto description() {
    return lrsched::detail::describe<halving>(
        {.name = name, .example = "halving(0.1)", .formula = "`lr`, halved after step 10"},
        lrsched::detail::param("lr", &halving::lr, lrsched::detail::required, "finite"));
  }
  double lr_ = 0.1;
};

std::string bad() { return lrsched::to_spec(halving{}); }
