ls_add_test(test_schedule ${CMAKE_CURRENT_SOURCE_DIR}/test_schedule.c lsschedule)
