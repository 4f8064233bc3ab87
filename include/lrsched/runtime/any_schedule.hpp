// lrsched: any_schedule, a type-erased schedule for run-time configuration.
#pragma once

#include <concepts>
#include <cstddef>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../schedules/constant.hpp"
#include "write.hpp"

namespace lrsched {

namespace detail {
/// Whether S's value type is T. Unlike value_type_t, no constraint to check: clang evaluates an
/// explicit-specifier before the constructor's constraints, and checking `schedule` there would
/// recurse through any_schedule's own copy constructor.
template <class S, class T>
concept has_value_type = requires {
  typename S::value_type;
}
&&std::same_as<typename S::value_type, T>;
}  // namespace detail

/// Holds any schedule whose values convert to `T`: catalogue entries, composites, user types.
/// Copyable, and itself a schedule. Schedules of up to `buffer_size` bytes (the catalogue entries
/// and one adaptor over them, such as `cosine_decay | with_warmup`, `step_decay | with_warmup` or
/// `cycle_momentum(cyclic)`) live inside the object; larger ones on the heap. A call is one
/// indirect call; it is `noexcept` (a held callable that throws terminates the program).
template <std::floating_point T = double>
class any_schedule {
 public:
  using value_type = T;
  static constexpr std::size_t buffer_size = 160;

  /// Holds `s`. Implicit when `s` has the value type `T`; a schedule of another value type converts
  /// only explicitly (`any_schedule<float>(double_schedule)`), and only when its largest value fits
  /// in `T` (a std::invalid_argument otherwise). A schedule without bounds (from_function) is not
  /// checked.
  // Excluding any_schedule first keeps its own copies from re-entering the constraint.
  template <class S>
  requires(!std::same_as<std::remove_cvref_t<S>, any_schedule>) &&
      schedule<S>&& std::convertible_to<value_type_t<S>, T> explicit(!detail::has_value_type<S, T>)
          any_schedule(S s)
      : ops_(&ops_for<S>) {  // NOLINT(google-explicit-constructor): a conversion
    call_ = ops_for<S>.call;
    if constexpr (!std::same_as<value_type_t<S>, T> && bounded_schedule<S>) {
      const auto upper = s.bounds().upper;
      if (detail::is_finite(upper) && static_cast<long double>(upper) >
                                          static_cast<long double>(std::numeric_limits<T>::max())) {
        detail::invalid_composition("any_schedule: the schedule's largest value ", upper,
                                    " does not fit in the value type (at most ",
                                    std::numeric_limits<T>::max(), ")");
      }
    }
    if constexpr (fits<S>) {
      ::new (static_cast<void*>(buffer_)) S(std::move(s));
    } else {
      heap() = static_cast<void*>(new S(std::move(s)));
    }
  }

  any_schedule(const any_schedule& other) : ops_(other.ops_), call_(other.call_) {
    ops_->copy(other.buffer_, buffer_);
  }
  /// A moved-from any_schedule holds `constant(0)`.
  any_schedule(any_schedule&& other) noexcept : ops_(other.ops_), call_(other.call_) {
    take(other);
  }
  any_schedule& operator=(const any_schedule& other) {
    if (this != &other) {
      any_schedule copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  any_schedule& operator=(any_schedule&& other) noexcept {
    if (this != &other) {
      ops_->destroy(buffer_);
      ops_ = other.ops_;
      call_ = other.call_;
      take(other);
    }
    return *this;
  }
  ~any_schedule() { ops_->destroy(buffer_); }

  /// Holds `constant(0)`, as a moved-from any_schedule does.
  any_schedule() noexcept : any_schedule(constant<T>(T(0))) {}

  [[nodiscard]] T operator()(step_t t) const noexcept { return call_(buffer_, t); }

  /// The held schedule's bounds; (-inf, inf) when it has none (from_function, user types).
  [[nodiscard]] value_bounds<T> bounds() const noexcept { return ops_->bounds(buffer_); }

  /// Whether a schedule of type S would live inside an any_schedule (no heap allocation).
  template <class S>
  static constexpr bool stores_inline =
      sizeof(S) <= buffer_size &&
      alignof(S) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<S>;

  /// Whether the held schedule lives inside this object (no heap allocation).
  [[nodiscard]] bool is_inline() const noexcept { return ops_->inline_storage; }

  // Used by to_spec and horizon.
  void append_spec(std::string& out) const { ops_->spec(buffer_, out); }
  [[nodiscard]] std::optional<step_t> horizon() const { return ops_->horizon(buffer_); }

 private:
  struct operations {
    T (*call)(const void*, step_t) noexcept;
    void (*copy)(const void* from, void* to);
    void (*move)(void* from, void* to) noexcept;  // leaves `from` destroyed (storage only)
    void (*destroy)(void*) noexcept;
    void (*spec)(const void*, std::string& out);
    std::optional<step_t> (*horizon)(const void*);
    value_bounds<T> (*bounds)(const void*) noexcept;
    bool inline_storage;
  };

  template <class S>
  static constexpr bool fits = stores_inline<S>;

  template <class S>
  static const S& held(const void* storage) noexcept {
    if constexpr (fits<S>) {
      return *std::launder(static_cast<const S*>(storage));
    } else {
      return *static_cast<const S*>(*static_cast<void* const*>(storage));
    }
  }

  template <class S>
  static constexpr operations ops_for{
      [](const void* p, step_t t) noexcept { return static_cast<T>(held<S>(p)(t)); },
      [](const void* from, void* to) {
        if constexpr (fits<S>) {
          ::new (to) S(held<S>(from));
        } else {
          *static_cast<void**>(to) = static_cast<void*>(new S(held<S>(from)));
        }
      },
      [](void* from, void* to) noexcept {
        if constexpr (fits<S>) {
          S* source = std::launder(static_cast<S*>(from));
          ::new (to) S(std::move(*source));
          source->~S();
        } else {
          *static_cast<void**>(to) = *static_cast<void**>(from);
          *static_cast<void**>(from) = nullptr;
        }
      },
      [](void* p) noexcept {
        if constexpr (fits<S>) {
          std::launder(static_cast<S*>(p))->~S();
        } else {
          delete static_cast<S*>(*static_cast<void**>(p));
        }
      },
      [](const void* p, std::string& out) { detail::append_spec_as<T>(out, held<S>(p)); },
      [](const void* p) { return lrsched::horizon(held<S>(p)); },
      [](const void* p) noexcept -> value_bounds<T> {
        if constexpr (bounded_schedule<S>) {
          const auto b = held<S>(p).bounds();
          return {static_cast<T>(b.lower), static_cast<T>(b.upper)};
        } else {
          (void)p;
          return {-std::numeric_limits<T>::infinity(), std::numeric_limits<T>::infinity()};
        }
      },
      fits<S>,
  };

  // Moves the schedule of `other` (whose ops_ this object already has) into this object and
  // leaves `other` holding constant(0): never a destroyed object that its destructor would
  // destroy again.
  void take(any_schedule& other) noexcept {
    ops_->move(other.buffer_, buffer_);
    ::new (static_cast<void*>(other.buffer_)) constant<T>(T(0));
    other.ops_ = &ops_for<constant<T>>;
    other.call_ = ops_for<constant<T>>.call;
  }

  // The heap case keeps a void* to the schedule at the start of the buffer.
  [[nodiscard]] void*& heap() noexcept { return *::new (static_cast<void*>(buffer_)) void*; }

  const operations* ops_;
  T (*call_)(const void*, step_t) noexcept = nullptr;  // ops_->call: one load less per call
  alignas(std::max_align_t) unsigned char buffer_[buffer_size];
};

}  // namespace lrsched
