// An invalid schedule in a constant expression is a compile error that names the parameter.
// expect: exponential_decay.*decay_steps.*must be >= 1
#include <lrsched/lrsched.hpp>

constexpr auto bad = lrsched::exponential_decay(0.1, 0, 0.96);
