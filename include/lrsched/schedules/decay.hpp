// lrsched: exponential_decay, inverse_time_decay, natural_exp_decay, inverse_sqrt, sigmoid_decay,
// tanh_decay.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/math.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

namespace detail {

/// The parameters shared by TF's three step-based decays, and their progress
/// `p = t / decay_steps` (real, or `floor(t / decay_steps)` in integers with `staircase`).
template <std::floating_point T>
class decay_base {
 public:
  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept {
    return static_cast<step_t>(decay_steps_.divisor());
  }
  [[nodiscard]] constexpr T decay_rate() const noexcept { return decay_rate_; }
  [[nodiscard]] constexpr bool staircase() const noexcept { return staircase_; }

 protected:
  constexpr decay_base(std::string_view name, T lr, step_t decay_steps, T decay_rate,
                       bool staircase)
      : lr_(detail::no_minus_zero(lr)),
        decay_steps_(static_cast<std::uint64_t>(decay_steps)),
        decay_rate_(detail::no_minus_zero(decay_rate)),
        staircase_(staircase) {
    require_rate(lr, name, "lr");
    require_steps(decay_steps, name, "decay_steps");
  }

  /// What the decay counts: steps, or whole decay periods with `staircase`. Its factor is given
  /// per step (`k / decay_steps`) or per period (`k`) to match.
  [[nodiscard]] constexpr step_t count(step_t t) const noexcept {
    const step_t s = clamp_step(t);
    return staircase_ ? static_cast<step_t>(decay_steps_.quotient(static_cast<std::uint64_t>(s)))
                      : s;
  }
  [[nodiscard]] constexpr long double per_count(long double k) const noexcept {
    return staircase_ ? k : k / static_cast<long double>(decay_steps());
  }

  /// The four parameters, described once for the three decays; `rate_rule` is decay_rate's.
  /// `more` are the parameters that follow, for a decay that has them.
  template <class Owner, class... More>
  static constexpr auto describe_decay(detail::entry_text text, std::string_view rate_rule,
                                       More... more) {
    return detail::describe<Owner>(
        text, detail::param("lr", &Owner::lr, required, "finite and >= 0"),
        detail::param("decay_steps", &Owner::decay_steps, required, ">= 1"),
        detail::param("decay_rate", &Owner::decay_rate, required, rate_rule, "PyTorch gamma"),
        detail::param("staircase", &Owner::staircase, false,
                      "true: decay in whole periods of decay_steps"),
        more...);
  }

  T lr_;
  step_divider decay_steps_;  // floor(t / decay_steps) without a division instruction
  T decay_rate_;
  bool staircase_;
};

}  // namespace detail

/// `lr * decay_rate^p` (TensorFlow's exponential_decay; PyTorch's ExponentialLR is
/// `decay_steps = 1`). `decay_steps >= 1`, `0 < decay_rate <= 1`.
template <std::floating_point T = double>
class exponential_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "exponential_decay";

  constexpr exponential_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false)
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase) {
    detail::require_factor(decay_rate, name, "decay_rate");
    factor_ = factor::from(this->per_count(detail::precise_log(decay_rate)));
  }

  // lr * decay_rate^p = lr * exp(n * log(decay_rate) / decay_steps), n counting steps (periods
  // with staircase), with log(decay_rate) precomputed and the product kept exact.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return this->lr_ * static_cast<T>(factor_.exp_times(this->count(t)));
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(1), std::nullopt);
  }

  static constexpr auto description() {
    return exponential_decay::template describe_decay<exponential_decay>(
        {.name = name,
         .example = "exponential_decay(0.1, 1000, 0.96, true)",
         .formula = "`lr * decay_rate^p`",
         .frameworks = {{{"PyTorch", "ExponentialLR", "decay_steps=1, decay_rate=gamma"},
                         {"Keras", "ExponentialDecay"},
                         {"Optax", "exponential_decay", "transition_steps=decay_steps"}}}},
        "in (0, 1]");
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;
  factor factor_{};
};

/// `lr / (1 + decay_rate * p)^power` (TensorFlow's inverse_time_decay; with `power`, Caffe's `inv`
/// policy and the Robbins-Monro rates). `decay_rate >= 0`, `power > 0`.
template <std::floating_point T = double>
class inverse_time_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "inverse_time_decay";

  constexpr inverse_time_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false,
                               T power = T(1))
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase), power_(power) {
    detail::require_nonnegative(decay_rate, name, "decay_rate");
    detail::require(detail::is_finite(power) && power > T(0), name, "power",
                    "must be finite and > 0", power);
    rate_per_count_ = static_cast<T>(this->per_count(decay_rate));
    wide_rate_ = static_cast<calc>(this->per_count(decay_rate));
    plain_ = power == T(1) && !staircase;
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    if (plain_) [[likely]] {  // Keras's default: counting steps, power 1
      return this->lr_ / (T(1) + rate_per_count_ * detail::to_real<T>(detail::clamp_step(t)));
    }
    return general(t);
  }

  [[nodiscard]] constexpr T power() const noexcept { return power_; }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(0), std::nullopt);
  }

  static constexpr auto description() {
    return inverse_time_decay::template describe_decay<inverse_time_decay>(
        {.name = name,
         .example = "inverse_time_decay(0.1, 1, 0.01)",
         .formula = "`lr / (1 + decay_rate * p)^power`",
         .frameworks = {{{"Keras", "InverseTimeDecay", "and legacy SGD decay: decay_steps=1"},
                         {"Caffe", "inv", "decay_steps=1, decay_rate=gamma, power=power"}}}},
        "finite and >= 0",
        detail::quiet_param("power", &inverse_time_decay::power, T(1), "finite and > 0",
                            "Caffe power"));
  }

 private:
  using calc = detail::calc_t<T>;

  // Out of the common path: staircase, or a power other than 1.
  [[nodiscard]] LRSCHED_INLINE constexpr T general(step_t t) const noexcept {
    if (power_ == T(1)) {
      return this->lr_ / (T(1) + rate_per_count_ * detail::to_real<T>(this->count(t)));
    }
    // (1 + x)^-power; past the largest finite base the value is 0 (x may overflow to inf).
    const calc base = calc(1) + wide_rate_ * static_cast<calc>(this->count(t));
    if (!(base <= std::numeric_limits<calc>::max())) return T(0);
    // The power first (the product is the same): g++ loaded lr_ ahead of the call and kept it
    // on the stack.
    const calc factor = detail::pow(base, -static_cast<calc>(power_));
    return static_cast<T>(factor * static_cast<calc>(this->lr_));
  }

  bool plain_ = false;  // power 1, counting steps (no staircase); in the base's padding
  T power_;
  T rate_per_count_{};  // decay_rate / decay_steps, or decay_rate with staircase
  calc wide_rate_{};    // the same in calc_t<T>, for a power other than 1
};

/// `lr * exp(-decay_rate * p)` (TensorFlow's natural_exp_decay). `decay_rate >= 0`.
template <std::floating_point T = double>
class natural_exp_decay : public detail::decay_base<T> {
 public:
  using value_type = T;
  static constexpr std::string_view name = "natural_exp_decay";

  constexpr natural_exp_decay(T lr, step_count decay_steps, T decay_rate, bool staircase = false)
      : detail::decay_base<T>(name, lr, decay_steps, decay_rate, staircase) {
    detail::require_nonnegative(decay_rate, name, "decay_rate");
    factor_ = factor::from(this->per_count(-static_cast<long double>(decay_rate)));
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    return this->lr_ * static_cast<T>(factor_.exp_times(this->count(t)));
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(this->lr_ == T(0) || this->decay_rate_ == T(0), std::nullopt);
  }

  static constexpr auto description() {
    return natural_exp_decay::template describe_decay<natural_exp_decay>(
        {.name = name,
         .example = "natural_exp_decay(0.1, 100, 0.5)",
         .formula = "`lr * exp(-decay_rate * p)`",
         .frameworks = {{{"TensorFlow", "natural_exp_decay"}}}},
        "finite and >= 0");
  }

 private:
  using factor = detail::split_factor<detail::calc_t<T>>;
  factor factor_{};
};

/// `lr / sqrt(1 + t / timescale)` (T5, big_vision). `timescale >= 1`.
template <std::floating_point T = double>
class inverse_sqrt {
 public:
  using value_type = T;
  static constexpr std::string_view name = "inverse_sqrt";

  constexpr inverse_sqrt(T lr, step_count timescale)
      : lr_(detail::no_minus_zero(lr)), timescale_(timescale) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(timescale, name, "timescale");
    inverse_timescale_ = T(1) / detail::to_real<T>(timescale);
  }

  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const T x = detail::to_real<T>(detail::clamp_step(t)) * inverse_timescale_;
    return lr_ / detail::sqrt(T(1) + x);
  }

  /// From `lr` at step 0 down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }

  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == T(0), std::nullopt);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t timescale() const noexcept { return timescale_; }

  static constexpr auto description() {
    return detail::describe<inverse_sqrt>(
        {.name = name,
         .example = "inverse_sqrt(0.1, 400)",
         .formula = "`lr / sqrt(1 + t / timescale)`",
         .frameworks = {{{"HF", "get_inverse_sqrt_schedule", "with_warmup(W) and timescale=W"}}}},
        detail::param("lr", &inverse_sqrt::lr, detail::required, "finite and >= 0"),
        detail::param("timescale", &inverse_sqrt::timescale, detail::required, ">= 1"));
  }

 private:
  T lr_;
  step_t timescale_;
  T inverse_timescale_{};
};

/// `lr / (1 + exp(rate * (t - midpoint)))` (Darknet's sigmoid policy): from nearly `lr` down
/// through `lr / 2` at `midpoint` towards 0. `rate > 0`, `midpoint >= 0`.
template <std::floating_point T = double>
class sigmoid_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "sigmoid_decay";

  constexpr sigmoid_decay(T lr, step_count midpoint, T rate)
      : lr_(detail::no_minus_zero(lr)), midpoint_(midpoint), rate_(rate) {
    detail::require_rate(lr, name, "lr");
    detail::require(midpoint_ >= 0, name, "midpoint", "must be >= 0", midpoint_);
    detail::require(detail::is_finite(rate) && rate > T(0), name, "rate", "must be finite and > 0",
                    rate);
    plain_end_ = plain_end();
  }

  // lr / (1 + e^(rate x)), x = t - midpoint: exact as an integer (both are >= 0), one rounding as
  // calc; an infinite product (a huge rate far from the midpoint) gives 0 or lr, its limits.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    // Steps from 0 up to plain_end_ (where rate x passes scaled_logistic's cap) by one unsigned
    // test: there the value is scaled_logistic's without its two tests (t < 0, the argument past
    // the cap); clang++ -O2 at random steps went from 1.21 to 1.01 times lr / (1 + exp(a t - c)).
    if (static_cast<std::uint64_t>(t) < plain_end_) [[likely]] {
      // The denominator first: g++ loaded lr_ ahead of the call and kept it on the stack.
      const calc denominator = calc(1) + detail::exp(argument(t));
      return static_cast<T>(static_cast<calc>(lr_) / denominator);
    }
    return rare_value(t);
  }

  /// From the value at step 0 (a little below `lr`) down to the value at the last step.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    return detail::decreasing_bounds(*this);
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == T(0), std::nullopt);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t midpoint() const noexcept { return midpoint_; }
  [[nodiscard]] constexpr T rate() const noexcept { return rate_; }

  static constexpr auto description() {
    return detail::describe<sigmoid_decay>(
        {.name = name,
         .example = "sigmoid_decay(0.1, 5000, 0.001)",
         .formula = "`lr / (1 + exp(rate * (t - midpoint)))`",
         .frameworks = {{{"Darknet", "sigmoid", "policy=sigmoid, step=midpoint, gamma=rate"}}}},
        detail::param("lr", &sigmoid_decay::lr, detail::required, "finite and >= 0"),
        detail::param("midpoint", &sigmoid_decay::midpoint, detail::required, ">= 0",
                      "Darknet step"),
        detail::param("rate", &sigmoid_decay::rate, detail::required, "finite and > 0",
                      "Darknet gamma"));
  }

 private:
  using calc = detail::calc_t<T>;

  [[nodiscard]] constexpr calc argument(step_t s) const noexcept {
    return static_cast<calc>(rate_) * static_cast<calc>(s - midpoint_);
  }
  // A step below 0, or one whose argument is past the cap (scaled_logistic's tail).
  [[nodiscard, gnu::noinline]] constexpr T rare_value(step_t t) const noexcept {
    return static_cast<T>(
        detail::scaled_logistic(static_cast<calc>(lr_), argument(detail::clamp_step(t))));
  }
  // One past the last step whose argument is at most the cap (the argument grows with the step,
  // so bisection finds it), 2^63 if every step's is. Step 0's argument, -rate * midpoint, is <= 0.
  [[nodiscard]] constexpr std::uint64_t plain_end() const noexcept {
    constexpr calc cap = detail::logistic_cap<calc>;
    constexpr step_t last = std::numeric_limits<step_t>::max();
    if (argument(last) <= cap) return std::uint64_t{1} << 63;
    step_t below = 0, above = last;  // argument(below) <= cap < argument(above)
    while (above - below > 1) {
      const step_t m = below + (above - below) / 2;
      (argument(m) <= cap ? below : above) = m;
    }
    return static_cast<std::uint64_t>(below) + 1;
  }

  T lr_;
  step_t midpoint_;
  T rate_;
  std::uint64_t plain_end_ = 0;  // steps [0, plain_end_) take the plain formula
};

/// timm's TanhLRScheduler for one cycle: `end_lr + (lr - end_lr) * (1 - tanh(lb (1 - p) + ub p)) /
/// 2` with `p = t / decay_steps` for `t < decay_steps`, then `end_lr`. `decay_steps >= 1`, `lb <
/// ub` (both finite).
template <std::floating_point T = double>
class tanh_decay {
 public:
  using value_type = T;
  static constexpr std::string_view name = "tanh_decay";

  constexpr tanh_decay(T lr, step_count decay_steps, T end_lr = T(0), T lb = T(-7), T ub = T(3))
      : lr_(detail::no_minus_zero(lr)),
        decay_steps_(decay_steps),
        end_lr_(detail::no_minus_zero(end_lr)),
        lb_(detail::no_minus_zero(lb)),
        ub_(detail::no_minus_zero(ub)) {
    detail::require_rate(lr, name, "lr");
    detail::require_steps(decay_steps_, name, "decay_steps");
    detail::require_rate(end_lr, name, "end_lr");
    detail::require_finite(lb, name, "lb");
    detail::require(detail::is_finite(ub) && ub > lb, name, "ub", "must be finite and > lb", ub);
    inverse_steps_ = static_cast<calc>(1.0L / static_cast<long double>(decay_steps_));
    // The argument of e^ is 2 lb + 2 (ub - lb) p; where 2 lb or 2 (ub - lb) overflows calc, it
    // is 2 (lb (1 - p) + ub p) in long double instead, whose parts cannot overflow.
    const long double two_lb = 2.0L * static_cast<long double>(lb);
    const long double two_width =
        2.0L * (static_cast<long double>(ub) - static_cast<long double>(lb));
    constexpr long double max = static_cast<long double>(std::numeric_limits<calc>::max());
    wide_ = !(two_width <= max && two_lb >= -max && two_lb <= max);
    two_lb_ = wide_ ? calc(0) : static_cast<calc>(two_lb);
    two_width_ = wide_ ? calc(0) : static_cast<calc>(two_width);
    // lr - end_lr, nudged so that end_lr + span / (1 + e^z) stays between end_lr and lr with no
    // clamp: the quotient (its divisor >= 1), the sum and the conversion round monotonically.
    const auto span = detail::span_within<T, calc>(lr_, end_lr_);
    span_ = span.span;
    clamp_ = !span.fits;
    low_ = lr_ < end_lr_ ? lr_ : end_lr_;
    high_ = lr_ < end_lr_ ? end_lr_ : lr_;
    rare_ = wide_ || clamp_;
  }

  // (1 - tanh(a)) / 2 as 1 / (1 + e^(2a)): no cancellation where tanh(a) is close to 1. The
  // argument 2 (lb (1 - p) + ub p) is written 2 lb + 2 (ub - lb) p, which grows with t also after
  // rounding, so the value is monotone. Where that overflows, it is computed in long double, which
  // cannot overflow; the steps then move it by more than its rounding error.
  [[nodiscard]] LRSCHED_INLINE constexpr T operator()(step_t t) const noexcept {
    const step_t s = detail::clamp_step(t);
    if (s >= decay_steps_) return end_lr_;
    const calc p = static_cast<calc>(s) * inverse_steps_;
    // The two rare cases behind one flag, out of line: the hot path tests one byte.
    if (rare_) [[unlikely]]
      return rare_value(p);
    return static_cast<T>(static_cast<calc>(end_lr_) +
                          detail::scaled_logistic(span_, two_lb_ + two_width_ * p));
  }

  /// Between the value at step 0 (a little below `lr` for the default lb) and `end_lr`, which
  /// it approaches monotonically and holds from `decay_steps` on.
  [[nodiscard]] constexpr value_bounds<T> bounds() const noexcept {
    const T first = (*this)(0);
    return {first < end_lr_ ? first : end_lr_, first < end_lr_ ? end_lr_ : first};
  }
  [[nodiscard]] constexpr std::optional<step_t> horizon() const noexcept {
    return detail::when(lr_ == end_lr_, decay_steps_);
  }

  [[nodiscard]] constexpr T lr() const noexcept { return lr_; }
  [[nodiscard]] constexpr step_t decay_steps() const noexcept { return decay_steps_; }
  [[nodiscard]] constexpr T end_lr() const noexcept { return end_lr_; }
  [[nodiscard]] constexpr T lb() const noexcept { return lb_; }
  [[nodiscard]] constexpr T ub() const noexcept { return ub_; }

  static constexpr auto description() {
    return detail::describe<tanh_decay>(
        {.name = name,
         .example = "tanh_decay(0.1, 1000, 0.001)",
         .formula = "`end_lr + (lr - end_lr) * (1 - tanh(lb (1 - p) + ub p)) / 2`, `p = t / "
                    "decay_steps`, for `t < decay_steps`; then `end_lr`",
         .frameworks = {{{"timm", "TanhLRScheduler",
                          "one cycle: t_initial = decay_steps, lr_min = end_lr"}}}},
        detail::param("lr", &tanh_decay::lr, detail::required, "finite and >= 0"),
        detail::param("decay_steps", &tanh_decay::decay_steps, detail::required, ">= 1",
                      "timm t_initial"),
        detail::param("end_lr", &tanh_decay::end_lr, T(0), "finite and >= 0", "timm lr_min"),
        detail::param("lb", &tanh_decay::lb, T(-7), "finite"),
        detail::param("ub", &tanh_decay::ub, T(3), "finite and > lb"));
  }

 private:
  using calc = detail::calc_t<T>;

  // The value at the fraction p of the way, where the argument is computed in long double or
  // the value clamped.
  [[nodiscard, gnu::noinline]] constexpr T rare_value(calc p) const noexcept {
    const calc z = wide_ ? wide_argument(p) : two_lb_ + two_width_ * p;
    const T v = static_cast<T>(static_cast<calc>(end_lr_) + detail::scaled_logistic(span_, z));
    if (clamp_) return v < low_ ? low_ : (v > high_ ? high_ : v);
    return v;
  }

  // 2 (lb (1 - p) + ub p) in long double, where 2 lb or 2 (ub - lb) overflows calc.
  [[nodiscard]] constexpr calc wide_argument(calc p) const noexcept {
    const auto q = static_cast<long double>(p);
    return static_cast<calc>(
        2.0L * (static_cast<long double>(lb_) * (1.0L - q) + static_cast<long double>(ub_) * q));
  }

  T lr_;
  step_t decay_steps_;
  T end_lr_;
  T lb_;
  T ub_;
  calc inverse_steps_{};  // 1 / decay_steps
  calc two_lb_{};         // 2 lb, unless 2 lb or 2 (ub - lb) overflows calc
  calc two_width_{};      // 2 (ub - lb), the same
  calc span_{};           // lr - end_lr, moved so that end_lr + span_ does not pass lr
  T low_{};               // the smaller of lr and end_lr
  T high_{};              // the larger
  bool wide_ = false;     // the argument is computed in long double
  bool clamp_ = false;    // span_ could not be moved (never seen): the call clamps
  bool rare_ = false;     // wide_ or clamp_
};

template <std::floating_point T, class... R>
exponential_decay(T, R...) -> exponential_decay<T>;
template <std::floating_point T, class... R>
inverse_time_decay(T, R...) -> inverse_time_decay<T>;
template <std::floating_point T, class... R>
natural_exp_decay(T, R...) -> natural_exp_decay<T>;
template <std::floating_point T, class... R>
inverse_sqrt(T, R...) -> inverse_sqrt<T>;
template <std::floating_point T, class... R>
sigmoid_decay(T, R...) -> sigmoid_decay<T>;
template <std::floating_point T, class... R>
tanh_decay(T, R...) -> tanh_decay<T>;

}  // namespace lrsched
