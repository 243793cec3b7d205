package io.akasha.storage;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code int madvise(void *addr, size_t length, int advice)} from the C library, through the FFM
 * linker. Where the symbol or a POSIX system is missing, hints are skipped: they only ever
 * change speed, never results.
 */
final class Madvise {

    private static final System.Logger LOG = System.getLogger(Madvise.class.getName());
    private static final MethodHandle MADVISE = lookup();
    private static final long PAGE_SIZE = queryPageSize();

    private Madvise() {
    }

    /** Applies {@code advice} to the pages of {@code segment}; false if hints are unavailable or refused. */
    static boolean apply(MemorySegment segment, Advice advice) {
        if (MADVISE == null || segment.byteSize() == 0) {
            return false;
        }
        try {
            return (int) MADVISE.invokeExact(segment, segment.byteSize(), advice.code) == 0;
        } catch (Throwable e) {
            throw new IllegalStateException("madvise(" + advice + ") failed", e);
        }
    }

    /** The base page size that madvise ranges must start on (4 KiB on x86-64, up to 64 KiB on aarch64). */
    static long pageSize() {
        return PAGE_SIZE;
    }

    private static long queryPageSize() {
        Optional<MemorySegment> symbol = MADVISE == null ? Optional.empty()
                : Linker.nativeLinker().defaultLookup().find("getpagesize");
        if (symbol.isEmpty()) {
            return 4096;
        }
        try {
            MethodHandle getPageSize = Linker.nativeLinker().downcallHandle(symbol.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            return (int) getPageSize.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("getpagesize() failed", e);
        }
    }

    private static MethodHandle lookup() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            LOG.log(System.Logger.Level.DEBUG, "madvise hints unavailable on " + os);
            return null;
        }
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("madvise");
        if (symbol.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "madvise not found in the C library: access hints are skipped");
            return null;
        }
        return linker.downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
    }
}
