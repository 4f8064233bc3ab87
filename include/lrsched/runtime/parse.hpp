// lrsched: the spec language, text to schedule.
//
//   spec    := pipe
//   pipe    := call ( '|' call )*
//   call    := NAME '(' [ arg ( ',' arg )* ] ')'
//   arg     := [ NAME '=' ] value
//   value   := NUMBER | 'true' | 'false' | NAME | '[' [ NUMBER ( ',' NUMBER )* ] ']' | pipe
#pragma once

#include <array>
#include <charconv>
#include <clocale>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/step_list.hpp"
#include "../detail/validate.hpp"
#include "any_schedule.hpp"
#include "catalogue.hpp"

namespace lrsched {

/// A spec that cannot be read: what is wrong and where. `what()` is "column N: message";
/// `column()` is 1-based (the first character of the spec is column 1).
class spec_error : public std::invalid_argument {
 public:
  spec_error(const std::string& message, std::size_t column)
      : std::invalid_argument("column " + std::to_string(column) + ": " + message),
        column_(column),
        message_(message) {}

  [[nodiscard]] std::size_t column() const noexcept { return column_; }
  /// The message without its column.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::size_t column_;
  std::string message_;
};

/// The longest name (of a schedule, a parameter or an enumeration value) a spec may contain.
/// (max_spec_depth and max_spec_list, which to_spec keeps to as well, are in write.hpp.)
inline constexpr std::size_t max_spec_name = 64;

namespace detail::spec {

// ---------------------------------------------------------------------------------------------
// Tokens

enum class tok { name, number, lparen, rparen, comma, equals, lbracket, rbracket, pipe, end };

struct token {
  tok kind;
  std::string_view text;
  std::size_t column;  // 1-based, in bytes until parse_schedule turns it into characters
};

[[nodiscard]] inline std::string describe(const token& t) {
  if (t.kind == tok::end) return "the end of the spec";
  return std::string("'").append(t.text) + "'";
}

[[nodiscard]] inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
[[nodiscard]] inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// "unexpected character 'x'" for a byte the language has no use for; a multi-byte UTF-8
/// character is shown whole, anything else that is not printable by its value.
[[nodiscard]] inline std::string unexpected_character(std::string_view s, std::size_t i) {
  const auto byte = static_cast<unsigned char>(s[i]);
  if (byte >= 0x20 && byte < 0x7f)
    return std::string("unexpected character '").append(1, s[i]) + "'";
  const std::size_t length = byte >= 0xf0 && byte < 0xf5   ? 4
                             : byte >= 0xe0 && byte < 0xf0 ? 3
                             : byte >= 0xc2 && byte < 0xe0 ? 2
                                                           : 0;
  bool valid = length != 0 && i + length <= s.size();
  for (std::size_t k = 1; valid && k < length; ++k) {
    valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
  }
  if (valid) return std::string("unexpected character '").append(s.substr(i, length)) + "'";
  constexpr char hex[] = "0123456789ABCDEF";
  return std::string("unexpected byte 0x") + hex[byte >> 4] + hex[byte & 15];
}

/// Reads the spec one token at a time: an error stops it where it is, so that no input, however
/// long, costs more than one pass.
class lexer {
 public:
  explicit lexer(std::string_view s) : s_(s) {}

  token next() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
    if (i_ == s_.size()) return {tok::end, {}, s_.size() + 1};
    const char c = s_[i_];
    const std::size_t start = i_, column = i_ + 1;
    if (is_name_start(c)) {
      std::size_t j = i_ + 1;
      while (j < s_.size() && (is_name_start(s_[j]) || is_digit(s_[j]))) {
        if (j - i_ == max_spec_name) {
          raise_error(spec_error(
              "a name is at most " + std::to_string(max_spec_name) + " characters long", column));
        }
        ++j;
      }
      i_ = j;
      return {tok::name, s_.substr(start, j - start), column};
    }
    const bool sign = (c == '-' || c == '+');
    const std::size_t body = sign ? i_ + 1 : i_;
    if (body < s_.size() && (is_digit(s_[body]) ||
                             (s_[body] == '.' && body + 1 < s_.size() && is_digit(s_[body + 1])))) {
      std::size_t j = body;
      while (j < s_.size() && is_digit(s_[j])) ++j;
      if (j < s_.size() && s_[j] == '.') {
        ++j;
        while (j < s_.size() && is_digit(s_[j])) ++j;
      }
      if (j < s_.size() && (s_[j] == 'e' || s_[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
        if (k < s_.size() && is_digit(s_[k])) {
          while (k < s_.size() && is_digit(s_[k])) ++k;
          j = k;
        } else {
          raise_error(spec_error("a number's exponent needs digits", k + 1));
        }
      }
      i_ = j;
      return {tok::number, s_.substr(start, j - start), column};
    }
    tok kind{};
    switch (c) {
      case '(':
        kind = tok::lparen;
        break;
      case ')':
        kind = tok::rparen;
        break;
      case ',':
        kind = tok::comma;
        break;
      case '=':
        kind = tok::equals;
        break;
      case '[':
        kind = tok::lbracket;
        break;
      case ']':
        kind = tok::rbracket;
        break;
      case '|':
        kind = tok::pipe;
        break;
      default:
        raise_error(spec_error(unexpected_character(s_, i_), column));
    }
    ++i_;
    return {kind, s_.substr(start, 1), column};
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Syntax tree

struct pipe_node;

struct value_node {
  enum kind_t { number, boolean, name, list, pipe } kind{};
  std::string_view text;  // number, name
  std::size_t column = 0;
  bool truth = false;
  std::vector<token> items;    // list entries (numbers)
  std::vector<pipe_node> sub;  // the nested schedule: one element when kind is pipe
};

struct arg_node {
  std::string_view name;   // empty when positional
  std::size_t column = 0;  // of the argument (its name, or its value)
  value_node value;
};

struct call_node {
  std::string_view name;
  std::size_t column = 0;
  std::vector<arg_node> args;
};

struct pipe_node {
  call_node head;
  std::vector<call_node> adaptors;
};

class parser {
 public:
  explicit parser(std::string_view s) : lexer_(s) {}

  pipe_node parse() {
    pipe_node p = pipe(0);
    if (peek().kind != tok::end) {
      raise_error(spec_error("unexpected " + describe(peek()) + " after the end of the schedule",
                             peek().column));
    }
    return p;
  }

 private:
  // Two tokens of lookahead (`name =` and `name (`), read only when asked for.
  const token& peek(std::size_t ahead = 0) {
    while (buffered_ <= ahead) {
      buffer_[buffered_] = buffered_ > 0 && buffer_[buffered_ - 1].kind == tok::end
                               ? buffer_[buffered_ - 1]
                               : lexer_.next();
      ++buffered_;
    }
    return buffer_[ahead];
  }
  token next() {
    const token t = peek();
    buffer_[0] = buffer_[1];
    --buffered_;
    return t;
  }
  token expect(tok kind, const char* what) {
    if (peek().kind != kind) {
      raise_error(spec_error(std::string("expected ") + what + ", found " + describe(peek()),
                             peek().column));
    }
    return next();
  }

  // Each adaptor of a chain is one level deeper than what it adapts.
  pipe_node pipe(std::size_t depth) {
    pipe_node p{call(depth), {}};
    while (peek().kind == tok::pipe) {
      next();
      p.adaptors.push_back(call(depth + p.adaptors.size() + 1));
    }
    return p;
  }

  call_node call(std::size_t depth) {
    if (depth >= max_spec_depth) {
      raise_error(spec_error("schedules are nested more than " + std::to_string(max_spec_depth) +
                                 " levels deep (each adaptor after '|' counts one level)",
                             peek().column));
    }
    const token name = expect(tok::name, "a schedule name");
    call_node c{name.text, name.column, {}};
    expect(tok::lparen, (std::string("'(' after '").append(name.text) + "'").c_str());
    if (peek().kind == tok::rparen) {
      next();
      return c;
    }
    while (true) {
      c.args.push_back(arg(depth));
      if (peek().kind == tok::comma) {
        next();
        continue;
      }
      expect(tok::rparen, "',' or ')'");
      return c;
    }
  }

  arg_node arg(std::size_t depth) {
    arg_node a;
    a.column = peek().column;
    if (peek().kind == tok::name && peek(1).kind == tok::equals) {
      a.name = next().text;
      next();
    }
    a.value = value(depth);
    return a;
  }

  value_node value(std::size_t depth) {
    value_node v;
    const token t = peek();
    v.column = t.column;
    switch (t.kind) {
      case tok::number:
        v.kind = value_node::number;
        v.text = next().text;
        return v;
      case tok::lbracket: {
        next();
        v.kind = value_node::list;
        if (peek().kind == tok::rbracket) {
          next();
          return v;
        }
        while (true) {
          if (peek().kind != tok::number) {
            raise_error(spec_error("expected a number in the list, found " + describe(peek()),
                                   peek().column));
          }
          if (v.items.size() == max_spec_list) {
            raise_error(spec_error(
                "a list has at most " + std::to_string(max_spec_list) + " entries", peek().column));
          }
          v.items.push_back(next());
          if (peek().kind == tok::comma) {
            next();
            continue;
          }
          expect(tok::rbracket, "',' or ']'");
          return v;
        }
      }
      case tok::name:
        if (peek(1).kind == tok::lparen) {
          v.kind = value_node::pipe;
          v.sub.push_back(pipe(depth + 1));
          return v;
        }
        if (t.text == "true" || t.text == "false") {
          v.kind = value_node::boolean;
          v.truth = t.text == "true";
          v.text = next().text;
          return v;
        }
        v.kind = value_node::name;
        v.text = next().text;
        return v;
      default:
        raise_error(spec_error("expected a value, found " + describe(t), t.column));
    }
  }

  lexer lexer_;
  std::array<token, 2> buffer_{};
  std::size_t buffered_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Finding entries and binding arguments to parameters

/// The entry `c` names; `after_pipe` when `c` stands after a '|', where an adaptor is expected.
template <class = void>
[[nodiscard]] const entry_info& lookup(const call_node& c, bool after_pipe = false) {
  if (const entry_info* e = find_entry(c.name)) return *e;
  raise_error(spec_error(
      std::string(after_pipe ? "unknown adaptor '" : "unknown schedule '").append(c.name) + "'" +
          detail::suggest(c.name, detail::entry_candidates()),
      c.column));
}

/// The arguments of one call, by parameter index (nullptr where not given).
struct bound {
  const entry_info* e;
  const call_node* call;
  std::array<const arg_node*, max_parameters> args{};

  [[nodiscard]] const arg_node* operator[](std::size_t i) const { return args[i]; }
  /// The column to blame for a problem with parameter `name` (the call's when not given).
  [[nodiscard]] std::size_t column_of(std::string_view name) const {
    for (std::size_t i = 0; i < e->params.size(); ++i) {
      if (e->params[i].name == name && args[i] != nullptr) return args[i]->value.column;
    }
    return call->column;
  }
};

template <class = void>
[[nodiscard]] bound bind(const entry_info& e, const call_node& c) {
  bound b{&e, &c, {}};
  bool named_seen = false;
  std::size_t position = 0;
  for (const arg_node& a : c.args) {
    std::size_t index = 0;
    if (a.name.empty()) {
      if (named_seen) {
        raise_error(spec_error(
            std::string("a positional argument cannot follow a named one in '").append(e.name) +
                "'",
            a.column));
      }
      if (position >= e.params.size()) {
        raise_error(spec_error(std::string("'").append(e.name) + "' takes at most " +
                                   std::to_string(e.params.size()) + " argument" +
                                   (e.params.size() == 1 ? "" : "s"),
                               a.column));
      }
      index = position++;
    } else {
      named_seen = true;
      index = e.params.size();
      for (std::size_t i = 0; i < e.params.size(); ++i) {
        if (e.params[i].name == a.name) index = i;
      }
      if (index == e.params.size()) {
        raise_error(spec_error(std::string("'").append(e.name) + "' has no parameter '" +
                                   std::string(a.name) + "'" +
                                   detail::suggest(a.name, detail::parameter_candidates(e)),
                               a.column));
      }
    }
    if (b.args[index] != nullptr) {
      raise_error(spec_error(std::string("parameter '").append(e.params[index].name) + "' of '" +
                                 std::string(e.name) + "' is given twice",
                             a.column));
    }
    b.args[index] = &a;
  }
  for (std::size_t i = 0; i < e.params.size(); ++i) {
    if (e.params[i].required && b.args[i] == nullptr) {
      raise_error(spec_error(std::string("'").append(e.name) + "' needs parameter '" +
                                 std::string(e.params[i].name) + "'",
                             c.column));
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Values

[[nodiscard]] inline std::string kind_name(value_node::kind_t k) {
  switch (k) {
    case value_node::number:
      return "a number";
    case value_node::boolean:
      return "true or false";
    case value_node::name:
      return "a name";
    case value_node::list:
      return "a list";
    default:
      return "a schedule";
  }
}

[[nodiscard]] inline std::string type_error(std::string_view entry_name,
                                            std::string_view param_name, const char* expected,
                                            const value_node& v) {
  return std::string("'").append(entry_name) + "' parameter '" + std::string(param_name) +
         "' expects " + expected + ", not " + kind_name(v.kind);
}

/// The number `text` (as the lexer accepted it) in type T: correctly rounded, -0 read as 0.
template <std::floating_point T>
[[nodiscard]] T read_real(std::string_view text, std::size_t column) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T v{};
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc{} && res.ec != std::errc::result_out_of_range) {
    raise_error(spec_error(std::string("'").append(text) + "' is not a number", column));
  }
  if (res.ec == std::errc::result_out_of_range && std::same_as<T, long double>) {
    // libstdc++ reports long double subnormals as out of range; strtold reads them (with the
    // C library's decimal point, whatever the locale).
    std::string copy(text);
    if (const char point = *std::localeconv()->decimal_point; point != '.') {
      for (char& c : copy) c = c == '.' ? point : c;
    }
    v = static_cast<T>(std::strtold(copy.c_str(), nullptr));
    if (v != T(0) && std::isfinite(v)) return v;
  }
  if (res.ec == std::errc::result_out_of_range || !std::isfinite(v)) {
    raise_error(spec_error(std::string("the number ").append(text) + " is out of range", column));
  }
  return v + T(0);  // -0 + 0 is +0
}

/// A whole number of steps, decided from the decimal text itself (`1000.0000000000000000001` is
/// not whole, although it rounds to 1000 in every floating-point type); `what` names it in errors
/// ("cosine_decay: decay_steps").
[[nodiscard]] inline step_t read_steps(std::string_view text, std::size_t column,
                                       std::string_view what) {
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  // digits [ '.' digits ] [ ('e' | 'E') [sign] digits ], as the lexer accepted it.
  const std::size_t e = rest.find_first_of("eE");
  const std::string_view mantissa = rest.substr(0, e);
  const std::size_t point = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : mantissa.substr(point + 1);
  // The exponent, saturated: anything beyond +-100000 is out of range or not whole either way.
  std::int64_t exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view digits = rest.substr(e + 1);
    bool exponent_negative = false;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
      exponent_negative = digits.front() == '-';
      digits.remove_prefix(1);
    }
    for (const char c : digits) {
      exponent = exponent > 100000 ? exponent : exponent * 10 + (c - '0');
    }
    if (exponent_negative) exponent = -exponent;
  }
  // The significant digits d_1 ... d_n and the value d * 10^scale.
  std::string digits;
  for (const std::string_view part : {whole, fraction}) {
    for (const char c : part) {
      if (digits.empty() && c == '0') continue;  // leading zeros
      digits += c;
    }
  }
  std::int64_t scale = exponent - static_cast<std::int64_t>(fraction.size());
  while (!digits.empty() && digits.back() == '0') digits.pop_back(), ++scale;
  if (digits.empty()) return 0;  // 0, -0, 0.000e5
  const auto not_whole = [&] {
    return spec_error(
        std::string(what) + " must be a whole number of steps (got " + std::string(text) + ")",
        column);
  };
  const auto out_of_range = [&] {
    return spec_error(std::string(what) + " " + std::string(text) + " is out of the range of steps",
                      column);
  };
  if (scale < 0) raise_error(not_whole());
  if (static_cast<std::int64_t>(digits.size()) + scale > 19) raise_error(out_of_range());
  // At most 19 digits: the magnitude fits in 64 unsigned bits.
  std::uint64_t magnitude = 0;
  for (const char c : digits) magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
  for (std::int64_t k = 0; k < scale; ++k) {
    if (magnitude > std::numeric_limits<std::uint64_t>::max() / 10) raise_error(out_of_range());
    magnitude *= 10;
  }
  constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<step_t>::max());
  if (magnitude > limit + (negative ? 1 : 0)) raise_error(out_of_range());
  if (!negative) return static_cast<step_t>(magnitude);
  return magnitude == limit + 1 ? std::numeric_limits<step_t>::min()
                                : -static_cast<step_t>(magnitude);
}

/// Typed access to the bound arguments of one call.
template <std::floating_point T>
struct args_of {
  const bound& b;

  [[nodiscard]] std::string_view name(std::size_t i) const { return b.e->params[i].name; }
  [[nodiscard]] std::string qualified(std::size_t i) const {
    return std::string(b.e->name) + ": " + std::string(name(i));
  }

  [[nodiscard]] const value_node& value(std::size_t i, value_node::kind_t kind,
                                        const char* expected) const {
    const value_node& v = b[i]->value;
    if (v.kind != kind)
      raise_error(spec_error(type_error(b.e->name, name(i), expected, v), v.column));
    return v;
  }
  [[nodiscard]] T real(std::size_t i) const {
    const value_node& v = value(i, value_node::number, "a number");
    return read_real<T>(v.text, v.column);
  }
  [[nodiscard]] step_t steps(std::size_t i) const {
    const value_node& v = value(i, value_node::number, "a whole number of steps");
    return read_steps(v.text, v.column, qualified(i));
  }
  [[nodiscard]] bool boolean(std::size_t i) const {
    return value(i, value_node::boolean, "true or false").truth;
  }
  [[nodiscard]] std::vector<T> reals(std::size_t i) const {
    std::vector<T> out;
    for (const token& t : value(i, value_node::list, "a list [...]").items) {
      out.push_back(read_real<T>(t.text, t.column));
    }
    return out;
  }
  [[nodiscard]] std::vector<step_t> step_list(std::size_t i) const {
    std::vector<step_t> out;
    for (const token& t : value(i, value_node::list, "a list [...]").items) {
      out.push_back(read_steps(t.text, t.column, qualified(i)));
    }
    return out;
  }
  /// An enumeration value, by its name.
  template <described_enum E>
  [[nodiscard]] E enumeration(std::size_t i) const {
    const value_node& v = value(i, value_node::name, "a name");
    std::vector<std::string_view> names;
    for (const auto& n : enum_names(E{})) {
      if (n.name == v.text) return n.value;
      names.push_back(n.name);
    }
    raise_error(spec_error(std::string("'").append(b.e->name) + "' parameter '" +
                               std::string(name(i)) + "' is " + choices<E>() + ", not '" +
                               std::string(v.text) + "'" + detail::suggest_name(v.text, names),
                           v.column));
  }
  [[nodiscard]] bool given(std::size_t i) const { return b[i] != nullptr; }
  /// The longest list among the arguments.
  [[nodiscard]] std::size_t longest_list() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < b.e->params.size(); ++i) {
      if (given(i) && b[i]->value.kind == value_node::list && b[i]->value.items.size() > n) {
        n = b[i]->value.items.size();
      }
    }
    return n;
  }
};

/// What the reader holds for a parameter whose accessor returns V: lists as vectors.
template <class V>
struct held_value {
  using type = V;
};
template <class V, std::size_t N>
struct held_value<std::span<V, N>> {
  using type = std::vector<std::remove_cv_t<V>>;
};
template <class S, std::size_t I>
using held_t = std::conditional_t<param_at<S, I>::is_absent, std::optional<param_value<S, I>>,
                                  typename held_value<param_value<S, I>>::type>;

/// Parameter I of S, from the spec or its default.
template <std::floating_point T, class S, std::size_t I>
[[nodiscard]] held_t<S, I> read_param(const args_of<T>& a) {
  using P = param_at<S, I>;
  using V = param_value<S, I>;
  constexpr param_kind kind = kind_at<S, I>;
  if (!a.given(I)) {
    if constexpr (P::is_required) {
      raise_error(spec_error("missing parameter", a.b.call->column));  // bind() checked it
    } else if constexpr (P::is_absent) {
      return std::nullopt;
    } else {
      constexpr auto fallback = std::get<I>(S::description().params).fallback;
      return fallback;
    }
  }
  if constexpr (kind == param_kind::real) {
    return static_cast<V>(a.real(I));
  } else if constexpr (kind == param_kind::steps) {
    return a.steps(I);
  } else if constexpr (kind == param_kind::boolean) {
    return a.boolean(I);
  } else if constexpr (kind == param_kind::enumeration) {
    return a.template enumeration<V>(I);
  } else if constexpr (kind == param_kind::reals) {
    return a.reals(I);
  } else if constexpr (kind == param_kind::step_list) {
    return a.step_list(I);
  } else {
    static_assert(kind != param_kind::schedule, "schedules are a combinator's arguments");
  }
}

/// Constructs S from the bound arguments in constructor order, after `prefix` (the schedule an
/// adaptor adapts). The arguments are read left to right, so the first bad one is reported.
template <std::floating_point T, class S, class... Prefix, std::size_t... I>
[[nodiscard]] S construct(const bound& b, std::index_sequence<I...>, Prefix&&... prefix) {
  const args_of<T> a{b};
  // A braced list: its elements are evaluated in order.
  return S{std::forward<Prefix>(prefix)..., read_param<T, S, I>(a)...};
}
/// Constructs S from `first` (the schedule a combinator such as cycle_momentum takes) and the
/// bound arguments for its parameters 1, 2, ...
template <std::floating_point T, class S, class First, std::size_t... I>
[[nodiscard]] S construct_after(const bound& b, std::index_sequence<I...>, First&& first) {
  const args_of<T> a{b};
  return S{std::forward<First>(first), read_param<T, S, I + 1>(a)...};
}
template <std::floating_point T, class S, class... Prefix>
[[nodiscard]] S construct(const bound& b, Prefix&&... prefix) {
  return construct<T, S>(b, std::make_index_sequence<size_of<S>>{},
                         std::forward<Prefix>(prefix)...);
}

/// Runs `make` (which constructs a schedule) and turns its validation error into a spec_error at
/// the column of the parameter it names (a composition error that names none: the call's).
template <class Make>
decltype(auto) checked(const bound& b, Make&& make) {
#if !LRSCHED_HAS_EXCEPTIONS
  (void)b;
  return make();  // the error handler has the core's message, without a column
#else
  try {
    return make();
  } catch (const spec_error&) {
    throw;
  } catch (const parameter_error& e) {
    throw spec_error(e.what(), b.column_of(e.parameter()));
  } catch (const std::invalid_argument& e) {
    throw spec_error(e.what(), b.call->column);
  }
#endif
}

// ---------------------------------------------------------------------------------------------
// Sequences of any length, for specs

/// `sequence` with its pieces known only at run time.
template <std::floating_point T>
class dynamic_sequence {
 public:
  using value_type = T;
  using piece_types = type_list<any_schedule<T>>;

  dynamic_sequence(std::vector<any_schedule<T>> pieces, std::vector<step_t> boundaries)
      : pieces_(std::move(pieces)), boundaries_(std::move(boundaries)) {}

  [[nodiscard]] T operator()(step_t t) const noexcept {
    const step_t s = clamp_step(t);
    const step_t* b = boundaries_.data();
    const std::size_t n = boundaries_.size();
    std::size_t k = 0;
    if (n <= 8) {  // a few pieces: the static sequence's scan, as predictable at consecutive steps
      while (k < n && b[k] <= s) ++k;
    } else {
      k = count_sorted(b, n, s, true);
    }
    return pieces_[k](k == 0 ? s : s - b[k - 1]);
  }

  /// The widest of the pieces' bounds.
  [[nodiscard]] value_bounds<T> bounds() const noexcept {
    value_bounds<T> b = pieces_.front().bounds();
    for (const any_schedule<T>& p : pieces_) {
      const value_bounds<T> piece = p.bounds();
      b.lower = piece.lower < b.lower ? piece.lower : b.lower;
      b.upper = piece.upper > b.upper ? piece.upper : b.upper;
    }
    return b;
  }
  [[nodiscard]] std::optional<step_t> horizon() const {
    const auto h = pieces_.back().horizon();
    if (!h || boundaries_.empty()) return h;
    return saturating_add(boundaries_.back(), *h);
  }
  template <class F>
  void for_each_piece(F&& f) const {
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
      f(k == 0 ? std::optional<step_t>{} : std::optional<step_t>(boundaries_[k - 1]), pieces_[k]);
    }
  }

  /// The static sequence's description: the same entry.
  static constexpr auto description() {
    return describe<dynamic_sequence>(sequence_schedule<any_schedule<T>>::description().text);
  }

 private:
  std::vector<any_schedule<T>> pieces_;
  std::vector<step_t> boundaries_;
};

// ---------------------------------------------------------------------------------------------
// Building schedules

[[nodiscard]] inline std::string count_word(std::size_t n) {
  constexpr std::array<const char*, 10> words{"no",   "one", "two",   "three", "four",
                                              "five", "six", "seven", "eight", "nine"};
  return n < words.size() ? words[n] : std::to_string(n);
}

/// "with_warmup, scaled or clamped": the registered adaptors.
template <class = void>
[[nodiscard]] std::string adaptor_names() {
  std::vector<std::string_view> names;
  for (const entry_info& e : catalogue_entries()) {
    if (e.role == entry_role::adaptor) names.push_back(e.name);
  }
  std::string out;
  for (std::size_t k = 0; k < names.size(); ++k) {
    out += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + std::string(names[k]);
  }
  return out;
}

template <std::floating_point T>
class builder {
 public:
  any_schedule<T> pipe(const pipe_node& p) {
    const entry_info& head = lookup(p.head);
    if (head.role == entry_role::adaptor) {
      raise_error(spec_error(std::string("'").append(head.name) +
                                 "' is an adaptor, not a schedule: write it after one, as in "
                                 "'cosine_decay(0.1, 1000) | " +
                                 std::string(head.name) + "(...)'",
                             p.head.column));
    }
    for (const call_node& a : p.adaptors) {
      const entry_info& e = lookup(a, true);
      if (e.role != entry_role::adaptor) {
        raise_error(spec_error(std::string("'").append(e.name) +
                                   "' is a schedule, not an adaptor: after '|' comes " +
                                   adaptor_names(),
                               a.column));
      }
    }
    if (head.role == entry_role::combinator) return adapt_rest(combinator(head, p.head), p, 0);
    // A catalogue entry and its first adaptor keep their static types where that makes them fit
    // in any_schedule's buffer, as the common `schedule | with_warmup(...)` does; a larger entry
    // is held as an any_schedule before it is adapted (it lives on the heap either way).
    return schedule_entry(head, p.head, [&](auto s) -> any_schedule<T> {
      if (p.adaptors.empty()) return any_schedule<T>(std::move(s));
      using S = decltype(s);
      if constexpr (adapted_fits<S>(catalogue_of<T, entry_role::adaptor>{})) {
        return adapt_rest(adapt(std::move(s), p.adaptors[0]), p, 1);
      } else {
        return adapt_rest(any_schedule<T>(std::move(s)), p, 0);
      }
    });
  }

 private:
  /// Calls `f.template operator()<S>()` for the registered S of that name, among the entries of
  /// role R.
  template <entry_role R, class F>
  static void dispatch(const entry_info& e, F&& f) {
    bool found = false;
    for_each_type(catalogue_of<T, R>{}, [&]<class S>() {
      if (!found && name_of<S> == e.name) {
        found = true;
        f.template operator()<S>();
      }
    });
    if (!found)
      raise_error(
          std::logic_error(std::string("lrsched: '").append(e.name) + "' is not registered"));
  }

  /// Whether every registered adaptor over S fits in any_schedule's buffer.
  template <class S, class... A>
  static constexpr bool adapted_fits(type_list<A...>) {
    return (any_schedule<T>::template stores_inline<typename A::template rebind<S>> && ...);
  }

  any_schedule<T> adapt_rest(any_schedule<T> s, const pipe_node& p, std::size_t from) {
    for (std::size_t i = from; i < p.adaptors.size(); ++i) s = adapt(std::move(s), p.adaptors[i]);
    return s;
  }

  template <schedule S>
  any_schedule<T> adapt(S s, const call_node& c) {
    const entry_info& e = lookup(c, true);
    const bound b = bind(e, c);
    std::optional<any_schedule<T>> out;
    dispatch<entry_role::adaptor>(e, [&]<class Registered>() {
      using A = typename Registered::template rebind<S>;
      out.emplace(checked(b, [&] { return construct<T, A>(b, std::move(s)); }));
    });
    return std::move(*out);
  }

  template <class K>
  any_schedule<T> schedule_entry(const entry_info& e, const call_node& c, K&& k) {
    const bound b = bind(e, c);
    std::optional<any_schedule<T>> out;
    dispatch<entry_role::schedule>(e, [&]<class S>() {
      if constexpr (requires { typename S::template with_capacity<max_spec_list>; }) {
        // Lists longer than the default capacity get the spec language's.
        if (args_of<T>{b}.longest_list() > S::capacity) {
          using wide = typename S::template with_capacity<max_spec_list>;
          out.emplace(k(checked(b, [&] { return construct<T, wide>(b); })));
          return;
        }
      }
      out.emplace(k(checked(b, [&] { return construct<T, S>(b); })));
    });
    return std::move(*out);
  }

  any_schedule<T> schedule_value(const arg_node& arg, std::string_view owner, std::size_t index) {
    if (!arg.name.empty()) {
      raise_error(spec_error(
          std::string("'").append(owner) + "' takes its arguments by position only", arg.column));
    }
    if (arg.value.kind != value_node::pipe) {
      raise_error(spec_error("argument " + std::to_string(index + 1) + " of '" +
                                 std::string(owner) + "' must be a schedule, not " +
                                 kind_name(arg.value.kind),
                             arg.value.column));
    }
    return pipe(arg.value.sub.front());
  }

  any_schedule<T> combinator(const entry_info& e, const call_node& c) {
    if (e.alternating) return sequence(e, c);
    std::optional<any_schedule<T>> accepted;
    dispatch<entry_role::combinator>(e, [&]<class R>() {
      if constexpr (requires { typename R::template accepts<T>; }) {
        accepted.emplace(of_accepted<R>(e, c, typename R::template accepts<T>{}));
      }
    });
    if (accepted) return std::move(*accepted);
    // A fixed number of schedules, by position.
    const std::size_t n = e.params.size();
    if (c.args.size() != n) {
      raise_error(spec_error(std::string("'").append(e.name) + "' takes " + count_word(n) +
                                 " schedules (got " + std::to_string(c.args.size()) + " arguments)",
                             c.args.size() > n ? c.args[n].column : c.column));
    }
    std::vector<any_schedule<T>> parts;
    for (std::size_t i = 0; i < n; ++i) parts.push_back(schedule_value(c.args[i], e.name, i));
    const bound b{&e, &c, {}};
    std::optional<any_schedule<T>> out;
    dispatch<entry_role::combinator>(e, [&]<class R>() {
      if constexpr (!R::description().text.alternating &&
                    !requires { typename R::template accepts<T>; }) {
        using C = typename R::template rebind<any_schedule<T>>;  // every part erased
        [&]<std::size_t... I>(std::index_sequence<I...>) {
          out.emplace(checked(b, [&] { return C(std::move(parts[I])...); }));
        }
        (std::make_index_sequence<size_of<R>>{});
      }
    });
    return std::move(*out);
  }

  /// A combinator of one schedule of the types it accepts (as written, the static type),
  /// followed by parameters of its own: cycle_momentum(one_cycle(...), 0.85, 0.95).
  template <class R, class... S>
  any_schedule<T> of_accepted(const entry_info& e, const call_node& c, type_list<S...>) {
    const bound b = bind(e, c);
    std::string names;
    ((names += (names.empty() ? "" : " or ") + std::string(name_of<S>)), ...);
    const arg_node& first = *b[0];
    if (first.value.kind != value_node::pipe) {
      raise_error(spec_error(std::string("'").append(e.name) + "' takes a " + names +
                                 " schedule first, not " + kind_name(first.value.kind),
                             first.value.column));
    }
    const pipe_node& inner = first.value.sub.front();
    if (!inner.adaptors.empty()) {
      raise_error(spec_error(std::string("'").append(e.name) + "' takes a " + names +
                                 " schedule as it is, without adaptors",
                             inner.adaptors.front().column));
    }
    const entry_info& head = lookup(inner.head);
    std::optional<any_schedule<T>> out;
    const auto one = [&]<class A>() {
      if (out || name_of<A> != head.name) return;
      const bound ib = bind(head, inner.head);
      A a = checked(ib, [&] { return construct<T, A>(ib); });
      using C = typename R::template rebind<A>;
      out.emplace(checked(b, [&] {
        return construct_after<T, C>(b, std::make_index_sequence<size_of<C> - 1>{}, std::move(a));
      }));
    };
    (one.template operator()<S>(), ...);
    if (!out) {
      raise_error(spec_error(std::string("'").append(e.name) + "' takes a " + names +
                                 " schedule, not '" + std::string(head.name) + "'",
                             inner.head.column));
    }
    return std::move(*out);
  }

  // sequence(s0, b1, s1, b2, s2, ...)
  any_schedule<T> sequence(const entry_info& e, const call_node& c) {
    const std::string name(e.name);
    if (c.args.empty() || c.args.size() % 2 == 0) {
      raise_error(spec_error(
          "'" + name + "' takes schedules alternating with boundaries: " + std::string(e.form),
          c.args.empty() ? c.column : c.args.back().column));
    }
    std::vector<any_schedule<T>> pieces;
    std::vector<step_t> boundaries;
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      const arg_node& arg = c.args[i];
      if (i % 2 == 0) {
        pieces.push_back(schedule_value(arg, e.name, i));
        continue;
      }
      if (!arg.name.empty()) {
        raise_error(spec_error("'" + name + "' takes its arguments by position only", arg.column));
      }
      if (arg.value.kind != value_node::number) {
        raise_error(spec_error("argument " + std::to_string(i + 1) + " of '" + name +
                                   "' must be a boundary step, not " + kind_name(arg.value.kind),
                               arg.value.column));
      }
      boundaries.push_back(read_steps(arg.value.text, arg.value.column, name + ": a boundary"));
      // The static sequence's own check, at this boundary's column.
      try_boundary(boundaries, arg.value.column);
    }
    if (pieces.size() == 1) return std::move(pieces.front());
    return dynamic_sequence<T>(std::move(pieces), std::move(boundaries));
  }

  static void check_last(const std::vector<step_t>& b) {
    const std::size_t k = b.size() - 1;
    sequence_schedule<constant<T>>::check_boundary(k, b[k], k == 0 ? 0 : b[k - 1]);
  }
  static void try_boundary(const std::vector<step_t>& boundaries, std::size_t column) {
#if LRSCHED_HAS_EXCEPTIONS
    try {
      check_last(boundaries);
    } catch (const parameter_error& error) {
      throw spec_error(error.what(), column);
    }
#else
    (void)column;
    check_last(boundaries);
#endif
  }
};

}  // namespace detail::spec

/// Reads a schedule from the spec language, e.g.
/// `cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)`. Throws spec_error (a
/// std::invalid_argument) naming the column of the first problem; without exceptions, calls the
/// error handler (lrsched::set_error_handler) with that message.
template <std::floating_point T = double>
[[nodiscard]] any_schedule<T> parse_schedule(std::string_view spec) {
#if !LRSCHED_HAS_EXCEPTIONS
  // Without exceptions the error handler gets the first error, its column counted in bytes.
  detail::spec::parser p(spec);
  return detail::spec::builder<T>().pipe(p.parse());
#else
  try {
    detail::spec::parser p(spec);
    const detail::spec::pipe_node tree = p.parse();
    return detail::spec::builder<T>().pipe(tree);
  } catch (const spec_error& e) {
    // The parser counts bytes; a column counts characters (UTF-8 code points).
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < e.column() && i < spec.size(); ++i) {
      column += (static_cast<unsigned char>(spec[i]) & 0xc0) == 0x80 ? 0u : 1u;
    }
    if (column == e.column()) throw;
    throw spec_error(e.message(), column);
  }
#endif
}

}  // namespace lrsched
