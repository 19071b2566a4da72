# Cross-compiling for 64-bit Windows (10/11) with Debian's mingw-w64 (gcc-mingw-w64-x86-64-posix:
# winpthreads, so pthread and C++ threads work). scripts/windows.sh builds the libraries from
# Debian 12's source packages into per-package prefixes and passes them as CMAKE_FIND_ROOT_PATH
# (libraries' own CMake builds) or PKG_CONFIG_LIBDIR (lobbysign). Tests run the .exe under wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_AR x86_64-w64-mingw32-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB x86_64-w64-mingw32-gcc-ranlib-posix CACHE FILEPATH "")
list(APPEND CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
find_program(LOBBYSIGN_WINE NAMES wine64 wine)
if(LOBBYSIGN_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LOBBYSIGN_WINE})
endif()
