// lrsched: cosine_decay and cosine_decay_restarts.
#pragma once

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/step_list.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {
/// `(1 + cos(pi * u / L)) / 2` written as `sin^2(pi/2 * (L - u) / L)`: the same value, but exact
/// to a few ulp up to the end of the period, where `1 + cos` loses most of its digits. `angle` is
/// `pi/2 * (L - u) / L`, computed by the caller from the exact remaining steps `L - u`.
template <std::floating_point T>
[[nodiscard]] constexpr T cosine_fraction(T angle) noexcept {
  const T s = detail::sin(angle);
  return s * s;
}
}  // namespace detail

/// `lr * ((1 - alpha) * (1 + cos(pi * u / decay_steps)) / 2 + alpha)`, `u = min(t, decay_steps)`
/// (TensorFlow's cosine_decay; PyTorch's CosineAnnealingLR with `eta_min = alpha * lr` up to
/// `T_max`). Holds `alpha * lr` after the horizon. `decay_steps >= 1`, `0 <= alpha <= 1`.
template <std::floating_point T = double>
class cosine_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "cosine_decay";

  constexpr cosine_decay(T lr, step_count decay_steps, T alpha = T(0))
      : lr_(detail::no_minus_zero(lr)),
        decay_steps_(decay_steps),
        alpha_(detail::no_minus_zero(alpha)) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(decay_steps, name, "decay_steps");
    detail::require(alpha >= T(0) && alpha <= T(1), name, "alpha", "must be in [0, 1]", alpha);
    one_minus_alpha_ = T(1) - alpha;
    half_pi_per_step_ =
        factor::from(detail::pi<long double> / 2 / static_cast<long double>(decay_steps));
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    const step_t left = s < decay_steps_ ? decay_steps_ - s : 0;  // steps to the horizon
    const T c = detail::cosine_fraction(static_cast<T>(half_pi_per_step_.times(left)));
    return lr_ * (one_minus_alpha_ * c + alpha_);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }
  /// From `lr` at step 0 down to `alpha * lr` at decay_steps.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == T(0) || alpha_ == T(1), decay_steps_);
  }

  static constexpr auto description() {
    return detail::describe<cosine_decay>(
        {.name = name,
         .example = "cosine_decay(0.1, 1000, 0.01)",
         .formula = "`lr * ((1 - alpha) * (1 + cos(pi * u / decay_steps)) / 2 + alpha)`, `u = "
                    "min(t, decay_steps)`",
         .frameworks = {{{"PyTorch", "CosineAnnealingLR",
                          "decay_steps = T_max, alpha = eta_min / lr; up to T_max"},
                         {"Keras", "CosineDecay"},
                         {"Optax", "cosine_decay_schedule"},
                         {"HF", "get_cosine_schedule_with_warmup", "with with_warmup"}}}},
        detail::param("lr", &cosine_decay::lr, detail::required, "finite and >= 0",
                      "Optax init_value"),
        detail::param("decay_steps", &cosine_decay::decay_steps, detail::required, ">= 1",
                      "PyTorch T_max"),
        detail::param("alpha", &cosine_decay::alpha, T(0), "in [0, 1]",
                      "PyTorch eta_min (alpha = eta_min / lr)"));
  }

 private:
  T lr_;
  step_t decay_steps_;
  T alpha_;
  using factor = detail::split_factor<detail::calc_t<T>>;
  T one_minus_alpha_{};
  factor half_pi_per_step_{};  // pi / (2 decay_steps), split so that its products are exact
};

template <std::floating_point T, class... R>
cosine_decay(T, R...) -> cosine_decay<T>;

/// Cosine decay with warm restarts (SGDR; TensorFlow's cosine_decay_restarts, PyTorch's
/// CosineAnnealingWarmRestarts). Period `i` starts at `S_i = F (t_mul^i - 1) / (t_mul - 1)`
/// (`F i` when `t_mul = 1`) and lasts `L_i = F t_mul^i`, `F = first_decay_steps`; within it the
/// value is `lr * ((1 - alpha) * m_mul^i * (1 + cos(pi * u / L_i)) / 2 + alpha)`, `u = t - S_i`.
/// `t_mul >= 1`, `0 < m_mul <= 1`, `0 <= alpha <= 1`. With `cycles > 0` (timm's `cycle_limit`),
/// the value holds `alpha * lr` from the end of period `cycles - 1` on; 0 restarts forever.
///
/// The period of a step is exact at every step to INT64_MAX (REFERENCE.md, the restart rule):
/// period `i` begins at the restart step `R_i`, `S_i` rounded up to a whole step, or to the
/// nearest one when it is within 1e-6 of it. A whole `t_mul` has whole starts, kept in a table
/// of restart steps (at most 64 fit below INT64_MAX). A fractional `t_mul` computes `S_i` in
/// closed form, `F expm1(i log t_mul) / (t_mul - 1)`, in double-long-double arithmetic where a
/// long double cannot tell the side of a restart (about 2^-120 relative: 1e-15 absolute at
/// 2^63), without cancellation however close `t_mul` is to 1. A period that would end past
/// INT64_MAX lasts to the end.
template <std::floating_point T = double>
class cosine_decay_restarts {
 public:
  using value_type = T;
  static constexpr std::string_view name = "cosine_decay_restarts";
  /// The most periods a whole t_mul can start below INT64_MAX (t_mul = 2, F = 1: 63).
  static constexpr std::size_t max_table = 64;

  constexpr cosine_decay_restarts(T lr, step_count first_decay_steps, T t_mul = T(2),
                                  T m_mul = T(1), T alpha = T(0), step_count cycles = 0)
      : lr_(detail::no_minus_zero(lr)),
        first_decay_steps_(first_decay_steps),
        period_(static_cast<std::uint64_t>(step_t{first_decay_steps})),
        t_mul_(t_mul),
        m_mul_(m_mul),
        alpha_(detail::no_minus_zero(alpha)),
        cycles_(cycles) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(first_decay_steps, name, "first_decay_steps");
    detail::require(detail::is_finite(t_mul) && t_mul >= T(1), name, "t_mul",
                    "must be finite and >= 1", t_mul);
    detail::require_factor(m_mul, name, "m_mul");
    detail::require(alpha >= T(0) && alpha <= T(1), name, "alpha", "must be in [0, 1]", alpha);
    detail::require(cycles_ >= 0, name, "cycles", "must be >= 0 (0: no limit)", cycles_);
    one_minus_alpha_ = T(1) - alpha;
    floor_ = lr_ * alpha_;
    half_pi_per_step_ =
        factor::from(detail::pi<long double> / 2 / static_cast<long double>(first_decay_steps));
    log_m_mul_ = factor::from(detail::precise_log(m_mul));
    const auto tm = static_cast<long double>(t_mul);
    if (t_mul != T(1)) {
      if (tm == static_cast<long double>(static_cast<std::uint64_t>(tm < 0x1p64L ? tm : 0.0L)) ||
          tm >= 0x1p64L) {
        build_table(tm);
      } else {
        d_ = tm - 1.0L;  // exact: t_mul is fractional, below 2^64
        const detail::series::dd log_t_mul = detail::series::log_precise(tm);
        log_t_mul_hi_ = log_t_mul.hi;
        log_t_mul_lo_ = log_t_mul.lo;
      }
    }
    if (cycles_ > 0) find_end();
    for (std::size_t w = 0; w <= 64; ++w) {  // the starts of bit width below w
      std::size_t k = 0;
      while (k < periods_ &&
             static_cast<std::size_t>(std::bit_width(static_cast<std::uint64_t>(starts_[k]))) < w) {
        ++k;
      }
      below_[w] = static_cast<std::uint8_t>(k);
    }
    for (std::size_t k = 0; k < periods_; ++k) {
      peaks_[k] =
          m_mul_ == T(1) ? T(1) : static_cast<T>(log_m_mul_.exp_times(static_cast<step_t>(k)));
    }
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    if (static_cast<std::uint64_t>(s) >= end_) return floor_;
    step_t i = 0;
    if (t_mul_ == T(1)) {
      i = static_cast<step_t>(period_.quotient(static_cast<std::uint64_t>(s)));
      // Steps to the next restart: F - (s - i F), which cannot overflow (i F <= s).
      return value(i, half_pi_per_step_.times(first_decay_steps_ - (s - i * first_decay_steps_)));
    }
    if (periods_ > 0) {
      i = table_period(s);
      const T c =
          static_cast<T>(detail::cosine_fraction(detail::pi<calc> / 2 * table_fraction(i, s)));
      return lr_ * (one_minus_alpha_ * (peaks_[static_cast<std::size_t>(i)] * c) + alpha_);
    }
    const ld fraction = closed_form_fraction(s, i);  // sets i
    return value(i, detail::pi<calc> / 2 * static_cast<calc>(fraction));
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t first_decay_steps() const noexcept { return first_decay_steps_; }
  [[nodiscard]] constexpr T t_mul() const noexcept { return t_mul_; }
  [[nodiscard]] constexpr T m_mul() const noexcept { return m_mul_; }
  [[nodiscard]] constexpr T alpha() const noexcept { return alpha_; }
  [[nodiscard]] constexpr step_t cycles() const noexcept { return cycles_; }
  /// `lr` at step 0; below, `alpha * lr`, the floor the troughs approach as the amplitude decays
  /// or the periods grow, and which the value holds after the last of a limited number of
  /// cycles. When every period is the same (t_mul = m_mul = 1) and they never end, the lowest
  /// value is the last step of the first period.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    if (t_mul_ == T(1) && m_mul_ == T(1) && end_ == no_end) {
      return {(*this)(first_decay_steps_ - 1), lr_};
    }
    return {floor_, lr_};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(
        lr_ == T(0) || alpha_ == T(1),
        end_ == no_end ? std::nullopt : std::optional<step_t>(static_cast<step_t>(end_)));
  }

  static constexpr auto description() {
    return detail::describe<cosine_decay_restarts>(
        {.name = name,
         .example = "cosine_decay_restarts(0.1, 100, 2, 0.8, 0.01)",
         .formula =
             "the cosine above within period `i`, which starts at `F (t_mul^i - 1) / "
             "(t_mul - 1)`, lasts `F t_mul^i` and peaks at `m_mul^i`; `alpha * lr` after `cycles` "
             "periods (0: never)",
         .frameworks = {{{"PyTorch", "CosineAnnealingWarmRestarts",
                          "first_decay_steps = T_0, t_mul = T_mult, alpha = eta_min / lr"},
                         {"Keras", "CosineDecayRestarts"},
                         {"Optax", "sgdr_schedule"}}}},
        detail::param("lr", &cosine_decay_restarts::lr, detail::required, "finite and >= 0"),
        detail::param("first_decay_steps", &cosine_decay_restarts::first_decay_steps,
                      detail::required, ">= 1", "PyTorch T_0"),
        detail::param("t_mul", &cosine_decay_restarts::t_mul, T(2), "finite and >= 1",
                      "PyTorch T_mult"),
        detail::param("m_mul", &cosine_decay_restarts::m_mul, T(1), "in (0, 1]"),
        detail::param("alpha", &cosine_decay_restarts::alpha, T(0), "in [0, 1]",
                      "PyTorch eta_min (alpha = eta_min / lr)"),
        detail::quiet_param("cycles", &cosine_decay_restarts::cycles, step_t{0},
                            ">= 0; 0: restart forever", "timm cycle_limit"));
  }

 private:
  using calc = detail::calc_t<T>;
  using factor = detail::split_factor<calc>;
  using ld = long double;
  using dd = detail::series::dd;

  // lr * ((1 - alpha) * m_mul^i * sin^2(angle) + alpha), angle = pi/2 * (S_i+1 - t) / L_i.
  [[nodiscard]] constexpr T value(step_t i, calc angle) const noexcept {
    const T c = static_cast<T>(detail::cosine_fraction(angle));
    // m_mul = 1 (the usual SGDR): every peak is lr, exp(0 * i) = 1 without the exp.
    if (m_mul_ == T(1)) return lr_ * (one_minus_alpha_ * c + alpha_);
    const T amplitude = static_cast<T>(log_m_mul_.exp_times(i));
    return lr_ * (one_minus_alpha_ * (amplitude * c) + alpha_);
  }

  // The restart step of period `cycles`, where the value settles at alpha * lr (no_end when it
  // is past INT64_MAX).
  constexpr void find_end() {
    constexpr auto top = std::numeric_limits<step_t>::max();
    const step_t c = cycles_;
    if (t_mul_ == T(1)) {
      if (c <= top / first_decay_steps_) end_ = static_cast<std::uint64_t>(c * first_decay_steps_);
    } else if (periods_ > 0) {
      if (static_cast<std::uint64_t>(c) < periods_) {
        end_ = static_cast<std::uint64_t>(starts_[static_cast<std::size_t>(c)]);
      }
    } else if (c == 1) {
      end_ = static_cast<std::uint64_t>(first_decay_steps_);
    } else {
      // S_c > 2^64 (no restart below INT64_MAX) once c log(t_mul) exceeds log(1 + 2^64 d / F).
      const ld beyond =
          detail::series::log(1.0L + 0x1p64L * d_ / static_cast<ld>(first_decay_steps_));
      if (static_cast<ld>(c) * log_t_mul_hi_ > beyond) return;
      const dd start = start_precise(c);
      if (!(start.hi < 0x1p63L)) return;
      // The smallest step s with R_c <= s, from an estimate corrected by the exact test.
      constexpr start_estimate precise{0.0L, std::numeric_limits<ld>::infinity()};
      auto s = static_cast<step_t>(start.hi);
      while (s > 0 && begun(c, s - 1, precise)) --s;
      while (s < top && !begun(c, s, precise)) ++s;
      if (begun(c, s, precise)) end_ = static_cast<std::uint64_t>(s);
    }
  }

  // Whole t_mul: the restart steps S_0 = 0, S_1 = F, S_i+1 = S_i + F t_mul^i, while they fit.
  constexpr void build_table(ld tm) {
    const auto f = static_cast<std::uint64_t>(first_decay_steps_);
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<step_t>::max());
    std::uint64_t length = f;  // L_i, exact while it fits in 64 bits
    bool length_fits = true;
    ld length_real = static_cast<ld>(f);
    starts_[0] = 0;
    periods_ = 1;
    while (true) {
      const auto start = static_cast<std::uint64_t>(starts_[periods_ - 1]);
      if (!length_fits || length > max - start) {  // the last period: it lasts to the end
        last_length_ = length_fits ? length : 0;
        last_length_real_ = length_real;
        return;
      }
      starts_[periods_++] = static_cast<step_t>(start + length);
      length_real *= tm;
      if (tm >= 0x1p64L || length > ~std::uint64_t{0} / static_cast<std::uint64_t>(tm)) {
        length_fits = false;
      } else {
        length *= static_cast<std::uint64_t>(tm);
      }
    }
  }

  // The table's period of step s >= 0: the last i with S_i <= s. The starts more than double
  // from one to the next (S_i+1 = S_i + F t_mul^i > 2 S_i for t_mul >= 2), so at most one has
  // the bit width of s: below_[w] counts the starts of smaller width, and one compare with the
  // next start settles it (none past the last). No search, no branch.
  [[nodiscard]] constexpr step_t table_period(step_t s) const noexcept {
    const auto w = static_cast<std::size_t>(std::bit_width(static_cast<std::uint64_t>(s)));
    const std::size_t k = below_[w];
    const std::size_t count = k + (k < periods_ && starts_[k] <= s ? 1 : 0);
    return static_cast<step_t>(count - 1);
  }

  // (S_i+1 - s) / L_i in the table's period i, from exact integers: rounded once in calc while
  // the period's length is exact there, in long double beyond.
  [[nodiscard]] constexpr calc table_fraction(step_t i, step_t s) const noexcept {
    constexpr step_t exact =
        step_t{1} << (std::numeric_limits<calc>::digits < 62 ? std::numeric_limits<calc>::digits
                                                             : 62);
    if (static_cast<std::size_t>(i) + 1 < periods_) {
      const step_t next = starts_[static_cast<std::size_t>(i) + 1];
      const step_t length = next - starts_[static_cast<std::size_t>(i)];
      if (length <= exact) [[likely]] {
        return static_cast<calc>(next - s) / static_cast<calc>(length);
      }
      return static_cast<calc>(static_cast<ld>(next - s) / static_cast<ld>(length));
    }
    return static_cast<calc>(last_fraction(i, s));
  }
  // The same in the last period of the table, which lasts to INT64_MAX and beyond.
  [[nodiscard]] constexpr ld last_fraction(step_t i, step_t s) const noexcept {
    const auto u = static_cast<std::uint64_t>(s - starts_[static_cast<std::size_t>(i)]);
    if (last_length_ != 0) {
      return static_cast<ld>(last_length_ - u) / static_cast<ld>(last_length_);
    }
    return (last_length_real_ - static_cast<ld>(u)) / last_length_real_;  // L_i >= 2^64 > 2 u
  }

  // S_i = F expm1(i log t_mul) / (t_mul - 1), estimated in long double with a bound on the
  // error, or in double-long-double (start_precise) where the bound cannot settle a question.
  struct start_estimate {
    ld value;
    ld error;  // |value - S_i| <= error; infinite in constant evaluation (no expm1 there)
  };
  [[nodiscard]] constexpr start_estimate start_fast(step_t i) const noexcept {
    if (i <= 1) return {i == 0 ? 0.0L : static_cast<ld>(first_decay_steps_), 0.0L};  // exact
    if (std::is_constant_evaluated()) return {0.0L, std::numeric_limits<ld>::infinity()};
    const ld y = static_cast<ld>(i) * log_t_mul_hi_;
    const ld v = detail::libm::expm1(y) * static_cast<ld>(first_decay_steps_) / d_;
    return {v, v * (y + 2.0L) * 0x1p-60L};
  }
  [[nodiscard]] constexpr dd start_precise(step_t i) const noexcept {
    using namespace detail::series;
    const dd y = mul({log_t_mul_hi_, log_t_mul_lo_}, {static_cast<ld>(i), 0.0L});
    return div(mul(expm1_precise(y), {static_cast<ld>(first_decay_steps_), 0.0L}), {d_, 0.0L});
  }

  // Whether period i has begun by step s: R_i <= s, that is S_i <= s + 1e-6 (a start within
  // 1e-6 above a whole step is that step; one further above begins at the next whole step).
  // `e` is start_fast(i).
  [[nodiscard]] constexpr bool begun(step_t i, step_t s, start_estimate e) const noexcept {
    constexpr ld tolerance = 1e-6L;
    const ld margin = e.value - (static_cast<ld>(s) + tolerance);
    if (margin > e.error) return false;
    if (-margin > e.error) return true;
    const dd start = start_precise(i);
    // start <= s + tolerance, in two parts: (start.hi - s) is exact near s.
    return (start.hi - static_cast<ld>(s)) + start.lo <= tolerance;
  }

  // The period of step s (sets `period`: an estimate from the closed form, corrected against the
  // starts themselves) and (S_i+1 - s) / L_i. Each start is estimated once.
  [[nodiscard]] constexpr ld closed_form_fraction(step_t s, step_t& period) const noexcept {
    const auto f = static_cast<ld>(first_decay_steps_);
    if (s < first_decay_steps_) {
      period = 0;
      return (f - static_cast<ld>(s)) / f;
    }
    const ld z = static_cast<ld>(s) * d_ / f;  // S_i <= s  <=>  i <= log1p(z) / log t_mul
    const ld estimate =
        (std::is_constant_evaluated() ? detail::series::log(1.0L + z) : detail::libm::log1p(z)) /
        log_t_mul_hi_;
    step_t i = estimate < 1.0L ? 1 : static_cast<step_t>(estimate);
    start_estimate start = start_fast(i), next = start_fast(i + 1);
    while (i > 1 && !begun(i, s, start)) {
      --i;
      next = start;
      start = start_fast(i);
    }
    while (begun(i + 1, s, next)) {
      ++i;
      start = next;
      next = start_fast(i + 1);
    }
    period = i;
    // (S_i+1 - s) / (S_i+1 - S_i): from the estimates when their errors are far below the
    // distance to the restart and the period's length, else from the precise starts.
    const ld left = next.value - static_cast<ld>(s);
    const ld length = next.value - start.value;
    // 1e-13 relative on both keeps the value within 1e-12 (the angle's error, doubled by sin^2).
    if (next.error < left * 1e-13L && next.error + start.error < length * 1e-13L) {
      return left / length;
    }
    using namespace detail::series;
    const dd precise_next = start_precise(i + 1);
    const dd precise_left = add(precise_next, {-static_cast<ld>(s), 0.0L});
    return div(precise_left, add(precise_next, negate(start_precise(i)))).hi;
  }

  T lr_;
  step_t first_decay_steps_;
  detail::step_divider period_;  // s / first_decay_steps without a division instruction
  T t_mul_;
  T m_mul_;
  T alpha_;
  step_t cycles_;
  // Where the value settles at floor_ = alpha * lr: the restart of period `cycles`.
  // As an unsigned number, so that "no end" is above every step.
  static constexpr std::uint64_t no_end = std::uint64_t{1} << 63;
  std::uint64_t end_ = no_end;
  T floor_{};
  // Precomputed: 1 - alpha, log(m_mul), pi / (2 first_decay_steps).
  T one_minus_alpha_{};
  factor log_m_mul_{};
  factor half_pi_per_step_{};
  // A whole t_mul > 1: the restart steps below INT64_MAX and the length of the last period
  // (exact, or 0 when it is 2^64 or more, and as a real).
  std::size_t periods_ = 0;
  std::array<step_t, max_table> starts_{};
  std::array<T, max_table> peaks_{};      // m_mul^i of each period in the table
  std::array<std::uint8_t, 65> below_{};  // how many starts have a bit width below w
  std::uint64_t last_length_ = 0;
  ld last_length_real_ = 0;
  // A fractional t_mul: t_mul - 1 and log(t_mul) as hi + lo.
  ld d_ = 0;
  ld log_t_mul_hi_ = 0;
  ld log_t_mul_lo_ = 0;
};

template <std::floating_point T, class... R>
cosine_decay_restarts(T, R...) -> cosine_decay_restarts<T>;

}  // namespace lrsched
