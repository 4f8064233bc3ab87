// lrsched: a fixed-capacity list of steps (boundaries, milestones) usable in constant expressions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../concepts.hpp"
#include "validate.hpp"

namespace lrsched::detail {

/// How many of the sorted `v[0..n)` are < t (or <= t when `inclusive`): a binary search.
[[nodiscard]] constexpr std::size_t count_sorted(const std::int64_t* v, std::size_t n,
                                                 std::int64_t t, bool inclusive) noexcept {
  std::size_t lo = 0;
  while (n > 0) {
    const std::size_t half = n / 2;
    if (inclusive ? v[lo + half] <= t : v[lo + half] < t) {
      lo += half + 1;
      n -= half + 1;
    } else {
      n = half;
    }
  }
  return lo;
}

/// Up to `Capacity` steps, each >= 0, in increasing order: strictly increasing when `strict`,
/// non-decreasing otherwise. Checked at construction like any schedule parameter.
template <std::size_t Capacity>
class step_list {
 public:
  constexpr step_list(std::span<const std::int64_t> steps, bool strict, std::string_view schedule,
                      const char* parameter) {
    require(steps.size() <= Capacity, schedule, parameter,
            "has more entries than the schedule's capacity (a template argument)", steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
      require_element(steps[i] >= 0, schedule, parameter, i, "must be >= 0", steps[i]);
      if (i > 0) {
        require_element(strict ? steps[i] > steps[i - 1] : steps[i] >= steps[i - 1], schedule,
                        parameter, i,
                        strict ? "must be greater than the previous entry"
                               : "must not be less than the previous entry",
                        steps[i]);
      }
      steps_[i] = steps[i];
    }
    size_ = steps.size();
    for (std::size_t i = size_; i < Capacity; ++i) steps_[i] = unused;
  }

  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr std::span<const std::int64_t> view() const noexcept {
    return {steps_.data(), size_};
  }
  /// How many entries are < t.
  [[nodiscard]] LRSCHED_INLINE constexpr std::size_t count_below(std::int64_t t) const noexcept {
    const std::uint64_t u = from_zero(t);
    if (size_ <= short_list) {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (below(entry(I), u) + ... + std::size_t{0});
      }
      (std::make_index_sequence<short_list>{});
    }
    return count_long(u, false);
  }
  /// How many entries are <= t; a step below 0 counts as 0.
  [[nodiscard]] LRSCHED_INLINE constexpr std::size_t count_not_above(
      std::int64_t t) const noexcept {
    const std::uint64_t u = from_zero(t);
    if (size_ <= short_list) {
      // The entries > t, taken from all the short list's: every unused one is > any step.
      return short_list - [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (below(u, entry(I)) + ... + std::size_t{0});
      }
      (std::make_index_sequence<short_list>{});
    }
    return count_long(u, true);
  }

 private:
  // Up to four entries (the usual two or three milestones): a branch-free count over the first
  // four, spelled out (g++ -O2 keeps a four-iteration loop as a loop). The step, made >= 0, and
  // the entries are compared as unsigned, so that each compare adds its carry to the count (`cmp`,
  // `adc`: two instructions, where a signed compare needs four), and the unused entries hold
  // 2^64 - 1 (as the signed -1, never in the list), which no step reaches: neither `<` nor `<=`
  // counts them. Measured: the count over four signed entries cost 1.35-1.7x a hand-written
  // three, and a count over a run-time number of entries twice that. Up to 16, a branch-free loop;
  // beyond, a binary search.
  static constexpr std::size_t short_list = Capacity < 4 ? Capacity : 4;
  static constexpr std::int64_t unused = -1;

  // 1 if a < b, else 0. With clang, from the borrow of a - b: clang -O3 with AVX-512 turned the
  // four compares into one vector compare and four extractions from its mask, 2.4-2.7 times
  // slower than the four compares it vectorizes no more this way (bench/RESULTS.md, 2026-12-02).
  [[nodiscard]] LRSCHED_INLINE static constexpr std::size_t below(std::uint64_t a,
                                                                  std::uint64_t b) noexcept {
#if defined(__clang__)
    if (!std::is_constant_evaluated()) {
      unsigned long long borrow = 0;
      static_cast<void>(__builtin_subcll(a, b, 0, &borrow));
      return static_cast<std::size_t>(borrow);
    }
#endif
    return a < b ? 1 : 0;
  }
  [[nodiscard]] LRSCHED_INLINE static constexpr std::uint64_t from_zero(std::int64_t t) noexcept {
    return static_cast<std::uint64_t>(t < 0 ? 0 : t);
  }
  [[nodiscard]] LRSCHED_INLINE constexpr std::uint64_t entry(std::size_t i) const noexcept {
    return static_cast<std::uint64_t>(steps_[i]);
  }
  [[nodiscard]] constexpr std::size_t count_long(std::uint64_t u, bool inclusive) const noexcept {
    if (size_ <= linear_limit) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < size_; ++i) k += (inclusive ? entry(i) <= u : entry(i) < u);
      return k;
    }
    return count_sorted(steps_.data(), size_, static_cast<std::int64_t>(u), inclusive);
  }

  static constexpr std::size_t linear_limit = 16;
  std::array<std::int64_t, Capacity> steps_{};
  std::size_t size_ = 0;
};

}  // namespace lrsched::detail
