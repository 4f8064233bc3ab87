// lrsched: the pipe syntax for adaptors, `s | adaptor(args...)`.
#pragma once

#include <type_traits>
#include <utility>

#include "../concepts.hpp"

namespace lrsched::detail {

/// Base of the adaptor objects returned by `with_warmup(500)`, `scaled(0.5)`, `clamped(lo, hi)`.
/// `s | a` is exactly `a(s)`. An adaptor is never itself a schedule: it has no value_type and its
/// call operator accepts schedules only.
template <class Derived>
struct adaptor_closure {
  template <schedule S>
  [[nodiscard]] friend constexpr auto operator|(S s, const Derived& a) {
    return a(std::move(s));
  }
};

}  // namespace lrsched::detail
