// lrsched: the schedules and their composition, without the run-time part (any_schedule, the spec
// language). A lighter include for code that only uses static schedules; <lrsched/lrsched.hpp>
// has everything.
#pragma once

#include "compose/function.hpp"
#include "compose/momentum.hpp"
#include "compose/noise.hpp"
#include "compose/scale.hpp"
#include "compose/sequence.hpp"
#include "compose/units.hpp"
#include "compose/warmup.hpp"
#include "concepts.hpp"
#include "schedules/anneal.hpp"
#include "schedules/constant.hpp"
#include "schedules/cosine.hpp"
#include "schedules/cyclic.hpp"
#include "schedules/decay.hpp"
#include "schedules/one_cycle.hpp"
#include "schedules/piecewise.hpp"
#include "schedules/polynomial.hpp"
#include "version.hpp"
