// lrsched: sequence, schedules one after another.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {

// The pieces of a sequence: an aggregate of indexed members (std::tuple is not trivially copyable
// in libstdc++, and schedules should be).
template <std::size_t I, class S>
struct piece_leaf {
  S value;
};
template <class Indices, class... S>
struct piece_pack;
template <std::size_t... I, class... S>
struct piece_pack<std::index_sequence<I...>, S...> : piece_leaf<I, S>... {};
template <class... S>
using pieces_of = piece_pack<std::index_sequence_for<S...>, S...>;

// Piece I of a pack, found by deduction from its one base piece_leaf<I, T>.
template <std::size_t I, class T>
constexpr const T& piece_at(const piece_leaf<I, T>& leaf) noexcept {
  return leaf.value;
}

}  // namespace detail

/// Pieces joined at absolute boundaries `b_1 < b_2 < ...`, `b_1 >= 1`: `s_0(t)` for `t < b_1`,
/// `s_k(t - b_k)` for `b_k <= t < b_k+1`; each piece counts its own steps from 0 (Optax's
/// join_schedules, PyTorch's SequentialLR). The value type is the common type of the pieces'.
template <schedule... S>
requires(sizeof...(S) >= 1) class sequence_schedule {
 public:
  using value_type = std::common_type_t<value_type_t<S>...>;
  static constexpr std::size_t size = sizeof...(S);
  static constexpr std::string_view name = "sequence";
  using piece_types = detail::type_list<S...>;

  constexpr sequence_schedule(S... pieces, std::array<step_t, size - 1> boundaries)
      : pieces_(make_pieces(std::index_sequence_for<S...>{}, std::move(pieces)...)),
        boundaries_(boundaries) {
    for (std::size_t k = 0; k + 1 < size; ++k) {
      check_boundary(k, boundaries_[k], k == 0 ? 0 : boundaries_[k - 1]);
    }
  }

  /// Checks boundary `k` (`value`) of a sequence's boundaries, given the one before it (also for
  /// sequences built at run time).
  static constexpr void check_boundary(std::size_t k, step_t value, step_t previous) {
    if (k == 0) {
      detail::require_element(value >= 1, name, "boundaries", 0,
                              "must be >= 1 (every piece lasts a step)", value);
    } else {
      detail::require_element(value > previous, name, "boundaries", k,
                              "must be greater than the previous boundary", value);
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr value_type operator()(step_t t) const
      noexcept((noexcept(std::declval<const S&>()(step_t{})) && ...)) {
    return evaluate<0>(detail::clamp_step(t));
  }

  /// Piece `I`.
  template <std::size_t I>
  [[nodiscard]] constexpr const auto& piece() const noexcept {
    return detail::piece_at<I>(pieces_);
  }
  [[nodiscard]] constexpr const std::array<step_t, size - 1>& boundaries() const noexcept {
    return boundaries_;
  }
  /// Calls `f(boundary, piece)` for each piece in order; the first piece's boundary is empty.
  template <class F>
  constexpr void for_each_piece(F&& f) const {
    visit_from<0>(f);
  }
  /// The last piece's horizon, counted from where it begins.
  [[nodiscard]] constexpr std::optional<step_t> horizon() const {
    const std::optional<step_t> h = lrsched::horizon(piece<size - 1>());
    if constexpr (size == 1) {
      return h;
    } else {
      return h ? std::optional(detail::saturating_add(boundaries_[size - 2], *h)) : std::nullopt;
    }
  }

  static constexpr auto description() {
    return detail::describe<sequence_schedule>(
        {.name = name,
         .example = "sequence(constant(0.1), 100, constant(0.01))",
         .role = entry_role::combinator,
         .formula = "`s0(t)` before `b1`, then `s_k(t - b_k)`: each piece counts its own steps "
                    "from 0",
         .frameworks = {{{"PyTorch", "SequentialLR"}, {"Optax", "join_schedules"}}},
         .form = "sequence(s0, b1, s1, b2, s2, ...)",
         .alternating = true});
  }
  /// The widest of the pieces' bounds.
  [[nodiscard]] constexpr value_bounds<value_type> bounds() const noexcept
      requires(bounded_schedule<S>&&...) {
    return widest(std::index_sequence_for<S...>{});
  }

 private:
  template <std::size_t... I>
  [[nodiscard]] constexpr value_bounds<value_type> widest(
      std::index_sequence<I...>) const noexcept {
    value_bounds<value_type> b{static_cast<value_type>(piece<0>().bounds().lower),
                               static_cast<value_type>(piece<0>().bounds().upper)};
    const auto widen = [&](auto piece_bounds) {
      const auto lower = static_cast<value_type>(piece_bounds.lower);
      const auto upper = static_cast<value_type>(piece_bounds.upper);
      b.lower = lower < b.lower ? lower : b.lower;
      b.upper = upper > b.upper ? upper : b.upper;
    };
    (widen(piece<I>().bounds()), ...);
    return b;
  }

  template <std::size_t I, class F>
  constexpr void visit_from(F& f) const {
    if constexpr (I == 0) {
      f(std::optional<step_t>{}, piece<0>());
    } else {
      f(std::optional<step_t>(boundaries_[I - 1]), piece<I>());
    }
    if constexpr (I + 1 < size) visit_from<I + 1>(f);
  }

  template <std::size_t I>
  [[nodiscard]] constexpr value_type evaluate(step_t s) const {
    if constexpr (I + 1 < size) {
      if (s < boundaries_[I]) return local<I>(s);
      return evaluate<I + 1>(s);
    } else {
      return local<I>(s);
    }
  }
  template <std::size_t I>
  [[nodiscard]] constexpr value_type local(step_t s) const {
    if constexpr (I == 0) {
      return static_cast<value_type>(piece<0>()(s));
    } else {
      return static_cast<value_type>(piece<I>()(s - boundaries_[I - 1]));
    }
  }

  template <std::size_t... I>
  static constexpr detail::pieces_of<S...> make_pieces(std::index_sequence<I...>, S... pieces) {
    return {detail::piece_leaf<I, S>{std::move(pieces)}...};
  }

  detail::pieces_of<S...> pieces_;
  std::array<step_t, size - 1> boundaries_;
};

namespace detail {

template <class... A, std::size_t... I>
constexpr bool alternates(std::index_sequence<I...>) {
  using args = std::tuple<std::remove_cvref_t<A>...>;
  return ((I % 2 == 0 ? schedule<std::tuple_element_t<I, args>>
                      : std::integral<std::tuple_element_t<I, args>>)&&...);
}

template <class Args, std::size_t... P, std::size_t... B>
constexpr auto make_sequence(Args&& args, std::index_sequence<P...>, std::index_sequence<B...>) {
  using result = sequence_schedule<std::remove_cvref_t<std::tuple_element_t<2 * P, Args>>...>;
  return result(std::get<2 * P>(std::move(args))...,
                {static_cast<step_t>(std::get<2 * B + 1>(args))...});
}

}  // namespace detail

/// `sequence(s0, b1, s1, b2, s2, ...)`: schedules alternating with the absolute steps at which the
/// next one takes over.
template <class... A>
requires(sizeof...(A) % 2 == 1) &&
    (detail::alternates<A...>(std::make_index_sequence<sizeof...(A)>{}))
        [[nodiscard]] constexpr auto sequence(A&&... args) {
  constexpr std::size_t pieces = (sizeof...(A) + 1) / 2;
  return detail::make_sequence(std::tuple<std::remove_cvref_t<A>...>(std::forward<A>(args)...),
                               std::make_index_sequence<pieces>{},
                               std::make_index_sequence<pieces - 1>{});
}

}  // namespace lrsched
