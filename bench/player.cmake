# Player benchmarks (bench/README.md): built only when the player's layers exist in this tree.
if(TARGET lsrender AND TARGET lsslides AND TARGET lstext)
  add_executable(bench_player ${CMAKE_CURRENT_SOURCE_DIR}/bench_player.c ${CMAKE_CURRENT_SOURCE_DIR}/bench_slide.c)
  target_include_directories(bench_player PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(bench_player PRIVATE lsrender lsslides lstext lscore)
endif()
