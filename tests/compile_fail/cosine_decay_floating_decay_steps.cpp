// A step count is a whole number in C++ too, as in the spec language: a floating-point value
// does not compile.
// expect: (deleted|step_count)
#include <lrsched/lrsched.hpp>

auto bad = lrsched::cosine_decay(0.1, 1e4);
