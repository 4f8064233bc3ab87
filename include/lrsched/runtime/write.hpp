// lrsched: schedule to text. One generic writer: every registered type is written from its
// description, `name(key=value, ...)` with its parameters in catalogue order, adaptors after a
// pipe, combinators with their schedules as arguments.
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/validate.hpp"
#include "catalogue.hpp"

namespace lrsched {

/// Nested calls deeper than this are an error (never a stack overflow). An adaptor after `|` is
/// one level deeper than the schedule it adapts.
inline constexpr std::size_t max_spec_depth = 64;
/// The most entries a list may have in a spec (boundaries, values, milestones).
inline constexpr std::size_t max_spec_list = 256;

namespace detail {

/// 0, 1, 2 for float, double, long double.
template <std::floating_point T>
inline constexpr int precision_rank = std::same_as<T, float> ? 0
                                                             : (std::same_as<T, double> ? 1 : 2);

/// The precision the text being written is read back in: the widest value type of the
/// any_schedules it is written through. A float schedule held in an any_schedule<double> is read
/// back as double, so its 0.1f is written as 0.10000000149011612, not as 0.1.
inline thread_local int spec_precision = 0;

/// Raises spec_precision to T's for its lifetime.
template <std::floating_point T>
class spec_precision_scope {
 public:
  spec_precision_scope() noexcept : saved_(spec_precision) {
    if (spec_precision < precision_rank<T>) spec_precision = precision_rank<T>;
  }
  spec_precision_scope(const spec_precision_scope&) = delete;
  spec_precision_scope& operator=(const spec_precision_scope&) = delete;
  ~spec_precision_scope() { spec_precision = saved_; }

 private:
  int saved_;
};

/// Shortest text that reads back as exactly `v` in the wider of its own type and the type the
/// text is read back in (spec_precision); -0 is written as 0.
template <std::floating_point T>
void append_real(std::string& out, T v) {
  if (precision_rank<T> >= spec_precision) {
    out += value_text(v);
  } else if (spec_precision == 1) {
    out += value_text(static_cast<double>(v));
  } else {
    out += value_text(static_cast<long double>(v));
  }
}

/// Whether a schedule type has a text form: a registered description whose parts (the schedule
/// an adaptor adapts, a combinator's schedules) have one too, or a holder that writes itself
/// (any_schedule). from_function and user types have none.
template <class S>
constexpr bool has_text_form();

template <class S, std::size_t... I>
constexpr bool parts_have_text_form(std::index_sequence<I...>) {
  return ((kind_at<S, I> != param_kind::schedule || has_text_form<param_value<S, I>>()) && ...);
}
template <class... P>
constexpr bool pieces_have_text_form(type_list<P...>) {
  return (has_text_form<P>() && ...);
}

template <class S>
constexpr bool has_text_form() {
  if constexpr (requires(const S& s, std::string& out) { s.append_spec(out); }) {
    return true;
  } else if constexpr (!described<S>) {
    return false;
  } else {
    static_assert(registered<S>,
                  "lrsched: this schedule describes itself but is not registered: add it to the "
                  "type list in <lrsched/runtime/catalogue.hpp>");
    constexpr auto d = S::description();
    if constexpr (d.role() == entry_role::adaptor) {
      using base = std::remove_cvref_t<decltype(std::declval<const S&>().base())>;
      if constexpr (!has_text_form<base>()) return false;
    }
    if constexpr (d.text.alternating) {
      return pieces_have_text_form(typename S::piece_types{});
    } else {
      return parts_have_text_form<S>(std::make_index_sequence<d.size>{});
    }
  }
}

template <class S>
concept describable = has_text_form<S>();

template <class S>
void write_spec(std::string& out, const S& s);

/// Writes `name(key=value, ...)`, or positional arguments where the key is empty.
class call_writer {
 public:
  call_writer(std::string& out, std::string_view name) : out_(out) {
    out_ += name;
    out_ += '(';
  }
  call_writer(const call_writer&) = delete;
  call_writer& operator=(const call_writer&) = delete;
  ~call_writer() { out_ += ')'; }

  template <class V>
  void arg(std::string_view key, const V& v) {
    separate(key);
    if constexpr (std::floating_point<V>) {
      append_real(out_, v);
    } else if constexpr (std::same_as<V, bool> || std::integral<V> || std::is_enum_v<V>) {
      out_ += value_text(v);
    } else if constexpr (schedule<V>) {
      write_spec(out_, v);
    } else {  // a list
      out_ += '[';
      bool first = true;
      for (const auto& x : v) {
        if (!first) out_ += ", ";
        first = false;
        if constexpr (std::floating_point<std::remove_cvref_t<decltype(x)>>) {
          append_real(out_, x);
        } else {
          out_ += std::to_string(x);
        }
      }
      out_ += ']';
    }
  }

 private:
  void separate(std::string_view key) {
    if (!first_) out_ += ", ";
    first_ = false;
    if (!key.empty()) {
      out_ += key;
      out_ += '=';
    }
  }
  std::string& out_;
  bool first_ = true;
};

/// Writes parameter I of `s`: by name, except schedules (positional); an absent value not at all.
template <class S, std::size_t I>
void write_param(call_writer& w, const S& s) {
  constexpr auto p = std::get<I>(S::description().params);
  decltype(auto) v = get(p, s);
  if constexpr (p.quiet) {
    if (v == p.fallback) return;
  }
  if constexpr (kind_at<S, I> == param_kind::schedule) {
    w.arg({}, v);
  } else if constexpr (is_optional<std::remove_cvref_t<decltype(v)>>::value) {
    if (v) w.arg(p.name, *v);
  } else {
    w.arg(p.name, v);
  }
}

template <class S, std::size_t... I>
void write_params(call_writer& w, const S& s, std::index_sequence<I...>) {
  (write_param<S, I>(w, s), ...);
}

/// The one writer: from the description, for every registered type.
template <class S>
void write_spec(std::string& out, const S& s) {
  if constexpr (requires { s.append_spec(out); }) {
    s.append_spec(out);  // any_schedule: the held schedule writes itself
  } else {
    static_assert(has_text_form<S>(), "lrsched: this schedule has no text form");
    constexpr auto d = S::description();
    if constexpr (d.role() == entry_role::adaptor) {
      write_spec(out, s.base());
      out += " | ";
    }
    call_writer w(out, d.name());
    if constexpr (d.text.alternating) {
      s.for_each_piece([&](std::optional<step_t> boundary, const auto& piece) {
        if (boundary) w.arg({}, *boundary);
        w.arg({}, piece);
      });
    } else {
      write_params(w, s, std::make_index_sequence<d.size>{});
    }
  }
}

/// Appends the text of `s` as read back in T (any_schedule<T> holding it); for a type with no
/// text form, an error.
template <std::floating_point T, class S>
void append_spec_as(std::string& out, const S& s) {
  if constexpr (has_text_form<S>()) {
    const spec_precision_scope<T> precision;
    write_spec(out, s);
  } else {
    (void)out;
    (void)s;
    raise_error(std::invalid_argument(
        "to_spec: this schedule has no text form (from_function and user-defined schedule types "
        "cannot be written in the spec language)"));
  }
}

/// What a written spec needs of the reader's limits: how deep its calls nest, counted as the
/// reader counts (the head of a chain at the chain's depth, its k-th adaptor k levels deeper, a
/// schedule given as an argument one level deeper than the call that takes it), and its longest
/// list. The writer's text has no strings: names, numbers, spaces and `( ) [ ] , | =`.
struct spec_extent {
  std::size_t depth = 0;
  std::size_t list = 0;
};

[[nodiscard]] inline spec_extent extent_of(std::string_view text) {
  struct level {
    std::size_t base;   // the depth of the head of the chain being read
    std::size_t chain;  // the adaptors read so far in that chain
  };
  std::vector<level> open;  // one per call whose arguments are being read
  level here{0, 0};
  spec_extent e;
  std::size_t entries = 0;  // of the list being read
  bool in_list = false, in_entry = false;
  for (const char c : text) {
    if (in_list) {
      if (c == ']') {
        if (entries > e.list) e.list = entries;
        in_list = false;
      } else if (c == ',') {
        in_entry = false;
      } else if (c != ' ' && !in_entry) {
        in_entry = true;
        ++entries;
      }
      continue;
    }
    switch (c) {
      case '(': {
        const std::size_t call = here.base + here.chain;
        if (call + 1 > e.depth) e.depth = call + 1;
        open.push_back(here);
        here = {call + 1, 0};
        break;
      }
      case ')':
        if (!open.empty()) {
          here = open.back();
          open.pop_back();
        }
        break;
      case '|':
        ++here.chain;
        break;
      case ',':
        here.chain = 0;  // the next argument: a chain of its own
        break;
      case '[':
        in_list = true;
        in_entry = false;
        entries = 0;
        break;
      default:
        break;
    }
  }
  return e;
}

/// Raises std::invalid_argument when `text`, the spec just written for a schedule, would not
/// read back: a schedule built in C++ can nest deeper, or hold a longer list, than a spec may.
inline void require_readable(std::string_view text) {
  const spec_extent e = extent_of(text);
  if (e.depth > max_spec_depth) {
    raise_error(std::invalid_argument(
        "to_spec: the schedule is nested " + std::to_string(e.depth) +
        " levels deep, and a spec may nest at most " + std::to_string(max_spec_depth) +
        " (each adaptor after '|' counts one level): its text would not read back"));
  }
  if (e.list > max_spec_list) {
    raise_error(
        std::invalid_argument("to_spec: the schedule has a list of " + std::to_string(e.list) +
                              " entries, and a spec's lists have at most " +
                              std::to_string(max_spec_list) + ": its text would not read back"));
  }
}

}  // namespace detail

/// The canonical text of a schedule in the spec language: every parameter by name, numbers in the
/// shortest form that reads back exactly, so that `parse_schedule(to_spec(s))(t) == s(t)` at every
/// step. Throws std::invalid_argument for an `any_schedule` holding a type with no text form, and
/// for a schedule whose text would break the reader's limits (nested more than max_spec_depth
/// levels, or a list of more than max_spec_list entries), which C++ code can build.
template <schedule S>
requires detail::describable<S>
[[nodiscard]] std::string to_spec(const S& s) {
  std::string out;
  detail::append_spec_as<value_type_t<S>>(out, s);
  detail::require_readable(out);
  return out;
}

}  // namespace lrsched
