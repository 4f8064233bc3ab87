// lrsched: learning-rate schedules for C++20, header-only. The umbrella header: the schedules,
// their composition (core.hpp), the run-time part (any_schedule, the spec language) and the
// training controllers (reduce_on_plateau, lr_finder).
#pragma once

#include "core.hpp"
#include "runtime/any_schedule.hpp"
#include "runtime/catalogue.hpp"
#include "runtime/parse.hpp"
#include "runtime/write.hpp"
#include "train/finder.hpp"
#include "train/plateau.hpp"
