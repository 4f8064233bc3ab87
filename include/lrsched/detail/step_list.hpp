// lrsched: a fixed-capacity list of steps (boundaries, milestones) usable in constant expressions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <utility>

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
    for (std::size_t i = size_; i < Capacity; ++i)
      steps_[i] = std::numeric_limits<std::int64_t>::max();
  }

  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr std::span<const std::int64_t> view() const noexcept {
    return {steps_.data(), size_};
  }
  /// How many entries are < t.
  [[nodiscard]] constexpr std::size_t count_below(std::int64_t t) const noexcept {
    if (size_ <= short_list) return count_first<false>(t);
    return count_long(t, false);
  }
  /// How many entries are <= t.
  [[nodiscard]] constexpr std::size_t count_not_above(std::int64_t t) const noexcept {
    if (size_ <= short_list) {
      // The unused entries (INT64_MAX) count only at t = INT64_MAX, where every entry does.
      const std::size_t k = count_first<true>(t);
      return k < size_ ? k : size_;
    }
    return count_long(t, true);
  }

 private:
  // Up to four entries (the usual two or three milestones): a branch-free count of the first
  // four, the unused ones holding INT64_MAX, which is < no step and <= only INT64_MAX. The compiler
  // unrolls it into four compares: as fast as a hand-written `if` chain at consecutive steps and
  // faster at random ones (measured: a count over a run-time number of entries cost twice the
  // chain). Up to 16, a branch-free loop; beyond, a binary search.
  static constexpr std::size_t short_list = Capacity < 4 ? Capacity : 4;

  template <bool Inclusive>
  [[nodiscard]] constexpr std::size_t count_first(std::int64_t t) const noexcept {
    // Spelled out: g++ -O2 keeps a four-iteration loop as a loop.
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return (((Inclusive ? steps_[I] <= t : steps_[I] < t) ? std::size_t{1} : std::size_t{0}) +
              ... + std::size_t{0});
    }
    (std::make_index_sequence<short_list>{});
  }
  [[nodiscard]] constexpr std::size_t count_long(std::int64_t t, bool inclusive) const noexcept {
    if (size_ <= linear_limit) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < size_; ++i) k += (inclusive ? steps_[i] <= t : steps_[i] < t);
      return k;
    }
    return count_sorted(steps_.data(), size_, t, inclusive);
  }

  static constexpr std::size_t linear_limit = 16;
  std::array<std::int64_t, Capacity> steps_{};
  std::size_t size_ = 0;
};

}  // namespace lrsched::detail
