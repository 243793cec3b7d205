package io.akasha.core.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.akasha.core.vector.FloatVectors;

/**
 * Writes plain (uncompressed) TEXMEX files, the format {@link XvecsReader} reads: per record a
 * little-endian int32 dimension, then the values. Used to hand data to benchmark workers written
 * in other languages.
 */
public final class XvecsWriter {

    private XvecsWriter() {
    }

    /** Writes every vector as an {@code .fvecs} file; the file must not exist. */
    public static void writeFloatVectors(Path file, FloatVectors vectors) throws IOException {
        int dim = vectors.dim();
        byte[] record = new byte[4 + dim * Float.BYTES];
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(0, dim);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW),
                1 << 16)) {
            for (int i = 0; i < vectors.count(); i++) {
                // Rows are little-endian float32 in memory already: copy the bytes as they are.
                MemorySegment.copy(vectors.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, vectors.offset(i),
                        record, 4, dim * Float.BYTES);
                out.write(record);
            }
        }
    }

    /** Writes one record per row as an {@code .ivecs} file, replacing an existing one. */
    public static void writeIntVectors(Path file, int[][] rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int[] row : rows) {
                ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(row.length);
                for (int id : row) {
                    buffer.putInt(id);
                }
                out.write(buffer.array());
            }
        }
    }
}
