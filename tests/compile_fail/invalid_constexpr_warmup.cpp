// A composite's own parameters are checked in constant expressions too.
// expect: with_warmup.*steps.*must be >= 0
#include <lrsched/lrsched.hpp>

constexpr auto bad = lrsched::cosine_decay(0.1, 100) | lrsched::with_warmup(-5);
