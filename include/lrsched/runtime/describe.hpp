// lrsched: the text form of a schedule (to_spec) and its horizon.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "../compose/function.hpp"
#include "../compose/scale.hpp"
#include "../compose/sequence.hpp"
#include "../compose/warmup.hpp"
#include "../concepts.hpp"
#include "../schedules/constant.hpp"
#include "../schedules/cosine.hpp"
#include "../schedules/cyclic.hpp"
#include "../schedules/decay.hpp"
#include "../schedules/one_cycle.hpp"
#include "../schedules/piecewise.hpp"
#include "../schedules/polynomial.hpp"

namespace lrsched {

/// The names of the enumerations in the spec language.
[[nodiscard]] constexpr std::string_view to_string(cyclic_mode m) noexcept {
  switch (m) {
    case cyclic_mode::triangular2:
      return "triangular2";
    case cyclic_mode::exp_range:
      return "exp_range";
    default:
      return "triangular";
  }
}
[[nodiscard]] constexpr std::string_view to_string(anneal a) noexcept {
  return a == anneal::linear ? "linear" : "cos";
}
[[nodiscard]] constexpr std::string_view to_string(warmup_shape s) noexcept {
  switch (s) {
    case warmup_shape::exponential:
      return "exponential";
    case warmup_shape::constant:
      return "constant";
    default:
      return "linear";
  }
}

namespace detail {

/// How a schedule type is written as text and where it becomes constant. Specialized for every
/// catalogue entry and composite; `available` is false for types with no text form (user types,
/// from_function).
template <class S>
struct spec_writer {
  static constexpr bool available = false;
};

template <class S>
concept describable = spec_writer<S>::available;

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
  char buf[64];
  std::to_chars_result res{};
  if (v == T(0)) v = T(0);
  if (precision_rank<T> >= spec_precision) {
    res = std::to_chars(buf, buf + sizeof buf, v);
  } else if (spec_precision == 1) {
    res = std::to_chars(buf, buf + sizeof buf, static_cast<double>(v));
  } else {
    res = std::to_chars(buf, buf + sizeof buf, static_cast<long double>(v));
  }
  out.append(buf, res.ptr);
}

/// Writes `name(key=value, ...)`: parameters by name, in catalogue order.
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
  call_writer& arg(std::string_view key, const V& v) {
    separate(key);
    if constexpr (std::same_as<V, bool>) {
      out_ += v ? "true" : "false";
    } else if constexpr (std::floating_point<V>) {
      append_real(out_, v);
    } else if constexpr (std::integral<V>) {
      out_ += std::to_string(v);
    } else if constexpr (std::is_enum_v<V>) {
      out_ += to_string(v);
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
    return *this;
  }
  template <class S>
  call_writer& schedule_arg(const S& s) {
    separate({});
    spec_writer<S>::write(out_, s);
    return *this;
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

[[nodiscard]] constexpr std::optional<step_t> when(bool constant_from_start,
                                                   std::optional<step_t> h) {
  return constant_from_start ? std::optional<step_t>(0) : h;
}
[[nodiscard]] constexpr step_t saturating_add(step_t a, step_t b) noexcept {
  return a > std::numeric_limits<step_t>::max() - b ? std::numeric_limits<step_t>::max() : a + b;
}

template <std::floating_point T>
struct spec_writer<constant<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const constant<T>& s) {
    call_writer(out, s.name).arg("lr", s.lr());
  }
  static std::optional<step_t> horizon(const constant<T>&) { return 0; }
};

template <class S>
struct decay_spec_writer {
  static constexpr bool available = true;
  static void write(std::string& out, const S& s) {
    call_writer(out, S::name)
        .arg("lr", s.lr())
        .arg("decay_steps", s.decay_steps())
        .arg("decay_rate", s.decay_rate())
        .arg("staircase", s.staircase());
  }
};
template <std::floating_point T>
struct spec_writer<exponential_decay<T>> : decay_spec_writer<exponential_decay<T>> {
  static std::optional<step_t> horizon(const exponential_decay<T>& s) {
    return when(s.lr() == T(0) || s.decay_rate() == T(1), std::nullopt);
  }
};
template <std::floating_point T>
struct spec_writer<inverse_time_decay<T>> : decay_spec_writer<inverse_time_decay<T>> {
  static std::optional<step_t> horizon(const inverse_time_decay<T>& s) {
    return when(s.lr() == T(0) || s.decay_rate() == T(0), std::nullopt);
  }
};
template <std::floating_point T>
struct spec_writer<natural_exp_decay<T>> : decay_spec_writer<natural_exp_decay<T>> {
  static std::optional<step_t> horizon(const natural_exp_decay<T>& s) {
    return when(s.lr() == T(0) || s.decay_rate() == T(0), std::nullopt);
  }
};

template <std::floating_point T, std::size_t N>
struct spec_writer<piecewise_constant<T, N>> {
  static constexpr bool available = true;
  static void write(std::string& out, const piecewise_constant<T, N>& s) {
    call_writer(out, s.name).arg("boundaries", s.boundaries()).arg("values", s.values());
  }
  static std::optional<step_t> horizon(const piecewise_constant<T, N>& s) {
    return s.boundaries().empty() ? 0 : saturating_add(s.boundaries().back(), 1);
  }
};

template <std::floating_point T>
struct spec_writer<polynomial_decay<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const polynomial_decay<T>& s) {
    call_writer(out, s.name)
        .arg("lr", s.lr())
        .arg("decay_steps", s.decay_steps())
        .arg("end_lr", s.end_lr())
        .arg("power", s.power())
        .arg("cycle", s.cycle());
  }
  static std::optional<step_t> horizon(const polynomial_decay<T>& s) {
    return when(s.lr() == s.end_lr(), s.cycle() ? std::nullopt : std::optional(s.decay_steps()));
  }
};

template <std::floating_point T>
struct spec_writer<step_decay<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const step_decay<T>& s) {
    call_writer(out, s.name)
        .arg("lr", s.lr())
        .arg("step_size", s.step_size())
        .arg("gamma", s.gamma());
  }
  static std::optional<step_t> horizon(const step_decay<T>& s) {
    return when(s.lr() == T(0) || s.gamma() == T(1), std::nullopt);
  }
};

template <std::floating_point T, std::size_t N>
struct spec_writer<multistep_decay<T, N>> {
  static constexpr bool available = true;
  static void write(std::string& out, const multistep_decay<T, N>& s) {
    call_writer(out, s.name)
        .arg("lr", s.lr())
        .arg("milestones", s.milestones())
        .arg("gamma", s.gamma());
  }
  static std::optional<step_t> horizon(const multistep_decay<T, N>& s) {
    return when(s.lr() == T(0) || s.gamma() == T(1) || s.milestones().empty(),
                s.milestones().empty() ? 0 : s.milestones().back());
  }
};

template <std::floating_point T>
struct spec_writer<cyclic<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const cyclic<T>& s) {
    call_writer(out, s.name)
        .arg("base_lr", s.base_lr())
        .arg("max_lr", s.max_lr())
        .arg("step_size", s.step_size())
        .arg("mode", s.mode())
        .arg("gamma", s.gamma())
        .arg("step_size_down", s.step_size_down());
  }
  static std::optional<step_t> horizon(const cyclic<T>& s) {
    return when(s.base_lr() == s.max_lr(), std::nullopt);
  }
};

template <std::floating_point T>
struct spec_writer<cosine_decay<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const cosine_decay<T>& s) {
    call_writer(out, s.name)
        .arg("lr", s.lr())
        .arg("decay_steps", s.decay_steps())
        .arg("alpha", s.alpha());
  }
  static std::optional<step_t> horizon(const cosine_decay<T>& s) {
    return when(s.lr() == T(0) || s.alpha() == T(1), s.decay_steps());
  }
};

template <std::floating_point T>
struct spec_writer<cosine_decay_restarts<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const cosine_decay_restarts<T>& s) {
    call_writer(out, s.name)
        .arg("lr", s.lr())
        .arg("first_decay_steps", s.first_decay_steps())
        .arg("t_mul", s.t_mul())
        .arg("m_mul", s.m_mul())
        .arg("alpha", s.alpha());
  }
  static std::optional<step_t> horizon(const cosine_decay_restarts<T>& s) {
    return when(s.lr() == T(0) || s.alpha() == T(1), std::nullopt);
  }
};

template <std::floating_point T>
struct spec_writer<linear<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const linear<T>& s) {
    call_writer(out, s.name).arg("start", s.start()).arg("end", s.end()).arg("steps", s.steps());
  }
  static std::optional<step_t> horizon(const linear<T>& s) {
    return when(s.start() == s.end(), s.steps());
  }
};

template <std::floating_point T>
struct spec_writer<one_cycle<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const one_cycle<T>& s) {
    call_writer(out, s.name)
        .arg("max_lr", s.max_lr())
        .arg("total_steps", s.total_steps())
        .arg("pct_start", s.pct_start())
        .arg("anneal", s.anneal())
        .arg("div_factor", s.div_factor())
        .arg("final_div_factor", s.final_div_factor())
        .arg("three_phase", s.three_phase());
  }
  static std::optional<step_t> horizon(const one_cycle<T>& s) {
    return when(s.max_lr() == T(0), s.total_steps() - 1);
  }
};

template <std::floating_point T>
struct spec_writer<inverse_sqrt<T>> {
  static constexpr bool available = true;
  static void write(std::string& out, const inverse_sqrt<T>& s) {
    call_writer(out, s.name).arg("lr", s.lr()).arg("timescale", s.timescale());
  }
  static std::optional<step_t> horizon(const inverse_sqrt<T>& s) {
    return when(s.lr() == T(0), std::nullopt);
  }
};

// Composites: adaptors are written after a pipe.

template <describable S>
struct spec_writer<warmup_schedule<S>> {
  static constexpr bool available = true;
  static void write(std::string& out, const warmup_schedule<S>& s) {
    spec_writer<S>::write(out, s.base());
    out += " | ";
    call_writer(out, "with_warmup")
        .arg("steps", s.steps())
        .arg("start", s.start())
        .arg("shape", s.shape());
  }
  static std::optional<step_t> horizon(const warmup_schedule<S>& s) {
    const auto h = spec_writer<S>::horizon(s.base());
    return h ? std::optional(saturating_add(*h, s.steps())) : std::nullopt;
  }
};

template <describable S>
struct spec_writer<scaled_schedule<S>> {
  static constexpr bool available = true;
  static void write(std::string& out, const scaled_schedule<S>& s) {
    spec_writer<S>::write(out, s.base());
    out += " | ";
    call_writer(out, "scaled").arg("factor", s.factor());
  }
  static std::optional<step_t> horizon(const scaled_schedule<S>& s) {
    return when(s.factor() == 0, spec_writer<S>::horizon(s.base()));
  }
};

template <describable S>
struct spec_writer<clamped_schedule<S>> {
  static constexpr bool available = true;
  static void write(std::string& out, const clamped_schedule<S>& s) {
    spec_writer<S>::write(out, s.base());
    out += " | ";
    call_writer w(out, "clamped");
    w.arg("min", s.lower());
    if (s.has_upper()) w.arg("max", s.upper());
  }
  static std::optional<step_t> horizon(const clamped_schedule<S>& s) {
    return spec_writer<S>::horizon(s.base());
  }
};

template <describable A, describable B>
struct spec_writer<product_schedule<A, B>> {
  static constexpr bool available = true;
  static void write(std::string& out, const product_schedule<A, B>& s) {
    call_writer(out, "product").schedule_arg(s.first()).schedule_arg(s.second());
  }
  static std::optional<step_t> horizon(const product_schedule<A, B>& s) {
    const auto a = spec_writer<A>::horizon(s.first());
    const auto b = spec_writer<B>::horizon(s.second());
    if (a && b) return *a > *b ? *a : *b;
    return std::nullopt;
  }
};

template <describable... S>
struct spec_writer<sequence_schedule<S...>> {
  static constexpr bool available = true;
  using type = sequence_schedule<S...>;
  static void write(std::string& out, const type& s) {
    call_writer w(out, "sequence");
    write_from<0>(w, s);
  }
  static std::optional<step_t> horizon(const type& s) {
    constexpr std::size_t last = type::size - 1;
    using last_type = std::remove_cvref_t<decltype(s.template piece<last>())>;
    const auto h = spec_writer<last_type>::horizon(s.template piece<last>());
    if (!h) return std::nullopt;
    if constexpr (last == 0) {
      return h;
    } else {
      return saturating_add(s.boundaries()[last - 1], *h);
    }
  }

 private:
  template <std::size_t I>
  static void write_from(call_writer& w, const type& s) {
    if constexpr (I > 0) w.arg({}, s.boundaries()[I - 1]);
    w.schedule_arg(s.template piece<I>());
    if constexpr (I + 1 < type::size) write_from<I + 1>(w, s);
  }
};

/// Appends the text of a schedule; for a type with no text form, an error.
template <class S>
void append_spec(std::string& out, const S& s) {
  if constexpr (describable<S>) {
    spec_writer<S>::write(out, s);
  } else {
    (void)out;
    (void)s;
    raise_error(std::invalid_argument(
        "to_spec: this schedule has no text form (from_function and user-defined schedule types "
        "cannot be written in the spec language)"));
  }
}

template <class S>
[[nodiscard]] std::optional<step_t> horizon_of(const S& s) {
  if constexpr (describable<S>) {
    return spec_writer<S>::horizon(s);
  } else {
    (void)s;
    return std::nullopt;
  }
}

}  // namespace detail

/// The canonical text of a schedule in the spec language: every parameter by name, numbers in the
/// shortest form that reads back exactly, so that `parse_schedule(to_spec(s))(t) == s(t)` at every
/// step. For an `any_schedule` holding a type with no text form, throws std::invalid_argument.
template <schedule S>
requires detail::describable<S>
[[nodiscard]] std::string to_spec(const S& s) {
  std::string out;
  detail::spec_precision_scope<value_type_t<S>> precision;
  detail::append_spec(out, s);
  return out;
}

/// A step from which the schedule is constant (`s(t) == s(h)` for every `t >= h`), or nullopt
/// when it never becomes constant or it cannot tell (a user type or a function). It is the first
/// such step for every catalogue entry; through `clamped` it is the base schedule's horizon, which
/// may come after the clamp has already made the value constant.
template <schedule S>
[[nodiscard]] std::optional<step_t> horizon(const S& s) {
  return detail::horizon_of(s);
}

}  // namespace lrsched
