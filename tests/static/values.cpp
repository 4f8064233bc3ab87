// Compile-time tests: values at key steps, evaluated by the compiler (both g++ and clang++: the
// constexpr math must not depend on g++'s constexpr std:: extensions).
#include <cstdint>
#include <limits>

#include <lrsched/lrsched.hpp>

namespace {

constexpr lrsched::step_t max_step = std::numeric_limits<lrsched::step_t>::max();

// The README's example.
constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
static_assert(lr(0) == 0.0);
static_assert(lr(250) == 0.05);
static_assert(lr(500) == 0.1);
static_assert(lr(max_step) == 0.1 * 0.01);

// Exact values where the formula is exact in binary.
static_assert(lrsched::exponential_decay(1.0, 2, 0.5)(4) == 0.25);
static_assert(lrsched::exponential_decay(1.0, 2, 0.5, true)(3) == 0.5);
static_assert(lrsched::inverse_time_decay(1.0, 1, 1.0)(3) == 0.25);
static_assert(lrsched::natural_exp_decay(1.0, 1, 0.5)(0) == 1.0);
static_assert(lrsched::step_decay(0.5, 10, 0.5)(25) == 0.125);
static_assert(lrsched::multistep_decay(1.0, {2, 4}, 0.5)(4) == 0.25);
static_assert(lrsched::polynomial_decay(1.0, 4, 0.0, 2.0)(2) == 0.25);
// Halfway down the cosine: 0.5 to within an ulp (the sin^2 form of the cosine is exact to a few
// ulp everywhere, but not always to the last bit).
constexpr double halfway = lrsched::cosine_decay(1.0, 2)(1);
static_assert(halfway >= 0.5 - 0x1p-53 && halfway <= 0.5 + 0x1p-53);
static_assert(lrsched::cosine_decay(1.0, 2)(2) == 0.0);
static_assert(lrsched::cosine_decay_restarts(1.0, 1, 10.0)(111) == 1.0);  // the log() trap
static_assert(lrsched::cosine_decay_restarts(1.0, 2, 1.0, 0.5)(4) == 0.25);
static_assert(lrsched::cyclic(0.0, 1.0, 2)(1) == 0.5);
static_assert(lrsched::cyclic(0.0, 1.0, 2, lrsched::cyclic_mode::triangular2)(6) == 0.5);
static_assert(lrsched::linear(0.0, 1.0, 4)(1) == 0.25);
static_assert(lrsched::inverse_sqrt(1.0, 1)(3) == 0.5);
static_assert(lrsched::one_cycle(1.0, 10)(2) == 1.0);  // the peak: step pct_start * N - 1
static_assert(lrsched::one_cycle(1.0, 10)(9) == 1.0 / 25 / 1e4);  // the last step: min_lr
static_assert(lrsched::piecewise_constant({5}, {1.0, 0.5})(5) == 1.0);
static_assert(lrsched::piecewise_constant({5}, {1.0, 0.5})(6) == 0.5);

// Every schedule is finite at the far end of the step range.
template <class S>
constexpr bool finite_far_out(const S& s) {
  const double v = s(max_step);
  return v == v && v <= std::numeric_limits<double>::max() && v >= 0.0;
}
static_assert(finite_far_out(lrsched::exponential_decay(0.1, 1, 0.5)));
static_assert(finite_far_out(lrsched::natural_exp_decay(0.1, 1, 5.0)));
static_assert(finite_far_out(lrsched::cyclic(0.1, 1.0, 1, lrsched::cyclic_mode::exp_range, 0.5)));
static_assert(finite_far_out(lrsched::cyclic(0.1, 1.0, 1, lrsched::cyclic_mode::triangular2)));
static_assert(finite_far_out(lrsched::cosine_decay_restarts(0.1, 1, 2.0, 0.5)));
static_assert(finite_far_out(lrsched::cosine_decay_restarts(0.1, 1, 1.5)));
static_assert(finite_far_out(lrsched::polynomial_decay(0.1, 3, 0.0, 1.0, true)));
static_assert(finite_far_out(lrsched::inverse_sqrt(0.1, 1)));

}  // namespace
