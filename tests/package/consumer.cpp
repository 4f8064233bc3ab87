// A program that uses lrsched the way a downstream project does.
#include <lrsched/lrsched.hpp>

#include <cstdio>

static_assert(LRSCHED_VERSION_MAJOR == 0 && LRSCHED_VERSION_MINOR >= 1,
              "the version macros come with the umbrella header");

int main() {
  constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  static_assert(lr(500) == 0.1);
  std::printf("lr(500) = %g (lrsched %d.%d.%d)\n", lr(500), LRSCHED_VERSION_MAJOR,
              LRSCHED_VERSION_MINOR, LRSCHED_VERSION_PATCH);
}
