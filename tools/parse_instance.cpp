// The spec reader for one value type (LRSCHED_PARSE_TYPE: 0 float, 1 double, 2 long double),
// explicitly instantiated. parse_schedule is the costliest template in lrsched to compile, so
// lrsched's own build compiles each type once, in a translation unit of its own, and links the
// object into every executable that parses (see the top-level CMakeLists.txt): double for the
// lrsched program, all three for the tests and the fuzz replays, and all three again, instrumented,
// for the libFuzzer targets. Those executables declare them with parse_instances.hpp.
#include <lrsched/lrsched.hpp>

#if LRSCHED_PARSE_TYPE == 0
template lrsched::any_schedule<float> lrsched::parse_schedule<float>(std::string_view);
#elif LRSCHED_PARSE_TYPE == 1
template lrsched::any_schedule<double> lrsched::parse_schedule<double>(std::string_view);
#elif LRSCHED_PARSE_TYPE == 2
template lrsched::any_schedule<long double> lrsched::parse_schedule<long double>(std::string_view);
#else
#error "LRSCHED_PARSE_TYPE must be 0 (float), 1 (double) or 2 (long double)"
#endif
