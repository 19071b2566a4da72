# Text engine tests (owned by the text area).
ls_add_test(test_text ${CMAKE_CURRENT_SOURCE_DIR}/test_text.c lstext)

# Differential test against SDL2_ttf 2.20 (Debian builds it with HarfBuzz).
pkg_check_modules(SDL2_TTF IMPORTED_TARGET SDL2_ttf>=2.20)
if(SDL2_TTF_FOUND)
  ls_add_test(test_text_sdlttf ${CMAKE_CURRENT_SOURCE_DIR}/test_text_sdlttf.c lstext PkgConfig::SDL2_TTF
              PkgConfig::SDL2)
endif()

# Golden images of laid-out boxes (LOBBYSIGN_UPDATE_GOLDEN=1 rewrites tests/golden/text/).
ls_add_test(test_text_golden ${CMAKE_CURRENT_SOURCE_DIR}/test_text_golden.c lstext PkgConfig::SDL2_IMAGE
            PkgConfig::SDL2)

# lobbysign layout: JSON out, the number-unit rule end to end, exit codes.
if(TARGET lobbysign)
  add_test(NAME cli_layout_json
           COMMAND lobbysign layout --font-size 20 --width 200 "一二三四五六156.02万标箱"
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(cli_layout_json PROPERTIES
    PASS_REGULAR_EXPRESSION "\"text\": \"一二三四五六\".*\"text\": \"156.02万标箱\"")
  add_test(NAME cli_layout_exit_codes
           COMMAND sh -c "$0 layout --bogus x; [ $? -eq 2 ] || exit 1; \
$0 layout --fonts tests/data/text/fonts_none.json x; [ $? -eq 2 ] || exit 1; \
$0 layout --help | grep -q usage || exit 1; \
$0 layout --width 300 --png ${CMAKE_BINARY_DIR}/cli_layout.png 招商 >/dev/null || exit 1; \
[ -s ${CMAKE_BINARY_DIR}/cli_layout.png ]" "${LOBBYSIGN_TEST_EMU}$<TARGET_FILE:lobbysign>"
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endif()
