# fuzz_load: libFuzzer over the playlist loader (content_load_buffer: no file I/O for the text;
# assets are looked up in the sample playlists' folder). Seeds: corpus/load/.
add_executable(fuzz_load ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_load.c)
target_link_libraries(fuzz_load PRIVATE lscontent)
target_compile_definitions(fuzz_load PRIVATE TEST_SRCDIR="${CMAKE_SOURCE_DIR}")
target_compile_options(fuzz_load PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fuzz_load PRIVATE -fsanitize=fuzzer,address,undefined)
# fuzz_image: libFuzzer over the image header probe and the bounded decoder. Seeds: corpus/image/.
add_executable(fuzz_image ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_image.c)
target_link_libraries(fuzz_image PRIVATE lscontent)
target_compile_options(fuzz_image PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fuzz_image PRIVATE -fsanitize=fuzzer,address,undefined)
# Coverage feedback from the code under test, not only from the harness.
target_compile_options(lscontent PRIVATE -fsanitize=fuzzer-no-link)
# fuzz_workbook: libFuzzer over the workbook reader (content.xlsx from memory; assets in the sample
# playlists' folder). Seeds: corpus/workbook/.
add_executable(fuzz_workbook ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_workbook.c)
target_link_libraries(fuzz_workbook PRIVATE lscontent)
target_compile_definitions(fuzz_workbook PRIVATE TEST_SRCDIR="${CMAKE_SOURCE_DIR}")
target_compile_options(fuzz_workbook PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fuzz_workbook PRIVATE -fsanitize=fuzzer,address,undefined)
