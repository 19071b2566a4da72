# Player benchmarks (bench/README.md; run by scripts/bench.sh), built when the player is in the tree.
if(TARGET lsapp AND EXISTS ${CMAKE_SOURCE_DIR}/src/player/player.h)
  add_executable(bench_player ${CMAKE_CURRENT_SOURCE_DIR}/bench_player.c ${CMAKE_CURRENT_SOURCE_DIR}/bench_slide.c)
  target_include_directories(bench_player PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(bench_player PRIVATE lsapp)
endif()
