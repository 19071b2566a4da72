# Screen power: the policy, CEC over fake adapters, the CEC worker (src/power).
if(TARGET lspower)
  ls_add_test(test_power ${CMAKE_CURRENT_SOURCE_DIR}/test_power.c lspower lsschedule)
endif()
if(TARGET lsapp)
  ls_add_test(test_service_power ${CMAKE_CURRENT_SOURCE_DIR}/test_service_power.c lsapp)
endif()
