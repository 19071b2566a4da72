# bench_import: a 50 MB signed bundle imported vs cp + sync of the same file (scripts/bench.sh).
add_executable(bench_import ${CMAKE_CURRENT_SOURCE_DIR}/bench_import.c)
target_link_libraries(bench_import PRIVATE lsstore PkgConfig::LIBARCHIVE PkgConfig::SODIUM)
target_compile_definitions(bench_import PRIVATE LOBBYSIGN_SRCDIR="${CMAKE_SOURCE_DIR}")
