package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file opened for reads that bypass the page cache ({@code O_DIRECT}), through the C library's
 * {@code open}, {@code pread} and {@code close} via the FFM linker. Each read goes to the device,
 * so what a search costs on an SSD can be measured honestly on a machine whose RAM could cache the
 * whole file. The rules of direct I/O apply and are checked here: the buffer address, the file
 * position and the length are multiples of {@link #ALIGNMENT}. Reads are thread-safe ({@code pread}
 * has no file position); closing while another thread reads is the caller's error.
 */
public final class DirectFile implements AutoCloseable {

    /** Alignment of buffers, positions and lengths; the logical block size of every device we target. */
    public static final int ALIGNMENT = 4096;

    private static final Native NATIVE = Native.load();

    private final Path path;
    private final int fd;
    private volatile boolean closed;

    private DirectFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Why direct reads are unavailable on this platform, or null when they are available. */
    public static String unavailableReason() {
        return NATIVE.unavailable;
    }

    /**
     * Opens {@code path} read-only with {@code O_DIRECT}.
     *
     * @throws IOException naming the file and the C library's reason (for example a file system
     *                     that refuses direct I/O, as tmpfs does, says "Invalid argument")
     */
    public static DirectFile open(Path path) throws IOException {
        if (NATIVE.unavailable != null) {
            throw new UnsupportedOperationException("direct reads are unavailable: " + NATIVE.unavailable);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.state(arena);
            int fd = (int) NATIVE.open.invokeExact(state, arena.allocateFrom(path.toString()), NATIVE.flags);
            if (fd < 0) {
                throw new IOException(path + ": cannot open for direct reads: " + Errno.describe(state));
            }
            return new DirectFile(path, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("open() downcall failed", e);
        }
    }

    /**
     * Fills {@code buffer} from the file at {@code position}; both, and the buffer's length, are
     * multiples of {@link #ALIGNMENT}.
     *
     * @throws IOException if the device fails or the file ends first
     */
    public void read(MemorySegment buffer, long position) throws IOException {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        checkAligned(buffer, position);
        long done = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Errno.state(arena);
            while (done < buffer.byteSize()) {
                long n = (long) NATIVE.pread.invokeExact(state, fd, buffer.asSlice(done), buffer.byteSize() - done,
                        position + done);
                if (n > 0) {
                    done += n;
                } else if (n == 0) {
                    throw new IOException(path + ": ends before byte " + (position + buffer.byteSize()));
                } else if (Errno.of(state) != Errno.EINTR) {
                    throw new IOException(path + ": direct read of " + buffer.byteSize() + " bytes at " + position
                            + " failed: " + Errno.describe(state));
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("pread() downcall failed", e);
        }
    }

    /** Refuses a buffer or position that direct I/O cannot use, naming it. */
    public static void checkAligned(MemorySegment buffer, long position) {
        if (buffer.address() % ALIGNMENT != 0 || position % ALIGNMENT != 0 || buffer.byteSize() % ALIGNMENT != 0
                || position < 0 || buffer.byteSize() == 0) {
            throw new IllegalArgumentException("direct reads need " + ALIGNMENT + "-byte aligned buffers, positions and "
                    + "lengths; got address " + buffer.address() + ", position " + position + ", length "
                    + buffer.byteSize());
        }
    }

    /** The file descriptor, for {@link BatchReads} implementations; valid until {@link #close}. */
    public int descriptor() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        return fd;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) NATIVE.close.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close() downcall failed", e);
        }
    }

    /** The downcall handles, or why there are none. */
    private static final class Native {
        final String unavailable;
        final int flags;
        final MethodHandle open;
        final MethodHandle pread;
        final MethodHandle close;

        private Native(String unavailable, int flags) {
            this.unavailable = unavailable;
            this.flags = flags;
            if (unavailable != null) {
                open = pread = close = null;
                return;
            }
            Linker linker = Linker.nativeLinker();
            Linker.Option errnoState = Errno.CAPTURE;
            open = linker.downcallHandle(linker.defaultLookup().findOrThrow("open"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errnoState,
                    Linker.Option.firstVariadicArg(2));
            pread = linker.downcallHandle(linker.defaultLookup().findOrThrow("pread"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), errnoState);
            close = linker.downcallHandle(linker.defaultLookup().findOrThrow("close"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        }

        /** O_DIRECT's value differs between Linux architectures; other systems have none we use. */
        static Native load() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!os.startsWith("linux")) {
                return new Native("O_DIRECT reads are implemented for Linux only, not " + os, 0);
            }
            int oDirect = switch (arch) {
                case "amd64", "x86_64" -> 0x4000;
                case "aarch64", "arm64" -> 0x10000;
                default -> 0;
            };
            if (oDirect == 0) {
                return new Native("O_DIRECT's value is not known for " + arch, 0);
            }
            int oCloexec = 0x80000; // O_RDONLY is 0
            return new Native(null, oDirect | oCloexec);
        }
    }
}
