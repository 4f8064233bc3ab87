// A step count is a whole number in C++ too, as in the spec language: a floating-point value
// does not compile.
// expect: (deleted|step_count)
#include <lrsched/lrsched.hpp>

auto bad = lrsched::cyclic(0.001, 0.006, 2000.0);
