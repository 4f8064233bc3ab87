# Compiles SOURCE and succeeds only if that fails with a diagnostic matching the file's
# "// expect: REGEX" line.
file(STRINGS "${SOURCE}" expect_line REGEX "^// expect: ")
if(NOT expect_line)
  message(FATAL_ERROR "${SOURCE} has no '// expect: REGEX' line")
endif()
string(REGEX REPLACE "^// expect: " "" expect "${expect_line}")
execute_process(
  COMMAND "${COMPILER}" -std=c++20 -fsyntax-only "-I${INCLUDE_DIR}" "${SOURCE}"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but must not")
endif()
if(NOT output MATCHES "${expect}")
  message(FATAL_ERROR "${SOURCE} failed to compile, but without a diagnostic matching '${expect}':\n${output}")
endif()
message(STATUS "${SOURCE}: rejected as expected ('${expect}')")
