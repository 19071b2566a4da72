# fuzz_bundle: libFuzzer over the bundle reader (archive headers and data under bounds) and the
# minisign text parsers. Seeds: corpus/bundle/.
add_executable(fuzz_bundle ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_bundle.c)
target_link_libraries(fuzz_bundle PRIVATE lsstore)
target_compile_options(fuzz_bundle PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fuzz_bundle PRIVATE -fsanitize=fuzzer,address,undefined)
target_compile_options(lsstore PRIVATE -fsanitize=fuzzer-no-link)
