// lrsched: learning-rate schedules for C++20, header-only. The umbrella header.
#pragma once

#include "compose/function.hpp"
#include "compose/scale.hpp"
#include "compose/sequence.hpp"
#include "compose/warmup.hpp"
#include "concepts.hpp"
#include "runtime/any_schedule.hpp"
#include "runtime/describe.hpp"
#include "runtime/parse.hpp"
#include "schedules/constant.hpp"
#include "schedules/cosine.hpp"
#include "schedules/cyclic.hpp"
#include "schedules/decay.hpp"
#include "schedules/one_cycle.hpp"
#include "schedules/piecewise.hpp"
#include "schedules/polynomial.hpp"
