// The one place the tests include Catch2: v3 (catch_all) when present, else v2 (Debian's 2.13).
#pragma once

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
