# fuzz_layout: libFuzzer over the text engine (shaping, ICU breaking, fitting, ellipsis, atlas)
# with arbitrary bytes as text, including invalid UTF-8. Seeds: corpus/layout/.
add_executable(fuzz_layout ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_layout.c)
target_link_libraries(fuzz_layout PRIVATE lstext)
target_compile_options(fuzz_layout PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fuzz_layout PRIVATE -fsanitize=fuzzer,address,undefined)
target_compile_options(lstext PRIVATE -fsanitize=fuzzer-no-link)
