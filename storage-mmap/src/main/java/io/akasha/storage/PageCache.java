package io.akasha.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Evicts a file's pages from the operating system's page cache with
 * {@code posix_fadvise(POSIX_FADV_DONTNEED)} (through FFM): how benchmarks measure a cold open
 * where {@code /proc/sys/vm/drop_caches} is not writable (containers). Dirty pages are written
 * first by the kernel, and pages still mapped by a process stay, so call it on closed files.
 */
public final class PageCache {

    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final MethodHandle OPEN = find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FADVISE = find("posix_fadvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = find("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private PageCache() {
    }

    /** Whether eviction is available on this platform. */
    public static boolean available() {
        return OPEN != null && FADVISE != null && CLOSE != null;
    }

    /** Asks the kernel to drop the cached pages of {@code file}; false if unavailable or refused. */
    public static boolean evict(Path file) {
        if (!available()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY);
            if (fd < 0) {
                return false;
            }
            try {
                return (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED) == 0;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("posix_fadvise(" + file + ") failed", e);
        }
    }

    private static MethodHandle find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return null;
        }
        Optional<MemorySegment> symbol = Linker.nativeLinker().defaultLookup().find(name);
        return symbol.map(s -> Linker.nativeLinker().downcallHandle(s, descriptor, options)).orElse(null);
    }
}
