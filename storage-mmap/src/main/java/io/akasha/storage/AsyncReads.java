package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Batches of direct reads submitted together and reaped together, through Linux's native
 * asynchronous I/O ({@code io_setup}, {@code io_submit}, {@code io_getevents}; the interface the
 * DiskANN reference implementation reads with), called as raw system calls through the FFM linker.
 * With {@code O_DIRECT} the kernel sends the reads of one batch to the device at once, so a batch
 * of W reads costs about one device round trip instead of W. One instance per thread: a context,
 * its control blocks and its event array are not shared.
 */
public final class AsyncReads implements BatchReads {

    private static final int IOCB_BYTES = 64;
    private static final int EVENT_BYTES = 32;
    private static final Native NATIVE = Native.load();

    private final DirectFile file;
    private final int capacity;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment context;
    private final MemorySegment iocbs;
    private final MemorySegment pointers;
    private final MemorySegment events;
    private final MemorySegment state;
    private boolean closed;

    /** Why asynchronous reads are unavailable here, or null when they are available. */
    public static String unavailableReason() {
        return NATIVE.unavailable != null ? NATIVE.unavailable : DirectFile.unavailableReason();
    }

    /**
     * A context for batches of up to {@code capacity} reads of {@code file}.
     *
     * @throws IOException with the kernel's reason when it refuses a context (for example when
     *                     {@code /proc/sys/fs/aio-max-nr} is used up)
     */
    public AsyncReads(DirectFile file, int capacity) throws IOException {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            throw new UnsupportedOperationException("asynchronous reads are unavailable: " + unavailable);
        }
        if (capacity < 1 || capacity > 1024) {
            throw new IllegalArgumentException("a batch holds 1..1024 reads, got " + capacity);
        }
        this.file = file;
        this.capacity = capacity;
        this.context = arena.allocate(ValueLayout.JAVA_LONG);
        this.iocbs = arena.allocate((long) capacity * IOCB_BYTES, 64);
        this.pointers = arena.allocate(ValueLayout.ADDRESS, capacity);
        this.events = arena.allocate((long) capacity * EVENT_BYTES, 64);
        this.state = Errno.state(arena);
        long result = NATIVE.syscall(state, NATIVE.ioSetup, capacity, context.address(), 0, 0, 0);
        if (result < 0) {
            arena.close();
            throw new IOException("io_setup(" + capacity + ") failed: " + Errno.describe(state));
        }
        for (int i = 0; i < capacity; i++) {
            pointers.setAtIndex(ValueLayout.ADDRESS, i, iocbs.asSlice((long) i * IOCB_BYTES, IOCB_BYTES));
        }
    }

    @Override
    public void read(MemorySegment[] buffers, long[] positions, int count) throws IOException {
        if (closed) {
            throw new IllegalStateException("asynchronous reads of " + file.path() + " are closed");
        }
        if (count > capacity) {
            throw new IllegalArgumentException("a batch of " + count + " reads exceeds this context's " + capacity);
        }
        for (int i = 0; i < count; i++) {
            DirectFile.checkAligned(buffers[i], positions[i]);
            MemorySegment iocb = iocbs.asSlice((long) i * IOCB_BYTES, IOCB_BYTES);
            iocb.fill((byte) 0);
            iocb.set(ValueLayout.JAVA_LONG, 0, i); // aio_data: which request this is
            iocb.set(ValueLayout.JAVA_SHORT, 16, (short) 0); // IOCB_CMD_PREAD
            iocb.set(ValueLayout.JAVA_INT, 20, file.descriptor());
            iocb.set(ValueLayout.JAVA_LONG, 24, buffers[i].address());
            iocb.set(ValueLayout.JAVA_LONG, 32, buffers[i].byteSize());
            iocb.set(ValueLayout.JAVA_LONG, 40, positions[i]);
        }
        int submitted = 0;
        while (submitted < count) {
            long n = NATIVE.syscall(state, NATIVE.ioSubmit, context.get(ValueLayout.JAVA_LONG, 0), count - submitted,
                    pointers.address() + (long) submitted * ValueLayout.ADDRESS.byteSize(), 0, 0);
            if (n > 0) {
                submitted += (int) n;
            } else if (n < 0 && Errno.of(state) != Errno.EINTR) {
                reap(submitted, buffers, positions); // never leave the kernel writing into buffers we reuse
                throw new IOException(file.path() + ": io_submit failed: " + Errno.describe(state));
            }
        }
        reap(count, buffers, positions);
    }

    /** Waits for {@code count} submitted reads; checks each read all its bytes. */
    private void reap(int count, MemorySegment[] buffers, long[] positions) throws IOException {
        int done = 0;
        IOException failure = null;
        while (done < count) {
            long n = NATIVE.syscall(state, NATIVE.ioGetEvents, context.get(ValueLayout.JAVA_LONG, 0), count - done,
                    count - done, events.address(), 0);
            if (n < 0) {
                if (Errno.of(state) == Errno.EINTR) {
                    continue;
                }
                throw new IOException(file.path() + ": io_getevents failed: " + Errno.describe(state));
            }
            for (int e = 0; e < n; e++) {
                int request = (int) events.get(ValueLayout.JAVA_LONG, (long) e * EVENT_BYTES);
                long result = events.get(ValueLayout.JAVA_LONG, (long) e * EVENT_BYTES + 16);
                if (result != buffers[request].byteSize() && failure == null) {
                    failure = new IOException(file.path() + ": read of " + buffers[request].byteSize() + " bytes at "
                            + positions[request] + (result < 0 ? " failed: errno " + -result
                            : " got " + result + " (the file ends first)"));
                }
            }
            done += (int) n;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NATIVE.syscall(state, NATIVE.ioDestroy, context.get(ValueLayout.JAVA_LONG, 0), 0, 0, 0, 0);
        arena.close();
    }

    /** {@code syscall(2)} and the AIO call numbers of this architecture, or why there are none. */
    private static final class Native {
        final String unavailable;
        final long ioSetup;
        final long ioDestroy;
        final long ioSubmit;
        final long ioGetEvents;
        final MethodHandle syscall;

        private Native(String unavailable, long[] numbers) {
            this.unavailable = unavailable;
            this.ioSetup = numbers[0];
            this.ioDestroy = numbers[1];
            this.ioSubmit = numbers[2];
            this.ioGetEvents = numbers[3];
            if (unavailable != null) {
                syscall = null;
                return;
            }
            Linker linker = Linker.nativeLinker();
            // long syscall(long number, ...): five long arguments after the number cover every call used here.
            syscall = linker.downcallHandle(linker.defaultLookup().findOrThrow("syscall"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Errno.CAPTURE, Linker.Option.firstVariadicArg(1));
        }

        static Native load() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!os.startsWith("linux")) {
                return new Native("Linux native AIO is not available on " + os, new long[4]);
            }
            return switch (arch) {
                case "amd64", "x86_64" -> new Native(null, new long[] {206, 207, 209, 208});
                case "aarch64", "arm64" -> new Native(null, new long[] {0, 1, 2, 4});
                default -> new Native("the AIO system call numbers are not known for " + arch, new long[4]);
            };
        }

        long syscall(MemorySegment state, long number, long a, long b, long c, long d, long e) {
            try {
                return (long) syscall.invokeExact(state, number, a, b, c, d, e);
            } catch (Throwable t) {
                throw new IllegalStateException("syscall(" + number + ") downcall failed", t);
            }
        }
    }
}
