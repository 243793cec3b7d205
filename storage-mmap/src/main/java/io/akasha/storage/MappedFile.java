package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file mapped into memory through the FFM API.
 *
 * <p>The mapping belongs to a shared {@link Arena}: {@link #close()} unmaps it at once (not when
 * a garbage collector gets to it), and any later access to {@link #segment()} fails with an
 * {@link IllegalStateException} instead of touching unmapped memory. Reads are safe from many
 * threads; closing while another thread reads makes that read fail, never crash.
 */
public final class MappedFile implements AutoCloseable {

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final boolean writable;

    private MappedFile(Path path, Arena arena, MemorySegment segment, boolean writable) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.writable = writable;
    }

    /** Maps an existing file read-only, all of it. */
    public static MappedFile openReadOnly(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return map(path, channel, FileChannel.MapMode.READ_ONLY, channel.size());
        }
    }

    /** Maps an existing file read-write, all of it. */
    public static MappedFile openReadWrite(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return map(path, channel, FileChannel.MapMode.READ_WRITE, channel.size());
        }
    }

    /**
     * Creates a new file of {@code size} zero bytes and maps it read-write.
     *
     * @throws FileAlreadyExistsException if the file exists: a new file never overwrites an old one
     */
    public static MappedFile create(Path path, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("file size must not be negative, got " + size);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (size > 0) {
                // Extends the file without writing every byte; the mapping reads the hole as zeros.
                channel.truncate(size);
                channel.position(size - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
            }
            return map(path, channel, FileChannel.MapMode.READ_WRITE, size);
        }
    }

    private static MappedFile map(Path path, FileChannel channel, FileChannel.MapMode mode, long size)
            throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = channel.map(mode, 0, size, arena);
            return new MappedFile(path, arena, segment, mode == FileChannel.MapMode.READ_WRITE);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new IOException(path + ": cannot map " + size + " bytes: " + e.getMessage(), e);
        }
    }

    /** The mapped bytes; valid until {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    public Path path() {
        return path;
    }

    public long size() {
        return segment.byteSize();
    }

    public boolean writable() {
        return writable;
    }

    /**
     * Tells the kernel how the whole mapping will be read. Returns false where hints are not
     * available on this platform (they change speed, never results).
     */
    public boolean advise(Advice advice) {
        return Madvise.apply(segment, advice);
    }

    /** Like {@link #advise(Advice)} for the byte range [offset, offset + length), widened to whole pages. */
    public boolean advise(Advice advice, long offset, long length) {
        long page = Madvise.pageSize();
        long start = offset - offset % page;
        long end = Math.min(segment.byteSize(), offset + length);
        if (start >= end) {
            return false;
        }
        return Madvise.apply(segment.asSlice(start, end - start), advice);
    }

    /** Writes changed pages to the storage device and waits for it (msync); a no-op when read-only. */
    public void force() {
        if (writable) {
            segment.force();
        }
    }

    /** Unmaps the file now. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
