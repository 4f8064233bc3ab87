// The tests' one instantiation of the spec reader for float and long double (see support.hpp);
// double is shared with the lrsched program (tools/parse_instance.cpp).
#include "support.hpp"

template lrsched::any_schedule<float> lrsched::parse_schedule<float>(std::string_view);
template lrsched::any_schedule<long double> lrsched::parse_schedule<long double>(std::string_view);
