// Compile-time tests: concept conformance (with negatives), class template argument deduction,
// noexcept call operators, and sizeof equal to the parameters' storage. Compiling this file is
// the test.
#include <cstdint>
#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <lrsched/lrsched.hpp>

namespace {

using lrsched::schedule;
using lrsched::step_t;

// Every catalogue entry, in the three floating-point types.
template <class T>
constexpr bool catalogue_models_schedule =
    schedule<lrsched::constant<T>>&& schedule<lrsched::exponential_decay<T>>&&
        schedule<lrsched::inverse_time_decay<T>>&& schedule<lrsched::natural_exp_decay<T>>&&
            schedule<lrsched::piecewise_constant<T>>&& schedule<lrsched::polynomial_decay<T>>&&
                schedule<lrsched::step_decay<T>>&& schedule<lrsched::multistep_decay<T>>&&
                    schedule<lrsched::cyclic<T>>&& schedule<lrsched::cosine_decay<T>>&&
                        schedule<lrsched::cosine_decay_restarts<T>>&& schedule<lrsched::linear<T>>&&
                            schedule<lrsched::one_cycle<T>>&& schedule<lrsched::inverse_sqrt<T>>;
static_assert(catalogue_models_schedule<float>);
static_assert(catalogue_models_schedule<double>);
static_assert(catalogue_models_schedule<long double>);

// Composites are schedules.
using cos_t = lrsched::cosine_decay<double>;
static_assert(schedule<lrsched::warmup_schedule<cos_t>>);
static_assert(schedule<lrsched::sequence_schedule<cos_t, lrsched::constant<float>>>);
static_assert(schedule<lrsched::scaled_schedule<cos_t>>);
static_assert(schedule<lrsched::clamped_schedule<cos_t>>);
static_assert(schedule<lrsched::product_schedule<cos_t, cos_t>>);

// Negatives: adaptors, plain numbers, callables without a value_type, wrong return types.
static_assert(!schedule<decltype(lrsched::with_warmup(500))>);
static_assert(!schedule<decltype(lrsched::scaled(0.5))>);
static_assert(!schedule<decltype(lrsched::clamped(0.0, 1.0))>);
static_assert(!schedule<double>);
static_assert(!schedule<std::function<double(step_t)>>);
struct int_valued {
  using value_type = int;
  int operator()(step_t) const { return 1; }
};
struct mismatched {
  using value_type = double;
  float operator()(step_t) const { return 1.0f; }
};
struct mutable_call {
  using value_type = double;
  double operator()(step_t) { return 1.0; }
};
static_assert(!schedule<int_valued>);
static_assert(!schedule<mismatched>);
static_assert(!schedule<mutable_call>);
// An adaptor cannot be called with a step, only with a schedule.
static_assert(!std::is_invocable_v<decltype(lrsched::with_warmup(500)), step_t>);
static_assert(std::is_invocable_v<decltype(lrsched::with_warmup(500)), cos_t>);
static_assert(!std::is_invocable_v<decltype(lrsched::scaled(2.0)), double>);

// Class template argument deduction: the value type follows the first rate.
static_assert(
    std::is_same_v<decltype(lrsched::step_decay(0.5f, 10, 0.5f)), lrsched::step_decay<float>>);
static_assert(
    std::is_same_v<decltype(lrsched::step_decay(0.5f, 10, 0.5)), lrsched::step_decay<float>>);
static_assert(std::is_same_v<decltype(lrsched::cosine_decay(0.1, 10'000, 0.01)),
                             lrsched::cosine_decay<double>>);
static_assert(
    std::is_same_v<decltype(lrsched::one_cycle(0.1L, 100)), lrsched::one_cycle<long double>>);
static_assert(std::is_same_v<decltype(lrsched::constant(1.0f)), lrsched::constant<float>>);
static_assert(std::is_same_v<decltype(lrsched::exponential_decay(0.1, 1000, 0.96, true)),
                             lrsched::exponential_decay<double>>);
static_assert(
    std::is_same_v<decltype(lrsched::cyclic(0.001, 0.006, 2000, lrsched::cyclic_mode::triangular2)),
                   lrsched::cyclic<double>>);
static_assert(std::is_same_v<decltype(lrsched::piecewise_constant({10, 20}, {0.3f, 0.2f, 0.1f})),
                             lrsched::piecewise_constant<float>>);
static_assert(std::is_same_v<decltype(lrsched::multistep_decay(0.1, {30, 80})),
                             lrsched::multistep_decay<double>>);
static_assert(std::is_same_v<decltype(lrsched::linear(0.0, 1.0, 10)), lrsched::linear<double>>);
static_assert(
    std::is_same_v<decltype(lrsched::inverse_sqrt(1.0f, 10)), lrsched::inverse_sqrt<float>>);
static_assert(std::is_same_v<decltype(lrsched::polynomial_decay(0.1, 10)),
                             lrsched::polynomial_decay<double>>);
static_assert(std::is_same_v<decltype(lrsched::cosine_decay_restarts(0.1, 10)),
                             lrsched::cosine_decay_restarts<double>>);
static_assert(std::is_same_v<decltype(lrsched::inverse_time_decay(0.1, 10, 0.5)),
                             lrsched::inverse_time_decay<double>>);
static_assert(std::is_same_v<decltype(lrsched::natural_exp_decay(0.1, 10, 0.5)),
                             lrsched::natural_exp_decay<double>>);
// Positional construction in catalogue order, with the catalogue's defaults.
static_assert(lrsched::one_cycle<double>(0.1, 10000, 0.3, lrsched::anneal_strategy::linear)
                  .div_factor() == 25.0);
static_assert(lrsched::polynomial_decay<double>(0.1, 10).end_lr() == 0.0001);
static_assert(lrsched::step_decay<double>(0.1, 10).gamma() == 0.1);
static_assert(lrsched::cosine_decay_restarts<double>(0.1, 10).t_mul() == 2.0);

// noexcept call operators, also through composites.
constexpr auto composed =
    lrsched::sequence(lrsched::cosine_decay(0.1, 100) | lrsched::with_warmup(10), 200,
                      lrsched::constant(0.001)) |
    lrsched::scaled(0.5) | lrsched::clamped(0.0, 1.0);
static_assert(noexcept(composed(0)));
static_assert(noexcept(
    std::declval<
        const lrsched::product_schedule<lrsched::constant<double>, lrsched::linear<float>>&>()(3)));
static_assert(noexcept(std::declval<const lrsched::cyclic<float>&>()(0)));
// An any_schedule inside the standard wrappers: their copy and converting constructors ask
// whether an any_schedule can be built from them, which once re-entered the schedule concept
// (std::tuple<any_schedule<double>> did not compile; found by bench.cpp's paired measurement).
using any_double = lrsched::any_schedule<double>;
static_assert(std::is_copy_constructible_v<std::tuple<any_double>>);
static_assert(std::is_constructible_v<std::tuple<any_double, any_double>, const any_double&,
                                      lrsched::constant<double>>);
static_assert(std::is_copy_constructible_v<std::pair<any_double, int>>);
static_assert(std::is_copy_constructible_v<std::optional<any_double>>);
static_assert(std::is_copy_constructible_v<std::variant<any_double, int>>);
static_assert(!lrsched::schedule<std::tuple<any_double>>);

// A throwing user function keeps its call operator potentially-throwing.
constexpr auto user = lrsched::from_function([](step_t t) { return static_cast<double>(t); });
static_assert(!noexcept(user(0)));

// sizeof: the parameters and what the constructor precomputes to make the call cheaper
// (reciprocals, log(rate) split for exact products, power tables); no vtable, no cached state.
// params<P...> has the size of a struct whose members are P..., in that order: each member at
// the next offset aligned for it, the whole rounded up to the largest alignment.
template <class... P>
constexpr std::size_t layout_size() {
  std::size_t offset = 0, align = 1;
  ((offset = (offset + alignof(P) - 1) / alignof(P) * alignof(P) + sizeof(P),
    align = alignof(P) > align ? alignof(P) : align),
   ...);
  return (offset + align - 1) / align * align;
}
template <class... P>
struct params {
  alignas(P...) unsigned char bytes[layout_size<P...>()];
};

// A step count that divides steps (step_size, decay_steps, first_decay_steps, steps_per_epoch, k):
// the count, its multiplier and shift (detail::step_divider: no division instruction per call).
struct divider {
  std::uint64_t divisor, magic;
  int shift;
};

template <class T>
struct cyclic_layout {
  T base_lr, max_lr;
  step_t step_size, step_size_down;
  T gamma;
  lrsched::cyclic_mode mode;
  bool plain;                                             // precomputed
  divider cycle_length;                                   // precomputed
  T height;                                               // precomputed: max_lr - base_lr
  T inverse_up, inverse_down;                             // precomputed
  lrsched::detail::calc_t<T> log_gamma_hi, log_gamma_lo;  // precomputed
};

template <class T>
struct one_cycle_rates {
  T initial_lr, min_lr;  // precomputed
  T end1, end2, last;    // precomputed: the phase ends
};

template <class T, class C = lrsched::detail::calc_t<T>>
struct restarts_layout {
  T lr;
  step_t first_decay_steps;
  divider period;  // first_decay_steps again, with its multiplier
  T t_mul, m_mul, alpha;
  step_t cycles;
  std::uint64_t end;                   // the restart of period `cycles`
  T floor;                             // alpha * lr
  T one_minus_alpha;                   // precomputed
  C log_m_mul_hi, log_m_mul_lo;        // precomputed
  C half_pi_step_hi, half_pi_step_lo;  // precomputed
  // A whole t_mul: its restart steps and peaks; a fractional one: t_mul - 1 and log(t_mul) as hi +
  // lo.
  std::size_t periods;
  std::array<step_t, 64> starts;
  std::array<T, 64> peaks;             // m_mul^i per period
  std::array<std::uint8_t, 65> below;  // starts below each bit width
  std::uint64_t last_length;
  long double last_length_real;
  long double d, log_t_mul_hi, log_t_mul_lo;
};

template <class T, class C = lrsched::detail::calc_t<T>>
constexpr bool sizes_are_parameters =
    sizeof(lrsched::constant<T>) == sizeof(params<T>) &&
    sizeof(lrsched::exponential_decay<T>) == sizeof(params<T, divider, T, bool, C, C>) &&
    sizeof(lrsched::inverse_time_decay<T>) == sizeof(params<T, divider, T, bool, bool, T, T, C>) &&
    sizeof(lrsched::natural_exp_decay<T>) == sizeof(params<T, divider, T, bool, C, C>) &&
    sizeof(lrsched::polynomial_decay<T>) ==
        sizeof(params<T, divider, T, T, bool, bool, int, C, T, T, T>) &&
    sizeof(lrsched::step_decay<T>) == sizeof(params<divider, T, C, C, std::array<T, 7>>) &&
    sizeof(lrsched::cyclic<T>) == sizeof(cyclic_layout<T>) &&
    sizeof(lrsched::cosine_decay<T>) == sizeof(params<T, step_t, T, T, C, C>) &&
    sizeof(lrsched::cosine_decay_restarts<T>) == sizeof(restarts_layout<T>) &&
    sizeof(lrsched::linear<T>) == sizeof(params<T, T, step_t, C, T, T, step_t, step_t>) &&
    sizeof(lrsched::one_cycle<T>) ==
        sizeof(params<T, step_t, T, T, T, lrsched::anneal_strategy, bool, one_cycle_rates<T>>) &&
    sizeof(lrsched::inverse_sqrt<T>) == sizeof(params<T, step_t, T>) &&
    // Lists: the fixed-capacity arrays and the count; multistep keeps lr * gamma^k for each k.
    sizeof(lrsched::piecewise_constant<T, 4>) ==
        sizeof(params<std::array<step_t, 4>, std::size_t, std::array<T, 5>>) &&
    sizeof(lrsched::multistep_decay<T, 4>) ==
        sizeof(params<T, T, std::array<step_t, 4>, std::size_t, std::array<T, 5>>) &&
    // The ramps: their ends, length, 1 / length, log(to / from) or the power, and the shape.
    sizeof(lrsched::detail::curve<T>) == sizeof(params<T, T, step_t, C, C, unsigned char, bool>) &&
    // anneal adds its exp shape's inside length and its two ends in order, for its fast path.
    sizeof(lrsched::anneal<T>) == sizeof(params<lrsched::detail::curve<T>, std::uint64_t, T, T>) &&
    sizeof(lrsched::wsd<T>) ==
        sizeof(params<step_t, step_t, lrsched::detail::curve<T>, lrsched::detail::curve<T>>) &&
    // Composites: their parts and their own parameters (with_warmup's are its ramp's).
    sizeof(lrsched::warmup_schedule<lrsched::cosine_decay<T>>) ==
        sizeof(params<lrsched::cosine_decay<T>, lrsched::detail::curve<T>>) &&
    sizeof(lrsched::scaled_schedule<lrsched::constant<T>>) == sizeof(params<T, T>) &&
    sizeof(lrsched::clamped_schedule<lrsched::constant<T>>) == sizeof(params<T, T, T>) &&
    sizeof(lrsched::product_schedule<lrsched::constant<T>, lrsched::constant<T>>) ==
        sizeof(params<T, T>);
static_assert(sizes_are_parameters<float>);
static_assert(sizes_are_parameters<double>);
static_assert(sizes_are_parameters<long double>);
static_assert(
    sizeof(lrsched::sequence_schedule<lrsched::constant<double>, lrsched::constant<double>>) ==
    sizeof(params<std::tuple<lrsched::constant<double>, lrsched::constant<double>>,
                  std::array<step_t, 1>>));

// Schedules are trivially copyable values.
static_assert(std::is_trivially_copyable_v<lrsched::one_cycle<double>>);
static_assert(std::is_trivially_copyable_v<decltype(composed)>);

}  // namespace
