// Run-time schedules: the cost of parsing a spec and of calling through any_schedule, against
// the static type and std::function, in one run (ratios, not absolute times, are the result).
#include <benchmark/benchmark.h>

#include <lrsched/lrsched.hpp>

#include <cstdint>
#include <functional>

namespace {

constexpr const char* typical = "cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)";
const auto static_schedule = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);

void parse_typical_spec(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lrsched::parse_schedule(typical));
}
BENCHMARK(parse_typical_spec);

void to_spec_typical(benchmark::State& state) {
  const auto s = lrsched::parse_schedule(typical);
  for (auto _ : state) benchmark::DoNotOptimize(lrsched::to_spec(s));
}
BENCHMARK(to_spec_typical);

// Consecutive steps, as an optimizer loop calls a schedule.
template <class S>
void call_consecutive(benchmark::State& state, const S& s) {
  std::int64_t t = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s(t));
    t = t == 12'000 ? 0 : t + 1;
  }
}

void warmup_cosine_static(benchmark::State& state) { call_consecutive(state, static_schedule); }
BENCHMARK(warmup_cosine_static);

void warmup_cosine_any_schedule(benchmark::State& state) {
  const lrsched::any_schedule<double> erased = lrsched::parse_schedule(typical);
  call_consecutive(state, erased);
}
BENCHMARK(warmup_cosine_any_schedule);

void warmup_cosine_std_function(benchmark::State& state) {
  const std::function<double(std::int64_t)> f = static_schedule;
  call_consecutive(state, f);
}
BENCHMARK(warmup_cosine_std_function);

}  // namespace

BENCHMARK_MAIN();
