#!/usr/bin/env bash
# lrsched's developer entry point: installs what a fresh Debian machine lacks, configures, builds
# and runs.
#
#   ./build.sh demo      plot a schedule with the lrsched program, then train a network on the
#                        UCI digits under every kind of schedule (examples/digits)
#   ./build.sh test      build and run the test suite (ctest)
#
# Environment: CXX (compiler, default g++), BUILD_DIR (default build, or build-<compiler>),
# BUILD_TYPE (default Release), LRSCHED_CMAKE_ARGS (extra CMake arguments), LRSCHED_WERROR=ON
# (warnings are errors in lrsched's own targets, as CI builds them).
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}
[ $# -eq 1 ] || usage
command=$1
case "$command" in demo | test) ;; *) usage ;; esac

export CXX=${CXX:-g++}
default_dir=build
[ "$CXX" = g++ ] || default_dir="build-$(basename "$CXX")"
build_dir=${BUILD_DIR:-$default_dir}
build_type=${BUILD_TYPE:-Release}

# Debian packages this command needs, installed only when missing.
packages=(cmake make)
case "$CXX" in
  clang++*) packages+=(clang) ;;
  *) packages+=(g++) ;;
esac
[ "$command" = test ] && packages+=(catch2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086 # LRSCHED_CMAKE_ARGS is a list of arguments
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" \
  -DLRSCHED_BUILD_TESTS="$([ "$command" = test ] && echo ON || echo OFF)" \
  -DLRSCHED_WARNINGS_AS_ERRORS="${LRSCHED_WERROR:-OFF}" ${LRSCHED_CMAKE_ARGS:-} >/dev/null

if [ "$command" = demo ]; then
  cmake --build "$build_dir" --target lrsched_cli lrsched_digits -j "$jobs"
  "$build_dir/tools/lrsched" demo
  echo
  "$build_dir/examples/lrsched_digits" --out "$build_dir/digits"
else
  cmake --build "$build_dir" -j "$jobs"
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
fi
