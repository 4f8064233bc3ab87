// An adaptor object is not a schedule: it cannot be evaluated at a step.
// expect: (no match for call|no matching function|no viable|could not convert)
#include <lrsched/lrsched.hpp>

double bad() { return lrsched::with_warmup(500)(lrsched::step_t{10}); }
