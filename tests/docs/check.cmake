# docs/reference is what docs/generate.sh writes from the catalogue: regenerates it into a
# scratch directory of this test and compares every file.
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND bash "${SOURCE_DIR}/docs/generate.sh" "${LRSCHED}" "${WORK_DIR}"
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "docs/generate.sh failed (${result}):\n${out}")
endif()
execute_process(COMMAND diff -r -u "${SOURCE_DIR}/docs/reference" "${WORK_DIR}"
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
  string(SUBSTRING "${out}" 0 4000 head)
  message(FATAL_ERROR "docs/reference is out of date: run docs/generate.sh (after building "
                      "lrsched_cli) and commit the result.\n${head}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
