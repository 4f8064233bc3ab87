// lrsched: how a schedule describes itself.
//
// Every catalogue entry and adaptor says once, beside its accessors, what the run-time layer and
// the documentation need to know about it: its name in the spec language, its role, its parameters
// in constructor order (name, accessor, default, rule) and the text `lrsched help` shows. Its
// bounds and its horizon are member functions next to them. The spec reader and writer, the
// `lrsched` program, the README's tables and the catalogue-wide tests all read these
// descriptions; none of them lists the catalogue again (Boost.Describe is the model).
//
//   static constexpr auto description() {
//     return detail::describe<step_decay>(
//         {.name = name, .formula = "`lr * gamma^floor(t / step_size)`",
//          .frameworks = {{{"PyTorch", "StepLR"}}}},
//         detail::param("lr", &step_decay::lr, detail::required, "finite, >= 0"),
//         detail::param("step_size", &step_decay::step_size, detail::required, ">= 1"),
//         detail::param("gamma", &step_decay::gamma, T(0.1), "in (0, 1]"));
//   }
//
// Enumerations carry their names beside their definition, found by argument-dependent lookup:
//
//   [[nodiscard]] constexpr auto enum_names(anneal_strategy) noexcept {
//     return std::to_array<detail::enum_name<anneal_strategy>>(
//         {{anneal_strategy::cos, "cos"}, ...});
//   }
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"

namespace lrsched {

/// What a catalogue entry is in the spec language: a schedule (`cosine_decay(...)`), an adaptor
/// written after a pipe (`| with_warmup(...)`), or a combinator that takes schedules as its
/// arguments (`product(a, b)`, `sequence(s0, b1, s1, ...)`).
enum class entry_role { schedule, adaptor, combinator };

/// What a parameter's value is in the spec language: a number, a whole number of steps, true or
/// false, a name (an enumeration value), a list of numbers or of steps, or a schedule.
enum class param_kind { real, steps, boolean, enumeration, reals, step_list, schedule };

/// A name an entry or a parameter has in another framework, and how the two relate.
struct framework_name {
  std::string_view framework;  ///< "PyTorch", "Keras", "Optax", "HF", ...
  std::string_view name;       ///< "StepLR"
  std::string_view note = {};  ///< "eta_min = alpha * lr", or empty
};

namespace detail {

/// A list of types: the registration, a sequence's pieces.
template <class... S>
struct type_list {
  static constexpr std::size_t size = sizeof...(S);
};

/// One value of an enumeration and its name in the spec language.
template <class E>
struct enum_name {
  E value;
  std::string_view name;
};

}  // namespace detail

/// An enumeration whose values have names in the spec language: `enum_names(E{})` (found by
/// argument-dependent lookup, defined beside the enumeration) returns them all.
template <class E>
concept described_enum = std::is_enum_v<E> && requires {
  { enum_names(E{})[0] } -> std::convertible_to<const detail::enum_name<E>&>;
};

/// The name of an enumeration value in the spec language ("" for a value that has none).
template <described_enum E>
[[nodiscard]] constexpr std::string_view to_string(E e) noexcept {
  for (const auto& n : enum_names(E{})) {
    if (n.value == e) return n.name;
  }
  return {};
}

namespace detail {

/// Whether `e` is one of the named values of its enumeration.
template <described_enum E>
[[nodiscard]] constexpr bool is_named(E e) noexcept {
  return !to_string(e).empty();
}

/// A parameter without a default: the spec must give it.
struct required_t {};
inline constexpr required_t required{};
/// A parameter whose default is "none": absent unless given (clamped's `max`). Its accessor returns
/// a std::optional, and the text form leaves it out when it is empty.
struct absent_t {};
inline constexpr absent_t absent{};

template <class V>
struct is_optional : std::false_type {};
template <class V>
struct is_optional<std::optional<V>> : std::true_type {
  using type = V;
};
template <class V>
struct is_span : std::false_type {};
template <class V, std::size_t N>
struct is_span<std::span<V, N>> : std::true_type {
  using type = std::remove_cv_t<V>;
};

/// The value a parameter holds: what its accessor returns, without an optional around it.
/// Calls an accessor: a member function pointer or a callable taking the owner.
template <class Owner, class Get>
[[nodiscard]] constexpr decltype(auto) call_accessor(const Get& get, const Owner& s) {
  if constexpr (std::is_member_function_pointer_v<Get>) {
    return (s.*get)();
  } else {
    return get(s);
  }
}
template <class Owner, class Get>
using accessor_result = std::remove_cvref_t<decltype(call_accessor(std::declval<const Get&>(),
                                                                   std::declval<const Owner&>()))>;
template <class V>
using unwrap_optional =
    typename std::conditional_t<is_optional<V>::value, is_optional<V>, std::type_identity<V>>::type;

/// The kind of a parameter whose accessor returns `V`: deduced, never written by hand.
template <class V>
constexpr param_kind kind_of() {
  using U = unwrap_optional<V>;
  if constexpr (std::same_as<U, bool>) {
    return param_kind::boolean;
  } else if constexpr (std::floating_point<U>) {
    return param_kind::real;
  } else if constexpr (std::same_as<U, step_t>) {
    return param_kind::steps;
  } else if constexpr (described_enum<U>) {
    return param_kind::enumeration;
  } else if constexpr (is_span<U>::value) {
    static_assert(std::floating_point<typename is_span<U>::type> ||
                      std::same_as<typename is_span<U>::type, step_t>,
                  "lrsched: a list parameter holds rates or steps");
    return std::floating_point<typename is_span<U>::type> ? param_kind::reals
                                                          : param_kind::step_list;
  } else {
    static_assert(schedule<U>,
                  "lrsched: a parameter is a number, a step count, a boolean, a "
                  "described enumeration, a list or a schedule");
    return param_kind::schedule;
  }
}

/// One parameter: its name, the accessor that reads it back, its default (required, absent or a
/// value of the accessor's type), the rule it must satisfy (as `lrsched help` shows it) and the
/// names it has in other frameworks ("PyTorch T_max, Keras decay_steps").
template <class Get, class Default>
struct param_description {
  std::string_view name;
  Get get;
  Default fallback;
  std::string_view rule;
  std::string_view aliases;
  /// Written by to_spec only when it differs from its default: a parameter that later widened an
  /// entry, so that the canonical text of what could be written before stays as it was.
  bool quiet = false;

  using default_type = Default;
  static constexpr bool is_required = std::same_as<Default, required_t>;
  static constexpr bool is_absent = std::same_as<Default, absent_t>;
};

template <class Get, class Default>
[[nodiscard]] constexpr param_description<Get, Default> param(std::string_view name, Get get,
                                                              Default fallback,
                                                              std::string_view rule,
                                                              std::string_view aliases = {}) {
  return {name, get, fallback, rule, aliases};
}
/// A parameter that to_spec leaves out at its default (param_description::quiet).
template <class Get, class Default>
[[nodiscard]] constexpr param_description<Get, Default> quiet_param(std::string_view name, Get get,
                                                                    Default fallback,
                                                                    std::string_view rule,
                                                                    std::string_view aliases = {}) {
  return {name, get, fallback, rule, aliases, true};
}

/// What an entry says about itself besides its parameters.
struct entry_text {
  std::string_view name;
  /// A spec that uses it, for `lrsched help` and the catalogue-wide tests (an adaptor's example
  /// adapts a `constant`, a combinator's combines `constant`s).
  std::string_view example = {};
  entry_role role = entry_role::schedule;
  /// The value at step `t`, in Markdown (code in backticks), as the README's table shows it.
  std::string_view formula;
  /// The same entry in other frameworks, for `lrsched help` and for "did you mean".
  std::array<framework_name, 4> frameworks{};
  /// How it is written, when that is not `name(parameters)`: "sequence(s0, b1, s1, ...)".
  std::string_view form = {};
  /// A combinator of any number of schedules alternating with boundary steps (sequence): it has
  /// no parameters of its own, and `for_each_piece(f)` calls `f(boundary, piece)` for each piece
  /// (the boundary is empty for the first).
  bool alternating = false;
};

/// The whole description of `Owner`: its text and its parameters in constructor order.
template <class Owner, class... P>
struct description {
  using owner = Owner;
  entry_text text;
  std::tuple<P...> params;

  static constexpr std::size_t size = sizeof...(P);
  [[nodiscard]] constexpr std::string_view name() const noexcept { return text.name; }
  [[nodiscard]] constexpr entry_role role() const noexcept { return text.role; }
};

template <class Owner, class... P>
[[nodiscard]] constexpr description<Owner, P...> describe(entry_text text, P... params) {
  return {text, std::tuple<P...>(params...)};
}

/// The value of a described parameter of `s`.
template <class Owner, class P>
[[nodiscard]] constexpr decltype(auto) get(const P& p, const Owner& s) {
  return call_accessor(p.get, s);
}

}  // namespace detail

/// A type that describes itself: `S::description()` is a constant expression naming it and its
/// parameters. Every catalogue entry, adaptor and combinator is described.
template <class S>
concept described = requires {
  { S::description().name() } -> std::same_as<std::string_view>;
  { S::description().role() } -> std::same_as<entry_role>;
  typename std::integral_constant<std::size_t, S::description().size>;
};

/// A step from which the schedule is constant (`s(t) == s(h)` for every `t >= h`), or nullopt
/// when it never becomes constant or it cannot tell (a user type or a function without a
/// `horizon()` member). It is the first such step for every catalogue entry; through `clamped` it
/// is the base schedule's horizon, which may come after the clamp has already made the value
/// constant.
template <schedule S>
[[nodiscard]] constexpr std::optional<step_t> horizon(const S& s) {
  if constexpr (requires {
                  { s.horizon() } -> std::same_as<std::optional<step_t>>;
                }) {
    return s.horizon();
  } else {
    (void)s;
    return std::nullopt;
  }
}

namespace detail {

/// `h` unless the schedule is constant from the start (then 0).
[[nodiscard]] constexpr std::optional<step_t> when(bool constant_from_start,
                                                   std::optional<step_t> h) noexcept {
  return constant_from_start ? std::optional<step_t>(0) : h;
}
[[nodiscard]] constexpr step_t saturating_add(step_t a, step_t b) noexcept {
  constexpr step_t top = std::numeric_limits<step_t>::max();
  return a > top - b ? top : a + b;
}
/// `a * b`, or INT64_MAX where that overflows (a, b >= 0).
[[nodiscard]] constexpr step_t saturating_multiply(step_t a, step_t b) noexcept {
  constexpr step_t top = std::numeric_limits<step_t>::max();
  return b != 0 && a > top / b ? top : a * b;
}

}  // namespace detail

}  // namespace lrsched
