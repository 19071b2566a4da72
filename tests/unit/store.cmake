# store: bundles, signatures, the content store and import (unit + fault injection), and the
# import/bundle/status/validate commands end to end with Debian's minisign.
ls_add_test(test_store ${CMAKE_CURRENT_SOURCE_DIR}/test_store.c lsstore PkgConfig::LIBARCHIVE PkgConfig::SODIUM)
ls_add_test(test_store_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_store_cli.c lscore PkgConfig::JANSSON)
add_dependencies(test_store_cli lobbysign)
set_tests_properties(test_store_cli PROPERTIES SKIP_RETURN_CODE 77)
# watch: the inbox and the mounts folder (half-written files, both files needed, sticks, mounts).
ls_add_test(test_watch ${CMAKE_CURRENT_SOURCE_DIR}/test_watch.c lsstore)
# hostile: issue 20's reproduced findings (rollback, store repair, archives, messages), one section each.
ls_add_test(test_hostile ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile.c lsstore PkgConfig::LIBARCHIVE PkgConfig::SODIUM)
ls_add_test(test_hostile_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile_cli.c lscore)
add_dependencies(test_hostile_cli lobbysign)
if(TARGET lsservice)
  ls_add_test(test_intake_thread ${CMAKE_CURRENT_SOURCE_DIR}/test_intake_thread.c lsservice)
endif()
