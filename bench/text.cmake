# bench_text: text engine speed and memory (run from the source tree: build/bench/bench_text [out.jsonl])
add_executable(bench_text ${CMAKE_CURRENT_SOURCE_DIR}/bench_text.c)
target_link_libraries(bench_text PRIVATE lstext)
