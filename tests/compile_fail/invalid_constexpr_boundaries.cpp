// List parameters are checked entry by entry in constant expressions.
// expect: piecewise_constant.*boundaries.*must be greater than the previous entry
#include <lrsched/lrsched.hpp>

constexpr auto bad = lrsched::piecewise_constant({100, 50}, {1.0, 0.5, 0.1});
