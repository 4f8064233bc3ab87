// lrsched: constexpr elementary functions.
//
// std::exp, std::log, std::pow, std::cos and std::sqrt are not constexpr in C++20 (g++ accepts
// them in constant expressions as an extension, clang does not). Every function here evaluates a
// series in long double when it is constant-evaluated and calls the std:: function at run time,
// so compile-time and run-time values agree within a few ulp (tests/runtime/math.cpp).
//
// At run time g++ and clang++ are given the compiler's builtins (__builtin_exp, __builtin_expf,
// __builtin_expl, ...), which are what std::exp and its overloads are in libstdc++ and libc++:
// the same calls and the same inline expansions, without <cmath>, the costliest standard header
// of the core to compile (about a sixth of <lrsched/core.hpp>'s time). Other compilers use <cmath>.
#pragma once

#include <bit>
#if !defined(__GNUC__) && !defined(__clang__)
#include <cmath>
#endif
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "../concepts.hpp"

namespace lrsched::detail {

template <std::floating_point T>
[[nodiscard]] constexpr bool is_finite(T x) noexcept {
  // No arithmetic on x: constant evaluation rejects operations that produce inf or NaN.
  return x >= -std::numeric_limits<T>::max() && x <= std::numeric_limits<T>::max();
}

namespace series {

using ld = long double;

// ln 2 and pi/2 split so that k * hi is exact for |k| < 2^24 (Cody and Waite).
inline constexpr ld ln2_hi = 0xb17217f7d1p-40L;
inline constexpr ld ln2_lo = 0xcf79abc9e3b39803p-104L;
inline constexpr ld pio2_hi = 0xc90fdaa221p-39L;
inline constexpr ld pio2_mid = 0x34611a6263p-78L;
inline constexpr ld pio2_lo = 0x3145c06e0e689481p-142L;
inline constexpr ld inv_ln2 = 1.442695040888963407359924681001892137L;
inline constexpr ld two_over_pi = 0.636619772367581343075535053490057448L;

// Round to the nearest integer (ties away from zero); |x| < 2^62.
[[nodiscard]] constexpr std::int64_t round_to_int(ld x) noexcept {
  return x < 0 ? -static_cast<std::int64_t>(-x + 0.5L) : static_cast<std::int64_t>(x + 0.5L);
}

// 2^k as a long double, exact for every k in the normal range.
[[nodiscard]] constexpr ld pow2(std::int64_t k) noexcept {
  ld r = 1.0L;
  ld b = k < 0 ? 0.5L : 2.0L;
  for (std::int64_t n = k < 0 ? -k : k; n != 0; n >>= 1) {
    if ((n & 1) != 0) r *= b;
    if (n > 1) b *= b;  // never square past the last bit: inf is not a constant
  }
  return r;
}

// x = m * 2^e with m in [sqrt(1/2), sqrt(2)); x > 0 and finite.
struct mantissa_exponent {
  ld m;
  std::int64_t e;
};
[[nodiscard]] constexpr mantissa_exponent split(ld x) noexcept {
  std::int64_t e = 0;
  constexpr ld big = 18446744073709551616.0L;  // 2^64
  while (x >= big) x /= big, e += 64;
  while (x < 1.0L / big) x *= big, e -= 64;
  while (x >= 2.0L) x /= 2.0L, ++e;
  while (x < 1.0L) x *= 2.0L, --e;
  if (x > 1.41421356237309504880L) x /= 2.0L, ++e;
  return {x, e};
}

// Error-free transformations (Knuth's TwoSum, Dekker's TwoProduct): a value as hi + lo.
struct dd {
  ld hi;
  ld lo;
};
[[nodiscard]] constexpr dd two_sum(ld a, ld b) noexcept {
  const ld s = a + b;
  const ld bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
[[nodiscard]] constexpr dd split_bits(ld a) noexcept {  // Veltkamp: a = hi + lo, 32 bits each
  constexpr ld c = 4294967297.0L;                       // 2^32 + 1
  const ld t = c * a;
  const ld hi = t - (t - a);
  return {hi, a - hi};
}
[[nodiscard]] constexpr dd two_prod(ld a, ld b) noexcept {
  const ld p = a * b;
  const auto [ah, al] = split_bits(a);
  const auto [bh, bl] = split_bits(b);
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

// log(x) as hi + lo, about 2^-100 relative: what pow needs, since the error of y * log(x)
// becomes the relative error of the result.
[[nodiscard]] constexpr dd log_dd(ld x) noexcept {
  const auto [m, e] = split(x);
  const ld num = m - 1.0L;  // exact
  const dd den = two_sum(m, 1.0L);
  const ld s = num / den.hi;
  // s_lo = (num - s * den) / den, with s * den.hi exact.
  const dd sd = two_prod(s, den.hi);
  const ld s_lo = (((num - sd.hi) - sd.lo) - s * den.lo) / den.hi;
  const ld s2 = s * s;
  ld tail = 0.0L;  // s^2/3 + s^4/5 + ...
  for (int n = 31; n >= 3; n -= 2) tail = (tail + 1.0L / static_cast<ld>(n)) * s2;
  const auto ef = static_cast<ld>(e);
  const dd head = two_sum(ef * ln2_hi, 2.0L * s);  // ef * ln2_hi is exact
  const ld lo = head.lo + ef * ln2_lo + 2.0L * s_lo + 2.0L * s * tail;
  return two_sum(head.hi, lo);
}

// ---- Double-long-double arithmetic: about 124 bits, for what needs more than one long double
// (cosine_decay_restarts' period starts to 1e-6 absolute at step 2^63). Knuth's and Dekker's
// error-free transformations; every operation keeps its result normalized (|lo| <= ulp(hi)/2).

[[nodiscard]] constexpr dd fast_two_sum(ld a, ld b) noexcept {  // |a| >= |b|
  const ld s = a + b;
  return {s, b - (s - a)};
}
[[nodiscard]] constexpr dd add(dd a, dd b) noexcept {
  dd s = two_sum(a.hi, b.hi);
  const dd t = two_sum(a.lo, b.lo);
  s = fast_two_sum(s.hi, s.lo + t.hi);
  return fast_two_sum(s.hi, s.lo + t.lo);
}
[[nodiscard]] constexpr dd negate(dd a) noexcept { return {-a.hi, -a.lo}; }
[[nodiscard]] constexpr dd mul(dd a, dd b) noexcept {
  const dd p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
[[nodiscard]] constexpr dd div(dd a, dd b) noexcept {
  const ld q1 = a.hi / b.hi;
  const dd r = add(a, negate(mul(b, {q1, 0.0L})));
  const ld q2 = r.hi / b.hi;
  const dd r2 = add(r, negate(mul(b, {q2, 0.0L})));
  const ld q3 = r2.hi / b.hi;
  const dd q = fast_two_sum(q1, q2);
  return add(q, {q3, 0.0L});
}

// ln 2 in three parts, 40 + 64 + 64 bits: k * ln2_hi is exact for |k| < 2^24.
inline constexpr ld ln2_lo2 = 0xf2f6af40f3432672p-168L;

/// log(x) for finite x > 0, as hi + lo to about 2^-120 relative: x = 2^e m, m in [1/sqrt 2,
/// sqrt 2), log m = 2 atanh(s), s = (m - 1) / (m + 1), the series summed in double-long-double.
[[nodiscard]] constexpr dd log_precise(ld x) noexcept {
  const auto [m, e] = split(x);
  const dd s = div({m - 1.0L, 0.0L}, two_sum(m, 1.0L));  // m - 1 is exact
  const dd s2 = mul(s, s);
  dd sum{0.0L, 0.0L};  // s^2/3 + s^4/5 + ... + s^50/51, by Horner
  for (int n = 51; n >= 3; n -= 2) {
    sum = mul(add(sum, div({1.0L, 0.0L}, {static_cast<ld>(n), 0.0L})), s2);
  }
  const dd log_m = mul(add(s, mul(s, sum)), {2.0L, 0.0L});
  const auto ef = static_cast<ld>(e);
  const dd e_ln2 = add(add({ef * ln2_hi, 0.0L}, two_prod(ef, ln2_lo)), two_prod(ef, ln2_lo2));
  return add(e_ln2, log_m);
}

// 1/n for n < 16 as hi + lo, for the series below.
struct inverse_table {
  dd of[16];
};
inline constexpr inverse_table inverses = [] {
  inverse_table t{};
  for (int n = 1; n < 16; ++n) t.of[n] = div({1.0L, 0.0L}, {static_cast<ld>(n), 0.0L});
  return t;
}();

/// exp(y) - 1 for 0 <= y <= 11000, as hi + lo to about 2^-120 relative: y = k ln 2 + r with
/// |r| <= ln 2 / 2 (k = 0 for small y, so no cancellation), expm1(r / 256) by 13 terms of its
/// series, doubled back 8 times with expm1(2x) = e (e + 2), then 2^k (expm1(r) + 1) - 1.
[[nodiscard]] constexpr dd expm1_precise(dd y) noexcept {
  std::int64_t k = 0;
  dd r = y;
  if (y.hi >= 0.35L) {
    k = round_to_int(y.hi * inv_ln2);
    const auto kf = static_cast<ld>(k);
    const dd k_ln2 = add(add({kf * ln2_hi, 0.0L}, two_prod(kf, ln2_lo)), two_prod(kf, ln2_lo2));
    r = add(y, negate(k_ln2));
  }
  const dd x = {r.hi / 256.0L, r.lo / 256.0L};  // exact
  dd sum{1.0L, 0.0L};                           // 1 + x/2 (1 + x/3 (1 + ...))
  for (int n = 14; n >= 2; --n) sum = add({1.0L, 0.0L}, mul(mul(x, sum), inverses.of[n]));
  dd e = mul(x, sum);
  for (int doubling = 0; doubling < 8; ++doubling) e = mul(e, add(e, {2.0L, 0.0L}));
  if (k == 0) return e;
  const std::int64_t k1 = k / 2;
  const ld scale = pow2(k1) * pow2(k - k1);
  const dd exp_y = add(e, {1.0L, 0.0L});
  return add({exp_y.hi * scale, exp_y.lo * scale}, {-1.0L, 0.0L});
}

// exp(hi + lo) for |lo| <= ulp(hi).
[[nodiscard]] constexpr ld exp_dd(dd x) noexcept {
  if (x.hi > 11356.0L) return std::numeric_limits<ld>::infinity();
  if (x.hi < -11400.0L) return 0.0L;
  const std::int64_t k = round_to_int(x.hi * inv_ln2);
  const auto kf = static_cast<ld>(k);
  const ld r = ((x.hi - kf * ln2_hi) - kf * ln2_lo) + x.lo;
  ld sum = 1.0L;
  for (int n = 26; n >= 1; --n) sum = 1.0L + sum * r / static_cast<ld>(n);
  const std::int64_t k1 = k / 2;
  return sum * pow2(k1) * pow2(k - k1);
}

[[nodiscard]] constexpr ld exp(ld x) noexcept { return exp_dd({x, 0.0L}); }

[[nodiscard]] constexpr ld log(ld x) noexcept {  // x > 0 and finite
  const dd l = log_dd(x);
  return l.hi + l.lo;
}

[[nodiscard]] constexpr ld pow(ld x, ld y) noexcept {  // x >= 0
  if (y == 0.0L || x == 1.0L) return 1.0L;
  if (x == 0.0L) return y > 0.0L ? 0.0L : std::numeric_limits<ld>::infinity();
  const dd l = log_dd(x);
  const dd p = two_prod(y, l.hi);
  return exp_dd(two_sum(p.hi, p.lo + y * l.lo));
}

[[nodiscard]] constexpr ld sqrt(ld x) noexcept {  // x >= 0 and finite
  if (x == 0.0L) return 0.0L;
  auto [m, e] = split(x);
  if (e % 2 != 0) m *= 2.0L, e -= 1;  // m in [0.7, 2.9), e even
  ld g = 0.5L + 0.5L * m;             // Newton's iteration from a linear first guess
  for (int i = 0; i < 7; ++i) g = 0.5L * (g + m / g);
  return g * pow2(e / 2);
}

[[nodiscard]] constexpr ld sin_kernel(ld r) noexcept {  // |r| <= pi/4
  const ld r2 = r * r;
  ld sum = 0.0L;
  for (int n = 25; n >= 3; n -= 2) sum = (1.0L - sum) * r2 / static_cast<ld>(n * (n - 1));
  return r * (1.0L - sum);
}
[[nodiscard]] constexpr ld cos_kernel(ld r) noexcept {  // |r| <= pi/4
  const ld r2 = r * r;
  ld sum = 0.0L;
  for (int n = 26; n >= 2; n -= 2) sum = (1.0L - sum) * r2 / static_cast<ld>(n * (n - 1));
  return 1.0L - sum;
}

// x = k * pi/2 + r with |r| <= pi/4, for |x| < 2^24 * pi / 2.
struct quadrant {
  std::int64_t k;
  ld r;
};
[[nodiscard]] constexpr quadrant reduce(ld x) noexcept {
  const std::int64_t k = round_to_int(x * two_over_pi);
  const auto kf = static_cast<ld>(k);
  return {k, ((x - kf * pio2_hi) - kf * pio2_mid) - kf * pio2_lo};
}

[[nodiscard]] constexpr ld cos(ld x) noexcept {
  const auto [k, r] = reduce(x);
  switch (k & 3) {
    case 0:
      return cos_kernel(r);
    case 1:
      return -sin_kernel(r);
    case 2:
      return -cos_kernel(r);
    default:
      return sin_kernel(r);
  }
}

[[nodiscard]] constexpr ld sin(ld x) noexcept {
  const auto [k, r] = reduce(x);
  switch (k & 3) {
    case 0:
      return sin_kernel(r);
    case 1:
      return cos_kernel(r);
    case 2:
      return -sin_kernel(r);
    default:
      return -cos_kernel(r);
  }
}

}  // namespace series

// The C library's functions for float, double and long double.
namespace libm {

#if defined(__GNUC__) || defined(__clang__)
#define LRSCHED_LIBM_1(name)                                                     \
  [[nodiscard]] LRSCHED_INLINE inline float name(float x) noexcept {             \
    return __builtin_##name##f(x);                                               \
  }                                                                              \
  [[nodiscard]] LRSCHED_INLINE inline double name(double x) noexcept {           \
    return __builtin_##name(x);                                                  \
  }                                                                              \
  [[nodiscard]] LRSCHED_INLINE inline long double name(long double x) noexcept { \
    return __builtin_##name##l(x);                                               \
  }
LRSCHED_LIBM_1(exp)
LRSCHED_LIBM_1(expm1)
LRSCHED_LIBM_1(log)
LRSCHED_LIBM_1(log1p)
LRSCHED_LIBM_1(sqrt)
LRSCHED_LIBM_1(cos)
LRSCHED_LIBM_1(sin)
#undef LRSCHED_LIBM_1
[[nodiscard]] LRSCHED_INLINE inline float pow(float x, float y) noexcept {
  return __builtin_powf(x, y);
}
[[nodiscard]] LRSCHED_INLINE inline double pow(double x, double y) noexcept {
  return __builtin_pow(x, y);
}
[[nodiscard]] LRSCHED_INLINE inline long double pow(long double x, long double y) noexcept {
  return __builtin_powl(x, y);
}
#else
using std::cos;
using std::exp;
using std::expm1;
using std::log;
using std::log1p;
using std::pow;
using std::sin;
using std::sqrt;
#endif

}  // namespace libm

// The dispatching functions: a series at compile time, the C library at run time.

template <std::floating_point T>
[[nodiscard]] constexpr T exp(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::exp(x));
  return libm::exp(x);
}

template <std::floating_point T>
[[nodiscard]] constexpr T log(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::log(x));
  return libm::log(x);
}

template <std::floating_point T>
[[nodiscard]] constexpr T pow(T x, T y) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::pow(x, y));
  return libm::pow(x, y);
}

template <std::floating_point T>
[[nodiscard]] constexpr T sqrt(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::sqrt(x));
  return libm::sqrt(x);
}

template <std::floating_point T>
[[nodiscard]] constexpr T cos(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::cos(x));
  return libm::cos(x);
}

template <std::floating_point T>
[[nodiscard]] constexpr T sin(T x) noexcept {
  if (std::is_constant_evaluated()) return static_cast<T>(series::sin(x));
  return libm::sin(x);
}

template <std::floating_point T>
inline constexpr T pi = static_cast<T>(3.141592653589793238462643383279502884L);

/// The type schedules compute exponents in: double for float schedules (so that float keeps
/// the accuracy of its own type over long decays), the type itself otherwise.
template <std::floating_point T>
using calc_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

/// A factor `k` as `hi + lo`, `hi` with few enough significant bits that `n * hi` is exact for
/// every `n < exact_limit`: `exp(n * k)` is then exact up to the rounding of exp itself, however
/// large `n * k` grows (a plain `exp(n * k)` loses about |n k| / 2 ulp).
template <std::floating_point C>
struct split_factor {
  C hi;
  C lo;
  /// 2^27 for double, 2^32 for long double.
  static constexpr std::int64_t exact_limit = std::int64_t{1}
                                              << (std::numeric_limits<C>::digits + 1) / 2;

  /// Splits `k`, given in long double (more precise than C when C is double).
  [[nodiscard]] static constexpr split_factor from(long double k) noexcept {
    constexpr int shift = (std::numeric_limits<C>::digits + 1) / 2;
    constexpr C veltkamp = static_cast<C>(series::pow2(shift)) + C(1);
    const auto x = static_cast<C>(k);
    if (!(x < std::numeric_limits<C>::max() / veltkamp &&
          -x < std::numeric_limits<C>::max() / veltkamp)) {
      return {x, C(0)};  // too large to split; exp(n * x) is 0 or 1 anyway
    }
    const C t = veltkamp * x;
    const C hi = t - (t - x);
    return {hi, static_cast<C>(k - static_cast<long double>(hi))};
  }

  /// n * (hi + lo), rounded once, for n >= 0.
  [[nodiscard]] constexpr C times(std::int64_t n) const noexcept {
    const auto x = static_cast<C>(n);
    if (n >= exact_limit) return x * (hi + lo);
    return x * hi + x * lo;  // the first product is exact
  }

  /// exp(n * (hi + lo)) for n >= 0 and hi + lo <= 0 (a decay): in [0, 1], never NaN.
  [[nodiscard]] constexpr C exp_times(std::int64_t n) const noexcept {
    const auto x = static_cast<C>(n);
    // Past exp's underflow (|n k| > 20000 in every type) the value is 0. At run time a product
    // (an overflow to inf compares as intended, and costs no division per call); in a constant
    // expression, where an infinite product is an error, a division. Both return 0 where they
    // differ: exp underflows long before 20000.
    if (n > 0 && (std::is_constant_evaluated() ? -hi > C(20000) / x : -hi * x > C(20000))) {
      return C(0);
    }
    if (n >= exact_limit) return detail::exp(x * (hi + lo));  // beyond: ordinary rounding
    const C high = x * hi;                                    // exact
    const C low = x * lo;
    const C sum = high + low;
    const C error = (high - sum) + low;  // Fast2Sum: |high| >= |low|
    const C e = detail::exp(sum);
    return e + e * error;  // e * (1 + error), rounded once
  }
};

/// Division of a step `0 <= n < 2^63` by a divisor `1 <= d <= 2^63` fixed at construction, as a
/// multiply and a shift instead of a division instruction (20 to 90 cycles for 64 bits on x86-64,
/// against about 4): `n / d = floor(2n * m / 2^(64 + l))` with `l = ceil(log2 d)` and
/// `m = ceil(2^(63 + l) / d)`, exact for every such n because `m d - 2^(63 + l) < d <= 2^l`
/// (Granlund and Montgomery, "Division by invariant integers using multiplication", PLDI 1994,
/// theorem 4.2 with N = 63). `m < 2^64`. Without a 128-bit integer type, a plain division.
class step_divider {
 public:
  constexpr step_divider() noexcept : step_divider(1) {}
  constexpr explicit step_divider(std::uint64_t d) noexcept
      : d_(d), magic_(magic_of(d)), shift_(d == 0 ? 0 : static_cast<int>(std::bit_width(d - 1))) {}

  [[nodiscard]] constexpr std::uint64_t divisor() const noexcept { return d_; }
  /// floor(n / d), for 0 <= n < 2^63.
  [[nodiscard]] constexpr std::uint64_t quotient(std::uint64_t n) const noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    const auto high = static_cast<std::uint64_t>((static_cast<u128>(n << 1) * magic_) >> 64);
    return high >> shift_;
#else
    return n / d_;
#endif
  }
  /// n - d * floor(n / d), for 0 <= n < 2^63.
  [[nodiscard]] constexpr std::uint64_t remainder(std::uint64_t n) const noexcept {
    return n - quotient(n) * d_;
  }

 private:
  [[nodiscard]] static constexpr std::uint64_t magic_of(std::uint64_t d) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    if (d == 0) return 0;  // not a divisor: the owner's validation reports it
    const u128 numerator = u128{1} << (63 + std::bit_width(d - 1));
    return static_cast<std::uint64_t>((numerator + d - 1) / d);
#else
    return d;
#endif
  }

  std::uint64_t d_;
  std::uint64_t magic_;
  int shift_;  // l (recomputing it per call costs a bsr and a compare or two)
};

/// `v`, with -0 turned into +0: parameters are stored so, and a schedule never returns -0 (whose
/// text, 0, would read back as +0).
template <std::floating_point T>
[[nodiscard]] constexpr T no_minus_zero(T v) noexcept {
  return v + T(0);
}

/// min(a, b) for numbers (not NaN), as one minsd/minss on x86-64 at run time. Written as a
/// compare, g++ 12 sometimes turns a min into a branch on the data (with the multiply after it
/// duplicated on both sides), which a random step mispredicts half the time.
template <std::floating_point T>
[[nodiscard]] constexpr T min_value(T a, T b) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__) && defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    if constexpr (std::is_same_v<T, double>) {
      asm("minsd %1, %0" : "+x"(a) : "x"(b));
      return a;
    } else if constexpr (std::is_same_v<T, float>) {
      asm("minss %1, %0" : "+x"(a) : "x"(b));
      return a;
    }
  }
#endif
  return a < b ? a : b;
}

/// max(a, b) for numbers (not NaN), as one maxsd/maxss on x86-64 at run time (see min_value).
template <std::floating_point T>
[[nodiscard]] constexpr T max_value(T a, T b) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__) && defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    if constexpr (std::is_same_v<T, double>) {
      asm("maxsd %1, %0" : "+x"(a) : "x"(b));
      return a;
    } else if constexpr (std::is_same_v<T, float>) {
      asm("maxss %1, %0" : "+x"(a) : "x"(b));
      return a;
    }
  }
#endif
  return a > b ? a : b;
}

/// `v` limited to the closed interval between `a` and `b`, in either order.
template <std::floating_point T>
[[nodiscard]] constexpr T between(T v, T a, T b) noexcept {
  const T lo = a < b ? a : b;
  const T hi = a < b ? b : a;
  return v < lo ? lo : (v > hi ? hi : v);
}

/// The bounds of a schedule that never increases: its value at the last step and at step 0.
template <class S>
[[nodiscard]] constexpr auto decreasing_bounds(const S& s) noexcept {
  using T = decltype(s(0));
  return value_bounds<T>{s(std::numeric_limits<std::int64_t>::max()), s(0)};
}

/// Where scaled_logistic leaves `scale / (1 + e^z)` for its tail: a little below ln(max).
template <std::floating_point C>
inline constexpr C logistic_cap = static_cast<C>(std::numeric_limits<C>::max_exponent) * C(0.69);

// The logistic tail of scaled_logistic, beyond z = cap where e^z is close to overflowing:
// scale / (1 + e^cap) * e^(cap - z), the same value, never above the value at z = cap (a factor
// e^(cap - z) <= 1 times it), exactly 0 beyond cap + 12000 (where e^(cap - z) is 0 in every type).
template <std::floating_point C>
[[nodiscard, gnu::cold, gnu::noinline]] constexpr C scaled_logistic_tail(C scale, C z,
                                                                         C cap) noexcept {
  if (z > cap + C(12000)) return C(0);
  return scale / (C(1) + exp(cap)) * exp(cap - z);
}

/// `scale / (1 + e^z)` for `scale >= 0`, which is `scale * (1 - tanh(z / 2)) / 2` without the
/// cancellation of 1 - tanh for large z: one exp and one division wherever e^z is finite, and
/// without overflow however large |z| is (infinite z included): e^z is 0 far below 0, and far
/// above, the tail computes the same value from e^(cap - z). Non-increasing in z also after
/// rounding (exp, the addition and the division are monotone, and the tail starts below the
/// value at cap).
template <std::floating_point C>
[[nodiscard]] LRSCHED_INLINE constexpr C scaled_logistic(C scale, C z) noexcept {
  constexpr C cap = logistic_cap<C>;
  if (z <= cap) [[likely]]
    return scale / (C(1) + exp(z));
  return scaled_logistic_tail(scale, z, cap);
}

/// `lr - end` in C, for a value `end + span * f` (rounded to T) with `0 <= f <= 1`: moved towards 0
/// by an ulp at a time where `end + span` would round past `lr`, so that the value lies between
/// `end` and `lr` with no clamp (the product and the sum round monotonically). Each step is at
/// least one ulp, and one is the most rounding needs; `fits` is false should four not do
/// (subnormal), where the caller must clamp.
template <std::floating_point C>
struct end_span {
  C span;
  bool fits;
};
template <std::floating_point T, std::floating_point C>
[[nodiscard]] constexpr end_span<C> span_within(T lr, T end) noexcept {
  C span = static_cast<C>(lr) - static_cast<C>(end);
  const auto passes_lr = [&] {
    const auto far = static_cast<T>(static_cast<C>(end) + span);
    return lr >= end ? far > lr : far < lr;
  };
  for (int i = 0; i < 4 && passes_lr(); ++i)
    span -= span * std::numeric_limits<C>::epsilon() / C(2);
  return {span, !passes_lr()};
}

/// log(x) as a long double, from the double-long-double series (for precomputing factors).
[[nodiscard]] constexpr long double precise_log(long double x) noexcept { return series::log(x); }

/// A step converted to the value type; negative steps count as step 0 (REFERENCE.md).
[[nodiscard]] constexpr std::int64_t clamp_step(std::int64_t t) noexcept { return t < 0 ? 0 : t; }

template <std::floating_point T>
[[nodiscard]] constexpr T to_real(std::int64_t n) noexcept {
  return static_cast<T>(n);
}

}  // namespace lrsched::detail
