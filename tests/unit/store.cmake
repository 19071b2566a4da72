# store: the content store (empty until the USB issue fills it; the test shows the layer links alone).
ls_add_test(test_store ${CMAKE_CURRENT_SOURCE_DIR}/test_store.c lsstore)
