# Cross-compiling for arm-linux-gnueabihf with Debian's cross toolchain (gcc-arm-linux-gnueabihf) and the
# multiarch -dev packages (dpkg --add-architecture; scripts/cross.sh sets it up).
# Tests run under qemu-user-static with the target's libraries from / (multiarch).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(PKG_CONFIG_EXECUTABLE arm-linux-gnueabihf-pkg-config CACHE FILEPATH "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
find_program(LOBBYSIGN_QEMU qemu-arm-static)
if(LOBBYSIGN_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LOBBYSIGN_QEMU} -L /)
endif()
