// A program that uses lrsched the way a downstream project does.
#include <lrsched/lrsched.hpp>

#include <cstdio>

int main() {
  constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  static_assert(lr(500) == 0.1);
  std::printf("lr(500) = %g\n", lr(500));
}
