# Configures, builds and runs a consumer project of lrsched in a fresh directory. MODE:
# find_package (install lrsched alone, without tests or examples, then find it), add_subdirectory,
# fetchcontent (FetchContent from a local path), no_catch2 (the configure error) or pkg_config (install, then compile with the
# flags `pkg-config --cflags lrsched` gives).
set(dir "${WORK_DIR}/${MODE}")
file(REMOVE_RECURSE "${dir}")
file(MAKE_DIRECTORY "${dir}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(consumer_args "-G${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
if(MODE STREQUAL "no_catch2")
  # A machine without Catch2: configuring lrsched (tests on) fails and says what to do.
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${LRSCHED_SOURCE_DIR}" -B "${dir}/build"
                          ${consumer_args} -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=TRUE
                  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "[ \n]+" " " flat "${out}")
  if(result EQUAL 0 OR NOT flat MATCHES "apt-get install catch2"
     OR NOT flat MATCHES "-DLRSCHED_BUILD_TESTS=OFF")
    message(FATAL_ERROR "without Catch2, configuring said (${result}):\n${out}")
  endif()
  message(STATUS "no_catch2: the configure error names catch2 and LRSCHED_BUILD_TESTS=OFF")
  return()
endif()
if(MODE STREQUAL "find_package" OR MODE STREQUAL "pkg_config")
  # Install lrsched alone (no tests, no examples, no tools) into a prefix.
  run("${CMAKE_COMMAND}" -S "${LRSCHED_SOURCE_DIR}" -B "${dir}/lrsched-build" ${consumer_args}
      -DLRSCHED_BUILD_TESTS=OFF -DLRSCHED_BUILD_EXAMPLES=OFF -DLRSCHED_BUILD_TOOLS=OFF
      -DLRSCHED_INSTALL=ON
      "-DCMAKE_INSTALL_PREFIX=${dir}/prefix")
  run("${CMAKE_COMMAND}" --install "${dir}/lrsched-build")
endif()
if(MODE STREQUAL "find_package")
  run("${CMAKE_COMMAND}" -S "${TESTS_DIR}/find_package" -B "${dir}/build" ${consumer_args}
      "-DCMAKE_PREFIX_PATH=${dir}/prefix")
elseif(MODE STREQUAL "pkg_config")
  set(ENV{PKG_CONFIG_PATH} "${dir}/prefix/share/pkgconfig")
  run("${PKG_CONFIG}" --cflags lrsched)
  string(STRIP "${last_output}" cflags)
  if(NOT cflags STREQUAL "-I${dir}/prefix/include")
    message(FATAL_ERROR "pkg-config --cflags lrsched gave '${cflags}'")
  endif()
  run("${PKG_CONFIG}" --modversion lrsched)
  string(STRIP "${last_output}" pc_version)
  file(MAKE_DIRECTORY "${dir}/build")
  separate_arguments(flags UNIX_COMMAND "${cflags}")
  run("${CXX_COMPILER}" -std=c++20 ${flags} "${TESTS_DIR}/consumer.cpp" -o "${dir}/build/consumer")
elseif(MODE STREQUAL "fetchcontent")
  run("${CMAKE_COMMAND}" -S "${TESTS_DIR}/fetchcontent" -B "${dir}/build" ${consumer_args}
      "-DLRSCHED_SOURCE_DIR=${LRSCHED_SOURCE_DIR}")
else()
  run("${CMAKE_COMMAND}" -S "${TESTS_DIR}/add_subdirectory" -B "${dir}/build" ${consumer_args}
      "-DLRSCHED_SOURCE_DIR=${LRSCHED_SOURCE_DIR}")
endif()
if(NOT MODE STREQUAL "pkg_config")
  run("${CMAKE_COMMAND}" --build "${dir}/build")
endif()
run("${dir}/build/consumer")
if(NOT last_output MATCHES "lr\\(500\\) = 0.1 \\(lrsched [0-9]+\\.[0-9]+\\.[0-9]+\\)")
  message(FATAL_ERROR "consumer printed an unexpected line: ${last_output}")
endif()
if(MODE STREQUAL "pkg_config" AND NOT last_output MATCHES "lrsched ${pc_version}\\)")
  message(FATAL_ERROR "pkg-config says ${pc_version}, the header: ${last_output}")
endif()
message(STATUS "${MODE} consumer: ${last_output}")
