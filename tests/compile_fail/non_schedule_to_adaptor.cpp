// A value that is not a schedule cannot be piped into an adaptor.
// expect: (constraints not satisfied|no match for|invalid operands)
#include <lrsched/lrsched.hpp>

auto bad = 0.1 | lrsched::with_warmup(500);
