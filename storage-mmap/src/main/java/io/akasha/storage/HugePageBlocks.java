package io.akasha.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Large off-heap blocks (vectors, graph adjacency) backed by 2 MB transparent huge pages where
 * Linux offers them. A search reads hundreds of rows scattered over hundreds of megabytes: with
 * 4 KB pages nearly every row costs a TLB miss, and under a hypervisor's nested paging a miss is a
 * two-level page walk. Kernels in {@code madvise} mode (the default of many distributions) give huge
 * pages only to memory that asks for them, which memory from {@code Arena.allocate} never does,
 * and it is zero-filled (so already faulted in with small pages) before it could ask.
 *
 * <p>So a block of at least one huge page is mapped anonymously (the kernel zero-fills it on first
 * touch), aligned to 2 MB, advised {@code MADV_HUGEPAGE} before anything touches it, and unmapped
 * when its arena closes. Smaller blocks, other systems, and any failure of the mapping fall back to
 * the arena's own allocation: huge pages are a speed-up, never a requirement.
 */
public final class HugePageBlocks {

    /** Set to {@code false} to keep every block on the arena's ordinary pages (for comparisons). */
    public static final String ENABLED_PROPERTY = "akasha.hugePages";

    /** The x86-64 and arm64 Linux huge page size. */
    public static final long HUGE_PAGE = 2L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        if (System.getProperty("os.name", "").startsWith("Linux")
                && !"false".equals(System.getProperty(ENABLED_PROPERTY))) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            } catch (RuntimeException | LinkageError e) {
                // No native access (for example --enable-native-access refused): plain arena memory.
                mmap = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    private HugePageBlocks() {
    }

    /**
     * {@code bytes} of zeroed memory living as long as {@code arena}, aligned to at least
     * {@code alignment}; on huge pages when it spans at least one and the system offers them.
     */
    public static MemorySegment allocate(Arena arena, long bytes, long alignment) {
        if (bytes < HUGE_PAGE || alignment > HUGE_PAGE || MMAP == null) {
            return arena.allocate(bytes, alignment);
        }
        MemorySegment mapped = mapAligned(arena, bytes);
        return mapped != null ? mapped : arena.allocate(bytes, alignment);
    }

    /** Whether large blocks are mapped and advised here (Linux with native access, not switched off). */
    public static boolean supported() {
        return MMAP != null;
    }

    private static MemorySegment mapAligned(Arena arena, long bytes) {
        // One huge page more than needed, so that a 2 MB-aligned start always fits inside.
        long length = roundUp(bytes, HUGE_PAGE) + HUGE_PAGE;
        long base;
        try {
            base = ((MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L)).address();
        } catch (Throwable e) {
            return null;
        }
        if (base == -1L) {
            return null;
        }
        long start = roundUp(base, HUGE_PAGE);
        MemorySegment block = MemorySegment.ofAddress(start).reinterpret(bytes, arena, ignored -> unmap(base, length));
        // Advice refused (huge pages switched off) leaves an ordinary mapping: still correct.
        // The whole last huge page too, so that the kernel does not split it off as an unadvised tail.
        Madvise.apply(MemorySegment.ofAddress(start).reinterpret(roundUp(bytes, HUGE_PAGE)), Advice.HUGE_PAGE);
        return block;
    }

    private static void unmap(long base, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(base), length);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap of a huge-page block failed", e);
        }
    }

    private static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
