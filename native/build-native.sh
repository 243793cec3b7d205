#!/usr/bin/env bash
# Compiles Akasha's native kernels for this machine's architecture into the module's classes
# directory, one shared library per instruction-set variant, so that they are packed in the jar
# and loaded at start-up by io.akasha.nativecode.NativeLibrary. Called by Maven (exec plugin,
# generate-resources phase) with the output directory as its argument.
#
# It never fails the build for want of a compiler or a supported architecture: the Java kernels
# are then used, and the reason is printed here and logged by the loader at run time.
set -u
out="${1:?usage: build-native.sh <classes directory>}"
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/c/akasha_kernels.c"
uring_src="$here/src/main/c/akasha_uring.c"
cc="${CC:-gcc}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    platform=linux-x86_64
    # Variants: name and flags. AVX-512 is compiled but stays off unless asked for (see NativeLibrary).
    variants=("baseline:-march=x86-64"
              "avx2:-march=x86-64 -mavx2 -mfma"
              "avx512:-march=x86-64 -mavx2 -mfma -mavx512f -mavx512bw -mavx512vl")
    ;;
  Linux-aarch64)
    platform=linux-aarch64
    # Plain C, vectorized by gcc for NEON (part of every aarch64 CPU); untested until a machine can run it.
    variants=("baseline:-march=armv8-a")
    ;;
  *)
    echo "akasha native: $(uname -s)-$(uname -m) is not a supported platform; the Java kernels will be used"
    exit 0
    ;;
esac

if ! command -v "$cc" > /dev/null 2>&1; then
  echo "akasha native: no C compiler ($cc) found; the Java kernels will be used"
  exit 0
fi

target="$out/io/akasha/nativecode/$platform"
mkdir -p "$target"
for variant in "${variants[@]}"; do
  name="${variant%%:*}"
  flags="${variant#*:}"
  library="$target/libakasha-$name.so"
  if [[ -f "$library" && "$library" -nt "$src" && "$library" -nt "$0" ]]; then
    continue
  fi
  # -fvisibility=hidden: only the EXPORT-marked kernels are visible; no -ffast-math (it would
  # link code that changes the floating-point mode of the whole JVM process).
  if ! $cc -O3 $flags -std=c11 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror \
      -o "$library.tmp" "$src"; then
    echo "akasha native: $cc could not compile the $name variant; it will not be offered"
    rm -f "$library.tmp"
    continue
  fi
  mv "$library.tmp" "$library"
  echo "akasha native: compiled $platform/libakasha-$name.so"
done

# io_uring reads, with liburing linked in statically (Debian: liburing-dev, which ./akasha installs).
library="$target/libakasha-uring.so"
if [[ -f "$library" && "$library" -nt "$uring_src" && "$library" -nt "$0" ]]; then
  exit 0
fi
if ! echo '#include <liburing.h>' | $cc -E - > /dev/null 2>&1; then
  echo "akasha native: liburing's header is missing (Debian: liburing-dev); DiskANN's direct reads will use Linux AIO"
  exit 0
fi
if $cc -O2 -std=c11 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror -o "$library.tmp" "$uring_src" \
    -Wl,-Bstatic -luring -Wl,-Bdynamic; then
  mv "$library.tmp" "$library"
  echo "akasha native: compiled $platform/libakasha-uring.so"
else
  rm -f "$library.tmp"
  echo "akasha native: could not build the io_uring reader; DiskANN's direct reads will use Linux AIO"
fi
exit 0
