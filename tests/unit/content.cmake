# content: loader/validator unit tests and the validate command end to end.
ls_add_test(test_content ${CMAKE_CURRENT_SOURCE_DIR}/test_content.c lscontent)
ls_add_test(test_content_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_content_cli.c lscontent)
add_dependencies(test_content_cli lobbysign)
# test_workbook: content.xlsx values and errors on workbooks written by libxlsxwriter (test-only
# dependency, libxlsxwriter-dev) and re-saved by LibreOffice when soffice is installed.
pkg_check_modules(XLSXWRITER IMPORTED_TARGET xlsxwriter)
if(XLSXWRITER_FOUND)
  ls_add_test(test_workbook ${CMAKE_CURRENT_SOURCE_DIR}/test_workbook.c lscontent PkgConfig::XLSXWRITER)
  set_tests_properties(test_workbook PROPERTIES TIMEOUT 300)
else()
  message(WARNING "libxlsxwriter-dev is missing: test_workbook is not built (scripts/install-deps.sh --dev)")
endif()
ls_add_test(test_mistakes ${CMAKE_CURRENT_SOURCE_DIR}/test_mistakes.c lscontent)
