// libFuzzer target: random schedules and composites built through the C++ API, in each value
// type, from parameters that lean on the extremes (subnormals, 1e300, 2^53 + 1 steps, INT64_MAX,
// inf, NaN, negatives). A constructor may reject its parameters (std::invalid_argument); what it
// accepts must be total and within its bounds at every probe step to INT64_MAX, non-increasing
// where the formula is (the decays), and read back bit for bit from to_spec, which refuses only
// what a spec cannot hold (nested more than 64 levels, a list of more than 256 entries).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "check.hpp"

namespace {

using lrsched::step_t;

/// The fuzzer's bytes, read front to back; zeros once they run out.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
    return v;
  }
  /// Mostly a value from the list of extremes, sometimes any bit pattern.
  template <class T>
  T real() {
    static constexpr double special[] = {0.0,
                                         -0.0,
                                         4.9406564584124654e-324,
                                         2.2250738585072014e-308,
                                         1e-300,
                                         1e-45,
                                         1e-30,
                                         1e-7,
                                         0.001,
                                         0.01,
                                         0.1,
                                         0.25,
                                         0.5,
                                         0.9,
                                         0.96,
                                         0.999999,
                                         1.0,
                                         1.0000000000000002,
                                         1.0000001,
                                         1.001,
                                         1.1,
                                         1.2,
                                         1.5,
                                         2.0,
                                         2.5,
                                         3.0,
                                         10.0,
                                         25.0,
                                         1e4,
                                         1e14,
                                         1e38,
                                         3.5e38,
                                         1e155,
                                         1e300,
                                         1.7976931348623157e308,
                                         -1.0,
                                         -1e-300,
                                         std::numeric_limits<double>::infinity(),
                                         std::numeric_limits<double>::quiet_NaN()};
    const std::uint8_t b = byte();
    if (b < 224) return static_cast<T>(special[b % std::size(special)]);
    const std::uint64_t bits = u64();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return static_cast<T>(d);
  }
  /// Mostly a step count from the list of extremes, sometimes any 64 bits.
  step_t steps() {
    static constexpr step_t special[] = {0,
                                         1,
                                         2,
                                         3,
                                         5,
                                         7,
                                         10,
                                         100,
                                         1000,
                                         10000,
                                         step_t{1} << 24,
                                         (step_t{1} << 24) + 1,
                                         step_t{1} << 53,
                                         (step_t{1} << 53) + 1,
                                         step_t{1} << 62,
                                         (step_t{1} << 62) + 1,
                                         std::numeric_limits<step_t>::max() - 1,
                                         std::numeric_limits<step_t>::max(),
                                         -1,
                                         std::numeric_limits<step_t>::min()};
    const std::uint8_t b = byte();
    if (b < 224) return special[b % std::size(special)];
    return static_cast<step_t>(u64());
  }
  bool coin() { return (byte() & 1) != 0; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

template <class T>
struct built {
  lrsched::any_schedule<T> s;
  bool decreasing;  // the formula never increases
};

// Deeper than a spec may nest (64), so that to_spec's refusal is reached, and shallow enough
// that this recursion's frames (large under ASan) fit the stack: a run of 600 adaptor bytes
// overflowed it.
constexpr int max_depth = 100;

template <class T>
std::optional<built<T>> make(input& in, int depth) {
  using namespace lrsched;
  if (depth >= max_depth) return std::nullopt;
  // Bytes from 240 pick the entries added after the seeds were made, so that every seed and
  // regression input still builds what it was made for.
  const std::uint8_t pick = in.byte();
  const int kind = pick >= 240 ? 100 + (pick - 240) % 10 : pick % (depth < 3 ? 16 : 14);
  try {
    switch (kind) {
      case 100:
        return built<T>{sigmoid_decay<T>(in.real<T>(), in.steps(), in.real<T>()), true};
      case 101: {
        const T lr = in.real<T>();
        const step_t steps = in.steps();
        const T end = in.real<T>(), lb = in.real<T>();
        return built<T>{tanh_decay<T>(lr, steps, end, lb, in.real<T>()), end <= lr};
      }
      case 102: {
        const T start = in.real<T>(), end = in.real<T>();
        const step_t steps = in.steps();
        const auto shape = static_cast<anneal_shape>(in.byte() % 4);
        return built<T>{anneal<T>(start, end, steps, shape), end <= start};
      }
      case 103: {
        const T lr = in.real<T>();
        const step_t warmup = in.steps(), stable = in.steps(), decay = in.steps();
        const T end = in.real<T>();
        const auto down = static_cast<anneal_shape>(in.byte() % 4);
        const auto up = static_cast<anneal_shape>(in.byte() % 4);
        const T start = in.real<T>();
        return built<T>{wsd<T>(lr, warmup, stable, decay, end, down, up, start),
                        end <= lr && (warmup <= 0 || start >= lr)};
      }
      case 104: {
        const T lr = in.real<T>();
        const step_t steps = in.steps();
        const T rate = in.real<T>();
        const bool staircase = in.coin();
        return built<T>{inverse_time_decay<T>(lr, steps, rate, staircase, in.real<T>()), true};
      }
      case 105: {
        const T lr = in.real<T>();
        const step_t first = in.steps();
        const T t_mul = in.real<T>(), m_mul = in.real<T>(), alpha = in.real<T>();
        return built<T>{cosine_decay_restarts<T>(lr, first, t_mul, m_mul, alpha, in.steps()),
                        false};
      }
      case 106:  // the adaptors added after the seeds
      case 107:
      case 108: {
        auto base = make<T>(in, depth + 1);
        if (!base) return std::nullopt;
        if (kind == 106) {
          const step_t steps = in.steps();
          const T start = in.real<T>();
          const auto shape = static_cast<warmup_shape>(in.byte() % 5);
          return built<T>{warmup_schedule<any_schedule<T>>(std::move(base->s), steps, start, shape,
                                                           in.real<T>()),
                          false};
        }
        if (kind == 107) {
          if (in.coin()) {
            return built<T>{per_epoch_schedule<any_schedule<T>>(std::move(base->s), in.steps()),
                            base->decreasing};
          }
          return built<T>{every_schedule<any_schedule<T>>(std::move(base->s), in.steps()),
                          base->decreasing};
        }
        const T pct = in.real<T>();
        return built<T>{noisy_schedule<any_schedule<T>>(std::move(base->s), pct, in.steps()),
                        false};
      }
      case 109: {
        const T base = in.real<T>(), max = in.real<T>();
        if (in.coin()) {
          const T lr = in.real<T>();
          const step_t total = in.steps();
          const T pct = in.real<T>();
          const auto how = in.coin() ? anneal_strategy::cos : anneal_strategy::linear;
          const T div = in.real<T>(), final_div = in.real<T>();
          return built<T>{
              cycle_momentum(one_cycle<T>(lr, total, pct, how, div, final_div, in.coin()), base,
                             max),
              false};
        }
        const T low = in.real<T>(), high = in.real<T>();
        const step_t up = in.steps();
        const auto mode = static_cast<cyclic_mode>(in.byte() % 3);
        const T gamma = in.real<T>();
        return built<T>{
            cycle_momentum(cyclic<T>(low, high, up, mode, gamma, in.steps()), base, max), false};
      }
      case 0:
        return built<T>{constant<T>(in.real<T>()), true};
      case 1:
        return built<T>{exponential_decay<T>(in.real<T>(), in.steps(), in.real<T>(), in.coin()),
                        true};
      case 2:
        return built<T>{inverse_time_decay<T>(in.real<T>(), in.steps(), in.real<T>(), in.coin()),
                        true};
      case 3:
        return built<T>{natural_exp_decay<T>(in.real<T>(), in.steps(), in.real<T>(), in.coin()),
                        true};
      case 4: {
        std::vector<step_t> boundaries(in.byte() % 5);
        std::vector<T> values(boundaries.size() + 1);
        for (step_t& b : boundaries) b = in.steps();
        for (T& v : values) v = in.real<T>();
        return built<T>{piecewise_constant<T>(boundaries, values), false};
      }
      case 5: {
        const T lr = in.real<T>(), end = in.real<T>();
        const step_t steps = in.steps();
        const bool cycle = in.coin();
        return built<T>{polynomial_decay<T>(lr, steps, end, in.real<T>(), cycle),
                        !cycle && end <= lr};
      }
      case 6:
        return built<T>{step_decay<T>(in.real<T>(), in.steps(), in.real<T>()), true};
      case 7: {
        std::vector<step_t> milestones(in.byte() % 5);
        for (step_t& m : milestones) m = in.steps();
        return built<T>{multistep_decay<T>(in.real<T>(), milestones, in.real<T>()), true};
      }
      case 8: {
        const T base = in.real<T>(), max = in.real<T>();
        const step_t up = in.steps();
        const auto mode = static_cast<cyclic_mode>(in.byte() % 3);
        return built<T>{cyclic<T>(base, max, up, mode, in.real<T>(), in.steps()), false};
      }
      case 9:
        return built<T>{cosine_decay<T>(in.real<T>(), in.steps(), in.real<T>()), true};
      case 10: {
        const T lr = in.real<T>();
        const step_t first = in.steps();
        const T t_mul = in.real<T>(), m_mul = in.real<T>();
        return built<T>{cosine_decay_restarts<T>(lr, first, t_mul, m_mul, in.real<T>()), false};
      }
      case 11: {
        const T start = in.real<T>(), end = in.real<T>();
        return built<T>{linear<T>(start, end, in.steps()), end <= start};
      }
      case 12: {
        const T max = in.real<T>();
        const step_t total = in.steps();
        const T pct = in.real<T>();
        const auto how = in.coin() ? anneal_strategy::cos : anneal_strategy::linear;
        const T div = in.real<T>(), final_div = in.real<T>();
        return built<T>{one_cycle<T>(max, total, pct, how, div, final_div, in.coin()), false};
      }
      case 13:
        return built<T>{inverse_sqrt<T>(in.real<T>(), in.steps()), true};
      case 14: {  // an adaptor over another schedule
        auto base = make<T>(in, depth + 1);
        if (!base) return std::nullopt;
        switch (in.byte() % 3) {
          case 0: {
            const step_t steps = in.steps();
            const T start = in.real<T>();
            const auto shape = static_cast<warmup_shape>(in.byte() % 3);
            return built<T>{
                warmup_schedule<any_schedule<T>>(std::move(base->s), steps, start, shape), false};
          }
          case 1:
            return built<T>{scaled_schedule<any_schedule<T>>(std::move(base->s), in.real<T>()),
                            base->decreasing};
          default: {
            const T lower = in.real<T>();
            if (in.coin()) {
              return built<T>{clamped_schedule<any_schedule<T>>(std::move(base->s), lower),
                              base->decreasing};
            }
            return built<T>{
                clamped_schedule<any_schedule<T>>(std::move(base->s), lower, in.real<T>()),
                base->decreasing};
          }
        }
      }
      default: {  // two schedules, multiplied or one after the other
        auto a = make<T>(in, depth + 1);
        auto b = make<T>(in, depth + 1);
        if (!a || !b) return std::nullopt;
        if (in.coin()) {
          return built<T>{
              product_schedule<any_schedule<T>, any_schedule<T>>(std::move(a->s), std::move(b->s)),
              false};
        }
        return built<T>{sequence_schedule<any_schedule<T>, any_schedule<T>>(
                            std::move(a->s), std::move(b->s), {in.steps()}),
                        false};
      }
    }
  } catch (const std::invalid_argument&) {
    return std::nullopt;  // rejected, as it may be
  }
}

template <class T>
void check_api(const std::uint8_t* data, std::size_t size) {
  input in(data, size);
  const auto b = make<T>(in, 0);
  if (!b) return;
  std::string name;
  bool written = true;
  try {
    name = lrsched::to_spec(b->s);
  } catch (const std::invalid_argument& e) {
    // C++ builds what a spec cannot hold (nested deeper, a longer list): to_spec must refuse
    // exactly those, whose text the reader indeed rejects for its limits.
    std::string raw;
    lrsched::detail::append_spec_as<T>(raw, b->s);
    bool rejected = false;
    try {
      (void)lrsched::parse_schedule<T>(raw);
    } catch (const lrsched::spec_error& r) {
      const std::string why = r.what();
      rejected = why.find("nested more than") != std::string::npos ||
                 why.find("a list has at most") != std::string::npos;
    }
    if (!rejected) {
      lrsched_fuzz::broken(
          std::string("to_spec refused a schedule the reader accepts: ") + e.what(), raw);
    }
    name = raw;
    written = false;
  }
  std::vector<step_t> extra;
  for (int i = 0; i < 8; ++i) extra.push_back(in.steps());
  lrsched_fuzz::check_total(b->s, name, extra);
  if (written) lrsched_fuzz::check_round_trip(b->s, name);
  if (b->decreasing) lrsched_fuzz::check_non_increasing(b->s, name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_api<double>(data, size);
  check_api<float>(data, size);
  check_api<long double>(data, size);
  return 0;
}
