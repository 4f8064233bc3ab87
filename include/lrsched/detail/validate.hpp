// lrsched: parameter validation.
//
// The error model of {fmt}: checks run on a constexpr path and call a non-constexpr function on
// failure. In a constant expression that call is a compile error whose notes show the schedule,
// the parameter and the rule; at run time it throws std::invalid_argument with the message
// "<schedule>: <parameter> <rule> (got <value>)".
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "describe.hpp"
#include "math.hpp"

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define LRSCHED_HAS_EXCEPTIONS 1
#else
#define LRSCHED_HAS_EXCEPTIONS 0
#endif

namespace lrsched {

/// What lrsched calls with the message of an error when it is built without exceptions
/// (-fno-exceptions): a parameter that fails validation ("cosine_decay: alpha must be in [0, 1]
/// (got 1.5)"), a spec that cannot be read. Nothing can be built from what failed, so the handler
/// must not return: it aborts, exits, or jumps away. If it returns, lrsched calls std::abort().
/// With exceptions, errors are thrown (std::invalid_argument, spec_error) and no handler is called.
using error_handler = void (*)(const char* message);

/// The default handler: prints "lrsched: <message>" on stderr.
inline void print_error(const char* message) {
  std::fputs("lrsched: ", stderr);
  std::fputs(message, stderr);
  std::fputc('\n', stderr);
}

namespace detail {
inline error_handler current_error_handler = &print_error;
}  // namespace detail

/// Installs the handler for errors without exceptions and returns the previous one. Not
/// synchronized: set it once, before other threads build schedules.
inline error_handler set_error_handler(error_handler handler) noexcept {
  const error_handler previous = detail::current_error_handler;
  detail::current_error_handler = handler != nullptr ? handler : &print_error;
  return previous;
}

}  // namespace lrsched

namespace lrsched::detail {

/// Throws `error`; without exceptions, hands its message to the error handler, then aborts.
template <class Error>
[[noreturn]] void raise_error(const Error& error) {
#if LRSCHED_HAS_EXCEPTIONS
  throw error;
#else
  current_error_handler(error.what());
  std::abort();
#endif
}

/// The text of a parameter's value as the error message shows it: shortest round-trip form for
/// reals, decimal for integers, `true`/`false` for booleans.
template <class V>
[[nodiscard]] std::string format_value(V v) {
  if constexpr (std::same_as<V, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::floating_point<V>) {
    if (v != v) return "nan";
    if (v == std::numeric_limits<V>::infinity()) return "inf";
    if (v == -std::numeric_limits<V>::infinity()) return "-inf";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return res.ec == std::errc{} ? std::string(buf, res.ptr) : std::string("?");
  } else {
    return std::to_string(v);
  }
}

}  // namespace lrsched::detail

namespace lrsched {

/// A parameter that failed validation: which schedule, which parameter (and which entry of a list
/// parameter), the rule it broke and the value it had, as structured data. `what()` is the
/// message "<schedule>: <parameter>[<index>] <rule> (got <value>)", e.g.
/// "cosine_decay: alpha must be in [0, 1] (got 1.5)". Composition checks that blame one parameter
/// ("scaled: factor 10 times the schedule's largest value 1e+308 is not finite") carry it too,
/// with their own message.
class parameter_error : public std::invalid_argument {
 public:
  parameter_error(std::string schedule, std::string parameter, std::string rule, std::string value,
                  std::optional<std::size_t> index = std::nullopt)
      : std::invalid_argument(message_of(schedule, parameter, rule, value, index)),
        schedule_(std::move(schedule)),
        parameter_(std::move(parameter)),
        rule_(std::move(rule)),
        value_(std::move(value)),
        index_(index) {}
  /// The same data with a message of its own.
  parameter_error(const std::string& message, std::string schedule, std::string parameter,
                  std::string rule, std::string value)
      : std::invalid_argument(message),
        schedule_(std::move(schedule)),
        parameter_(std::move(parameter)),
        rule_(std::move(rule)),
        value_(std::move(value)) {}

  /// The schedule or adaptor: "cosine_decay", "with_warmup".
  [[nodiscard]] const std::string& schedule() const noexcept { return schedule_; }
  /// The parameter, as the spec language names it: "alpha".
  [[nodiscard]] const std::string& parameter() const noexcept { return parameter_; }
  /// What it must be: "must be in [0, 1]".
  [[nodiscard]] const std::string& rule() const noexcept { return rule_; }
  /// The value it had, as text: "1.5".
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// For a list parameter, the entry that broke the rule.
  [[nodiscard]] std::optional<std::size_t> index() const noexcept { return index_; }

 private:
  static std::string message_of(const std::string& schedule, const std::string& parameter,
                                const std::string& rule, const std::string& value,
                                std::optional<std::size_t> index) {
    std::string m = schedule;
    m += ": ";
    m += parameter;
    if (index) {
      m += '[';
      m += std::to_string(*index);
      m += ']';
    }
    m += ' ';
    m += rule;
    m += " (got ";
    m += value;
    m += ')';
    return m;
  }

  std::string schedule_, parameter_, rule_, value_;
  std::optional<std::size_t> index_;
};

}  // namespace lrsched

namespace lrsched::detail {

/// Throws parameter_error (or, without exceptions, calls the error handler with its message).
/// Deliberately not constexpr: reaching it during constant evaluation is the compile-time error.
template <class V>
[[noreturn]] void invalid_parameter(std::string_view schedule, const char* parameter,
                                    const char* rule, V got) {
  raise_error(parameter_error(std::string(schedule), parameter, rule, format_value(got)));
}

/// Like invalid_parameter, for one element of a list parameter: "boundaries[2] must be ...".
template <class V>
[[noreturn]] void invalid_element(std::string_view schedule, const char* parameter,
                                  std::size_t index, const char* rule, V got) {
  raise_error(parameter_error(std::string(schedule), parameter, rule, format_value(got), index));
}

/// "a, b or c": the names of an enumeration's values.
template <described_enum E>
[[nodiscard]] std::string choices() {
  std::string out;
  const auto names = enum_names(E{});
  for (std::size_t k = 0; k < names.size(); ++k) {
    out += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + std::string(names[k].name);
  }
  return out;
}

template <described_enum E>
[[noreturn]] void invalid_enum(std::string_view schedule, const char* parameter, E got) {
  const std::string rule = "must be " + choices<E>();
  raise_error(parameter_error(std::string(schedule), parameter, rule,
                              format_value(static_cast<std::underlying_type_t<E>>(got))));
}

/// Checks that `e` is a named value of its enumeration.
template <described_enum E>
constexpr void require_enum(E e, std::string_view schedule, const char* parameter) {
  if (!is_named(e)) invalid_enum(schedule, parameter, e);
}

/// Like invalid_parameter, for a check that blames one parameter with a message of its own.
template <class V>
[[noreturn]] void invalid_with_message(const std::string& message, std::string_view schedule,
                                       const char* parameter, const char* rule, V got) {
  raise_error(parameter_error(message, std::string(schedule), parameter, rule, format_value(got)));
}

/// Throws the library's invalid-argument error with a message made of its parts: strings as they
/// are, numbers as format_value writes them. For what composition rejects, which is no one
/// parameter's fault ("scaled: factor 10 times the schedule's largest value 1e+308 is not
/// finite"). Not constexpr, like invalid_parameter.
template <class... Parts>
[[noreturn]] void invalid_composition(const Parts&... parts) {
  std::string message;
  const auto append = [&](const auto& part) {
    if constexpr (std::is_arithmetic_v<std::remove_cvref_t<decltype(part)>>) {
      message += format_value(part);
    } else {
      message += part;
    }
  };
  (append(parts), ...);
  raise_error(std::invalid_argument(message));
}

/// Whether a * b is finite, for finite a, b >= 0; without computing the product, which would be
/// an error in a constant expression when it overflows. Errs by an ulp on the side of "no".
template <std::floating_point T>
[[nodiscard]] constexpr bool is_finite_product(T a, T b) noexcept {
  if (a <= T(1) || b <= T(1)) return true;
  return a <= std::numeric_limits<T>::max() / b * (T(1) - std::numeric_limits<T>::epsilon());
}

template <class V>
constexpr void require_element(bool ok, std::string_view schedule, const char* parameter,
                               std::size_t index, const char* rule, V got) {
  if (!ok) invalid_element(schedule, parameter, index, rule, got);
}

/// Checks `ok`; on failure reports `schedule: parameter rule (got value)`.
template <class V>
constexpr void require(bool ok, std::string_view schedule, const char* parameter, const char* rule,
                       V got) {
  if (!ok) invalid_parameter(schedule, parameter, rule, got);
}

// The checks that recur across the catalogue.

template <std::floating_point T>
constexpr void require_finite(T v, std::string_view schedule, const char* parameter) {
  require(is_finite(v), schedule, parameter, "must be finite", v);
}

/// A learning rate: finite and >= 0.
template <std::floating_point T>
constexpr void require_rate(T v, std::string_view schedule, const char* parameter) {
  require(is_finite(v) && v >= T(0), schedule, parameter, "must be finite and >= 0", v);
}

/// A decay factor: in (0, 1].
template <std::floating_point T>
constexpr void require_factor(T v, std::string_view schedule, const char* parameter) {
  require(v > T(0) && v <= T(1), schedule, parameter, "must be in (0, 1]", v);
}

/// A finite real >= 0.
template <std::floating_point T>
constexpr void require_nonnegative(T v, std::string_view schedule, const char* parameter) {
  require(is_finite(v) && v >= T(0), schedule, parameter, "must be finite and >= 0", v);
}

/// A count of steps >= 1.
constexpr void require_steps(std::int64_t v, std::string_view schedule, const char* parameter) {
  require(v >= 1, schedule, parameter, "must be >= 1", v);
}

}  // namespace lrsched::detail
