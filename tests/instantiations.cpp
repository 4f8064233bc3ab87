// The one instantiation of the spec reader for the test executables (see support.hpp).
#include "support.hpp"

template lrsched::any_schedule<float> lrsched::parse_schedule<float>(std::string_view);
template lrsched::any_schedule<double> lrsched::parse_schedule<double>(std::string_view);
template lrsched::any_schedule<long double> lrsched::parse_schedule<long double>(std::string_view);
