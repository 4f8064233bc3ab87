// The spec reader for one value type (LRSCHED_FUZZ_TYPE: 0 float, 1 double, 2 long double),
// instrumented like the fuzz targets and linked into both of them: each type is compiled once per
// fuzz build instead of once in each target (see CMakeLists.txt).
#include <lrsched/lrsched.hpp>

#if LRSCHED_FUZZ_TYPE == 0
template lrsched::any_schedule<float> lrsched::parse_schedule<float>(std::string_view);
#elif LRSCHED_FUZZ_TYPE == 1
template lrsched::any_schedule<double> lrsched::parse_schedule<double>(std::string_view);
#elif LRSCHED_FUZZ_TYPE == 2
template lrsched::any_schedule<long double> lrsched::parse_schedule<long double>(std::string_view);
#else
#error "LRSCHED_FUZZ_TYPE must be 0, 1 or 2"
#endif
