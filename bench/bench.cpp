// lrsched benchmarks: every schedule against the formula a user would type (naive) and the best
// hand-written one (precomputed constants), composites against one fused lambda, type erasure
// against the static type, and optimizer loops with and without a schedule. Ratios between
// benchmarks of the same run are the result; bench/run turns the JSON into tables.
//
// Names: GROUP/CASE/VARIANT/ACCESS, e.g. schedule/cosine_decay/lrsched/consecutive.
#include <benchmark/benchmark.h>

#include <lrsched/lrsched.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#ifdef LRSCHED_BENCH_TORCH
#include <torch/torch.h>
#endif

namespace {

using lrsched::step_t;
constexpr double pi = std::numbers::pi;

// ----------------------------------------------------------------------------------------------
// Access patterns: consecutive steps (an optimizer loop) and random steps (no branch history).

std::vector<step_t> random_steps(step_t range) {
  std::mt19937_64 rng(42);
  std::vector<step_t> steps(4096);
  for (auto& t : steps) t = std::uniform_int_distribution<step_t>(0, range)(rng);
  return steps;
}

// Keeps a computed rate: it must be in a register, so the call cannot be dropped or folded away,
// and nothing is stored or reloaded. (benchmark::DoNotOptimize on a double was seen reading back
// a stale 0 with g++ 12, google/benchmark#903, and its memory operand adds a store per call.)
template <class T>
inline void keep(T v) {
#if defined(__GNUC__) || defined(__clang__)
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    asm volatile("" : : "x"(v));
  } else {
    benchmark::DoNotOptimize(v);
  }
#else
  benchmark::DoNotOptimize(v);
#endif
}

// What a performance engineer writes for a division by a divisor known only at run time
// (libdivide's method): n / d as a 128-bit multiply by a precomputed m = ceil(2^(63 + l) / d) and a
// shift, l = ceil(log2 d), exact for 0 <= n < 2^63. The baselines divide so wherever they divide a
// step.
struct fast_divisor {
  explicit fast_divisor(step_t divisor)
      : d(static_cast<std::uint64_t>(divisor)),
        shift(static_cast<int>(std::bit_width(d - 1))),
        m(static_cast<std::uint64_t>(
            ((__extension__(unsigned __int128){1} << (63 + shift)) + d - 1) / d)) {}
  [[nodiscard]] step_t quotient(step_t n) const {
    __extension__ using u128 = unsigned __int128;
    const auto high = static_cast<std::uint64_t>(
        (static_cast<u128>(static_cast<std::uint64_t>(n) << 1) * m) >> 64);
    return static_cast<step_t>(high >> shift);
  }
  [[nodiscard]] step_t remainder(step_t n) const {
    return n - quotient(n) * static_cast<step_t>(d);
  }
  std::uint64_t d;
  int shift;
  std::uint64_t m;
};

// exp(n * k) for n >= 0 and k <= 0 as exact as exp itself however large n * k grows, as lrsched's
// exponential decays compute it (tests/runtime/accuracy.cpp holds them to 4 ulp; a plain
// exp(n * k) loses about |n k| / 2 ulp, 30 ulp at n k = -60): k in long double, split as hi + lo
// with hi of 26 bits (Veltkamp), so that n * hi is exact for n < 2^27; the rounding of
// n * hi + n * lo is carried into the result (Fast2Sum). Beyond 2^27 steps, a plain product.
struct exact_exp {
  explicit exact_exp(long double k) {
    const auto x = static_cast<double>(k);
    const double t = 134217729.0 * x;  // 2^27 + 1
    hi = t - (t - x);
    lo = static_cast<double>(k - static_cast<long double>(hi));
  }
  [[nodiscard]] double operator()(step_t n) const {
    const auto x = static_cast<double>(n);
    if (n >= (step_t{1} << 27)) return std::exp(x * (hi + lo));
    const double high = x * hi, low = x * lo, sum = high + low;
    const double e = std::exp(sum);
    return e + e * ((high - sum) + low);
  }
  double hi, lo;
};

// lr * gamma^k for k = 0..7: the table a hand-written staircase decay looks its first rates up in.
std::array<double, 8> rate_table(double lr, double gamma) {
  std::array<double, 8> r{};
  for (std::size_t k = 0; k < r.size(); ++k) r[k] = lr * std::pow(gamma, static_cast<double>(k));
  return r;
}

// How many of three steps (each >= 0) are < t, or <= t when `inclusive`, with a step below 0 as 0:
// the step and the entries compared as unsigned, whose compare leaves its result in the carry
// flag, so that the count is `cmp` and `adc` per entry where a signed compare needs `setcc` and
// an add besides. The count a performance engineer would write for a list of known length.
inline std::size_t count3(const std::array<step_t, 3>& e, step_t t, bool inclusive) {
  const auto u = static_cast<std::uint64_t>(std::max<step_t>(t, 0));
  const auto e0 = static_cast<std::uint64_t>(e[0]), e1 = static_cast<std::uint64_t>(e[1]),
             e2 = static_cast<std::uint64_t>(e[2]);
  // Spelled out: g++ -O2 keeps a three-iteration loop as a loop.
  if (inclusive) {
    return std::size_t{3} - (static_cast<std::size_t>(u < e0) + static_cast<std::size_t>(u < e1) +
                             static_cast<std::size_t>(u < e2));
  }
  return static_cast<std::size_t>(e0 < u) + static_cast<std::size_t>(e1 < u) +
         static_cast<std::size_t>(e2 < u);
}

// A parameter as the baselines get it: a value known only at run time, as lrsched's schedules
// have theirs (from a config file or a spec). A literal would let the compiler fold a division
// by a step count into a multiplication, or `pow(x, 2.0)` into `x * x`, that a schedule built at
// run time cannot have.
template <class T>
T opaque(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    asm volatile("" : "+x"(v));
  } else {
    asm volatile("" : "+r"(v));
  }
  return v;
}

template <class F>
void register_case(const std::string& group, const std::string& name, const std::string& variant,
                   F f, step_t range) {
  benchmark::RegisterBenchmark((group + "/" + name + "/" + variant + "/consecutive").c_str(),
                               [f, range](benchmark::State& state) {
                                 step_t t = 0;
                                 for (auto _ : state) {
                                   keep(f(t));
                                   t = t == range ? 0 : t + 1;
                                 }
                               });
  benchmark::RegisterBenchmark((group + "/" + name + "/" + variant + "/random").c_str(),
                               [f, steps = random_steps(range)](benchmark::State& state) {
                                 std::size_t i = 0;
                                 for (auto _ : state) {
                                   keep(f(steps[i]));
                                   i = (i + 1) & (steps.size() - 1);
                                 }
                               });
}

// Paired measurement, for the ratios: each iteration is one round that times a batch of calls of
// every variant, in an order that rotates from round to round, and records each variant's time
// over the first variant's. The counters are the medians of those ratios over the rounds: a slow
// phase of the machine lands on every variant of a round alike and cancels from its ratios.
// Named paired/GROUP/CASE/ACCESS; one counter per variant after the first, named by the variant.
constexpr std::size_t batch = 2048;

template <class F>
double batch_ns(const F& f, const std::vector<step_t>* steps, step_t range, step_t& t) {
  const auto start = std::chrono::steady_clock::now();
  if (steps != nullptr) {
    for (std::size_t i = 0; i < batch; ++i) keep(f((*steps)[i]));
  } else {
    for (std::size_t i = 0; i < batch; ++i) {
      keep(f(t));
      t = t == range ? 0 : t + 1;
    }
  }
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
}

template <class... F>
void register_paired(const std::string& group, const std::string& name,
                     const std::vector<std::string>& names, step_t range, F... fs) {
  constexpr std::size_t k = sizeof...(F);
  for (const bool random : {false, true}) {
    const std::string access = random ? "random" : "consecutive";
    benchmark::RegisterBenchmark(
        ("paired/" + group + "/" + name + "/" + access).c_str(),
        [=, variants = std::tuple<F...>(fs...),
         steps = random_steps(range)](benchmark::State& state) {
          std::vector<std::array<double, k>> rounds;
          std::array<step_t, k> t{};
          std::size_t round = 0;
          for (auto _ : state) {
            std::array<double, k> ns{};
            for (std::size_t i = 0; i < k; ++i) {
              const std::size_t v = (i + round) % k;
              [&]<std::size_t... I>(std::index_sequence<I...>) {
                ((I == v ? (ns[I] = batch_ns(std::get<I>(variants), random ? &steps : nullptr,
                                             range, t[I]),
                            0)
                         : 0),
                 ...);
              }
              (std::index_sequence_for<F...>{});
            }
            rounds.push_back(ns);
            ++round;
          }
          for (std::size_t v = 1; v < k; ++v) {
            std::vector<double> r;
            for (const auto& ns : rounds) r.push_back(ns[v] / ns[0]);
            std::nth_element(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(r.size() / 2),
                             r.end());
            state.counters[names[v]] = r[r.size() / 2];
          }
        })
        ->Iterations(201);
  }
}

// lrsched, the naive formula and the best hand-written one, over steps [0, range].
template <class S, class Naive, class Best>
void schedule_case(const std::string& name, S s, Naive naive, Best best, step_t range) {
  register_case("schedule", name, "lrsched", s, range);
  register_case("schedule", name, "naive", naive, range);
  register_case("schedule", name, "best", best, range);
  register_paired("schedule", name, {"lrsched", "naive", "best"}, range, s, naive, best);
}

// A composite against the same schedule fused by hand, over steps [0, range].
template <class S, class Fused>
void composite_case(const std::string& name, S s, Fused fused, step_t range) {
  register_case("composite", name, "lrsched", s, range);
  register_case("composite", name, "fused", fused, range);
  register_paired("composite", name, {"lrsched", "fused"}, range, s, fused);
}

void register_schedules() {
  {
    const double lr = opaque(0.1);
    schedule_case(
        "constant", lrsched::constant(lr), [lr](step_t) { return lr; }, [lr](step_t) { return lr; },
        20'000);
  }
  {
    const double lr = opaque(0.1), rate = opaque(0.96);
    const step_t steps = opaque(1000);
    // The best: the exponent's factor precomputed, the exponent exact (see exact_exp).
    const long double log_rate = std::log(static_cast<long double>(rate));
    schedule_case(
        "exponential_decay", lrsched::exponential_decay(lr, steps, rate),
        [=](step_t t) {
          return lr * std::pow(rate, static_cast<double>(t) / static_cast<double>(steps));
        },
        [=, e = exact_exp(log_rate / static_cast<long double>(steps))](step_t t) {
          return lr * e(t);
        },
        20'000);
    schedule_case(
        "exponential_decay_staircase", lrsched::exponential_decay(lr, steps, rate, true),
        [=](step_t t) { return lr * std::pow(rate, static_cast<double>(t / steps)); },
        [=, div = fast_divisor(steps), e = exact_exp(log_rate)](step_t t) {
          return lr * e(div.quotient(t));
        },
        20'000);
  }
  {
    const double lr = opaque(0.1), rate = opaque(0.5);
    const step_t steps = opaque(1000);
    const double k = rate / static_cast<double>(steps);
    schedule_case(
        "inverse_time_decay", lrsched::inverse_time_decay(lr, steps, rate),
        [=](step_t t) {
          return lr / (1 + rate * static_cast<double>(t) / static_cast<double>(steps));
        },
        [=](step_t t) { return lr / (1 + k * static_cast<double>(t)); }, 20'000);
    schedule_case(
        "natural_exp_decay", lrsched::natural_exp_decay(lr, steps, rate),
        [=](step_t t) {
          return lr * std::exp(-rate * static_cast<double>(t) / static_cast<double>(steps));
        },
        [=, e = exact_exp(-static_cast<long double>(rate) / static_cast<long double>(steps))](
            step_t t) { return lr * e(t); },
        20'000);
  }
  {
    // Boundaries and values known at run time, as from a config file. The naive form: the first
    // boundary not below t, by std::lower_bound. The best: the number of boundaries (three) known
    // when it is compiled, three compares summed, no branch, and a table lookup; the step made
    // >= 0 and compared unsigned, so that each compare is a `cmp` and an `adc` (see count3).
    const std::array<step_t, 3> b{opaque(step_t{1000}), opaque(step_t{5000}), opaque(step_t{9000})};
    const std::array<double, 4> v{opaque(0.1), opaque(0.05), opaque(0.01), opaque(0.001)};
    schedule_case(
        "piecewise_constant",
        lrsched::piecewise_constant({b[0], b[1], b[2]}, {v[0], v[1], v[2], v[3]}),
        [b, v](step_t t) {
          return v[static_cast<std::size_t>(std::lower_bound(b.begin(), b.end(), t) - b.begin())];
        },
        [b, v](step_t t) { return v[count3(b, t, false)]; }, 12'000);
  }
  {
    const double lr = opaque(0.1), end = opaque(0.001), power = opaque(2.0);
    const step_t steps = opaque(10'000);
    const double inv = 1.0 / static_cast<double>(steps), span = lr - end;
    schedule_case(
        "polynomial_decay", lrsched::polynomial_decay(lr, steps, end, power),
        [=](step_t t) {
          const double u = static_cast<double>(std::min(t, steps));
          return (lr - end) * std::pow(1 - u / static_cast<double>(steps), power) + end;
        },
        // The best: the count of steps left in integers (no cancellation near the end), power 2
        // hard-coded.
        [=](step_t t) {
          const step_t u = std::min(std::max<step_t>(t, 0), steps);
          const double r = static_cast<double>(steps - u) * inv;
          return span * (r * r) + end;
        },
        12'000);
  }
  {
    const double lr = opaque(0.1), gamma = opaque(0.5);
    const step_t size = opaque(3000);
    const double log_gamma = std::log(gamma);
    schedule_case(
        "step_decay", lrsched::step_decay(lr, size, gamma),
        [=](step_t t) { return lr * std::pow(gamma, static_cast<double>(t / size)); },
        // The best: lr * gamma^k from a table for the first eight periods, exp beyond.
        [=, div = fast_divisor(size), table = rate_table(lr, gamma)](step_t t) {
          const auto k = static_cast<std::size_t>(div.quotient(std::max<step_t>(t, 0)));
          if (k < table.size()) return table[k];
          return lr * std::exp(log_gamma * static_cast<double>(k));
        },
        20'000);
  }
  {
    const double lr = opaque(0.1), gamma = opaque(0.1);
    const std::vector<step_t> milestones{3000, 6000, 9000};
    const std::array<step_t, 3> m{opaque(step_t{3000}), opaque(step_t{6000}), opaque(step_t{9000})};
    // The best: the count of milestones passed, three compares summed (unsigned, see count3),
    // into a table of lr * gamma^k.
    const std::array<double, 4> rates{lr, lr * gamma, lr * gamma * gamma,
                                      lr * gamma * gamma * gamma};
    schedule_case(
        "multistep_decay", lrsched::multistep_decay(lr, {m[0], m[1], m[2]}, gamma),
        [=](step_t t) {
          int k = 0;
          for (const step_t x : milestones) k += x <= t ? 1 : 0;
          return lr * std::pow(gamma, k);
        },
        [m, rates](step_t t) { return rates[count3(m, t, true)]; }, 12'000);
  }
  {
    const double base = opaque(0.001), max = opaque(0.006);
    const step_t up = opaque(2000), down = opaque(2000);
    const double inv_up = 1.0 / static_cast<double>(up), height = max - base;
    const double inv_down = 1.0 / static_cast<double>(down);
    // The naive form: PyTorch's CyclicLR arithmetic.
    const double total = 2.0 * static_cast<double>(up), ratio = static_cast<double>(up) / total;
    schedule_case(
        "cyclic", lrsched::cyclic(base, max, up, lrsched::cyclic_mode::triangular, 1.0, down),
        [=](step_t t) {
          const double cycle = std::floor(1 + static_cast<double>(t) / total);
          const double x = 1.0 + static_cast<double>(t) / total - cycle;
          const double f = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
          return base + (max - base) * f;
        },
        // The best: the same function (steps below 0 as 0, a down phase of its own length),
        // without a division.
        [=, cycle = fast_divisor(up + down)](step_t t) {
          const step_t x = cycle.remainder(std::max<step_t>(t, 0));
          const double h = x <= up ? static_cast<double>(x) * inv_up
                                   : 1.0 - static_cast<double>(x - up) * inv_down;
          return base + height * h;
        },
        20'000);
    const double gamma = opaque(0.9999);
    schedule_case(
        "cyclic_exp_range",
        lrsched::cyclic(base, max, up, lrsched::cyclic_mode::exp_range, gamma, down),
        [=](step_t t) {
          const double cycle = std::floor(1 + static_cast<double>(t) / total);
          const double x = 1.0 + static_cast<double>(t) / total - cycle;
          const double f = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
          return base + (max - base) * f * std::pow(gamma, static_cast<double>(t));
        },
        // The best: as for cyclic, times gamma^t with the exponent exact (see exact_exp).
        [=, cycle = fast_divisor(up + down),
         e = exact_exp(std::log(static_cast<long double>(gamma)))](step_t t) {
          const step_t s = std::max<step_t>(t, 0), x = cycle.remainder(s);
          const double h = x <= up ? static_cast<double>(x) * inv_up
                                   : 1.0 - static_cast<double>(x - up) * inv_down;
          return base + height * h * e(s);
        },
        20'000);
  }
  {
    const double lr = opaque(0.1), alpha = opaque(0.01);
    const step_t steps = opaque(10'000);
    const double w = pi / static_cast<double>(steps), c1 = lr * (1 - alpha) / 2,
                 c0 = c1 + lr * alpha;
    schedule_case(
        "cosine_decay", lrsched::cosine_decay(lr, steps, alpha),
        [=](step_t t) {
          const double u = static_cast<double>(std::min(t, steps));
          return lr *
                 ((1 - alpha) * (1 + std::cos(pi * u / static_cast<double>(steps))) / 2 + alpha);
        },
        [=](step_t t) { return c0 + c1 * std::cos(w * static_cast<double>(std::min(t, steps))); },
        12'000);
  }
  {
    const double lr = opaque(0.1), t_mul = opaque(2.0), m_mul = opaque(0.9), alpha = opaque(0.01);
    const step_t first = opaque(1000);
    const double f = static_cast<double>(first);
    schedule_case(
        "cosine_decay_restarts", lrsched::cosine_decay_restarts(lr, first, t_mul, m_mul, alpha),
        // The naive form: walk the periods (the loop Keras' test uses as its expectation).
        [=](step_t t) {
          double u = static_cast<double>(t), length = f, amplitude = 1;
          while (u >= length) u -= length, length *= t_mul, amplitude *= m_mul;
          return lr * ((1 - alpha) * amplitude * (1 + std::cos(pi * u / length)) / 2 + alpha);
        },
        // The best, for t_mul = 2 hard-coded: period i = bit_width(t / F + 1) - 1 (one multiply
        // for the division), its start F (2^i - 1) and length F 2^i in integers, m_mul^i from a
        // table, and the value as sin^2 of the exact steps left (the accuracy lrsched keeps at the
        // end of a period, where 1 + cos cancels).
        [=, period = fast_divisor(first),
         peaks =
             [&] {
               std::array<double, 64> p{};
               for (std::size_t i = 0; i < p.size(); ++i)
                 p[i] = std::pow(m_mul, static_cast<double>(i));
               return p;
             }(),
         c1 = lr * (1 - alpha), c0 = lr * alpha](step_t t) {
          const step_t s = std::max<step_t>(t, 0);
          const auto i = static_cast<int>(
              std::bit_width(static_cast<std::uint64_t>(period.quotient(s)) + 1) - 1);
          const step_t length = first << i, left = length - first - (s - length);
          const double x =
              std::sin(pi / 2 * static_cast<double>(left) / static_cast<double>(length));
          return c1 * peaks[static_cast<std::size_t>(i)] * (x * x) + c0;
        },
        60'000);
  }
  {
    const double start = opaque(0.0), end = opaque(0.1);
    const step_t steps = opaque(1000);
    const bool rising = start <= end;
    const double low = std::min(start, end), high = std::max(start, end);
    const double slope = (high - low) / static_cast<double>(steps);
    schedule_case(
        "linear", lrsched::linear(start, end, steps),
        [=](step_t t) {
          return start + (end - start) * static_cast<double>(std::min(t, steps)) /
                             static_cast<double>(steps);
        },
        // The best: from the smaller end, with the exact count of steps from it (the plain
        // `start + k * t` cancels falling towards a small end), capped there.
        [=](step_t t) {
          const step_t s = std::min(std::max<step_t>(t, 0), steps);
          const step_t n = rising ? s : steps - s;
          return std::min(low + slope * static_cast<double>(n), high);
        },
        1'200);
  }
  {
    const double max_lr = opaque(0.1), pct = opaque(0.3);
    const step_t total = opaque(10'000);
    const double initial = max_lr / 25, min_lr = initial / 1e4;
    const double end1 = pct * static_cast<double>(total) - 1, last = static_cast<double>(total) - 1;
    const double inv1 = 1 / end1, inv2 = 1 / (last - end1);
    schedule_case(
        "one_cycle", lrsched::one_cycle(max_lr, total, pct),
        // The naive form: PyTorch's phase loop.
        [=](step_t t) {
          struct phase {
            double end, from, to;
          };
          const phase phases[] = {{end1, initial, max_lr}, {last, max_lr, min_lr}};
          double begin = 0;
          for (int i = 0; i < 2; ++i) {
            if (static_cast<double>(t) <= phases[i].end || i == 1) {
              const double p = (static_cast<double>(t) - begin) / (phases[i].end - begin);
              return phases[i].to + (phases[i].from - phases[i].to) / 2 * (std::cos(pi * p) + 1);
            }
            begin = phases[i].end;
          }
          return min_lr;
        },
        [=](step_t t) {
          const double x = static_cast<double>(std::min(t, total - 1));
          if (x <= end1) return max_lr + (initial - max_lr) / 2 * (std::cos(pi * x * inv1) + 1);
          return min_lr + (max_lr - min_lr) / 2 * (std::cos(pi * (x - end1) * inv2) + 1);
        },
        12'000);
  }
  {
    const double lr = opaque(0.1);
    const step_t ts = opaque(1000);
    const double inv = 1.0 / static_cast<double>(ts);
    schedule_case(
        "inverse_sqrt", lrsched::inverse_sqrt(lr, ts),
        [=](step_t t) {
          return lr / std::sqrt(1 + static_cast<double>(t) / static_cast<double>(ts));
        },
        [=](step_t t) { return lr / std::sqrt(1 + static_cast<double>(t) * inv); }, 20'000);
  }
  {
    const double lr = opaque(0.1), rate = opaque(0.001);
    const step_t mid = opaque(10'000);
    schedule_case(
        "sigmoid_decay", lrsched::sigmoid_decay(lr, mid, rate),
        // The naive form: Darknet's, with a signed difference.
        [=](step_t t) { return lr / (1 + std::exp(rate * static_cast<double>(t - mid))); },
        // The best: one exp of a precomputed slope and offset.
        [=, c = rate * static_cast<double>(mid)](step_t t) {
          return lr / (1 + std::exp(rate * static_cast<double>(t) - c));
        },
        20'000);
  }
  {
    const double lr = opaque(0.1), end = opaque(0.001), lb = opaque(-7), ub = opaque(3);
    const step_t steps = opaque(20'000);
    const double inv = 1.0 / static_cast<double>(steps), width = ub - lb;
    schedule_case(
        "tanh_decay", lrsched::tanh_decay(lr, steps, end, lb, ub),
        // The naive form: timm's.
        [=](step_t t) {
          if (t >= steps) return end;
          const double p = static_cast<double>(t) / static_cast<double>(steps);
          return end + 0.5 * (lr - end) * (1 - std::tanh(lb * (1 - p) + ub * p));
        },
        // The best: the argument as one multiply-add, (1 - tanh(a)) / 2 as 1 / (1 + e^2a).
        [=](step_t t) {
          if (t >= steps) return end;
          const double a = lb + width * (static_cast<double>(t) * inv);
          return end + (lr - end) / (1 + std::exp(2 * a));
        },
        20'000);
  }
  {
    const double start = opaque(0.1), end = opaque(0.001);
    const step_t steps = opaque(20'000);
    const double inv = 1.0 / static_cast<double>(steps), k = std::log(end / start) * inv;
    schedule_case(
        "anneal_cos", lrsched::anneal(start, end, steps),
        // The naive form: fastai's SchedCos.
        [=](step_t t) {
          const double p = static_cast<double>(std::min(t, steps)) / static_cast<double>(steps);
          return start + (end - start) * (1 - std::cos(pi * p)) / 2;
        },
        // The best: one cosine of a precomputed angle per step, the halves folded in.
        [=, h = (end - start) / 2, w = pi * inv](step_t t) {
          if (t >= steps) return end;
          return start + h - h * std::cos(w * static_cast<double>(t));
        },
        20'000);
    schedule_case(
        "anneal_exp", lrsched::anneal(start, end, steps, lrsched::anneal_shape::exp),
        [=](step_t t) {
          const double p = static_cast<double>(std::min(t, steps)) / static_cast<double>(steps);
          return start * std::pow(end / start, p);
        },
        [=](step_t t) { return t >= steps ? end : start * std::exp(k * static_cast<double>(t)); },
        20'000);
  }
  {
    const double lr = opaque(0.1), end = opaque(0.001);
    const step_t w = opaque(1000), st = opaque(8000), d = opaque(1000);
    schedule_case(
        "wsd_sqrt", lrsched::wsd(lr, w, st, d, end, lrsched::anneal_shape::sqrt),
        // The naive form: HF's lambda times lr, with min_lr_ratio = end / lr.
        [=](step_t t) {
          const double m = end / lr;
          if (t < w) return lr * (static_cast<double>(t) / static_cast<double>(w));
          if (t < w + st) return lr;
          if (t < w + st + d) {
            const double p = static_cast<double>(t - w - st) / static_cast<double>(d);
            return lr * ((1 - std::sqrt(p)) * (1 - m) + m);
          }
          return end;
        },
        // The best: precomputed slopes, one sqrt in the decay, and 1 - sqrt(p) written as
        // (1 - p) / (1 + sqrt(p)) with 1 - p from the exact count of steps left: the plain
        // 1 - sqrt(p) cancels towards the end, up to 13 004 ulp off over 50 000 steps to 0
        // (tests/runtime/accuracy.cpp holds lrsched to 4).
        [=, up = lr / static_cast<double>(w), inv = 1.0 / static_cast<double>(d),
         h = lr - end](step_t t) {
          if (t < w) return up * static_cast<double>(t);
          if (t < w + st) return lr;
          if (t >= w + st + d) return end;
          const step_t u = t - w - st;
          return end + h * (static_cast<double>(d - u) * inv /
                            (1 + std::sqrt(static_cast<double>(u) * inv)));
        },
        10'000);
  }
  {
    const double lr = opaque(0.01), gamma = opaque(1e-4), power = opaque(0.75);
    schedule_case(
        "inverse_time_power", lrsched::inverse_time_decay(lr, 1, gamma, false, power),
        // The naive form: Caffe's inv.
        [=](step_t t) { return lr * std::pow(1 + gamma * static_cast<double>(t), -power); },
        [=, np = -power](step_t t) {
          return lr * std::pow(1 + gamma * static_cast<double>(t), np);
        },
        20'000);
  }
  {
    const double lr = opaque(0.1), alpha = opaque(0.01);
    const step_t f = opaque(1000);
    const int cycles = opaque(3);
    const double w = pi / static_cast<double>(f);
    schedule_case(
        "restarts_cycles", lrsched::cosine_decay_restarts(lr, f, 1.0, 1.0, alpha, cycles),
        // The naive form: timm's CosineLRScheduler with cycle_mul = 1 and cycle_limit.
        [=](step_t t) {
          const step_t i = t / f;
          if (i >= cycles) return lr * alpha;
          const double u = static_cast<double>(t - f * i);
          return lr * alpha +
                 0.5 * (lr - lr * alpha) * (1 + std::cos(pi * u / static_cast<double>(f)));
        },
        [=, c1 = lr * (1 - alpha) / 2, end = f * cycles, period = fast_divisor(f)](step_t t) {
          if (t >= end) return lr * alpha;
          return c1 * (1 + std::cos(w * static_cast<double>(period.remainder(t)))) + lr * alpha;
        },
        5'000);
  }
  {
    const double max_lr = opaque(0.1), base_m = opaque(0.85), max_m = opaque(0.95);
    const step_t total = opaque(10'000);
    const double end1 = 0.3 * static_cast<double>(total) - 1, last = static_cast<double>(total) - 1;
    const double inv1 = 1 / end1, inv2 = 1 / (last - end1);
    schedule_case(
        "cycle_momentum_one_cycle", lrsched::cycle_momentum(lrsched::one_cycle(max_lr, total)),
        // The naive form: PyTorch's OneCycleLR momentum, phase ends recomputed per call.
        [=](step_t t) {
          const double x = static_cast<double>(std::min(t, total - 1));
          const double e1 = 0.3 * static_cast<double>(total) - 1;
          const double e2 = static_cast<double>(total) - 1;
          if (x <= e1) return base_m + (max_m - base_m) / 2 * (std::cos(pi * x / e1) + 1);
          return max_m + (base_m - max_m) / 2 * (std::cos(pi * (x - e1) / (e2 - e1)) + 1);
        },
        [=, h = (max_m - base_m) / 2](step_t t) {
          const double x = static_cast<double>(std::min(t, total - 1));
          if (x <= end1) return base_m + h * (std::cos(pi * x * inv1) + 1);
          return max_m - h * (std::cos(pi * (x - end1) * inv2) + 1);
        },
        12'000);
  }
}

// ----------------------------------------------------------------------------------------------
// Composites against one fused lambda, and type erasure against the static type.

void register_composites() {
  const double lr = 0.1, alpha = 0.01;
  const step_t warm = 500, steps = 10'000;
  const double w = pi / static_cast<double>(steps), c1 = lr * (1 - alpha) / 2, c0 = c1 + lr * alpha;
  const double ramp = lr / static_cast<double>(warm);
  // cosine_decay(lr, steps, alpha) at step u >= 0, written out: the tail of the fused forms.
  const auto cosine_at = [=](step_t u) {
    return c0 + c1 * std::cos(w * static_cast<double>(std::min(u, steps)));
  };
  const auto warm_cos = lrsched::cosine_decay(lr, steps, alpha) | lrsched::with_warmup(warm);
  const auto fused_warm_cos = [=](step_t t) {
    if (t < warm) return ramp * static_cast<double>(t);
    return cosine_at(t - warm);
  };
  composite_case("warmup_cosine", warm_cos, fused_warm_cos, 12'000);

  // The warmup shapes cos and poly (power known at run time, as from a spec): the ramp as a
  // hand-writer of the same accuracy writes it, sin^2 for (1 - cos) / 2 (no cancellation near 0),
  // pow for the power.
  const double power = opaque(2.0);
  const auto warm_cos_cos = lrsched::cosine_decay(lr, steps, alpha) |
                            lrsched::with_warmup(warm, 0.0, lrsched::warmup_shape::cos);
  const auto fused_warm_cos_cos = [=, half = pi / 2 / static_cast<double>(warm)](step_t t) {
    if (t < warm) {
      const double r = std::sin(half * static_cast<double>(t));
      return lr * (r * r);
    }
    return cosine_at(t - warm);
  };
  composite_case("warmup_cos_cosine", warm_cos_cos, fused_warm_cos_cos, 12'000);
  const auto warm_poly_cos = lrsched::cosine_decay(lr, steps, alpha) |
                             lrsched::with_warmup(warm, 0.0, lrsched::warmup_shape::poly, power);
  const auto fused_warm_poly_cos = [=, inv = 1.0 / static_cast<double>(warm)](step_t t) {
    if (t < warm) return lr * std::pow(static_cast<double>(t) * inv, power);
    return cosine_at(t - warm);
  };
  composite_case("warmup_poly_cosine", warm_poly_cos, fused_warm_poly_cos, 12'000);
  // every(k): the base held for k steps at a time, the step rounded down by one remainder.
  const step_t hold = opaque(50);
  const auto every_cos = lrsched::cosine_decay(lr, steps, alpha) | lrsched::every(hold);
  const auto fused_every_cos = [=, k = fast_divisor(hold)](step_t t) {
    const step_t s = std::max<step_t>(t, 0);
    return cosine_at(s - k.remainder(s));
  };
  composite_case("cosine_every", every_cos, fused_every_cos, 12'000);

  const auto three = lrsched::sequence(lrsched::constant(lr), 1000, lrsched::linear(lr, 0.01, 4000),
                                       5000, lrsched::cosine_decay(0.01, 5000));
  const double k = (0.01 - lr) / 4000, w2 = pi / 5000;
  const auto fused_three = [=](step_t t) {
    if (t < 1000) return lr;
    if (t < 5000) return lr + k * static_cast<double>(t - 1000);
    return 0.005 + 0.005 * std::cos(w2 * static_cast<double>(std::min<step_t>(t - 5000, 5000)));
  };
  composite_case("sequence3", three, fused_three, 12'000);

  const auto clamp_scale =
      lrsched::cosine_decay(lr, steps) | lrsched::scaled(2.0) | lrsched::clamped(0.01, 0.15);
  const double c = lr;  // 2 * lr / 2
  const auto fused_clamp_scale = [=](step_t t) {
    const double v = c + c * std::cos(w * static_cast<double>(std::min(t, steps)));
    return std::clamp(v, 0.01, 0.15);
  };
  composite_case("clamped_scaled", clamp_scale, fused_clamp_scale, 12'000);

  // A schedule in epochs stepped per update: one division more than the fused step_decay, which
  // divides once by steps per epoch times epochs per decay and looks the rate up in its table.
  const step_t per_epoch = opaque(391), epochs_per_decay = opaque(30);
  const double half = opaque(0.5);
  const auto epochs =
      lrsched::step_decay(lr, epochs_per_decay, half) | lrsched::per_epoch(per_epoch);
  const auto fused_epochs = [=, div = fast_divisor(per_epoch * epochs_per_decay),
                             k = std::log(half), table = rate_table(lr, half)](step_t t) {
    const auto i = static_cast<std::size_t>(div.quotient(std::max<step_t>(t, 0)));
    if (i < table.size()) return table[i];
    return lr * std::exp(k * static_cast<double>(i));
  };
  composite_case("step_per_epoch", epochs, fused_epochs, 12'000);
  // Noise: the same SplitMix64 hash written inline.
  const auto noisy = lrsched::cosine_decay(lr, steps) | lrsched::noisy(0.1, 7);
  const auto fused_noisy = [=, seed = lrsched::detail::mix64(7)](step_t t) {
    std::uint64_t z = seed + static_cast<std::uint64_t>(t) * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    const double u = static_cast<double>(z >> 11) * 0x1p-52 - 1.0;
    const double v = c + c * std::cos(w * static_cast<double>(std::min(t, steps)));
    return 0.5 * v * (1 + 0.1 * u);
  };
  // reduce_on_plateau (after two reductions) against the schedule it wraps, unwrapped.
  lrsched::reduce_on_plateau plateau(warm_cos, lrsched::plateau_options<double>{.patience = 0});
  for (int evaluation = 0; evaluation < 3; ++evaluation) plateau.step(1.0);
  composite_case("plateau_warmup_cosine", plateau, warm_cos, 12'000);
  composite_case("cosine_noisy", noisy, fused_noisy, 12'000);

  const lrsched::any_schedule<double> erased = warm_cos;
  const std::function<double(step_t)> function = warm_cos;
  const auto parsed =
      lrsched::parse_schedule("cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(500)");
  register_case("erasure", "warmup_cosine", "static", warm_cos, 12'000);
  register_case("erasure", "warmup_cosine", "any_schedule", erased, 12'000);
  register_case("erasure", "warmup_cosine", "std_function", function, 12'000);
  register_case("erasure", "warmup_cosine", "parsed", parsed, 12'000);
  register_paired("erasure", "warmup_cosine", {"static", "any_schedule", "parsed", "std_function"},
                  12'000, warm_cos, erased, parsed, function);
  // A parsed sequence holds its pieces as any_schedules.
  const lrsched::any_schedule<double> erased_three = three;
  const auto parsed_three = lrsched::parse_schedule(
      "sequence(constant(0.1), 1000, linear(0.1, 0.01, 4000), 5000, cosine_decay(0.01, 5000))");
  register_case("erasure", "sequence3", "static", three, 12'000);
  register_case("erasure", "sequence3", "any_schedule", erased_three, 12'000);
  register_case("erasure", "sequence3", "parsed", parsed_three, 12'000);
  register_paired("erasure", "sequence3", {"static", "any_schedule", "parsed"}, 12'000, three,
                  erased_three, parsed_three);

  benchmark::RegisterBenchmark("spec/parse/warmup_cosine", [](benchmark::State& state) {
    for (auto _ : state) {
      benchmark::DoNotOptimize(
          lrsched::parse_schedule("cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)"));
    }
  });
  benchmark::RegisterBenchmark("spec/to_spec/warmup_cosine", [erased](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(lrsched::to_spec(erased));
  });
}

// ----------------------------------------------------------------------------------------------
// Optimizer loops: one optimizer step over n floats per iteration, the rate from a schedule or a
// constant.

struct sgd_momentum {
  std::vector<float> w, g, v;
  explicit sgd_momentum(std::size_t n) : w(n, 1.0f), g(n, 0.001f), v(n, 0.0f) {}
  void step(float lr) {
    const std::size_t n = w.size();
    float* __restrict wp = w.data();
    const float* __restrict gp = g.data();
    float* __restrict vp = v.data();
    for (std::size_t i = 0; i < n; ++i) {
      vp[i] = 0.9f * vp[i] + gp[i];
      wp[i] -= lr * vp[i];
    }
  }
};

struct adam {
  std::vector<float> w, g, m, v;
  int t = 0;
  explicit adam(std::size_t n) : w(n, 1.0f), g(n, 0.001f), m(n, 0.0f), v(n, 0.0f) {}
  void step(float lr) {
    ++t;
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    const float c1 = 1.0f / (1.0f - std::pow(b1, static_cast<float>(t)));
    const float c2 = 1.0f / (1.0f - std::pow(b2, static_cast<float>(t)));
    const std::size_t n = w.size();
    float* __restrict wp = w.data();
    const float* __restrict gp = g.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    for (std::size_t i = 0; i < n; ++i) {
      mp[i] = b1 * mp[i] + (1 - b1) * gp[i];
      vp[i] = b2 * vp[i] + (1 - b2) * gp[i] * gp[i];
      wp[i] -= lr * (mp[i] * c1) / (std::sqrt(vp[i] * c2) + eps);
    }
    if (t > 1000) t = 0;
  }
};

template <class Optimizer>
void register_optimizer(const std::string& name) {
  const auto schedule = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  for (const std::size_t n : {std::size_t{1'000}, std::size_t{100'000}, std::size_t{1'000'000}}) {
    const std::string size = std::to_string(n);
    benchmark::RegisterBenchmark(("optimizer/" + name + "_" + size + "/constant").c_str(),
                                 [n](benchmark::State& state) {
                                   Optimizer opt(n);
                                   for (auto _ : state) {
                                     opt.step(0.01f);
                                     benchmark::ClobberMemory();
                                   }
                                 });
    benchmark::RegisterBenchmark(("optimizer/" + name + "_" + size + "/schedule").c_str(),
                                 [n, schedule](benchmark::State& state) {
                                   Optimizer opt(n);
                                   step_t t = 0;
                                   for (auto _ : state) {
                                     opt.step(static_cast<float>(schedule(t)));
                                     t = t == 12'000 ? 0 : t + 1;
                                     benchmark::ClobberMemory();
                                   }
                                 });
  }
}

#ifdef LRSCHED_BENCH_TORCH
// libtorch: StepLR::step() driving an SGD optimizer, against lrsched setting the same optimizer's
// param-group rate (both without the optimizer step itself).
void register_libtorch() {
  benchmark::RegisterBenchmark("peer/libtorch_step_lr/libtorch", [](benchmark::State& state) {
    auto w = torch::zeros({10}, torch::requires_grad());
    torch::optim::SGD opt({w}, torch::optim::SGDOptions(0.1).momentum(0.9));
    torch::optim::StepLR sched(opt, 30, 0.1);
    for (auto _ : state) sched.step();
  });
  benchmark::RegisterBenchmark("peer/libtorch_step_lr/lrsched", [](benchmark::State& state) {
    auto w = torch::zeros({10}, torch::requires_grad());
    torch::optim::SGD opt({w}, torch::optim::SGDOptions(0.1).momentum(0.9));
    const auto schedule = lrsched::step_decay(0.1, 30, 0.1);
    step_t t = 0;
    for (auto _ : state) {
      static_cast<torch::optim::SGDOptions&>(opt.param_groups()[0].options()).lr(schedule(t++));
    }
  });
}
#endif

}  // namespace

int main(int argc, char** argv) {
  register_schedules();
  register_composites();
  register_optimizer<sgd_momentum>("sgd_momentum");
  register_optimizer<adam>("adam");
#ifdef LRSCHED_BENCH_TORCH
  register_libtorch();
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
