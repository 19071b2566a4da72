# Player area: slides, render backends, the player loop (needs the text engine and the schedule).
if(TARGET lsapp AND TARGET lsplayer)
  ls_add_test(test_slides ${CMAKE_CURRENT_SOURCE_DIR}/test_slides.c lsapp)
  ls_add_test(test_render ${CMAKE_CURRENT_SOURCE_DIR}/test_render.c lsapp)
  ls_add_test(test_player ${CMAKE_CURRENT_SOURCE_DIR}/test_player.c lsapp)
  ls_add_test(test_soak ${CMAKE_CURRENT_SOURCE_DIR}/test_soak.c lsapp)
  ls_add_test(test_play_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_play_cli.c lscore)
  set_tests_properties(test_play_cli PROPERTIES ENVIRONMENT "LOBBYSIGN_LOG=info")
endif()
