# Cross-compiling for aarch64-linux-gnu with Debian's cross toolchain (gcc-aarch64-linux-gnu) and the
# multiarch -dev packages (dpkg --add-architecture; scripts/cross.sh sets it up).
# Tests run under qemu-user-static with the target's libraries from / (multiarch).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
find_program(LOBBYSIGN_QEMU qemu-aarch64-static)
if(LOBBYSIGN_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LOBBYSIGN_QEMU} -L /)
endif()
