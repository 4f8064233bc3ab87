// lrsched: reduce_on_plateau, a controller that lowers any schedule when a metric stops improving.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "../concepts.hpp"
#include "../detail/describe.hpp"
#include "../detail/validate.hpp"

namespace lrsched {

/// Whether a smaller metric (a loss) or a larger one (an accuracy) is an improvement.
enum class plateau_mode {
  min,  ///< lower is better
  max,  ///< higher is better
};
[[nodiscard]] constexpr auto enum_names(plateau_mode) noexcept {
  return std::to_array<detail::enum_name<plateau_mode>>(
      {{plateau_mode::min, "min"}, {plateau_mode::max, "max"}});
}

/// How `threshold` measures an improvement: relative to the best value, or in its units.
enum class threshold_mode {
  rel,  ///< better than `best * (1 - threshold)` (mode min) or `best * (1 + threshold)` (max)
  abs,  ///< better than `best - threshold` (min) or `best + threshold` (max)
};
[[nodiscard]] constexpr auto enum_names(threshold_mode) noexcept {
  return std::to_array<detail::enum_name<threshold_mode>>(
      {{threshold_mode::rel, "rel"}, {threshold_mode::abs, "abs"}});
}

/// reduce_on_plateau's settings, with PyTorch's ReduceLROnPlateau defaults.
template <std::floating_point T = double>
struct plateau_options {
  plateau_mode mode = plateau_mode::min;
  /// The factor a reduction multiplies the rate by: in (0, 1).
  T factor = T(0.1);
  /// Evaluations without improvement that are tolerated; the next one reduces. >= 0.
  std::int64_t patience = 10;
  /// The least improvement that counts (see threshold_mode). Finite and >= 0.
  T threshold = T(1e-4);
  lrsched::threshold_mode threshold_mode = lrsched::threshold_mode::rel;
  /// Evaluations after a reduction during which bad ones are not counted. >= 0.
  std::int64_t cooldown = 0;
  /// The lowest rate a reduction goes to (of the schedule's peak; see reduce_on_plateau). >= 0.
  T min_lr = T(0);
  /// A reduction smaller than this is skipped. Finite and >= 0.
  T eps = T(1e-8);
};

/// Reduce on plateau, composable with any schedule (PyTorch's ReduceLROnPlateau cannot follow
/// another scheduler: pytorch#68978). `step(metric)` is called once per evaluation, as
/// `scheduler.step(metric)`; `plateau(t)` is the rate for optimizer update `t`.
///
/// The controller tracks one number, the *level*: the rate the schedule's peak (its largest value,
/// `bounds().upper`) is reduced to. It starts at the peak; a reduction sets it to
/// `max(level * factor, min_lr)` unless that lowers it by `eps` or less, exactly PyTorch's rule for
/// a param group's rate. The rate at step t is `base(t) * level / peak`: the whole schedule scaled
/// by the same factor. So for `constant(lr)` this is PyTorch's ReduceLROnPlateau value for value;
/// for another schedule `min_lr` and `eps` are read at its peak (`min_lr = 1e-4` with a peak of 0.1
/// allows reductions by up to 1000x in total, at every step alike), and a warmup still starts at
/// its own start.
///
/// The wrapped schedule stays pure; the controller's state (level, best, the counters) is saved
/// to text by `save()` and restored bit for bit by `restore(schedule, text)`.
template <schedule S>
class reduce_on_plateau {
 public:
  using value_type = value_type_t<S>;
  using options_type = plateau_options<value_type>;
  static constexpr std::string_view name = "reduce_on_plateau";

  /// Options in another floating-point type are converted to the schedule's.
  template <class B, std::floating_point U>
  requires(!std::same_as<U, value_type>) && std::constructible_from<S, B> reduce_on_plateau(
                                                B&& base, const plateau_options<U>& options)
      : reduce_on_plateau(std::forward<B>(base), convert(options)) {}
  /// Over `base` (anything S is constructible from: a parsed spec for S = any_schedule). A
  /// reduce_on_plateau is never a base here: it keeps the copy constructor the copy, and an
  /// S = any_schedule from asking whether any_schedule holds this class while defining it.
  template <class B>
  requires(!std::same_as<std::remove_cvref_t<B>, reduce_on_plateau>) &&
      std::constructible_from<S, B> explicit reduce_on_plateau(B&& base, options_type options = {})
      : base_(std::forward<B>(base)),
  options_(options) {
    validate(options_);
    peak_ = peak_of(base_);
    set_level(peak_);
    best_ = worst();
  }

  /// Reports one evaluation of the metric. Returns true when it reduced the rate. A NaN metric is
  /// never an improvement (as in PyTorch).
  bool step(value_type metric) {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
    if (evaluations_ < top) ++evaluations_;
    if (better(metric)) {
      best_ = metric;
      bad_ = 0;
    } else if (bad_ < top) {
      ++bad_;
    }
    if (cooldown_left_ > 0) {
      --cooldown_left_;
      bad_ = 0;
    }
    if (bad_ <= options_.patience) return false;
    const value_type reduced =
        std::max(level_ * options_.factor, options_.min_lr);  // PyTorch's _reduce_lr
    const bool changed = level_ - reduced > options_.eps;
    if (changed) {
      set_level(reduced);
      if (reductions_ < evaluations_) ++reductions_;
    }
    cooldown_left_ = options_.cooldown;
    bad_ = 0;
    return changed;
  }

  /// The rate for optimizer update t: the schedule, scaled to the current level.
  [[nodiscard]] LRSCHED_INLINE value_type operator()(step_t t) const noexcept(noexcept(base_(t))) {
    const value_type v = base_(t);
    if (v == peak_) return level_;  // exact for a constant schedule, as PyTorch holds it
    return v * scale_;
  }

  /// The factor the schedule is scaled by now: level / peak (1 for a schedule that is all 0).
  [[nodiscard]] value_type scale() const noexcept { return scale_; }
  /// The rate the schedule's peak is reduced to (PyTorch's param group lr, for a constant).
  [[nodiscard]] value_type level() const noexcept { return level_; }
  /// The best metric so far (inf for mode min, -inf for max before the first evaluation).
  [[nodiscard]] value_type best() const noexcept { return best_; }
  /// Evaluations since the last improvement (PyTorch's num_bad_epochs).
  [[nodiscard]] std::int64_t bad_evaluations() const noexcept { return bad_; }
  /// Evaluations left in the cooldown (PyTorch's cooldown_counter).
  [[nodiscard]] std::int64_t cooldown_left() const noexcept { return cooldown_left_; }
  /// Evaluations reported, and reductions made, so far.
  [[nodiscard]] std::int64_t evaluations() const noexcept { return evaluations_; }
  [[nodiscard]] std::int64_t reductions() const noexcept { return reductions_; }
  [[nodiscard]] const options_type& options() const noexcept { return options_; }
  [[nodiscard]] const S& base() const noexcept { return base_; }

  /// The controller's whole state, and its options, as one line of text: restore() gives back a
  /// controller that behaves bit for bit as this one from here on.
  [[nodiscard]] std::string save() const {
    std::string out(header);
    const auto put = [&](std::string_view key, const std::string& v) {
      out.append(" ").append(key).append("=").append(v);
    };
    put("mode", std::string(to_string(options_.mode)));
    put("factor", real_text(options_.factor));
    put("patience", std::to_string(options_.patience));
    put("threshold", real_text(options_.threshold));
    put("threshold_mode", std::string(to_string(options_.threshold_mode)));
    put("cooldown", std::to_string(options_.cooldown));
    put("min_lr", real_text(options_.min_lr));
    put("eps", real_text(options_.eps));
    put("peak", real_text(peak_));
    put("level", real_text(level_));
    put("best", real_text(best_));
    put("bad", std::to_string(bad_));
    put("cooldown_left", std::to_string(cooldown_left_));
    put("evaluations", std::to_string(evaluations_));
    put("reductions", std::to_string(reductions_));
    return out;
  }

  /// The controller `save()` wrote, over `base`, which must be the schedule it was saved with
  /// (the same peak). Throws std::invalid_argument naming what is wrong with the text.
  [[nodiscard]] static reduce_on_plateau restore(S base, std::string_view saved) {
    reader r(saved);
    options_type o;
    o.mode = r.template enumeration<plateau_mode>("mode");
    o.factor = r.real("factor");
    o.patience = r.integer("patience");
    o.threshold = r.real("threshold");
    o.threshold_mode = r.template enumeration<lrsched::threshold_mode>("threshold_mode");
    o.cooldown = r.integer("cooldown");
    o.min_lr = r.real("min_lr");
    o.eps = r.real("eps");
    reduce_on_plateau p(std::move(base), o);
    const value_type peak = r.real("peak");
    if (!(peak == p.peak_)) {
      fail("the schedule's peak is " + real_text(p.peak_) + ", the saved one " + real_text(peak) +
           ": restore it over the schedule it was saved with");
    }
    p.set_level(r.real("level"));
    p.best_ = r.real("best");
    p.bad_ = r.integer("bad");
    p.cooldown_left_ = r.integer("cooldown_left");
    p.evaluations_ = r.integer("evaluations");
    p.reductions_ = r.integer("reductions");
    r.finish();
    // What step() can reach: the counters within their options, a level within [0, peak].
    if (!(p.level_ >= value_type(0) && p.level_ <= peak) || p.bad_ < 0 || p.bad_ > o.patience ||
        p.cooldown_left_ < 0 || p.cooldown_left_ > o.cooldown || p.evaluations_ < 0 ||
        p.reductions_ < 0 || p.reductions_ > p.evaluations_) {
      fail("the saved state is not one a controller reaches");
    }
    return p;
  }

 private:
  static constexpr std::string_view header = "lrsched.reduce_on_plateau/1";

  template <std::floating_point U>
  [[nodiscard]] static options_type convert(const plateau_options<U>& o) {
    return {o.mode,
            static_cast<value_type>(o.factor),
            o.patience,
            static_cast<value_type>(o.threshold),
            o.threshold_mode,
            o.cooldown,
            static_cast<value_type>(o.min_lr),
            static_cast<value_type>(o.eps)};
  }

  static void validate(const options_type& o) {
    detail::require_enum(o.mode, name, "mode");
    detail::require(o.factor > value_type(0) && o.factor < value_type(1), name, "factor",
                    "must be in (0, 1)", o.factor);
    detail::require(o.patience >= 0, name, "patience", "must be >= 0", o.patience);
    detail::require_nonnegative(o.threshold, name, "threshold");
    detail::require_enum(o.threshold_mode, name, "threshold_mode");
    detail::require(o.cooldown >= 0, name, "cooldown", "must be >= 0", o.cooldown);
    detail::require_nonnegative(o.min_lr, name, "min_lr");
    detail::require_nonnegative(o.eps, name, "eps");
  }

  // The level, and the scale the call operator multiplies by (computed here, not per call).
  void set_level(value_type level) noexcept {
    level_ = level;
    scale_ = peak_ == value_type(0) ? value_type(1) : level_ / peak_;
  }

  [[nodiscard]] static value_type peak_of(const S& s) {
    if constexpr (bounded_schedule<S>) {
      const value_type upper = s.bounds().upper;
      if (detail::is_finite(upper)) return upper;
    }
    return s(0);  // a schedule without bounds: its first value
  }

  [[nodiscard]] value_type worst() const noexcept {
    constexpr value_type inf = std::numeric_limits<value_type>::infinity();
    return options_.mode == plateau_mode::min ? inf : -inf;
  }

  // PyTorch's is_better.
  [[nodiscard]] bool better(value_type a) const noexcept {
    const value_type t = options_.threshold;
    const bool rel = options_.threshold_mode == lrsched::threshold_mode::rel;
    if (options_.mode == plateau_mode::min) {
      return rel ? a < best_ * (value_type(1) - t) : a < best_ - t;
    }
    return rel ? a > best_ * (t + value_type(1)) : a > best_ + t;
  }

  [[nodiscard]] static std::string real_text(value_type v) { return detail::format_value(v); }

  [[noreturn]] static void fail(const std::string& why) {
    detail::raise_error(std::invalid_argument("reduce_on_plateau::restore: " + why));
  }

  // key=value words after the header, in save()'s order.
  class reader {
   public:
    explicit reader(std::string_view text) : rest_(text) {
      if (word() != header) {
        fail(std::string("the text does not start with '").append(header).append("'"));
      }
    }
    value_type real(std::string_view key) {
      const std::string_view v = value(key);
      value_type x{};  // from_chars reads "inf" and "-inf" too, as format_value writes them
      const auto res = std::from_chars(v.data(), v.data() + v.size(), x);
      if (res.ec != std::errc{} || res.ptr != v.data() + v.size()) bad(key, v, "a number");
      return x;
    }
    std::int64_t integer(std::string_view key) {
      const std::string_view v = value(key);
      std::int64_t x = 0;
      const auto res = std::from_chars(v.data(), v.data() + v.size(), x);
      if (res.ec != std::errc{} || res.ptr != v.data() + v.size()) bad(key, v, "a whole number");
      return x;
    }
    template <class E>
    E enumeration(std::string_view key) {
      const std::string_view v = value(key);
      for (const auto& e : enum_names(E{})) {
        if (e.name == v) return e.value;
      }
      bad(key, v, detail::choices<E>());
    }
    void finish() {
      if (!word().empty()) fail("unexpected text after 'reductions'");
    }

   private:
    std::string_view word() {
      while (!rest_.empty() && rest_.front() == ' ') rest_.remove_prefix(1);
      const std::size_t end = rest_.find(' ');
      const std::string_view w = rest_.substr(0, end);
      rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end);
      return w;
    }
    std::string_view value(std::string_view key) {
      const std::string_view w = word();
      if (w.size() <= key.size() || w.substr(0, key.size()) != key || w[key.size()] != '=') {
        fail(std::string("expected '").append(key).append("=...', found '").append(w).append("'"));
      }
      return w.substr(key.size() + 1);
    }
    [[noreturn]] static void bad(std::string_view key, std::string_view v, std::string_view what) {
      fail(std::string(key)
               .append(" must be ")
               .append(what)
               .append(", not '")
               .append(v)
               .append("'"));
    }
    std::string_view rest_;
  };

  S base_;
  options_type options_;
  value_type peak_{};
  value_type level_{};
  value_type scale_ = value_type(1);  // level / peak
  value_type best_{};
  std::int64_t bad_ = 0;
  std::int64_t cooldown_left_ = 0;
  std::int64_t evaluations_ = 0;
  std::int64_t reductions_ = 0;
};

template <schedule S, std::floating_point T>
reduce_on_plateau(S, plateau_options<T>) -> reduce_on_plateau<S>;
template <schedule S>
reduce_on_plateau(S) -> reduce_on_plateau<S>;

}  // namespace lrsched
