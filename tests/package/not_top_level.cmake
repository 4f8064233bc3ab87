# Included by the consumer projects that bring lrsched in as a subproject: lrsched is not the
# top-level project there, so none of its own tests, examples or tools may be defined.
foreach(target lrsched_tests lrsched_static_tests lrsched_cli_tests lrsched_demo lrsched_digits
               lrsched_cli)
  if(TARGET ${target})
    message(FATAL_ERROR "lrsched as a subproject defined its own target ${target}")
  endif()
endforeach()
