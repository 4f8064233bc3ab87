// The one place the tests include Catch2: v3 (catch_all) when present, else v2 (Debian's 2.13).
#pragma once

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

/// A golden comparison: 1e-12 relative, or within `floor` absolute (see lrsched_test::golden_abs).
/// A macro because Catch's combined matchers keep references to their parts.
#define LRSCHED_REQUIRE_GOLDEN(actual, expected, floor)                                      \
  REQUIRE_THAT((actual), Catch::Matchers::WithinRel((expected), lrsched_test::golden_rel) || \
                             Catch::Matchers::WithinAbs((expected), (floor)))
