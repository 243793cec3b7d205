package io.akasha.nativecode;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.akasha.storage.BatchReads;
import io.akasha.storage.DirectFile;

/**
 * Batches of direct reads through an io_uring of its own ({@code native/src/main/c/akasha_uring.c}):
 * a batch's reads are queued, submitted with one system call and reaped together. Every buffer is
 * checked here (aligned, native, holding the bytes asked for) before the kernel may write into
 * it; the downcalls are not {@code critical}, since they wait for the device.
 */
final class UringReads implements BatchReads {

    private static final String LIBRARY = "uring";
    private static final SymbolLookup SYMBOLS = NativeLibrary.loadNamed(LIBRARY);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(SYMBOLS.findOrThrow("akasha_uring_open"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle READ_BATCH = LINKER.downcallHandle(
            SYMBOLS.findOrThrow("akasha_uring_read_batch"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(SYMBOLS.findOrThrow("akasha_uring_close"),
            FunctionDescriptor.ofVoid(ADDRESS));

    private final DirectFile file;
    private final int capacity;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring;
    private final MemorySegment offsets;
    private final MemorySegment buffers;
    private final MemorySegment lengths;
    private final MemorySegment result;
    private boolean closed;

    /**
     * Loads the library and opens and closes a one-entry ring: null when io_uring works here, else
     * why not (a kernel without it, or with it disabled by {@code kernel.io_uring_disabled}).
     */
    static String probe() {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment error = scratch.allocate(JAVA_INT);
            MemorySegment probe = (MemorySegment) OPEN.invokeExact(1, error);
            if (probe.equals(MemorySegment.NULL)) {
                return "io_uring_queue_init failed: errno " + error.get(JAVA_INT, 0);
            }
            CLOSE.invokeExact(probe);
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("io_uring probe downcall failed", e);
        }
    }

    UringReads(DirectFile file, int capacity) throws IOException {
        if (capacity < 1 || capacity > 1024) {
            throw new IllegalArgumentException("a batch holds 1..1024 reads, got " + capacity);
        }
        this.file = file;
        this.capacity = capacity;
        MemorySegment error = arena.allocate(JAVA_INT);
        try {
            ring = (MemorySegment) OPEN.invokeExact(capacity, error);
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("akasha_uring_open downcall failed", e);
        }
        if (ring.equals(MemorySegment.NULL)) {
            arena.close();
            throw new IOException("io_uring_queue_init(" + capacity + ") failed: errno " + error.get(JAVA_INT, 0));
        }
        offsets = arena.allocate(JAVA_LONG, capacity);
        buffers = arena.allocate(ADDRESS, capacity);
        lengths = arena.allocate(JAVA_INT, capacity);
        result = arena.allocate(JAVA_INT);
    }

    @Override
    public void read(MemorySegment[] targets, long[] positions, int count) throws IOException {
        if (closed) {
            throw new IllegalStateException("io_uring reads of " + file.path() + " are closed");
        }
        if (count < 0 || count > capacity || count > targets.length || count > positions.length) {
            throw new IllegalArgumentException("a batch of " + count + " reads does not fit this ring's " + capacity
                    + " or the " + Math.min(targets.length, positions.length) + " buffers given");
        }
        for (int i = 0; i < count; i++) {
            MemorySegment target = targets[i];
            if (!target.isNative() || target.byteSize() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("io_uring reads into native buffers of at most 2 GiB, got " + target);
            }
            DirectFile.checkAligned(target, positions[i]);
            offsets.setAtIndex(JAVA_LONG, i, positions[i]);
            buffers.setAtIndex(ADDRESS, i, target);
            lengths.setAtIndex(JAVA_INT, i, (int) target.byteSize());
        }
        int status;
        try {
            status = (int) READ_BATCH.invokeExact(ring, file.descriptor(), count, offsets, buffers, lengths, result);
        } catch (Throwable e) {
            throw new IllegalStateException("akasha_uring_read_batch downcall failed", e);
        }
        if (status <= -1_000_000) {
            throw new IOException(file.path() + ": io_uring submit or wait failed: errno " + -(status + 1_000_000));
        }
        if (status < 0) {
            int request = -1 - status;
            int got = result.get(JAVA_INT, 0);
            throw new IOException(file.path() + ": read of " + targets[request].byteSize() + " bytes at "
                    + positions[request] + (got < 0 ? " failed: errno " + -got : " got " + got
                    + " (the file ends first)"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CLOSE.invokeExact(ring);
        } catch (Throwable e) {
            throw new IllegalStateException("akasha_uring_close downcall failed", e);
        } finally {
            arena.close();
        }
    }
}
