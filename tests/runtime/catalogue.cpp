// Catalogue-wide tests: they iterate the registration (lrsched::catalogue), so a new schedule is
// tested by being registered. For every entry, in float, double and long double: its example
// parses by position and by name to the same values, round-trips through to_spec, its
// description's defaults are the constructor's, its bounds and horizon hold at dense and extreme
// steps, and its validation errors name the parameters its description names.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

using lrsched::step_t;

namespace {

namespace ld = lrsched::detail;
namespace sp = lrsched::detail::spec;

std::vector<step_t> steps_to_probe() {
  std::vector<step_t> out;
  for (step_t t = -2; t <= 3000; ++t) out.push_back(t);
  for (step_t t = 3001; t < std::numeric_limits<step_t>::max() / 3; t = t * 3 + 1) out.push_back(t);
  const step_t top = std::numeric_limits<step_t>::max();
  for (const step_t t : {step_t{1} << 24, (step_t{1} << 24) + 1, step_t{1} << 53,
                         (step_t{1} << 53) + 1, top / 2, top - 1, top}) {
    out.push_back(t);
  }
  return out;
}

/// The static schedule S (a registered type) built from its own example through the spec reader's
/// generic construction: the example's head call for a schedule, its adaptor over the head for an
/// adaptor.
template <class T, class S>
S static_example() {
  constexpr auto d = S::description();
  const sp::pipe_node tree = sp::parser(d.text.example).parse();
  const sp::call_node& call =
      d.role() == lrsched::entry_role::adaptor ? tree.adaptors.at(0) : tree.head;
  const lrsched::entry_info* e = lrsched::find_entry(call.name);
  if (e == nullptr) throw std::logic_error("the example names no entry");
  const sp::bound b = sp::bind(*e, call);
  if constexpr (d.role() == lrsched::entry_role::adaptor) {
    const lrsched::entry_info* head = lrsched::find_entry(tree.head.name);
    const sp::bound hb = sp::bind(*head, tree.head);
    return sp::construct<T, S>(b, sp::construct<T, lrsched::constant<T>>(hb));
  } else {
    return sp::construct<T, S>(b);
  }
}

/// The example written with every parameter by position, in the description's order.
template <class T, class S>
std::string positional_text(const S& s) {
  constexpr auto d = S::description();
  std::string out;
  if constexpr (d.role() == lrsched::entry_role::adaptor) {
    out = lrsched::to_spec(s.base()) + " | ";
  }
  out += std::string(d.name()) + "(";
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t k = 0;
    const auto one = [&](const auto& p) {
      const auto v = ld::get(p, s);
      using V = std::remove_cvref_t<decltype(v)>;
      std::string text;
      if constexpr (ld::is_optional<V>::value) {
        if (!v) return;  // an absent parameter is left out (it is the last)
        text = ld::value_text(*v);
      } else if constexpr (ld::is_span<V>::value) {
        text = "[";
        for (std::size_t i = 0; i < v.size(); ++i) {
          std::string x;
          if constexpr (std::floating_point<typename ld::is_span<V>::type>) {
            const ld::spec_precision_scope<T> precision;
            ld::append_real(x, v[i]);
          } else {
            x = std::to_string(v[i]);
          }
          text += (i == 0 ? "" : ", ") + x;
        }
        text += "]";
      } else if constexpr (std::floating_point<V>) {
        const ld::spec_precision_scope<T> precision;
        ld::append_real(text, v);
      } else {
        text = ld::value_text(v);
      }
      out += (k++ == 0 ? "" : ", ") + text;
    };
    (one(std::get<I>(d.params)), ...);
  }
  (std::make_index_sequence<d.size>{});
  return out + ")";
}

/// The schedule's values at the probe steps.
template <class S>
std::vector<lrsched::value_type_t<S>> values_at(const S& s) {
  std::vector<lrsched::value_type_t<S>> out;
  for (const step_t t : steps_to_probe()) out.push_back(s(t));
  return out;
}

/// What one registered entry showed, gathered by code that is instantiated per entry and checked
/// by code that is not (one set of assertions per value type keeps this file quick to compile).
template <class T>
struct probe {
  std::string name, example, text, text_again, positional;
  bool is_static = false;
  std::vector<T> parsed, parsed_again, statics, by_position;
  lrsched::value_bounds<T> bounds{};
  std::optional<step_t> horizon_static, horizon_parsed;
  T at_horizon{};                     // the static schedule's value at its horizon
  std::vector<std::string> problems;  // defaults and error names that disagree with the description
};

/// The description's defaults are the C++ constructor's: S built from its required parameters
/// alone has the described default in every other one.
template <class T, class S>
void check_defaults(const S& example, std::vector<std::string>& problems) {
  constexpr auto d = S::description();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    constexpr std::size_t required = (std::size_t{ld::param_at<S, I>::is_required} + ... + 0);
    // Required parameters come first, so that the constructor's defaults cover the rest.
    constexpr bool leading = [] {
      bool seen_optional = false, ok = true;
      ((ld::param_at<S, I>::is_required ? (ok = ok && !seen_optional) : (seen_optional = true)),
       ...);
      return ok;
    }();
    static_assert(leading);
    // clamped_schedule has no constructor from its base alone (it would be a conversion); its
    // default is the closure's, `clamped()`.
    constexpr bool constructible = []<std::size_t... R>(std::index_sequence<R...>) {
      if constexpr (S::description().role() == lrsched::entry_role::adaptor) {
        using base = decltype(std::declval<const S&>().base());
        return std::is_constructible_v<S, base, ld::param_value<S, R>...>;
      } else {
        return std::is_constructible_v<S, ld::param_value<S, R>...>;
      }
    }
    (std::make_index_sequence<required>{});
    if constexpr (!constructible) {
      return;
    } else {
      const auto minimal = [&]<std::size_t... R>(std::index_sequence<R...>) {
        if constexpr (d.role() == lrsched::entry_role::adaptor) {
          return S(example.base(), ld::get(std::get<R>(d.params), example)...);
        } else {
          return S(ld::get(std::get<R>(d.params), example)...);
        }
      }
      (std::make_index_sequence<required>{});
      const auto check = [&](const auto& p) {
        using P = std::remove_cvref_t<decltype(p)>;
        bool agrees = true;
        if constexpr (P::is_absent) {
          agrees = !ld::get(p, minimal).has_value();
        } else if constexpr (!P::is_required) {
          agrees = ld::get(p, minimal) == p.fallback;
        }
        if (!agrees) problems.push_back("the default of " + std::string(p.name) + " differs");
      };
      (check(std::get<I>(d.params)), ...);
    }
  }
  (std::make_index_sequence<d.size>{});
}

/// Every bad value of a number, step or enumeration parameter is a parameter_error that names
/// the entry and that parameter, as the description names them.
template <class T, class S>
void check_error_names(const S& example, std::vector<std::string>& problems) {
  constexpr auto d = S::description();
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto values = std::tuple{ld::get(std::get<I>(d.params), example)...};
    const auto try_bad = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using V = std::remove_cvref_t<std::tuple_element_t<J, std::remove_cvref_t<decltype(values)>>>;
      auto bad = values;
      if constexpr (std::floating_point<V>) {
        std::get<J>(bad) = std::numeric_limits<V>::quiet_NaN();
      } else if constexpr (std::same_as<V, step_t>) {
        std::get<J>(bad) = -1;
      } else if constexpr (lrsched::described_enum<V>) {
        std::get<J>(bad) = static_cast<V>(99);
      } else {
        return;  // booleans cannot be wrong; lists and optionals are tested by the spec suite
      }
      const auto make = [&] {
        return std::apply(
            [&](const auto&... v) {
              if constexpr (d.role() == lrsched::entry_role::adaptor) {
                return S(example.base(), v...);
              } else {
                return S(v...);
              }
            },
            bad);
      };
      const std::string name(std::get<J>(d.params).name);
      try {
        (void)make();
        problems.push_back("a bad " + name + " was accepted");
      } catch (const lrsched::parameter_error& e) {
        if (e.schedule() != d.name() || e.parameter() != name || e.rule().empty() ||
            std::string(e.what()).rfind(std::string(d.name()) + ": " + name, 0) != 0) {
          problems.push_back("a bad " + name + " was reported as: " + e.what());
        }
      }
    };
    (try_bad(std::integral_constant<std::size_t, I>{}), ...);
  }
  (std::make_index_sequence<d.size>{});
}

template <class T, class S>
probe<T> probe_entry() {
  constexpr auto d = S::description();
  probe<T> p;
  p.name = d.name();
  p.example = d.text.example;
  const auto parsed = lrsched::parse_schedule<T>(d.text.example);
  p.text = lrsched::to_spec(parsed);
  const auto again = lrsched::parse_schedule<T>(p.text);
  p.text_again = lrsched::to_spec(again);
  p.parsed = values_at(parsed);
  p.parsed_again = values_at(again);
  p.horizon_parsed = lrsched::horizon(parsed);
  if constexpr (d.role() != lrsched::entry_role::combinator) {
    const S s = static_example<T, S>();
    p.is_static = true;
    p.statics = values_at(s);
    p.positional = positional_text<T>(s);
    p.by_position = values_at(lrsched::parse_schedule<T>(p.positional));
    p.bounds = s.bounds();
    p.horizon_static = lrsched::horizon(s);
    if (p.horizon_static) p.at_horizon = s(*p.horizon_static);
    check_defaults<T>(s, p.problems);
    check_error_names<T>(s, p.problems);
  }
  return p;
}

template <class T>
void check_registered_entry_types() {
  std::vector<probe<T>> probes;
  ld::for_each_type(lrsched::catalogue<T>{},
                    [&]<class S>() { probes.push_back(probe_entry<T, S>()); });
  REQUIRE(probes.size() == lrsched::catalogue_entries().size());
  const std::vector<step_t> steps = steps_to_probe();
  for (const probe<T>& p : probes) {
    INFO(p.name << " (" << p.example << ")");
    // The canonical text names the entry, reads back to the same values and is a fixed point.
    REQUIRE_THAT(p.text, Catch::Matchers::Contains(p.name));
    REQUIRE(p.text_again == p.text);
    REQUIRE(p.parsed_again == p.parsed);
    for (const std::string& problem : p.problems) FAIL_CHECK(problem);
    if (!p.is_static) continue;
    // By name (the canonical text) and by position: the static schedule's values.
    INFO("positional: " << p.positional);
    REQUIRE(p.parsed == p.statics);
    REQUIRE(p.by_position == p.statics);
    REQUIRE(p.horizon_parsed == p.horizon_static);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      INFO("step " << steps[i]);
      const T v = p.statics[i];
      // Finite and within the bounds at every step.
      REQUIRE(std::isfinite(v));
      REQUIRE(p.bounds.lower <= v);
      REQUIRE(v <= p.bounds.upper);
      // Constant from the horizon on.
      if (p.horizon_static && steps[i] >= *p.horizon_static) REQUIRE(v == p.at_horizon);
    }
  }
}

}  // namespace

TEST_CASE("every registered entry, in double", "[catalogue]") {
  check_registered_entry_types<double>();
}
TEST_CASE("every registered entry, in float", "[catalogue]") {
  check_registered_entry_types<float>();
}
TEST_CASE("every registered entry, in long double", "[catalogue]") {
  check_registered_entry_types<long double>();
}

TEST_CASE("the catalogue as data: names, roles, parameters, defaults", "[catalogue]") {
  const auto& entries = lrsched::catalogue_entries();
  const lrsched::entry_info* cosine = lrsched::find_entry("cosine_decay");
  REQUIRE(cosine != nullptr);
  REQUIRE(cosine->role == lrsched::entry_role::schedule);
  REQUIRE(cosine->signature() == "lr, decay_steps, alpha=0");
  REQUIRE(cosine->params.at(1).kind == lrsched::param_kind::steps);
  REQUIRE(lrsched::find_entry("with_warmup")->params.at(2).choices ==
          std::vector<std::string_view>{"linear", "exponential", "constant", "cos", "poly"});
  REQUIRE(lrsched::find_entry("clamped")->signature() == "min=0, max=none");
  REQUIRE(lrsched::find_entry("sequence")->alternating);
  REQUIRE(lrsched::find_entry("StepLR") == nullptr);
  for (const lrsched::entry_info& e : entries) {
    INFO(e.name);
    REQUIRE(!e.formula.empty());
    REQUIRE(!e.example.empty());
  }
}

TEST_CASE("parameter_error carries the schedule, the parameter, the rule and the value",
          "[catalogue][errors]") {
  try {
    (void)lrsched::cosine_decay(0.1, 10'000, 1.5);
    FAIL("accepted alpha = 1.5");
  } catch (const lrsched::parameter_error& e) {
    REQUIRE(std::string(e.what()) == "cosine_decay: alpha must be in [0, 1] (got 1.5)");
    REQUIRE(e.schedule() == "cosine_decay");
    REQUIRE(e.parameter() == "alpha");
    REQUIRE(e.rule() == "must be in [0, 1]");
    REQUIRE(e.value() == "1.5");
    REQUIRE(!e.index().has_value());
  }
  try {
    (void)lrsched::piecewise_constant({10, 5}, {1.0, 2.0, 3.0});
    FAIL("accepted decreasing boundaries");
  } catch (const lrsched::parameter_error& e) {
    REQUIRE(std::string(e.what()) ==
            "piecewise_constant: boundaries[1] must be greater than the previous entry (got 5)");
    REQUIRE(e.parameter() == "boundaries");
    REQUIRE(e.index() == 1);
  }
  try {
    (void)(lrsched::constant(1e308) | lrsched::scaled(10));
    FAIL("accepted an overflowing factor");
  } catch (const lrsched::parameter_error& e) {
    REQUIRE(std::string(e.what()) ==
            "scaled: factor 10 times the schedule's largest value 1e+308 is not finite");
    REQUIRE(e.schedule() == "scaled");
    REQUIRE(e.parameter() == "factor");
    REQUIRE(e.value() == "10");
  }
  // An enumeration value without a name.
  REQUIRE_THROWS_WITH(lrsched::cyclic(0.1, 1.0, 10, static_cast<lrsched::cyclic_mode>(7)),
                      "cyclic: mode must be triangular, triangular2 or exp_range (got 7)");
  // It is an invalid_argument, as before.
  REQUIRE_THROWS_AS(lrsched::step_decay(0.1, 0), std::invalid_argument);
}

TEST_CASE("spec errors take their column from the parameter_error", "[catalogue][errors]") {
  try {
    (void)lrsched::parse_schedule("constant(1) | with_warmup(10, start=-1)");
    FAIL("accepted start = -1");
  } catch (const lrsched::spec_error& e) {
    REQUIRE(e.column() == 37);
    REQUIRE(e.message() == "with_warmup: start must be finite and >= 0 (got -1)");
  }
}

TEST_CASE("a default-constructed any_schedule holds constant(0)", "[catalogue][any_schedule]") {
  lrsched::any_schedule<double> s;
  REQUIRE(s(0) == 0.0);
  REQUIRE(lrsched::to_spec(s) == "constant(lr=0)");
  if (lrsched::to_spec(s).empty()) {
    s = lrsched::cosine_decay(0.1, 10);
  } else {
    s = lrsched::parse_schedule("step_decay(0.1, 30)");
  }
  REQUIRE(s(30) == lrsched::step_decay(0.1, 30)(30));
}
