// lrsched: the registration. One type list makes a schedule, an adaptor or a combinator known to
// the run-time layer; everything else (parse_schedule, to_spec, `lrsched list` and `help`, the
// README's tables, the catalogue-wide tests) iterates it and reads each type's description.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core.hpp"
#include "../detail/describe.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// Every entry of the catalogue, in the order `lrsched list` shows them. Adding a schedule is its
/// header (with its description) and one line here. Adaptors and combinators are registered over
/// `constant<T>`; the spec reader rebinds them to what they adapt or combine.
template <std::floating_point T>
using catalogue = detail::type_list<
    // schedules
    constant<T>, exponential_decay<T>, inverse_time_decay<T>, natural_exp_decay<T>,
    piecewise_constant<T>, polynomial_decay<T>, step_decay<T>, multistep_decay<T>, cyclic<T>,
    cosine_decay<T>, cosine_decay_restarts<T>, linear<T>, one_cycle<T>, inverse_sqrt<T>,
    sigmoid_decay<T>, tanh_decay<T>, anneal<T>, wsd<T>,
    // adaptors, after a pipe
    warmup_schedule<constant<T>>, scaled_schedule<constant<T>>, clamped_schedule<constant<T>>,
    per_epoch_schedule<constant<T>>, every_schedule<constant<T>>, noisy_schedule<constant<T>>,
    // combinators (cycle_momentum over what it accepts)
    sequence_schedule<constant<T>>, product_schedule<constant<T>, constant<T>>,
    cycle_momentum_schedule<one_cycle<T>>>;

namespace detail {

/// Calls `f.template operator()<S>()` for each registered S, in order.
template <class F, class... S>
constexpr void for_each_type(type_list<S...>, F&& f) {
  (f.template operator()<S>(), ...);
}

/// An entry's name and role, evaluated once per type.
template <class S>
inline constexpr std::string_view name_of = S::description().name();
template <class S>
inline constexpr entry_role role_of = S::description().role();
/// How many parameters S has (without evaluating its description).
template <class S>
inline constexpr std::size_t size_of = decltype(S::description())::size;

/// The registered entries of one role, in registration order.
template <entry_role R, class List>
struct with_role;
template <entry_role R>
struct with_role<R, type_list<>> {
  using type = type_list<>;
};
template <entry_role R, class S, class... Rest>
struct with_role<R, type_list<S, Rest...>> {
  template <class... X>
  static type_list<S, X...> prepend(type_list<X...>);
  using rest = typename with_role<R, type_list<Rest...>>::type;
  using type = std::conditional_t<role_of<S> == R, decltype(prepend(rest{})), rest>;
};
template <std::floating_point T, entry_role R>
using catalogue_of = typename with_role<R, catalogue<T>>::type;

/// The description of S, for one parameter: `std::get<I>(S::description().params)`.
template <class S, std::size_t I>
using param_at = std::remove_cvref_t<decltype(std::get<I>(S::description().params))>;

/// The value a parameter holds (what its accessor returns, without an optional around it).
template <class S, std::size_t I>
using param_value =
    unwrap_optional<accessor_result<S, decltype(std::get<I>(S::description().params).get)>>;

template <class S, std::size_t I>
inline constexpr param_kind kind_at =
    kind_of<accessor_result<S, decltype(std::get<I>(S::description().params).get)>>();

/// A description is complete when its name is not empty, its role is what its parameters say,
/// and every default has the type its accessor returns.
template <class S, std::size_t... I>
constexpr bool defaults_typed(std::index_sequence<I...>) {
  return ((param_at<S, I>::is_required || param_at<S, I>::is_absent ||
           std::same_as<typename param_at<S, I>::default_type, param_value<S, I>>)&&...);
}
template <class S>
constexpr bool complete_description() {
  if constexpr (!described<S>) {
    return false;
  } else {
    constexpr auto d = S::description();
    return !d.name().empty() && !d.text.formula.empty() && !d.text.example.empty() &&
           defaults_typed<S>(std::make_index_sequence<d.size>{});
  }
}

template <class... S>
constexpr bool all_complete(type_list<S...>) {
  return (complete_description<S>() && ...);
}

template <class... S>
constexpr bool names_unique(type_list<S...>) {
  constexpr std::array<std::string_view, sizeof...(S)> names{name_of<S>...};
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  return true;
}
/// The most parameters an entry may have (the spec reader binds arguments into that many slots).
inline constexpr std::size_t max_parameters = 12;

template <class... S>
constexpr bool parameters_fit(type_list<S...>) {
  return ((size_of<S> <= max_parameters) && ...);
}

/// The registration's own checks, made wherever the run-time layer reads it (a template, so that
/// a translation unit that never reads it does not pay for them).
template <std::floating_point T, class Tag = void>
constexpr bool check_registration() {
  static_assert(all_complete(catalogue<T>{}),
                "lrsched: every registered entry needs a complete description: a name, a formula, "
                "an example, and defaults of the types its accessors return");
  static_assert(names_unique(catalogue<T>{}), "lrsched: two registered entries share a name");
  static_assert(parameters_fit(catalogue<T>{}), "lrsched: raise max_parameters");
  return true;
}

/// Whether an entry of this name and role is registered.
template <class... S>
constexpr bool registered_in(type_list<S...>, std::string_view name, entry_role role) {
  return ((name_of<S> == name && role_of<S> == role) || ...);
}

/// Whether the type's description is registered: to_spec and parse_schedule know it.
template <class S>
concept registered = described<S> && registered_in(catalogue<double>{}, name_of<S>, role_of<S>);

// ---------------------------------------------------------------------------------------------
// Values as text, for defaults (in `lrsched list`) and for the spec writer.

/// A number, a step count, a boolean or an enumeration value as the spec language writes it:
/// reals in the shortest form that reads back exactly (-0 as 0).
template <class V>
[[nodiscard]] std::string value_text(const V& v) {
  if constexpr (described_enum<V>) {
    return std::string(to_string(v));
  } else if constexpr (std::floating_point<V>) {
    return format_value(v == V(0) ? V(0) : v);
  } else {
    return format_value(v);
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The catalogue as data: for the lrsched program, the documentation and suggestions.

/// One parameter of a catalogue entry, as `lrsched help` shows it.
struct parameter_info {
  std::string_view name;
  param_kind kind;
  bool required;
  /// The default as the spec language writes it; "none" for an optional parameter without one,
  /// empty for a required one.
  std::string default_text;
  std::string_view rule;
  /// The names the parameter has elsewhere: "PyTorch T_max, Keras decay_steps".
  std::string_view aliases;
  /// The values an enumeration takes.
  std::vector<std::string_view> choices;
};

/// One catalogue entry, as `lrsched list` and `help` show it.
struct entry_info {
  std::string_view name;
  entry_role role;
  std::string_view formula;
  /// A spec that uses it.
  std::string_view example;
  /// How it is written: "s | with_warmup(steps, start=0, shape=linear)"; empty for a schedule,
  /// which is written `name(parameters)`.
  std::string_view form;
  std::vector<framework_name> frameworks;
  std::vector<parameter_info> params;
  bool alternating;

  /// "lr, decay_steps, alpha=0": the parameters in order, with their defaults.
  [[nodiscard]] std::string signature() const {
    if (alternating) return "s0, b1, s1, b2, s2, ...";
    std::string out;
    for (const parameter_info& p : params) {
      if (!out.empty()) out += ", ";
      out += p.name;
      if (!p.required) out += "=" + p.default_text;
    }
    return out;
  }
};

namespace detail {

template <class S, std::size_t I>
parameter_info parameter_of() {
  constexpr auto p = std::get<I>(S::description().params);
  using P = param_at<S, I>;
  parameter_info info{p.name, kind_at<S, I>, P::is_required, {}, p.rule, p.aliases, {}};
  if constexpr (P::is_absent) {
    info.default_text = "none";
  } else if constexpr (!P::is_required) {
    info.default_text = value_text(p.fallback);
    if constexpr (std::floating_point<decltype(p.fallback)>) {
      // 0.0001 reads better than 1e-04: fixed notation where it is as exact and not much longer.
      char buf[64];
      const auto res = std::to_chars(buf, buf + sizeof buf, p.fallback, std::chars_format::fixed);
      if (res.ec == std::errc{} && res.ptr - buf <= 8) info.default_text.assign(buf, res.ptr);
    }
  }
  using V = param_value<S, I>;
  if constexpr (described_enum<V>) {
    for (const auto& n : enum_names(V{})) info.choices.push_back(n.name);
  }
  return info;
}

template <class S, std::size_t... I>
entry_info entry_of(std::index_sequence<I...>) {
  constexpr auto d = S::description();
  entry_info e{d.name(),
               d.role(),
               d.text.formula,
               d.text.example,
               d.text.form,
               {},
               {parameter_of<S, I>()...},
               d.text.alternating};
  for (const framework_name& f : d.text.frameworks) {
    if (!f.name.empty()) e.frameworks.push_back(f);
  }
  return e;
}

}  // namespace detail

/// The registered catalogue, in registration order.
template <class Tag = void>
[[nodiscard]] const std::vector<entry_info>& catalogue_entries() {
  static_assert(detail::check_registration<double, Tag>());
  static const std::vector<entry_info> entries = [] {
    std::vector<entry_info> out;
    detail::for_each_type(catalogue<double>{}, [&]<class S>() {
      out.push_back(detail::entry_of<S>(std::make_index_sequence<detail::size_of<S>>{}));
    });
    return out;
  }();
  return entries;
}

/// The entry of that name, or nullptr.
template <class = void>
[[nodiscard]] const entry_info* find_entry(std::string_view name) {
  for (const entry_info& e : catalogue_entries()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Suggestions for unknown names

namespace detail {

[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u);
      const std::size_t insert_or_delete = (row[j] < row[j - 1] ? row[j] : row[j - 1]) + 1;
      row[j] = substitute < insert_or_delete ? substitute : insert_or_delete;
      diagonal = above;
    }
  }
  return row[b.size()];
}

[[nodiscard]] inline bool same_letters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// A name the user may have meant: one of ours, or another framework's name for one of ours.
struct candidate {
  std::string_view ours;       // the catalogue's (or the parameter's) name
  std::string_view framework;  // empty for our own names
  std::string_view theirs;     // the framework's name
  std::string_view note;
};

/// The parameter names of another framework in `aliases` ("PyTorch T_max, Keras decay_steps
/// (note)").
inline void add_aliases(std::vector<candidate>& out, std::string_view ours,
                        std::string_view aliases) {
  while (!aliases.empty()) {
    const std::size_t comma = aliases.find(", ");
    std::string_view one = aliases.substr(0, comma);
    aliases = comma == std::string_view::npos ? std::string_view{} : aliases.substr(comma + 2);
    const std::size_t space = one.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view framework = one.substr(0, space);
    std::string_view rest = one.substr(space + 1);
    const std::size_t end = rest.find(' ');
    const std::string_view name = rest.substr(0, end);
    std::string_view note;
    if (end != std::string_view::npos) {
      note = rest.substr(end + 1);
      if (note.size() >= 2 && note.front() == '(' && note.back() == ')') {
        note = note.substr(1, note.size() - 2);
      }
    }
    out.push_back({ours, framework, name, note});
  }
}

/// The suggestion for `word` among `candidates`: our own names by edit distance, another
/// framework's by exact name (any case) or edit distance. Empty when nothing is close.
/// " (did you mean 'alpha'?)" for ours, ": did you mean step_decay? (PyTorch StepLR)" for
/// another framework's.
[[nodiscard]] inline std::string suggest(std::string_view word,
                                         const std::vector<candidate>& candidates) {
  for (const candidate& c : candidates) {
    if (!c.framework.empty() && same_letters(word, c.theirs)) {
      return std::string(": did you mean ").append(c.ours) + "? (" + std::string(c.framework) +
             " " + std::string(c.theirs) +
             (c.note.empty() ? "" : std::string("; ").append(c.note)) + ")";
    }
  }
  // The smallest edit distance; on a tie, the name that shares more of its ends with the word
  // ('triangle2' is closer to 'triangular2' than to 'triangular'), then our own name.
  const auto ends = [&](std::string_view name) {
    std::size_t prefix = 0, suffix = 0;
    while (prefix < word.size() && prefix < name.size() && word[prefix] == name[prefix]) ++prefix;
    while (suffix < word.size() && suffix < name.size() &&
           word[word.size() - 1 - suffix] == name[name.size() - 1 - suffix]) {
      ++suffix;
    }
    return prefix + suffix;
  };
  const candidate* best = nullptr;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max(), best_ends = 0;
  for (const candidate& c : candidates) {
    const std::string_view name = c.framework.empty() ? c.ours : c.theirs;
    const std::size_t d = edit_distance(word, name);
    const std::size_t e = ends(name);
    const bool better =
        d < best_distance ||
        (d == best_distance &&
         (e > best_ends || (e == best_ends && !best->framework.empty() && c.framework.empty())));
    if (better) best_distance = d, best_ends = e, best = &c;
  }
  const std::size_t limit = word.size() / 2 > 2 ? word.size() / 2 : 2;
  if (best == nullptr || best_distance > limit) return {};
  if (best->framework.empty()) return std::string(" (did you mean '").append(best->ours) + "'?)";
  return std::string(": did you mean ").append(best->ours) + "? (" + std::string(best->framework) +
         " " + std::string(best->theirs) + ")";
}

/// Plain names, no frameworks: for enumeration values.
[[nodiscard]] inline std::string suggest_name(std::string_view word,
                                              const std::vector<std::string_view>& names) {
  std::vector<candidate> candidates;
  for (const std::string_view n : names) candidates.push_back({n, {}, {}, {}});
  return suggest(word, candidates);
}

/// Candidates for an entry name: every entry (of the given roles), and what the frameworks call
/// them.
template <class = void>
[[nodiscard]] std::vector<candidate> entry_candidates() {
  std::vector<candidate> out;
  for (const entry_info& e : catalogue_entries()) out.push_back({e.name, {}, {}, {}});
  for (const entry_info& e : catalogue_entries()) {
    for (const framework_name& f : e.frameworks)
      out.push_back({e.name, f.framework, f.name, f.note});
  }
  return out;
}

/// Candidates for a parameter name of `e`: its parameters and their names elsewhere.
template <class = void>
[[nodiscard]] std::vector<candidate> parameter_candidates(const entry_info& e) {
  std::vector<candidate> out;
  for (const parameter_info& p : e.params) out.push_back({p.name, {}, {}, {}});
  for (const parameter_info& p : e.params) add_aliases(out, p.name, p.aliases);
  return out;
}

}  // namespace detail

}  // namespace lrsched
