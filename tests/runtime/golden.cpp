// Golden values from the reference frameworks (tests/golden/generate.py): every PyTorch scheduler
// sequence and every Keras/Optax published expectation, checked on the compile-time path
// (STATIC_REQUIRE: the compiler evaluates the whole sequence, in four slices to stay within
// clang's per-evaluation step budget) and on the run-time path, within 1e-12 relative (or 4 ulp of
// the sequence's peak, where the reference's own (1 + cos) / 2 has cancelled:
// lrsched_test::golden_abs).
#include <cstddef>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <type_traits>

#include "catch.hpp"
#include "support.hpp"

using lrsched_test::golden_rel;
using lrsched_test::point;

namespace {

template <lrsched::schedule S>
void check_run_time(const S& s, std::span<const double> expected) {
  for (std::size_t t = 0; t < expected.size(); ++t) {
    INFO("step " << t);
    LRSCHED_REQUIRE_GOLDEN(s(static_cast<lrsched::step_t>(t)), expected[t],
                           lrsched_test::golden_abs(expected));
  }
}

template <lrsched::schedule S>
void check_run_time(const S& s, std::span<const point> expected) {
  for (const point& p : expected) {
    INFO("step " << p.step);
    LRSCHED_REQUIRE_GOLDEN(s(p.step), p.value, lrsched_test::golden_abs(expected));
  }
}

}  // namespace

#define LRSCHED_TORCH_CASE(id, source, spec, schedule_expr, ...)         \
  TEST_CASE(id, "[golden][torch]") {                                     \
    INFO(source << "  ==  " << spec);                                    \
    static constexpr auto s = schedule_expr;                             \
    static constexpr double expected[] = {__VA_ARGS__};                  \
    STATIC_REQUIRE(lrsched_test::matches(s, std::span(expected), 0, 4)); \
    STATIC_REQUIRE(lrsched_test::matches(s, std::span(expected), 1, 4)); \
    STATIC_REQUIRE(lrsched_test::matches(s, std::span(expected), 2, 4)); \
    STATIC_REQUIRE(lrsched_test::matches(s, std::span(expected), 3, 4)); \
    check_run_time(s, std::span(expected));                              \
  }

#define LRSCHED_PUBLISHED_CASE(id, source, spec, schedule_expr, ...) \
  TEST_CASE(id, "[golden][published]") {                             \
    INFO(source << "  ==  " << spec);                                \
    static constexpr auto s = schedule_expr;                         \
    static constexpr point expected[] = {__VA_ARGS__};               \
    STATIC_REQUIRE(lrsched_test::matches(s, std::span(expected)));   \
    check_run_time(s, std::span(expected));                          \
  }

#include "golden/published.inc"
#include "golden/torch_golden.inc"
#include "golden/transcribed.inc"

// The same cases in float and long double, each built from its spec by parse_schedule<T>: the
// references are doubles, so long double meets them as double does (1e-12 relative, or 4 ulp of
// double at the peak) and float within a few of its own ulp (2e-6 relative, or 16 float ulp of
// the peak).
namespace {

template <class T>
double type_rel() {
  return std::is_same_v<T, float> ? 2e-6 : golden_rel;
}
template <class T>
double type_abs(double peak) {
  return 16.0 *
         std::numeric_limits<
             std::conditional_t<std::is_same_v<T, float>, float, double>>::epsilon() *
         peak;
}

template <class T>
void check_in_type(const char* spec, lrsched::step_t step, double expected, double peak) {
  static thread_local std::string last_spec;
  static thread_local lrsched::any_schedule<T> s;
  if (last_spec != spec) s = lrsched::parse_schedule<T>(spec), last_spec = spec;
  const auto v = static_cast<double>(s(step));
  INFO(spec << " at step " << step << " in "
            << (std::is_same_v<T, float> ? "float" : "long double"));
  REQUIRE_THAT(v, Catch::Matchers::WithinRel(expected, type_rel<T>()) ||
                      Catch::Matchers::WithinAbs(expected, type_abs<T>(peak)));
}

}  // namespace

#undef LRSCHED_TORCH_CASE
#undef LRSCHED_PUBLISHED_CASE
#define LRSCHED_TORCH_CASE(id, source, spec, schedule_expr, ...)                                 \
  TEMPLATE_TEST_CASE(id " in other value types", "[golden][torch][types]", float, long double) { \
    INFO(source);                                                                                \
    static constexpr double expected[] = {__VA_ARGS__};                                          \
    double peak = 0;                                                                             \
    for (const double v : expected) peak = v > peak ? v : peak;                                  \
    for (std::size_t t = 0; t < std::size(expected); ++t) {                                      \
      check_in_type<TestType>(spec, static_cast<lrsched::step_t>(t), expected[t], peak);         \
    }                                                                                            \
  }
#define LRSCHED_PUBLISHED_CASE(id, source, spec, schedule_expr, ...)                      \
  TEMPLATE_TEST_CASE(id " in other value types", "[golden][published][types]", float,     \
                     long double) {                                                       \
    INFO(source);                                                                         \
    static constexpr point expected[] = {__VA_ARGS__};                                    \
    double peak = 0;                                                                      \
    for (const point& p : expected) peak = p.value > peak ? p.value : peak;               \
    for (const point& p : expected) check_in_type<TestType>(spec, p.step, p.value, peak); \
  }
#include "golden/published.inc"
#include "golden/torch_golden.inc"
#include "golden/transcribed.inc"

TEST_CASE("published optax CosineDecayTest.test_with_giant_int_steps", "[golden][published]") {
  // optax/schedules/_schedule_test.py publishes 975.52826 (a float32 result, hence 1e-7).
  constexpr auto s = lrsched::cosine_decay(1000.0, 10'000'000'000);
  STATIC_REQUIRE(lrsched_test::close(s(1'000'000'000), 975.52826, 1e-7));
  REQUIRE_THAT(s(1'000'000'000), Catch::Matchers::WithinRel(975.52826, 1e-7));
}
