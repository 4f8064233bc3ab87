// libFuzzer target: the spec parser on arbitrary bytes, in each value type. A spec that parses
// must give a total schedule (finite, >= 0, within its bounds at every probe step to INT64_MAX)
// whose to_spec reads back bit for bit; one that does not must fail with a spec_error whose
// column lies within the spec. Anything else (another exception, a crash, a sanitizer report)
// is a defect.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"

namespace {

template <class T>
void check_spec(std::string_view text) {
  lrsched::any_schedule<T> s;
  try {
    s = lrsched::parse_schedule<T>(text);
  } catch (const lrsched::spec_error& e) {
    if (e.column() < 1 || e.column() > text.size() + 1) {
      lrsched_fuzz::broken(
          "spec_error column " + std::to_string(e.column()) + " outside the spec: " + e.what(),
          std::string(text));
    }
    return;
  }
  const std::string name(text);
  lrsched_fuzz::check_total(s, name);
  lrsched_fuzz::check_round_trip(s, name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_spec<double>(text);
  check_spec<float>(text);
  check_spec<long double>(text);
  return 0;
}
