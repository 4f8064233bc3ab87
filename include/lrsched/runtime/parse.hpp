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
#include <utility>
#include <vector>

#include "../concepts.hpp"
#include "../detail/step_list.hpp"
#include "any_schedule.hpp"
#include "describe.hpp"

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

/// Nested calls deeper than this are an error (never a stack overflow). An adaptor after `|` is
/// one level deeper than the schedule it adapts.
inline constexpr std::size_t max_spec_depth = 64;
/// The longest name (of a schedule, a parameter or an enumeration value) a spec may contain.
inline constexpr std::size_t max_spec_name = 64;
/// The most entries a list may have in a spec (boundaries, values, milestones).
inline constexpr std::size_t max_spec_list = 256;

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
  return "'" + std::string(t.text) + "'";
}

[[nodiscard]] inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
[[nodiscard]] inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// "unexpected character 'x'" for a byte the language has no use for; a multi-byte UTF-8
/// character is shown whole, anything else that is not printable by its value.
[[nodiscard]] inline std::string unexpected_character(std::string_view s, std::size_t i) {
  const auto byte = static_cast<unsigned char>(s[i]);
  if (byte >= 0x20 && byte < 0x7f) return "unexpected character '" + std::string(1, s[i]) + "'";
  const std::size_t length = byte >= 0xf0 && byte < 0xf5   ? 4
                             : byte >= 0xe0 && byte < 0xf0 ? 3
                             : byte >= 0xc2 && byte < 0xe0 ? 2
                                                           : 0;
  bool valid = length != 0 && i + length <= s.size();
  for (std::size_t k = 1; valid && k < length; ++k) {
    valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
  }
  if (valid) return "unexpected character '" + std::string(s.substr(i, length)) + "'";
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
    expect(tok::lparen, ("'(' after '" + std::string(name.text) + "'").c_str());
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
// The catalogue as the spec language sees it

enum class kind { real, steps, boolean, reals, step_list, mode, anneal, shape };

struct param {
  std::string_view name;
  kind type;
  bool required;
};

enum class role { schedule, adaptor, combinator };

struct entry {
  std::string_view name;
  role what;
  std::span<const param> params;
};

inline constexpr param decay_params[] = {{"lr", kind::real, true},
                                         {"decay_steps", kind::steps, true},
                                         {"decay_rate", kind::real, true},
                                         {"staircase", kind::boolean, false}};
inline constexpr param constant_params[] = {{"lr", kind::real, true}};
inline constexpr param piecewise_params[] = {{"boundaries", kind::step_list, true},
                                             {"values", kind::reals, true}};
inline constexpr param polynomial_params[] = {{"lr", kind::real, true},
                                              {"decay_steps", kind::steps, true},
                                              {"end_lr", kind::real, false},
                                              {"power", kind::real, false},
                                              {"cycle", kind::boolean, false}};
inline constexpr param step_params[] = {
    {"lr", kind::real, true}, {"step_size", kind::steps, true}, {"gamma", kind::real, false}};
inline constexpr param multistep_params[] = {
    {"lr", kind::real, true}, {"milestones", kind::step_list, true}, {"gamma", kind::real, false}};
inline constexpr param cyclic_params[] = {
    {"base_lr", kind::real, true},    {"max_lr", kind::real, true},
    {"step_size", kind::steps, true}, {"mode", kind::mode, false},
    {"gamma", kind::real, false},     {"step_size_down", kind::steps, false}};
inline constexpr param cosine_params[] = {
    {"lr", kind::real, true}, {"decay_steps", kind::steps, true}, {"alpha", kind::real, false}};
inline constexpr param restarts_params[] = {{"lr", kind::real, true},
                                            {"first_decay_steps", kind::steps, true},
                                            {"t_mul", kind::real, false},
                                            {"m_mul", kind::real, false},
                                            {"alpha", kind::real, false}};
inline constexpr param linear_params[] = {
    {"start", kind::real, true}, {"end", kind::real, true}, {"steps", kind::steps, true}};
inline constexpr param one_cycle_params[] = {
    {"max_lr", kind::real, true},         {"total_steps", kind::steps, true},
    {"pct_start", kind::real, false},     {"anneal", kind::anneal, false},
    {"div_factor", kind::real, false},    {"final_div_factor", kind::real, false},
    {"three_phase", kind::boolean, false}};
inline constexpr param inverse_sqrt_params[] = {{"lr", kind::real, true},
                                                {"timescale", kind::steps, true}};
inline constexpr param warmup_params[] = {
    {"steps", kind::steps, true}, {"start", kind::real, false}, {"shape", kind::shape, false}};
inline constexpr param scaled_params[] = {{"factor", kind::real, true}};
inline constexpr param clamped_params[] = {{"min", kind::real, false}, {"max", kind::real, false}};

inline constexpr entry catalogue[] = {
    {"constant", role::schedule, constant_params},
    {"exponential_decay", role::schedule, decay_params},
    {"inverse_time_decay", role::schedule, decay_params},
    {"natural_exp_decay", role::schedule, decay_params},
    {"piecewise_constant", role::schedule, piecewise_params},
    {"polynomial_decay", role::schedule, polynomial_params},
    {"step_decay", role::schedule, step_params},
    {"multistep_decay", role::schedule, multistep_params},
    {"cyclic", role::schedule, cyclic_params},
    {"cosine_decay", role::schedule, cosine_params},
    {"cosine_decay_restarts", role::schedule, restarts_params},
    {"linear", role::schedule, linear_params},
    {"one_cycle", role::schedule, one_cycle_params},
    {"inverse_sqrt", role::schedule, inverse_sqrt_params},
    {"with_warmup", role::adaptor, warmup_params},
    {"scaled", role::adaptor, scaled_params},
    {"clamped", role::adaptor, clamped_params},
    {"sequence", role::combinator, {}},
    {"product", role::combinator, {}},
};

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

/// " (did you mean 'x'?)" for the closest candidate, if one is close enough.
template <class Names>
[[nodiscard]] std::string suggest(std::string_view word, const Names& names) {
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view n : names) {
    const std::size_t d = edit_distance(word, n);
    if (d < best_distance) best_distance = d, best = n;
  }
  const std::size_t limit = word.size() / 2 > 2 ? word.size() / 2 : 2;
  if (best.empty() || best_distance > limit) return {};
  return " (did you mean '" + std::string(best) + "'?)";
}

[[nodiscard]] inline const entry* find_entry(std::string_view name) {
  for (const entry& e : catalogue) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

[[nodiscard]] inline const entry& lookup(const call_node& c) {
  if (const entry* e = find_entry(c.name)) return *e;
  std::vector<std::string_view> names;
  for (const entry& e : catalogue) names.push_back(e.name);
  raise_error(spec_error("unknown schedule '" + std::string(c.name) + "'" + suggest(c.name, names),
                         c.column));
}

// ---------------------------------------------------------------------------------------------
// Binding arguments to parameters

/// The arguments of one call, by parameter index (nullptr where not given).
struct bound {
  const entry* e;
  const call_node* call;
  std::array<const arg_node*, 8> args{};

  [[nodiscard]] const arg_node* operator[](std::size_t i) const { return args[i]; }
  /// The column to blame for a problem with parameter `name` (the call's when not given).
  [[nodiscard]] std::size_t column_of(std::string_view name) const {
    for (std::size_t i = 0; i < e->params.size(); ++i) {
      if (e->params[i].name == name && args[i] != nullptr) return args[i]->value.column;
    }
    return call->column;
  }
};

[[nodiscard]] inline bound bind(const entry& e, const call_node& c) {
  bound b{&e, &c, {}};
  bool named_seen = false;
  std::size_t position = 0;
  for (const arg_node& a : c.args) {
    std::size_t index = 0;
    if (a.name.empty()) {
      if (named_seen) {
        raise_error(spec_error(
            "a positional argument cannot follow a named one in '" + std::string(e.name) + "'",
            a.column));
      }
      if (position >= e.params.size()) {
        raise_error(spec_error("'" + std::string(e.name) + "' takes at most " +
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
        std::vector<std::string_view> names;
        for (const param& p : e.params) names.push_back(p.name);
        raise_error(spec_error("'" + std::string(e.name) + "' has no parameter '" +
                                   std::string(a.name) + "'" + suggest(a.name, names),
                               a.column));
      }
    }
    if (b.args[index] != nullptr) {
      raise_error(spec_error("parameter '" + std::string(e.params[index].name) + "' of '" +
                                 std::string(e.name) + "' is given twice",
                             a.column));
    }
    b.args[index] = &a;
  }
  for (std::size_t i = 0; i < e.params.size(); ++i) {
    if (e.params[i].required && b.args[i] == nullptr) {
      raise_error(spec_error(
          "'" + std::string(e.name) + "' needs parameter '" + std::string(e.params[i].name) + "'",
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
  return "'" + std::string(entry_name) + "' parameter '" + std::string(param_name) + "' expects " +
         expected + ", not " + kind_name(v.kind);
}

/// The number `text` (as the lexer accepted it) in type T: correctly rounded, -0 read as 0.
template <std::floating_point T>
[[nodiscard]] T read_real(std::string_view text, std::size_t column) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T v{};
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc{} && res.ec != std::errc::result_out_of_range) {
    raise_error(spec_error("'" + std::string(text) + "' is not a number", column));
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
    raise_error(spec_error("the number " + std::string(text) + " is out of range", column));
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

template <class Enum, std::size_t N>
[[nodiscard]] Enum read_enum(const bound& b, std::size_t i, const std::array<Enum, N>& values,
                             Enum fallback) {
  const arg_node* a = b[i];
  if (a == nullptr) return fallback;
  const std::string_view param_name = b.e->params[i].name;
  if (a->value.kind != value_node::name) {
    raise_error(spec_error(type_error(b.e->name, param_name, "a name", a->value), a->value.column));
  }
  std::vector<std::string_view> names;
  for (Enum v : values) {
    if (to_string(v) == a->value.text) return v;
    names.push_back(to_string(v));
  }
  std::string choices;
  for (std::size_t k = 0; k < names.size(); ++k) {
    choices += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + std::string(names[k]);
  }
  raise_error(spec_error("'" + std::string(b.e->name) + "' parameter '" + std::string(param_name) +
                             "' is " + choices + ", not '" + std::string(a->value.text) + "'" +
                             suggest(a->value.text, names),
                         a->value.column));
}

/// Typed access to the bound arguments of one call.
template <std::floating_point T>
struct args_of {
  const bound& b;

  [[nodiscard]] std::string_view name(std::size_t i) const { return b.e->params[i].name; }
  [[nodiscard]] std::string qualified(std::size_t i) const {
    return std::string(b.e->name) + ": " + std::string(name(i));
  }

  [[nodiscard]] const value_node* number(std::size_t i, const char* expected) const {
    const arg_node* a = b[i];
    if (a == nullptr) return nullptr;
    if (a->value.kind != value_node::number) {
      raise_error(spec_error(type_error(b.e->name, name(i), expected, a->value), a->value.column));
    }
    return &a->value;
  }
  [[nodiscard]] T real(std::size_t i, T fallback = T(0)) const {
    const value_node* v = number(i, "a number");
    return v ? read_real<T>(v->text, v->column) : fallback;
  }
  [[nodiscard]] step_t steps(std::size_t i, step_t fallback = 0) const {
    const value_node* v = number(i, "a whole number of steps");
    return v ? read_steps(v->text, v->column, qualified(i)) : fallback;
  }
  [[nodiscard]] bool boolean(std::size_t i, bool fallback = false) const {
    const arg_node* a = b[i];
    if (a == nullptr) return fallback;
    if (a->value.kind != value_node::boolean) {
      raise_error(
          spec_error(type_error(b.e->name, name(i), "true or false", a->value), a->value.column));
    }
    return a->value.truth;
  }
  [[nodiscard]] const value_node& list(std::size_t i) const {
    const arg_node* a = b[i];
    if (a->value.kind != value_node::list) {
      raise_error(
          spec_error(type_error(b.e->name, name(i), "a list [...]", a->value), a->value.column));
    }
    return a->value;
  }
  [[nodiscard]] std::vector<T> reals(std::size_t i) const {
    std::vector<T> out;
    for (const token& t : list(i).items) out.push_back(read_real<T>(t.text, t.column));
    return out;
  }
  [[nodiscard]] std::vector<step_t> step_list(std::size_t i) const {
    std::vector<step_t> out;
    for (const token& t : list(i).items) out.push_back(read_steps(t.text, t.column, qualified(i)));
    return out;
  }
  [[nodiscard]] bool given(std::size_t i) const { return b[i] != nullptr; }
};

/// Runs `make` (which constructs a schedule) and turns the core's validation error into a
/// spec_error at the column of the parameter it names.
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
  } catch (const std::invalid_argument& e) {
    // "<schedule>: <parameter>[<index>] <rule> (got <value>)"
    const std::string_view message = e.what();
    std::string_view param_name;
    if (const auto colon = message.find(": "); colon != std::string_view::npos) {
      param_name = message.substr(colon + 2);
      param_name = param_name.substr(0, param_name.find_first_of(" ["));
    }
    throw spec_error(e.what(), b.column_of(param_name));
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

  dynamic_sequence(std::vector<any_schedule<T>> pieces, std::vector<step_t> boundaries)
      : pieces_(std::move(pieces)), boundaries_(std::move(boundaries)) {}

  [[nodiscard]] T operator()(step_t t) const noexcept {
    const step_t s = clamp_step(t);
    const std::size_t k = count_sorted(boundaries_.data(), boundaries_.size(), s, true);
    return pieces_[k](k == 0 ? s : s - boundaries_[k - 1]);
  }

  [[nodiscard]] const std::vector<any_schedule<T>>& pieces() const noexcept { return pieces_; }
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
  [[nodiscard]] const std::vector<step_t>& boundaries() const noexcept { return boundaries_; }

 private:
  std::vector<any_schedule<T>> pieces_;
  std::vector<step_t> boundaries_;
};

}  // namespace detail::spec

namespace detail {
template <std::floating_point T>
struct spec_writer<spec::dynamic_sequence<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const spec::dynamic_sequence<T>& s) {
    call_writer w(out, "sequence");
    for (std::size_t k = 0; k < s.pieces().size(); ++k) {
      if (k > 0) w.arg({}, s.boundaries()[k - 1]);
      w.schedule_arg(s.pieces()[k]);
    }
  }
  static std::optional<step_t> horizon(const spec::dynamic_sequence<T>& s) {
    const auto h = s.pieces().back().horizon();
    if (!h || s.boundaries().empty()) return h;
    return saturating_add(s.boundaries().back(), *h);
  }
};
}  // namespace detail

namespace detail::spec {

// ---------------------------------------------------------------------------------------------
// Building schedules

template <std::floating_point T>
class builder {
 public:
  any_schedule<T> pipe(const pipe_node& p) {
    const entry& head = lookup(p.head);
    if (head.what == role::adaptor) {
      raise_error(spec_error("'" + std::string(head.name) +
                                 "' is an adaptor, not a schedule: write it after one, as in "
                                 "'cosine_decay(0.1, 1000) | " +
                                 std::string(head.name) + "(...)'",
                             p.head.column));
    }
    for (const call_node& a : p.adaptors) {
      const entry& e = lookup(a);
      if (e.what != role::adaptor) {
        raise_error(
            spec_error("'" + std::string(e.name) +
                           "' is a schedule, not an adaptor: after '|' comes with_warmup, scaled "
                           "or clamped",
                       a.column));
      }
    }
    if (head.what == role::combinator) {
      return adapt_rest(combinator(head, p.head), p, 0);
    }
    // A catalogue entry and its first adaptor keep their static types: the common
    // `schedule | with_warmup(...)` fits in any_schedule's buffer.
    return catalogue_entry(head, p.head, [&](auto s) -> any_schedule<T> {
      if (p.adaptors.empty()) return any_schedule<T>(std::move(s));
      return adapt_rest(adapt(std::move(s), p.adaptors[0]), p, 1);
    });
  }

 private:
  any_schedule<T> adapt_rest(any_schedule<T> s, const pipe_node& p, std::size_t from) {
    for (std::size_t i = from; i < p.adaptors.size(); ++i) s = adapt(std::move(s), p.adaptors[i]);
    return s;
  }

  template <schedule S>
  any_schedule<T> adapt(S s, const call_node& c) {
    const entry& e = lookup(c);
    const bound b = bind(e, c);
    const args_of<T> a{b};
    return checked(b, [&]() -> any_schedule<T> {
      if (e.name == "with_warmup") {
        const auto shape = read_enum(
            b, 2,
            std::array{warmup_shape::linear, warmup_shape::exponential, warmup_shape::constant},
            warmup_shape::linear);
        return warmup_schedule<S>(std::move(s), a.steps(0), a.real(1), shape);
      }
      if (e.name == "scaled") return scaled_schedule<S>(std::move(s), a.real(0));
      if (a.given(1)) return clamped_schedule<S>(std::move(s), a.real(0), a.real(1));
      return clamped_schedule<S>(std::move(s), a.real(0));
    });
  }

  template <class K>
  any_schedule<T> catalogue_entry(const entry& e, const call_node& c, K&& k) {
    const bound b = bind(e, c);
    const args_of<T> a{b};
    const std::string_view n = e.name;
    if (n == "constant") return k(checked(b, [&] { return constant<T>(a.real(0)); }));
    if (n == "exponential_decay") {
      return k(checked(
          b, [&] { return exponential_decay<T>(a.real(0), a.steps(1), a.real(2), a.boolean(3)); }));
    }
    if (n == "inverse_time_decay") {
      return k(checked(b, [&] {
        return inverse_time_decay<T>(a.real(0), a.steps(1), a.real(2), a.boolean(3));
      }));
    }
    if (n == "natural_exp_decay") {
      return k(checked(
          b, [&] { return natural_exp_decay<T>(a.real(0), a.steps(1), a.real(2), a.boolean(3)); }));
    }
    if (n == "piecewise_constant") {
      const std::vector<step_t> boundaries = a.step_list(0);
      const std::vector<T> values = a.reals(1);
      if (boundaries.size() <= default_capacity) {
        return k(checked(b, [&] { return piecewise_constant<T>(boundaries, values); }));
      }
      return k(
          checked(b, [&] { return piecewise_constant<T, max_spec_list>(boundaries, values); }));
    }
    if (n == "polynomial_decay") {
      return k(checked(b, [&] {
        return polynomial_decay<T>(a.real(0), a.steps(1), a.real(2, T(0.0001)), a.real(3, T(1)),
                                   a.boolean(4));
      }));
    }
    if (n == "step_decay") {
      return k(checked(b, [&] { return step_decay<T>(a.real(0), a.steps(1), a.real(2, T(0.1))); }));
    }
    if (n == "multistep_decay") {
      const std::vector<step_t> milestones = a.step_list(1);
      if (milestones.size() <= default_capacity) {
        return k(checked(
            b, [&] { return multistep_decay<T>(a.real(0), milestones, a.real(2, T(0.1))); }));
      }
      return k(checked(b, [&] {
        return multistep_decay<T, max_spec_list>(a.real(0), milestones, a.real(2, T(0.1)));
      }));
    }
    if (n == "cyclic") {
      const auto mode = read_enum(
          b, 3,
          std::array{cyclic_mode::triangular, cyclic_mode::triangular2, cyclic_mode::exp_range},
          cyclic_mode::triangular);
      return k(checked(b, [&] {
        return cyclic<T>(a.real(0), a.real(1), a.steps(2), mode, a.real(4, T(1)), a.steps(5));
      }));
    }
    if (n == "cosine_decay") {
      return k(checked(b, [&] { return cosine_decay<T>(a.real(0), a.steps(1), a.real(2)); }));
    }
    if (n == "cosine_decay_restarts") {
      return k(checked(b, [&] {
        return cosine_decay_restarts<T>(a.real(0), a.steps(1), a.real(2, T(2)), a.real(3, T(1)),
                                        a.real(4));
      }));
    }
    if (n == "linear") {
      return k(checked(b, [&] { return linear<T>(a.real(0), a.real(1), a.steps(2)); }));
    }
    if (n == "one_cycle") {
      const auto how = read_enum(b, 3, std::array{anneal::cos, anneal::linear}, anneal::cos);
      return k(checked(b, [&] {
        return one_cycle<T>(a.real(0), a.steps(1), a.real(2, T(0.3)), how, a.real(4, T(25)),
                            a.real(5, T(1e4)), a.boolean(6));
      }));
    }
    return k(checked(b, [&] { return inverse_sqrt<T>(a.real(0), a.steps(1)); }));
  }

  any_schedule<T> schedule_value(const arg_node& arg, std::string_view owner, std::size_t index) {
    if (!arg.name.empty()) {
      raise_error(spec_error("'" + std::string(owner) + "' takes its arguments by position only",
                             arg.column));
    }
    if (arg.value.kind != value_node::pipe) {
      raise_error(spec_error("argument " + std::to_string(index + 1) + " of '" +
                                 std::string(owner) + "' must be a schedule, not " +
                                 kind_name(arg.value.kind),
                             arg.value.column));
    }
    return pipe(arg.value.sub.front());
  }

  any_schedule<T> combinator(const entry& e, const call_node& c) {
    if (e.name == "product") {
      if (c.args.size() != 2) {
        raise_error(spec_error(
            "'product' takes two schedules (got " + std::to_string(c.args.size()) + " arguments)",
            c.args.size() > 2 ? c.args[2].column : c.column));
      }
      any_schedule<T> first = schedule_value(c.args[0], e.name, 0);
      any_schedule<T> second = schedule_value(c.args[1], e.name, 1);
#if LRSCHED_HAS_EXCEPTIONS
      try {
        return product_schedule<any_schedule<T>, any_schedule<T>>(std::move(first),
                                                                  std::move(second));
      } catch (const std::invalid_argument& error) {  // the product would overflow
        throw spec_error(error.what(), c.column);
      }
#else
      return product_schedule<any_schedule<T>, any_schedule<T>>(std::move(first),
                                                                std::move(second));
#endif
    }
    // sequence(s0, b1, s1, b2, s2, ...)
    if (c.args.empty() || c.args.size() % 2 == 0) {
      raise_error(spec_error(
          "'sequence' takes schedules alternating with boundaries: sequence(s0, b1, s1, ...)",
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
        raise_error(spec_error("'sequence' takes its arguments by position only", arg.column));
      }
      if (arg.value.kind != value_node::number) {
        raise_error(spec_error("argument " + std::to_string(i + 1) +
                                   " of 'sequence' must be a boundary step, not " +
                                   kind_name(arg.value.kind),
                               arg.value.column));
      }
      const step_t boundary = read_steps(arg.value.text, arg.value.column, "sequence: a boundary");
      const std::size_t k = boundaries.size();
      if (k == 0 && boundary < 1) {
        raise_error(
            spec_error("sequence: boundaries[0] must be >= 1 (every piece lasts a step) (got " +
                           std::to_string(boundary) + ")",
                       arg.value.column));
      }
      if (k > 0 && boundary <= boundaries.back()) {
        raise_error(spec_error("sequence: boundaries[" + std::to_string(k) +
                                   "] must be greater than the previous boundary (got " +
                                   std::to_string(boundary) + ")",
                               arg.value.column));
      }
      boundaries.push_back(boundary);
    }
    if (pieces.size() == 1) return std::move(pieces.front());
    return dynamic_sequence<T>(std::move(pieces), std::move(boundaries));
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
