// sequence() takes schedules alternating with integral boundaries.
// expect: (constraints not satisfied|no matching function)
#include <lrsched/lrsched.hpp>

auto bad = lrsched::sequence(lrsched::constant(0.1), 10, 0.5);
