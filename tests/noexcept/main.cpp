// lrsched built with -fno-exceptions: the umbrella header compiles, valid schedules work, and a
// validation failure calls the error handler with the message an exception would carry.
//   noexcept_test handler   a handler that prints the message and exits 0 (the error was seen)
//   noexcept_test spec      the same for a spec error
//   noexcept_test default   the default handler: prints "lrsched: <message>" and aborts
#include <lrsched/lrsched.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this test must be compiled with -fno-exceptions"
#endif

namespace {

void report_and_exit(const char* message) {
  std::printf("handled: %s\n", message);
  std::fflush(stdout);
  std::_Exit(0);
}

double alpha_from(const char* text) { return std::strtod(text, nullptr); }

}  // namespace

int main(int argc, char** argv) {
  // Valid schedules, static and parsed, need no exceptions.
  const auto s = lrsched::cosine_decay(0.1, 100) | lrsched::with_warmup(10);
  const auto parsed = lrsched::parse_schedule("cosine_decay(0.1, 100) | with_warmup(10)");
  if (s(10) != 0.1 || parsed(10) != 0.1 || lrsched::to_spec(parsed).empty()) return 3;
  if (argc < 2) return 4;
  const char* mode = argv[1];
  if (std::strcmp(mode, "handler") == 0 || std::strcmp(mode, "spec") == 0) {
    lrsched::set_error_handler(&report_and_exit);
  }
  if (std::strcmp(mode, "spec") == 0) {
    const auto bad = lrsched::parse_schedule("cosine_decay(0.1, 100, alpah=1)");
    std::printf("not rejected: %g\n", bad(0));
    return 1;
  }
  // Built at run time, so that the failure is the handler's and not the compiler's.
  const auto bad = lrsched::cosine_decay(0.1, 100, alpha_from("1.5"));
  std::printf("not rejected: %g\n", bad(0));
  return 1;
}
