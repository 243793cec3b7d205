package io.akasha.core.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import io.akasha.core.vector.FloatVectors;

/**
 * Reads the TEXMEX vector files: {@code .fvecs} (float32), {@code .bvecs} (uint8) and
 * {@code .ivecs} (int32), plain or gzipped ({@code .gz} suffix).
 *
 * <p>Every record is a little-endian int32 dimension {@code d} followed by {@code d} values. The
 * file is read once, as a stream: a plain file's record count is known from its size, a gzipped
 * one's grows the destination as records arrive. A truncated record, a non-positive dimension or
 * a dimension that differs from the first record's is rejected with the file, the record number
 * and its byte offset (in the uncompressed stream for {@code .gz}).
 */
public final class XvecsReader {

    /** Larger dimensions are taken as a corrupt header rather than allocated. */
    static final int MAX_DIMENSION = 1 << 16;
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private XvecsReader() {
    }

    /** Reads every vector of an {@code .fvecs} or {@code .bvecs} file (uint8 values become floats). */
    public static FloatVectors readFloatVectors(Path path) throws IOException {
        return readFloatVectors(path, Integer.MAX_VALUE);
    }

    /** Reads the first {@code limit} vectors (or all, if fewer) of an {@code .fvecs} or {@code .bvecs} file. */
    public static FloatVectors readFloatVectors(Path path, int limit) throws IOException {
        ValueType type = ValueType.of(path);
        if (type == ValueType.INT32) {
            throw new IllegalArgumentException(path + " holds int32 vectors (.ivecs): read it with readIntVectors");
        }
        try (RecordStream records = new RecordStream(path, type)) {
            if (!records.next()) {
                throw new DatasetFormatException(path + ": empty file, no vector to read");
            }
            int dim = records.dimension();
            long expected = records.expectedRecords();
            int capacity = (int) Math.min(limit, expected > 0 ? expected : 1024);
            FloatVectors vectors = FloatVectors.allocate(dim, capacity);
            int count = 0;
            try {
                float[] row = new float[dim];
                do {
                    if (count == vectors.count()) {
                        vectors = grow(vectors, (int) Math.min(limit, 2L * count));
                    }
                    records.values(row);
                    vectors.set(count++, row);
                } while (count < limit && records.next());
                return count == vectors.count() ? vectors : shrink(vectors, count);
            } catch (IOException | RuntimeException e) {
                vectors.close();
                throw e;
            }
        }
    }

    /** Reads every row of an {@code .ivecs} file (for example ground truth: one row of ids per query). */
    public static int[][] readIntVectors(Path path) throws IOException {
        if (ValueType.of(path) != ValueType.INT32) {
            throw new IllegalArgumentException(path + " does not hold int32 vectors: expected an .ivecs file");
        }
        try (RecordStream records = new RecordStream(path, ValueType.INT32)) {
            int[][] rows = new int[16][];
            int count = 0;
            while (records.next()) {
                if (count == rows.length) {
                    rows = Arrays.copyOf(rows, count * 2);
                }
                int[] row = new int[records.dimension()];
                records.values(row);
                rows[count++] = row;
            }
            if (count == 0) {
                throw new DatasetFormatException(path + ": empty file, no vector to read");
            }
            return Arrays.copyOf(rows, count);
        }
    }

    private static FloatVectors grow(FloatVectors vectors, int capacity) {
        FloatVectors bigger = FloatVectors.allocate(vectors.dim(), capacity);
        MemorySegment.copy(vectors.segment(), 0, bigger.segment(), 0, vectors.byteSize());
        vectors.close();
        return bigger;
    }

    private static FloatVectors shrink(FloatVectors vectors, int count) {
        FloatVectors exact = FloatVectors.allocate(vectors.dim(), count);
        MemorySegment.copy(vectors.segment(), 0, exact.segment(), 0, exact.byteSize());
        vectors.close();
        return exact;
    }

    /** The value type of a file, from its name. */
    enum ValueType {
        FLOAT32(4), UINT8(1), INT32(4);

        final int bytes;

        ValueType(int bytes) {
            this.bytes = bytes;
        }

        static ValueType of(Path path) {
            String name = path.getFileName().toString();
            if (name.endsWith(".gz")) {
                name = name.substring(0, name.length() - 3);
            }
            if (name.endsWith(".fvecs")) {
                return FLOAT32;
            }
            if (name.endsWith(".bvecs")) {
                return UINT8;
            }
            if (name.endsWith(".ivecs")) {
                return INT32;
            }
            throw new IllegalArgumentException(path + ": unknown vector file type; expected .fvecs, .bvecs or .ivecs"
                    + " (optionally .gz)");
        }
    }

    /** Walks a file record by record, checking each header against the first. */
    private static final class RecordStream implements AutoCloseable {
        private final Path path;
        private final ValueType type;
        private final InputStream in;
        private final long fileSize;
        private final boolean compressed;
        private final byte[] header = new byte[4];
        private byte[] body = new byte[0];
        private long position;
        private long recordStart;
        private int record = -1;
        private int firstDimension = -1;
        private int dimension;

        RecordStream(Path path, ValueType type) throws IOException {
            this.path = path;
            this.type = type;
            this.fileSize = Files.size(path);
            this.compressed = path.getFileName().toString().endsWith(".gz");
            InputStream raw = Files.newInputStream(path);
            try {
                this.in = compressed ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new DatasetFormatException(path + ": not a gzip file (" + e.getMessage() + ")", e);
            }
        }

        /** Records a plain file holds if every record has the first one's dimension; -1 when unknown. */
        long expectedRecords() throws DatasetFormatException {
            if (compressed) {
                return -1;
            }
            long recordBytes = 4 + (long) firstDimension * type.bytes;
            if (fileSize % recordBytes != 0) {
                long whole = fileSize / recordBytes;
                throw new DatasetFormatException(where(whole, whole * recordBytes) + ": the file size " + fileSize
                        + " is not a whole number of " + recordBytes + "-byte records (dimension " + firstDimension
                        + "): the last record is truncated or a dimension differs");
            }
            return fileSize / recordBytes;
        }

        /** Reads the next record; false at a clean end of file. */
        boolean next() throws IOException {
            record++;
            recordStart = position;
            int got = readFully(header, 4);
            if (got == 0) {
                return false;
            }
            if (got < 4) {
                throw new DatasetFormatException(where(record, recordStart) + ": truncated: the file ends "
                        + got + " bytes into the 4-byte dimension header");
            }
            dimension = MemorySegment.ofArray(header).get(INT_LE, 0);
            if (dimension <= 0 || dimension > MAX_DIMENSION) {
                throw new DatasetFormatException(where(record, recordStart) + ": dimension " + dimension
                        + " is not in 1.." + MAX_DIMENSION + " (not a " + type + " vector file, or corrupt)");
            }
            if (firstDimension < 0) {
                firstDimension = dimension;
            } else if (dimension != firstDimension) {
                throw new DatasetFormatException(where(record, recordStart) + ": dimension " + dimension
                        + " differs from the first record's " + firstDimension);
            }
            int bytes = dimension * type.bytes;
            if (body.length < bytes) {
                body = new byte[bytes];
            }
            got = readFully(body, bytes);
            if (got < bytes) {
                throw new DatasetFormatException(where(record, recordStart) + ": truncated: dimension " + dimension
                        + " needs " + bytes + " bytes of values, the file ends after " + got);
            }
            return true;
        }

        int dimension() {
            return dimension;
        }

        void values(float[] into) {
            MemorySegment values = MemorySegment.ofArray(body);
            if (type == ValueType.UINT8) {
                for (int i = 0; i < dimension; i++) {
                    into[i] = Byte.toUnsignedInt(body[i]);
                }
            } else {
                MemorySegment.copy(values, FLOAT_LE, 0, into, 0, dimension);
            }
        }

        void values(int[] into) {
            MemorySegment.copy(MemorySegment.ofArray(body), INT_LE, 0, into, 0, dimension);
        }

        private int readFully(byte[] buffer, int length) throws IOException {
            int total = 0;
            while (total < length) {
                int n = in.read(buffer, total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            position += total;
            return total;
        }

        private String where(long recordIndex, long byteOffset) {
            return path + ": record " + recordIndex + " at " + (compressed ? "uncompressed " : "") + "byte "
                    + byteOffset;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
