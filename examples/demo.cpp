// Prints a schedule as a table and a small bar chart: warmup into cosine decay, the README's
// example. Usage: lrsched_demo [steps] [rows]
#include <lrsched/lrsched.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  constexpr auto lr = lrsched::cosine_decay(0.1, 10'000, 0.01) | lrsched::with_warmup(500);
  static_assert(lr(500) == 0.1);  // evaluated by the compiler

  const long long steps = argc > 1 ? std::atoll(argv[1]) : 12'000;
  const long long rows = argc > 2 ? std::atoll(argv[2]) : 24;
  if (steps < 1 || rows < 2) {
    std::fprintf(stderr, "usage: lrsched_demo [steps >= 1] [rows >= 2]\n");
    return 2;
  }
  std::printf("cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)\n\n");
  std::printf("%8s  %-12s\n", "step", "lr");
  constexpr int width = 50;
  for (long long r = 0; r < rows; ++r) {
    const long long step = r * (steps - 1) / (rows - 1);
    const double v = lr(step);
    const auto bar = static_cast<std::size_t>(v / 0.1 * width + 0.5);
    std::printf("%8lld  %-12.6g %s\n", step, v, std::string(bar, '#').c_str());
  }
}
