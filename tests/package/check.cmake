# Configures, builds and runs a consumer project of lrsched (MODE: find_package or
# add_subdirectory) in a fresh directory.
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
if(MODE STREQUAL "find_package")
  # Install lrsched alone (no tests, no examples) into a prefix, then consume it from there.
  run("${CMAKE_COMMAND}" -S "${LRSCHED_SOURCE_DIR}" -B "${dir}/lrsched-build" ${consumer_args}
      -DLRSCHED_BUILD_TESTS=OFF -DLRSCHED_BUILD_EXAMPLES=OFF -DLRSCHED_BUILD_TOOLS=OFF
      -DLRSCHED_INSTALL=ON
      "-DCMAKE_INSTALL_PREFIX=${dir}/prefix")
  run("${CMAKE_COMMAND}" --install "${dir}/lrsched-build")
  run("${CMAKE_COMMAND}" -S "${TESTS_DIR}/find_package" -B "${dir}/build" ${consumer_args}
      "-DCMAKE_PREFIX_PATH=${dir}/prefix")
else()
  run("${CMAKE_COMMAND}" -S "${TESTS_DIR}/add_subdirectory" -B "${dir}/build" ${consumer_args}
      "-DLRSCHED_SOURCE_DIR=${LRSCHED_SOURCE_DIR}")
endif()
run("${CMAKE_COMMAND}" --build "${dir}/build")
run("${dir}/build/consumer")
if(NOT last_output MATCHES "lr\\(500\\) = 0.1")
  message(FATAL_ERROR "consumer printed an unexpected line: ${last_output}")
endif()
message(STATUS "${MODE} consumer: ${last_output}")
