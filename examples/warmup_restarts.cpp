// Composition: a linear warmup into cosine restarts, scaled per parameter group, clamped below,
// then a constant tail. Everything here is a constant expression; the loop is run-time code.
#include <lrsched/lrsched.hpp>

#include <cstdio>

int main() {
  constexpr auto restarts = lrsched::cosine_decay_restarts(0.05, 1000, 2.0, 0.8, 0.02);
  constexpr auto head = restarts | lrsched::with_warmup(200, 0.0) | lrsched::clamped(1e-4);
  constexpr auto schedule = lrsched::sequence(head, 7200, lrsched::constant(1e-4));
  constexpr auto backbone = schedule | lrsched::scaled(0.1);  // a smaller rate for a second group

  static_assert(schedule(200) == 0.05);  // the warmup ends exactly at the first value
  static_assert(schedule(1199) < 0.002 && schedule(1200) > 0.04);  // a warm restart at 1200

  for (lrsched::step_t step = 0; step <= 8000; step += 400) {
    std::printf("%5lld  head %.6f  backbone %.6f\n", static_cast<long long>(step), schedule(step),
                backbone(step));
  }
}
