// A schedule converts to an any_schedule of another value type only explicitly (and checked):
// constant(1e300) held as float would be inf.
// expect: conversion from .*constant<double>.* to .*any_schedule<float>|no viable conversion from .*constant<double>.* to .*any_schedule<float>
#include <lrsched/lrsched.hpp>

int main() {
  lrsched::any_schedule<float> a = lrsched::constant(1e300);
  return a(0) > 0 ? 0 : 1;
}
