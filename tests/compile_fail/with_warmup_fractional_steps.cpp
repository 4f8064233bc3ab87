// A step count is a whole number in C++ too, as in the spec language: a floating-point value
// does not compile.
// expect: (deleted|step_count)
#include <lrsched/lrsched.hpp>

constexpr auto bad = lrsched::constant(0.1) | lrsched::with_warmup(0.05);
