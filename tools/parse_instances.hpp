// The spec reader's explicit instantiations, declared: an executable of lrsched's build that
// includes this links the objects of tools/parse_instance.cpp instead of instantiating
// parse_schedule in each of its own translation units (what the README suggests to users whose
// build parses specs in several files).
#pragma once

#include <lrsched/lrsched.hpp>

extern template lrsched::any_schedule<float> lrsched::parse_schedule<float>(std::string_view);
extern template lrsched::any_schedule<double> lrsched::parse_schedule<double>(std::string_view);
extern template lrsched::any_schedule<long double> lrsched::parse_schedule<long double>(
    std::string_view);
