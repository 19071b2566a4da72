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
