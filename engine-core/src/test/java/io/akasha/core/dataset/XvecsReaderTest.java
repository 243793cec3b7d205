package io.akasha.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import io.akasha.core.vector.FloatVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XvecsReaderTest {

    @TempDir
    Path dir;

    private static final float[][] ROWS = {{1.5f, -2f, 3f}, {0f, 0.25f, -7f}, {9f, 8f, 7f}, {1e-3f, 1e3f, -0f}};

    @Test
    void readsFvecsPlainAndGzippedToTheSameVectors() throws IOException {
        byte[] bytes = fvecs(ROWS);
        for (Path file : new Path[] {write("a.fvecs", bytes, false), write("a.fvecs.gz", bytes, true)}) {
            try (FloatVectors vectors = XvecsReader.readFloatVectors(file)) {
                assertEquals(3, vectors.dim());
                assertEquals(ROWS.length, vectors.count(), file.toString());
                for (int i = 0; i < ROWS.length; i++) {
                    assertArrayEquals(ROWS[i], vectors.get(i), file + " row " + i);
                }
            }
        }
    }

    @Test
    void readsOnlyTheFirstRecordsWhenLimited() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = write(gzip ? "l.fvecs.gz" : "l.fvecs", fvecs(ROWS), gzip);
            try (FloatVectors vectors = XvecsReader.readFloatVectors(file, 2)) {
                assertEquals(2, vectors.count());
                assertArrayEquals(ROWS[1], vectors.get(1));
            }
        }
    }

    @Test
    void gzippedFileLargerThanTheFirstGuessGrowsWithoutLosingRows() throws IOException {
        float[][] many = new float[5000][];
        for (int i = 0; i < many.length; i++) {
            many[i] = new float[] {i, -i, i * 0.5f};
        }
        try (FloatVectors vectors = XvecsReader.readFloatVectors(write("m.fvecs.gz", fvecs(many), true))) {
            assertEquals(5000, vectors.count());
            assertArrayEquals(many[4999], vectors.get(4999));
            assertArrayEquals(many[1024], vectors.get(1024));
        }
    }

    @Test
    void readsBvecsAsUnsignedBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(4).array());
        out.writeBytes(new byte[] {0, 1, (byte) 200, (byte) 255});
        try (FloatVectors vectors = XvecsReader.readFloatVectors(write("b.bvecs", out.toByteArray(), false))) {
            assertArrayEquals(new float[] {0, 1, 200, 255}, vectors.get(0));
        }
    }

    @Test
    void readsIvecsRows() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] row : new int[][] {{5, 3, 9}, {0, 1, 2}}) {
            out.writeBytes(le(row.length).array());
            for (int v : row) {
                out.writeBytes(le(v).array());
            }
        }
        int[][] rows = XvecsReader.readIntVectors(write("g.ivecs.gz", out.toByteArray(), true));
        assertEquals(2, rows.length);
        assertArrayEquals(new int[] {5, 3, 9}, rows[0]);
    }

    @Test
    void truncatedRecordIsRejectedNamingTheRecord() throws IOException {
        byte[] whole = fvecs(ROWS);
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        DatasetFormatException plain = assertThrows(DatasetFormatException.class,
                () -> XvecsReader.readFloatVectors(write("t.fvecs", cut, false)));
        assertEquals(dir.resolve("t.fvecs") + ": record 3 at byte 48: the file size 59 is not a whole number of "
                + "16-byte records (dimension 3): the last record is truncated or a dimension differs", plain.getMessage());
        DatasetFormatException gz = assertThrows(DatasetFormatException.class,
                () -> XvecsReader.readFloatVectors(write("t.fvecs.gz", cut, true)));
        assertEquals(dir.resolve("t.fvecs.gz") + ": record 3 at uncompressed byte 48: truncated: dimension 3 needs "
                + "12 bytes of values, the file ends after 7", gz.getMessage());
    }

    @Test
    void recordWithAnotherDimensionIsRejected() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fvecs(new float[][] {{1, 2, 3}}));
        out.writeBytes(fvecs(new float[][] {{1, 2}}));
        out.writeBytes(fvecs(new float[][] {{1}}));  // sizes add up to whole 16-byte records only by accident
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> XvecsReader.readFloatVectors(write("d.fvecs.gz", out.toByteArray(), true)));
        assertEquals(dir.resolve("d.fvecs.gz") + ": record 1 at uncompressed byte 16: dimension 2 differs from the "
                + "first record's 3", e.getMessage());
    }

    @Test
    void implausibleDimensionIsRejected() throws IOException {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> XvecsReader.readFloatVectors(write("n.fvecs", le(-4).array(), false)));
        assertEquals(dir.resolve("n.fvecs") + ": record 0 at byte 0: dimension -4 is not in 1..65536 (not a FLOAT32 "
                + "vector file, or corrupt)", e.getMessage());
    }

    @Test
    void emptyFileAndWrongExtensionAreRejected() throws IOException {
        DatasetFormatException empty = assertThrows(DatasetFormatException.class,
                () -> XvecsReader.readFloatVectors(write("e.fvecs", new byte[0], false)));
        assertEquals(dir.resolve("e.fvecs") + ": empty file, no vector to read", empty.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> XvecsReader.readFloatVectors(dir.resolve("x.csv")));
        assertEquals(dir.resolve("x.csv") + ": unknown vector file type; expected .fvecs, .bvecs or .ivecs "
                + "(optionally .gz)", type.getMessage());
    }

    static byte[] fvecs(float[][] rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (float[] row : rows) {
            ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(row.length);
            for (float v : row) {
                buffer.putFloat(v);
            }
            out.writeBytes(buffer.array());
        }
        return out.toByteArray();
    }

    private static ByteBuffer le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }
}
