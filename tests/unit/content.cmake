# content: loader/validator unit tests and the validate command end to end.
ls_add_test(test_content ${CMAKE_CURRENT_SOURCE_DIR}/test_content.c lscontent)
ls_add_test(test_content_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_content_cli.c lscontent)
add_dependencies(test_content_cli lobbysign)
