// lrsched's version, as macros and as constants. CMake reads the project version from here.
#pragma once

#define LRSCHED_VERSION_MAJOR 0
#define LRSCHED_VERSION_MINOR 1
#define LRSCHED_VERSION_PATCH 0
/// MAJOR * 10000 + MINOR * 100 + PATCH, for `#if LRSCHED_VERSION >= 100`.
#define LRSCHED_VERSION \
  (LRSCHED_VERSION_MAJOR * 10000 + LRSCHED_VERSION_MINOR * 100 + LRSCHED_VERSION_PATCH)

namespace lrsched {
inline constexpr int version_major = LRSCHED_VERSION_MAJOR;
inline constexpr int version_minor = LRSCHED_VERSION_MINOR;
inline constexpr int version_patch = LRSCHED_VERSION_PATCH;
}  // namespace lrsched
