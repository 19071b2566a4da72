# One verdict: the same contents through every path that judges content (validate, bundle, import,
# recovery, the intake, render, play) give the same verdict; prints the path x content table.
if(TARGET lsapp AND TARGET lsservice)
  ls_add_test(test_verdict ${CMAKE_CURRENT_SOURCE_DIR}/test_verdict.c lsapp PkgConfig::LIBARCHIVE)
  add_dependencies(test_verdict lobbysign)
endif()
