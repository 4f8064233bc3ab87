// parse_schedule<double>, the costliest template in lrsched to compile, instantiated once per build
// for every executable of the project that parses specs: the lrsched program, the test
// executables and the fuzz replays (each declares it `extern template`). The tests instantiate
// float and long double in tests/instantiations.cpp.
#include <lrsched/lrsched.hpp>

template lrsched::any_schedule<double> lrsched::parse_schedule<double>(std::string_view);
