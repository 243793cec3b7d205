package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and maps {@link VectorsFormat} files.
 *
 * <p>A file is written whole to a temporary name, forced to the device, then renamed into
 * place and the directory forced, so a reader (or a crash) sees either no file or a complete
 * one. Opening maps the file and checks its header and size; it reads none of the vectors.
 */
public final class VectorsFile implements AutoCloseable {

    private final MappedFile file;
    private final int dim;
    private final long count;

    private VectorsFile(MappedFile file, int dim, long count) {
        this.file = file;
        this.dim = dim;
        this.count = count;
    }

    /**
     * Writes {@code count} vectors of {@code dim} floats, taken from {@code vectors} (little-endian
     * float32, row-major), to {@code path}, which must not exist.
     */
    public static void write(Path path, int dim, long count, MemorySegment vectors) throws IOException {
        if (dim <= 0 || dim > VectorsFormat.MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension " + dim + " is not in 1.." + VectorsFormat.MAX_DIMENSION);
        }
        long bodyBytes = (long) dim * count * Float.BYTES;
        if (count < 0 || vectors.byteSize() < bodyBytes) {
            throw new IllegalArgumentException(count + " vectors of dimension " + dim + " need " + bodyBytes
                    + " bytes, the source has " + vectors.byteSize());
        }
        if (Files.exists(path)) {
            throw new java.nio.file.FileAlreadyExistsException(path.toString(), null, "vectors files are written once");
        }
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (MappedFile out = MappedFile.create(temporary, VectorsFormat.fileSize(dim, count))) {
            MemorySegment bytes = out.segment();
            FileHeader.write(bytes, VectorsFormat.MAGIC, VectorsFormat.VERSION);
            bytes.set(FileHeader.INT_LE, VectorsFormat.DIMENSION_OFFSET, dim);
            bytes.set(FileHeader.LONG_LE, VectorsFormat.COUNT_OFFSET, count);
            MemorySegment.copy(vectors, 0, bytes, VectorsFormat.DATA_OFFSET, bodyBytes);
            out.force();
        }
        DurableFiles.publish(temporary, path);
    }

    /** Maps a vectors file read-only after checking its header and size. */
    public static VectorsFile open(Path path) throws IOException {
        MappedFile file = MappedFile.openReadOnly(path);
        try {
            MemorySegment bytes = file.segment();
            FileHeader.check(bytes, path, "vectors file", VectorsFormat.MAGIC, VectorsFormat.MIN_READABLE_VERSION,
                    VectorsFormat.VERSION);
            if (bytes.byteSize() < VectorsFormat.DATA_OFFSET) {
                throw new CorruptFileException(path + ": " + bytes.byteSize() + " bytes is shorter than the "
                        + VectorsFormat.DATA_OFFSET + "-byte vectors header");
            }
            int dim = bytes.get(FileHeader.INT_LE, VectorsFormat.DIMENSION_OFFSET);
            long count = bytes.get(FileHeader.LONG_LE, VectorsFormat.COUNT_OFFSET);
            if (dim <= 0 || dim > VectorsFormat.MAX_DIMENSION) {
                throw new CorruptFileException(path + ": dimension " + dim + " at byte "
                        + VectorsFormat.DIMENSION_OFFSET + " is not in 1.." + VectorsFormat.MAX_DIMENSION);
            }
            if (count < 0 || bytes.byteSize() != VectorsFormat.fileSize(dim, count)) {
                throw new CorruptFileException(path + ": header at byte " + VectorsFormat.COUNT_OFFSET + " says "
                        + count + " vectors of dimension " + dim + " (" + VectorsFormat.fileSize(dim, count)
                        + " bytes), the file has " + bytes.byteSize() + " bytes");
            }
            return new VectorsFile(file, dim, count);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public int dim() {
        return dim;
    }

    public long count() {
        return count;
    }

    /** The vectors, row-major little-endian float32, valid until {@link #close()}. */
    public MemorySegment vectors() {
        return file.segment().asSlice(VectorsFormat.DATA_OFFSET);
    }

    public MappedFile mappedFile() {
        return file;
    }

    @Override
    public void close() {
        file.close();
    }
}
