// libFuzzer target: the spec parser on arbitrary bytes, in each value type. A spec that parses
// must give a total schedule (finite, >= 0, within its bounds at every probe step to INT64_MAX)
// whose to_spec reads back bit for bit; one that does not must fail with a spec_error whose
// column lies within the spec. Anything else (another exception, a crash, a sanitizer report)
// is a defect. Text that starts with reduce_on_plateau's header is read as a saved controller
// instead: restore() either rejects it with std::invalid_argument or gives a controller whose
// save() is a fixed point and whose rate stays within [0, the schedule's peak].
#include <lrsched/train/plateau.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
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

void check_restore(std::string_view text) {
  using P = lrsched::reduce_on_plateau<lrsched::constant<double>>;
  const lrsched::constant<double> base(0.1);
  std::optional<P> p;
  try {
    p.emplace(P::restore(base, text));
  } catch (const std::invalid_argument&) {
    return;
  }
  const std::string saved = p->save();
  if (P::restore(base, saved).save() != saved) {
    lrsched_fuzz::broken("save() after restore() is not a fixed point: " + saved,
                         std::string(text));
  }
  for (const double metric : {1.0, 0.5, 2.0, std::nan(""), 0.25, 0.25, 0.25, 0.25}) {
    p->step(metric);
    const double lr = (*p)(0);
    if (!(lr >= 0.0 && lr <= 0.1)) {
      lrsched_fuzz::broken("a restored controller's rate left [0, peak]: " + std::to_string(lr),
                           std::string(text));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.starts_with("lrsched.reduce_on_plateau/1")) {
    check_restore(text);
    return 0;
  }
  check_spec<double>(text);
  check_spec<float>(text);
  check_spec<long double>(text);
  return 0;
}
