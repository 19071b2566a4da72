# bench_workbook: content.xlsx with 200 headlines and 50 figures: load time, validate time, peak RSS.
add_executable(bench_workbook ${CMAKE_CURRENT_SOURCE_DIR}/bench_workbook.c)
target_link_libraries(bench_workbook PRIVATE lscontent)
