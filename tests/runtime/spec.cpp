// The spec language: parse_schedule, to_spec, any_schedule.
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {

constexpr step_t max_step = std::numeric_limits<step_t>::max();

// Steps at which two schedules must agree bit for bit.
std::vector<step_t> probe_steps() {
  std::vector<step_t> steps;
  for (step_t t = -3; t < 1200; ++t) steps.push_back(t);
  for (step_t t = 1200; t < 2'000'000; t = t * 3 / 2 + 7) steps.push_back(t);
  for (const step_t t : {step_t{1} << 40, step_t{1} << 53, (step_t{1} << 53) + 1, max_step / 2,
                         max_step - 1, max_step, std::numeric_limits<step_t>::min()}) {
    steps.push_back(t);
  }
  return steps;
}

template <class A, class B>
void require_same_values(const A& a, const B& b) {
  for (const step_t t : probe_steps()) {
    INFO("step " << t);
    const auto x = a(t);
    const auto y = b(t);
    // The same value, sign included (compared as values: a long double's padding bytes are not
    // part of it).
    REQUIRE(x == y);
    REQUIRE(std::signbit(x) == std::signbit(y));
  }
}

template <class T = double, class S>
void require_round_trip(const S& s) {
  const std::string text = lrsched::to_spec(s);
  INFO(text);
  const auto parsed = lrsched::parse_schedule<T>(text);
  require_same_values(s, parsed);
  REQUIRE(lrsched::to_spec(parsed) == text);  // canonical: a fixed point
}

}  // namespace

TEST_CASE("every catalogue entry parses by position and by name", "[spec]") {
  using namespace lrsched;
  struct parsed_case {
    const char* by_position;
    const char* by_name;
    any_schedule<double> expected;
  };
  const parsed_case cases[] = {
      {"constant(0.1)", "constant(lr=0.1)", constant(0.1)},
      {"exponential_decay(0.1, 1000, 0.96, true)",
       "exponential_decay(staircase=true, decay_rate=0.96, decay_steps=1000, lr=0.1)",
       exponential_decay(0.1, 1000, 0.96, true)},
      {"inverse_time_decay(0.1, 10, 0.5)",
       "inverse_time_decay(lr=0.1, decay_steps=10, decay_rate=0.5)",
       inverse_time_decay(0.1, 10, 0.5)},
      {"natural_exp_decay(0.1, 10, 0.5, false)",
       "natural_exp_decay(lr=0.1, decay_steps=10, decay_rate=0.5)",
       natural_exp_decay(0.1, 10, 0.5)},
      {"piecewise_constant([100, 200], [0.1, 0.01, 0.001])",
       "piecewise_constant(values=[0.1, 0.01, 0.001], boundaries=[100, 200])",
       piecewise_constant({100, 200}, {0.1, 0.01, 0.001})},
      {"polynomial_decay(0.1, 100, 0.001, 2, true)",
       "polynomial_decay(lr=0.1, decay_steps=100, end_lr=0.001, power=2, cycle=true)",
       polynomial_decay(0.1, 100, 0.001, 2.0, true)},
      {"step_decay(0.1, 30)", "step_decay(lr=0.1, step_size=30)", step_decay(0.1, 30)},
      {"multistep_decay(0.1, [30, 80], 0.5)",
       "multistep_decay(lr=0.1, milestones=[30, 80], gamma=0.5)",
       multistep_decay(0.1, {30, 80}, 0.5)},
      {"cyclic(0.001, 0.006, 20, exp_range, 0.99, 40)",
       "cyclic(base_lr=0.001, max_lr=0.006, step_size=20, mode=exp_range, gamma=0.99, "
       "step_size_down=40)",
       cyclic(0.001, 0.006, 20, cyclic_mode::exp_range, 0.99, 40)},
      {"cosine_decay(0.1, 1e4, 0.01)", "cosine_decay(lr=0.1, decay_steps=10000, alpha=0.01)",
       cosine_decay(0.1, 10'000, 0.01)},
      {"cosine_decay_restarts(0.1, 10, 1.5, 0.9, 0.01)",
       "cosine_decay_restarts(lr=0.1, first_decay_steps=10, t_mul=1.5, m_mul=0.9, alpha=0.01)",
       cosine_decay_restarts(0.1, 10, 1.5, 0.9, 0.01)},
      {"linear(0, 0.1, 500)", "linear(start=0, end=0.1, steps=500)", linear(0.0, 0.1, 500)},
      {"one_cycle(0.1, 1000, 0.25, linear, 10, 100, true)",
       "one_cycle(max_lr=0.1, total_steps=1000, pct_start=0.25, anneal=linear, div_factor=10, "
       "final_div_factor=100, three_phase=true)",
       one_cycle(0.1, 1000, 0.25, anneal_strategy::linear, 10.0, 100.0, true)},
      {"inverse_sqrt(0.1, 400)", "inverse_sqrt(timescale=400, lr=0.1)", inverse_sqrt(0.1, 400)},
      {"cosine_decay(0.1, 100) | with_warmup(10, 0.01, exponential)",
       "cosine_decay(lr=0.1, decay_steps=100) | with_warmup(steps=10, start=0.01, "
       "shape=exponential)",
       cosine_decay(0.1, 100) | with_warmup(10, 0.01, warmup_shape::exponential)},
      {"linear(0, 1, 10) | scaled(0.5) | clamped(0.1, 0.4)",
       "linear(0, 1, 10) | scaled(factor=0.5) | clamped(max=0.4, min=0.1)",
       linear(0.0, 1.0, 10) | scaled(0.5) | clamped(0.1, 0.4)},
      {"sequence(constant(0.1), 10, linear(0.1, 0, 5), 20, constant(0.001))",
       "sequence(constant(lr=0.1), 10, linear(start=0.1, end=0, steps=5), 20, constant(lr=0.001))",
       sequence(constant(0.1), 10, linear(0.1, 0.0, 5), 20, constant(0.001))},
      {"product(constant(0.5), step_decay(1, 3, 0.5))",
       "product(constant(lr=0.5), step_decay(lr=1, step_size=3, gamma=0.5))",
       product(constant(0.5), step_decay(1.0, 3, 0.5))},
  };
  for (const parsed_case& c : cases) {
    INFO(c.by_position);
    require_same_values(parse_schedule(c.by_position), c.expected);
    require_same_values(parse_schedule(c.by_name), c.expected);
  }
}

TEST_CASE("whitespace is free and numbers take every form", "[spec]") {
  const auto a = lrsched::parse_schedule(
      " \t cosine_decay ( lr = 1e-1 ,decay_steps=1E4,\n alpha=.01 )|with_warmup( 500 ) ");
  const auto b = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  require_same_values(a, b);
  REQUIRE(lrsched::parse_schedule("constant(+0.5)")(0) == 0.5);
  REQUIRE(lrsched::parse_schedule("step_decay(1, 3e0, 0.5)")(3) == 0.5);
  REQUIRE(lrsched::parse_schedule("piecewise_constant([], [0.25])")(1000) == 0.25);
}

TEST_CASE("invalid specs name the column and the problem", "[spec]") {
  struct bad {
    const char* spec;
    std::size_t column;
    const char* words;
  };
  const bad cases[] = {
      // unknown names, with suggestions
      {"cosine_decy(0.1, 10)", 1, "unknown schedule 'cosine_decy' (did you mean 'cosine_decay'?)"},
      {"warmup(10)", 1, "unknown schedule 'warmup'"},
      {"cosine_decay(0.1, 100) | clamp(0.5, 0.1)", 26,
       "unknown adaptor 'clamp' (did you mean 'clamped'?)"},
      {"constant(1) | with_warmup(5) | per_epock(10)", 32, "unknown adaptor 'per_epock'"},
      {"cosine_decay(0.1, 10, alpah=0.1)", 23, "has no parameter 'alpah' (did you mean 'alpha'?)"},
      {"step_decay(0.1, 10, gama=0.5)", 21, "(did you mean 'gamma'?)"},
      {"cosine_decay(0.1, 10) | with_warmup(stepz=5)", 37,
       "'with_warmup' has no parameter 'stepz'"},
      {"cyclic(0.1, 1, 10, mode=triangle)", 25, "not 'triangle' (did you mean 'triangular'?)"},
      {"one_cycle(0.1, 100, anneal=cosine)", 28,
       "'one_cycle' parameter 'anneal' is cos or linear, not 'cosine'"},
      {"constant(1) | with_warmup(5, 0.1, shape=expo)", 41,
       "linear, exponential, constant, cos or poly, not 'expo'"},
      // missing, duplicate, misplaced, too many
      {"cosine_decay(0.1)", 1, "'cosine_decay' needs parameter 'decay_steps'"},
      {"constant()", 1, "'constant' needs parameter 'lr'"},
      {"linear(start=0, end=1)", 1, "'linear' needs parameter 'steps'"},
      {"constant(1) | scaled()", 15, "'scaled' needs parameter 'factor'"},
      {"cosine_decay(0.1, 10, lr=0.2)", 23, "parameter 'lr' of 'cosine_decay' is given twice"},
      {"constant(lr=0.1, lr=0.2)", 18, "parameter 'lr' of 'constant' is given twice"},
      {"cosine_decay(lr=0.1, 10)", 22, "a positional argument cannot follow a named one"},
      {"constant(0.1, 0.2)", 15, "'constant' takes at most 1 argument"},
      {"cosine_decay(0.1, 10, 0, 4)", 26, "'cosine_decay' takes at most 3 arguments"},
      // wrong types
      {"constant(true)", 10, "'constant' parameter 'lr' expects a number, not true or false"},
      {"cosine_decay(0.1, [10])", 19, "expects a whole number of steps, not a list"},
      {"exponential_decay(0.1, 10, 0.5, 1)", 33, "'staircase' expects true or false, not a number"},
      {"cyclic(0.1, 1, 10, mode=2)", 25, "expects a name, not a number"},
      {"piecewise_constant(10, [1, 2])", 20, "expects a list [...], not a number"},
      {"multistep_decay(0.1, [10, 2.5])", 27,
       "milestones must be a whole number of steps (got 2.5)"},
      {"constant(lr)", 10, "expects a number, not a name"},
      {"constant(constant(1))", 10, "expects a number, not a schedule"},
      // non-integer and out-of-range step counts
      {"cosine_decay(0.1, 1000.5)", 19,
       "cosine_decay: decay_steps must be a whole number of steps (got 1000.5)"},
      {"step_decay(0.1, 1e30)", 17, "step_decay: step_size 1e30 is out of the range of steps"},
      {"step_decay(0.1, 99999999999999999999)", 17, "is out of the range of steps"},
      {"constant(1e999)", 10, "the number 1e999 is out of range"},
      {"step_decay(0.1, 1000.0000000000000000001)", 17,
       "step_size must be a whole number of steps (got 1000.0000000000000000001)"},
      {"step_decay(0.1, 1.2345e3)", 17, "must be a whole number of steps (got 1.2345e3)"},
      {"step_decay(0.1, 1e-999999999999)", 17, "must be a whole number of steps"},
      {"step_decay(0.1, 9223372036854775808)", 17, "is out of the range of steps"},
      {"step_decay(0.1, 9.223372036854775808e18)", 17, "is out of the range of steps"},
      {"step_decay(0.1, 1e999999999999)", 17, "is out of the range of steps"},
      // names are at most 64 characters
      {"constant(1) | "
       "scaled(factor_with_a_name_that_is_far_too_long_to_be_a_parameter_name_at_all=1)",
       22, "a name is at most 64 characters long"},
      // values out of range: the core's validation message, at the argument's column
      {"cosine_decay(0.1, 10000, 1.5)", 26, "cosine_decay: alpha must be in [0, 1] (got 1.5)"},
      {"exponential_decay(0.1, 0, 0.5)", 24, "exponential_decay: decay_steps must be >= 1 (got 0)"},
      {"step_decay(lr=-0.1, step_size=10)", 15,
       "step_decay: lr must be finite and >= 0 (got -0.1)"},
      {"piecewise_constant([10, 5], [1, 2, 3])", 20,
       "boundaries[1] must be greater than the previous entry (got 5)"},
      {"piecewise_constant([10], [1])", 26, "values must have one entry more than boundaries"},
      {"one_cycle(0.1, 100, pct_start=1)", 31, "one_cycle: pct_start must be in (0, 1) (got 1)"},
      {"constant(0.1) | with_warmup(-5)", 29, "with_warmup: steps must be >= 0 (got -5)"},
      {"constant(0.1) | clamped(0.5, 0.2)", 30, "clamped: max must be finite and >= min (got 0.2)"},
      {"sequence(constant(1), 0, constant(2))", 23, "sequence: boundaries[0] must be >= 1"},
      {"sequence(constant(1), 10, constant(2), 10, constant(3))", 40,
       "boundaries[1] must be greater than the previous boundary (got 10)"},
      // adaptors and schedules in the wrong place
      {"with_warmup(500)", 1, "'with_warmup' is an adaptor, not a schedule"},
      {"constant(0.1) | cosine_decay(1, 2)", 17, "'cosine_decay' is a schedule, not an adaptor"},
      {"sequence(constant(1), 10)", 23, "'sequence' takes schedules alternating with boundaries"},
      {"sequence(constant(1), 10, 0.5)", 27,
       "argument 3 of 'sequence' must be a schedule, not a number"},
      {"sequence(constant(1), x=10, constant(2))", 23,
       "'sequence' takes its arguments by position only"},
      {"product(constant(1))", 1, "'product' takes two schedules (got 1 arguments)"},
      // syntax: unexpected characters and ends
      {"constant(0.1", 13, "expected ',' or ')', found the end of the spec"},
      {"constant(0.1) %", 15, "unexpected character '%'"},
      {"constant(0.1) \xe2\x80\x9c", 15, "unexpected character '\xe2\x80\x9c'"},
      {"constant(0.1) \x07", 15, "unexpected byte 0x07"},
      {"constant(0.1) \xff", 15, "unexpected byte 0xFF"},
      // columns count characters: a tab is one, and so is a multi-byte character
      {"\tconstant(x)", 11, "expects a number, not a name"},
      {"constant(\xc3\xa9)", 10, "unexpected character '\xc3\xa9'"},
      {"constant(1) | scaled(\xe2\x80\x9c"
       "2\xe2\x80\x9d)",
       22, "unexpected character"},
      {"constant 0.1", 10, "expected '(' after 'constant', found '0.1'"},
      {"constant(0.1))", 14, "unexpected ')' after the end of the schedule"},
      {"constant(0.1,)", 14, "expected a value, found ')'"},
      {"", 1, "expected a schedule name, found the end of the spec"},
      {"(0.1)", 1, "expected a schedule name, found '('"},
      {"constant(1e)", 12, "a number's exponent needs digits"},
      {"piecewise_constant([1, x], [1, 2, 3])", 24, "expected a number in the list, found 'x'"},
      {"constant(0.1) |", 16, "expected a schedule name, found the end of the spec"},
      {"constant(=0.1)", 10, "expected a value, found '='"},
  };
  STATIC_REQUIRE(std::size(cases) >= 40);
  for (const bad& c : cases) {
    INFO("spec: " << c.spec);
    try {
      (void)lrsched::parse_schedule(c.spec);
      FAIL("parsed, but must not");
    } catch (const lrsched::spec_error& e) {
      INFO("error: " << e.what());
      CHECK(e.column() == c.column);
      CHECK_THAT(e.message(), Catch::Matchers::Contains(c.words));
      CHECK_THAT(std::string(e.what()),
                 Catch::Matchers::StartsWith("column " + std::to_string(c.column) + ": "));
    }
  }
}

TEST_CASE("deep nesting is an error and never a stack overflow", "[spec]") {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "sequence(";
  REQUIRE_THROWS_MATCHES(
      lrsched::parse_schedule(deep), lrsched::spec_error,
      Catch::Matchers::Message("column 577: schedules are nested more than 64 levels deep (each "
                               "adaptor after '|' counts one level)"));
  std::string brackets = "piecewise_constant(";
  for (int i = 0; i < 100'000; ++i) brackets += "[";
  REQUIRE_THROWS_WITH(lrsched::parse_schedule(brackets),
                      Catch::Matchers::Contains("expected a number in the list"));
  // 64 levels still work.
  std::string ok;
  for (int i = 0; i < 63; ++i) ok += "product(constant(1), ";
  ok += "constant(0.5)";
  for (int i = 0; i < 63; ++i) ok += ")";
  REQUIRE(lrsched::parse_schedule(ok)(0) == 0.5);
}

TEST_CASE("a chain of adaptors counts one level per adaptor", "[spec]") {
  std::string chain = "constant(1)";
  for (int i = 0; i < 63; ++i) chain += " | scaled(1)";
  const auto ok = lrsched::parse_schedule(chain);  // 64 levels
  REQUIRE(ok(0) == 1.0);
  REQUIRE(lrsched::to_spec(ok).size() > 63 * 10);
  REQUIRE(lrsched::horizon(ok) == lrsched::step_t{0});
  REQUIRE_THROWS_MATCHES(
      lrsched::parse_schedule(chain + " | scaled(1)"), lrsched::spec_error,
      Catch::Matchers::Message("column 771: schedules are nested more than 64 levels deep (each "
                               "adaptor after '|' counts one level)"));
  std::string long_chain = "constant(1)";
  for (int i = 0; i < 100'000; ++i) long_chain += "|with_warmup(1)";
  REQUIRE_THROWS_WITH(lrsched::parse_schedule(long_chain),
                      Catch::Matchers::Contains("nested more than 64 levels"));
}

TEST_CASE("to_spec refuses a schedule whose text would not read back", "[spec]") {
  // C++ can nest deeper than a spec may: 64 levels are written and read back, 65 are refused
  // with a message, not written as a spec that fails to parse (found by the API fuzzer).
  lrsched::any_schedule<double> s = lrsched::constant(0.5);
  for (int i = 0; i < 63; ++i) s = lrsched::scaled(s, 1.0);
  const std::string text = lrsched::to_spec(s);
  REQUIRE(lrsched::parse_schedule(text)(7) == 0.5);
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule(text)) == text);
  REQUIRE_THROWS_MATCHES(
      lrsched::to_spec(lrsched::scaled(s, 1.0)), std::invalid_argument,
      Catch::Matchers::Message("to_spec: the schedule is nested 65 levels deep, and a spec may "
                               "nest at most 64 (each adaptor after '|' counts one level): its "
                               "text would not read back"));
  // The same depth reached inside an argument: product(constant, chain of 63) is 65 deep.
  REQUIRE_THROWS_WITH(lrsched::to_spec(lrsched::product(lrsched::constant(1.0), s)),
                      Catch::Matchers::Contains("nested 65 levels deep"));
  // A list longer than a spec's: 256 values (255 boundaries) are written, 257 refused.
  std::vector<step_t> b(256);
  std::vector<double> v(257, 0.25);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<step_t>(10 * (i + 1));
  using wide = lrsched::piecewise_constant<double, 300>;
  const wide most(std::span<const step_t>(b.data(), 255), std::span<const double>(v.data(), 256));
  REQUIRE(lrsched::parse_schedule(lrsched::to_spec(most))(5000) == 0.25);
  REQUIRE_THROWS_MATCHES(
      lrsched::to_spec(wide(b, v)), std::invalid_argument,
      Catch::Matchers::Message("to_spec: the schedule has a list of 257 entries, and a spec's "
                               "lists have at most 256: its text would not read back"));
}

TEST_CASE("huge specs fail at their first problem in one pass", "[spec]") {
  // Each of these is 10 MB; quadratic work or a token list of the whole input would show as
  // seconds and hundreds of megabytes (measured by hand; a test does not time).
  const std::size_t size = 10'000'000;
  REQUIRE_THROWS_MATCHES(
      lrsched::parse_schedule(std::string(size, 'x')), lrsched::spec_error,
      Catch::Matchers::Message("column 1: a name is at most 64 characters long"));
  REQUIRE_THROWS_MATCHES(lrsched::parse_schedule(std::string(size, ')')), lrsched::spec_error,
                         Catch::Matchers::Message("column 1: expected a schedule name, found ')'"));
  REQUIRE_THROWS_WITH(lrsched::parse_schedule("constant(1)" + std::string(size, ' ') + ")"),
                      Catch::Matchers::StartsWith("column 10000012: unexpected ')'"));
  std::string digits = "constant(0." + std::string(size, '1') + ")";
  REQUIRE(lrsched::parse_schedule(digits)(0) == 0.11111111111111111);
}

TEST_CASE("step counts are whole numbers as written", "[spec]") {
  for (const auto& [text, value] : std::initializer_list<std::pair<const char*, step_t>>{
           {"1000", 1000},
           {"1e3", 1000},
           {"1.5e3", 1500},
           {"1000.000", 1000},
           {"0.01e5", 1000},
           {"+1000", 1000},
           {"10000000000e-7", 1000},
           {"9223372036854775807", max_step},
           {"9.223372036854775807e18", max_step},
       }) {
    INFO(text);
    const auto s = lrsched::parse_schedule(std::string("step_decay(1, ") + text + ", 0.5)");
    REQUIRE(lrsched::to_spec(s) ==
            "step_decay(lr=1, step_size=" + std::to_string(value) + ", gamma=0.5)");
  }
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule("constant(1) | with_warmup(-0)")) ==
          "constant(lr=1) | with_warmup(steps=0, start=0, shape=linear)");
}

TEST_CASE("minus zero reads and writes as 0", "[spec]") {
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule("constant(-0)")) == "constant(lr=0)");
  REQUIRE(lrsched::to_spec(lrsched::parse_schedule("constant(-0.0e5)")) == "constant(lr=0)");
  REQUIRE(lrsched::to_spec(lrsched::constant(-0.0)) == "constant(lr=0)");
  REQUIRE(!std::signbit(lrsched::parse_schedule("constant(-0)")(0)));
}

TEST_CASE("spec_error is an invalid_argument", "[spec]") {
  REQUIRE_THROWS_AS(lrsched::parse_schedule("nope()"), std::invalid_argument);
}

TEST_CASE("to_spec round-trips every catalogue entry bit for bit", "[spec][round-trip]") {
  using namespace lrsched;
  require_round_trip(constant(0.1));
  require_round_trip(exponential_decay(0.1, 1000, 0.96, true));
  require_round_trip(exponential_decay(0.123456789012345678, 7, 0.999999999999));
  require_round_trip(inverse_time_decay(0.1, 10, 0.5));
  require_round_trip(natural_exp_decay(0.3, 10, 1.0 / 3.0, true));
  require_round_trip(piecewise_constant({100, 200}, {0.1, 0.01, 0.001}));
  require_round_trip(polynomial_decay(0.1, 100, 0.001, 2.5, true));
  require_round_trip(step_decay(0.1, 30, 0.7));
  require_round_trip(multistep_decay(0.1, {30, 80, 80}, 0.5));
  require_round_trip(cyclic(0.001, 0.006, 20, cyclic_mode::triangular2, 1.0, 7));
  require_round_trip(cyclic(0.001, 0.006, 20, cyclic_mode::exp_range, 0.99));
  require_round_trip(cosine_decay(0.1, 10'000, 0.01));
  require_round_trip(cosine_decay_restarts(0.1, 10, 1.5, 0.9, 0.01));
  require_round_trip(linear(1e-7, 0.1, 500));
  require_round_trip(one_cycle(0.1, 1000, 0.25, anneal_strategy::linear, 10.0, 100.0, true));
  require_round_trip(inverse_sqrt(0.1, 400));
  // Lists longer than the default capacity.
  std::vector<step_t> many(40);
  std::vector<double> values(41);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<step_t>(10 * (i + 1));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 1.0 / static_cast<double>(i + 1);
  require_round_trip(piecewise_constant<double, 64>(many, values));
  require_round_trip(multistep_decay<double, 64>(0.1, many, 0.9));
}

TEST_CASE("to_spec round-trips nested composites", "[spec][round-trip]") {
  using namespace lrsched;
  const auto warm = cosine_decay(0.1, 10'000, 0.01) | with_warmup(500);
  require_round_trip(warm);
  require_round_trip(cosine_decay_restarts(0.05, 1000, 2.0, 0.8) |
                     with_warmup(200, 1e-4, warmup_shape::exponential) | clamped(1e-4) |
                     scaled(0.1));
  require_round_trip(sequence(warm, 20'000, product(constant(0.001), inverse_sqrt(1.0, 100)),
                              30'000, cyclic(0.0, 0.01, 50) | clamped(0.0, 0.005)));
  require_round_trip(sequence(
      sequence(constant(0.1), 5, constant(0.2)) | with_warmup(3, 0.0, warmup_shape::constant), 100,
      one_cycle(0.3, 50)));
  // The erased form writes the same text as the static one.
  const any_schedule<double> erased = warm;
  REQUIRE(to_spec(erased) == to_spec(warm));
}

TEST_CASE("to_spec round-trips float and long double exactly", "[spec][round-trip]") {
  using namespace lrsched;
  require_round_trip<float>(cosine_decay(0.1f, 1000, 0.3f) | with_warmup(10, 0.01f));
  require_round_trip<float>(exponential_decay(0.7f, 3, 0.9f));
  require_round_trip<long double>(cosine_decay_restarts(0.1L, 10, 1.5L, 0.9L, 0.01L));
  require_round_trip<long double>(one_cycle(0.123456789012345678901L, 999));
  // Subnormal rates, in each type.
  require_round_trip<float>(constant(std::numeric_limits<float>::denorm_min()));
  require_round_trip<double>(constant(std::numeric_limits<double>::denorm_min()));
  require_round_trip<long double>(constant(std::numeric_limits<long double>::denorm_min()));
  require_round_trip<long double>(
      cosine_decay(std::numeric_limits<long double>::denorm_min() * 3, 10));
  REQUIRE(parse_schedule<long double>("constant(4e-4951)")(0) ==
          std::numeric_limits<long double>::denorm_min());
  REQUIRE_THROWS_WITH(parse_schedule<long double>("constant(1e-5000)"),
                      "column 10: the number 1e-5000 is out of range");
}

TEST_CASE("a schedule held in a wider any_schedule is written for that type",
          "[spec][round-trip]") {
  using namespace lrsched;
  const any_schedule<double> wide(constant(0.1f) | with_warmup(10, 0.01f));
  const std::string text = to_spec(wide);
  REQUIRE(text ==
          "constant(lr=0.10000000149011612) | with_warmup(steps=10, start=0.009999999776482582, "
          "shape=linear)");
  // Read back in double: the same parameters, so the same values up to float's rounding, and the
  // same text again.
  const auto back = parse_schedule<double>(text);
  REQUIRE(to_spec(back) == text);
  for (const step_t t : {0, 3, 10, 1000}) {
    INFO("step " << t);
    REQUIRE_THAT(back(t), Catch::Matchers::WithinRel(wide(t), 1e-7));
  }
  REQUIRE(back(10) == wide(10));  // 0.1f exactly, in both
  // The static float schedule still writes float's shortest text.
  REQUIRE(to_spec(constant(0.1f)) == "constant(lr=0.1)");
}

TEST_CASE("to_spec of a schedule without text form", "[spec]") {
  const auto f = lrsched::from_function([](step_t) { return 0.5; });
  STATIC_REQUIRE(!lrsched::detail::describable<decltype(f)>);
  const lrsched::any_schedule<double> erased = f;
  REQUIRE_THROWS_WITH(lrsched::to_spec(erased), Catch::Matchers::Contains("has no text form"));
  REQUIRE(lrsched::horizon(erased) == std::nullopt);
}

TEST_CASE("horizon: where a schedule becomes constant", "[spec]") {
  using namespace lrsched;
  REQUIRE(horizon(constant(0.1)) == 0);
  REQUIRE(horizon(cosine_decay(0.1, 1000)) == 1000);
  REQUIRE(horizon(cosine_decay(0.1, 1000) | with_warmup(500)) == 1500);
  REQUIRE(horizon(piecewise_constant({10, 20}, {3.0, 2.0, 1.0})) == 21);
  REQUIRE(horizon(multistep_decay(0.1, {10, 20})) == 20);
  REQUIRE(horizon(one_cycle(0.1, 100)) == 99);
  REQUIRE(horizon(exponential_decay(0.1, 10, 0.5)) == std::nullopt);
  REQUIRE(horizon(polynomial_decay(0.1, 10, 0.0, 1.0, true)) == std::nullopt);
  REQUIRE(horizon(sequence(exponential_decay(0.1, 10, 0.5), 100, linear(0.1, 0.0, 50))) == 150);
  REQUIRE(horizon(parse_schedule(
              "sequence(constant(1), 10, constant(2), 30, cosine_decay(1, 5))")) == 35);
  // From the horizon on the value does not change; for these it changes just before.
  for (const char* text :
       {"cosine_decay(0.1, 100) | with_warmup(20)", "one_cycle(0.1, 64, anneal=linear)",
        "one_cycle(0.1, 100)", "piecewise_constant([3, 9], [3, 2, 1])",
        "multistep_decay(1, [4, 7], 0.5)", "linear(0.2, 0.1, 30) | scaled(2)"}) {
    INFO(text);
    const auto s = parse_schedule(text);
    const step_t h = horizon(s).value();
    for (step_t t = h; t < h + 200; ++t) REQUIRE(s(t) == s(h));
    REQUIRE(s(h - 1) != s(h));
  }
  // clamped keeps its base's horizon: a bound, reached after the clamp made the value constant.
  const auto clamp = parse_schedule("linear(0.2, 0.1, 30) | clamped(0.15)");
  REQUIRE(horizon(clamp) == 30);
  for (step_t t = 16; t < 100; ++t) REQUIRE(clamp(t) == 0.15);
}

TEST_CASE("any_schedule holds anything and keeps common composites inline", "[any_schedule]") {
  using namespace lrsched;
  STATIC_REQUIRE(schedule<any_schedule<double>>);
  STATIC_REQUIRE(schedule<any_schedule<float>>);
  STATIC_REQUIRE(noexcept(std::declval<const any_schedule<double>&>()(0)));
  const any_schedule<double> warm = cosine_decay(0.1, 10'000, 0.01) | with_warmup(500);
  REQUIRE(warm.is_inline());
  REQUIRE(parse_schedule("cosine_decay(0.1, 10000, 0.01) | with_warmup(steps=500)").is_inline());
  REQUIRE(parse_schedule("exponential_decay(0.1, 1000, 0.9) | with_warmup(10)").is_inline());
  REQUIRE(parse_schedule("step_decay(0.1, 1000) | scaled(0.5)").is_inline());
  REQUIRE(parse_schedule("step_decay(0.1, 1000) | with_warmup(10)").is_inline());
  // Copies and moves keep the value; the moved-to object works after the source is gone.
  any_schedule<double> copy = warm;
  any_schedule<double> moved = std::move(copy);
  REQUIRE(moved(700) == warm(700));
  any_schedule<double> big = sequence(warm, 100, warm, 200, warm, 300, warm);
  REQUIRE_FALSE(big.is_inline());
  any_schedule<double> big_copy = big;
  big = moved;
  REQUIRE(big(700) == warm(700));
  REQUIRE(big_copy(350) == warm(50));
  big_copy = std::move(big);
  REQUIRE(big_copy(700) == warm(700));
  // User types and functions, float schedules in a double any_schedule.
  struct halving {
    using value_type = double;
    double operator()(step_t t) const noexcept { return t > 10 ? 0.25 : 0.5; }
  };
  const any_schedule<double> user = halving{};
  REQUIRE(user(11) == 0.25);
  const any_schedule<double> widened(constant(0.5f));  // another value type: explicit
  REQUIRE(widened(0) == 0.5);
  std::vector<any_schedule<double>> many(3, warm);
  many.emplace_back(constant(1.0));
  REQUIRE(many[3](5) == 1.0);
  // It composes like any schedule.
  const auto composed = big_copy | scaled(2.0);
  REQUIRE(composed(700) == 2.0 * warm(700));
}

#define LRSCHED_TORCH_CASE(id, source, spec, schedule_expr, ...)             \
  TEST_CASE("spec " id, "[spec][golden]") {                                  \
    INFO(source << "  ==  " << spec);                                        \
    static constexpr double expected[] = {__VA_ARGS__};                      \
    const auto parsed = lrsched::parse_schedule(spec);                       \
    for (std::size_t t = 0; t < std::size(expected); ++t) {                  \
      INFO("step " << t);                                                    \
      LRSCHED_REQUIRE_GOLDEN(parsed(static_cast<step_t>(t)), expected[t],    \
                             lrsched_test::golden_abs(std::span(expected))); \
    }                                                                        \
    require_same_values(parsed, schedule_expr);                              \
  }
#define LRSCHED_PUBLISHED_CASE(id, source, spec, schedule_expr, ...)         \
  TEST_CASE("spec " id, "[spec][golden]") {                                  \
    INFO(source << "  ==  " << spec);                                        \
    static constexpr lrsched_test::point expected[] = {__VA_ARGS__};         \
    const auto parsed = lrsched::parse_schedule(spec);                       \
    for (const auto& p : expected) {                                         \
      INFO("step " << p.step);                                               \
      LRSCHED_REQUIRE_GOLDEN(parsed(p.step), p.value,                        \
                             lrsched_test::golden_abs(std::span(expected))); \
    }                                                                        \
    require_same_values(parsed, schedule_expr);                              \
  }

#include "golden/published.inc"
#include "golden/torch_golden.inc"
#include "golden/transcribed.inc"
