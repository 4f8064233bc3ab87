// An invalid schedule in a constant expression is a compile error that names the parameter.
// expect: cosine_decay.*alpha.*must be in \[0, 1\]
#include <lrsched/lrsched.hpp>

constexpr auto bad = lrsched::cosine_decay(0.1, 10'000, 1.5);
