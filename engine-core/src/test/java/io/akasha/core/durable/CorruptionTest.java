package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.DurableLog;

/**
 * A damaged byte is reported with its file and offset and never served: in a sealed segment's
 * vectors it is found by {@link Akasha#verify()} and by the first search or read of those vectors
 * (opening reads none of them); in its scalar columns, when the segment opens; in the middle of
 * the log, on replay.
 */
class CorruptionTest {

    private static final float MARKER_FLOAT = 12345.678f;
    private static final long MARKER_LONG = 0x1122334455667788L;

    @TempDir
    Path dir;

    private static CollectionSchema schema() {
        return CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 8, Similarity.L2))
                .field(Field.int64("n"))
                .build();
    }

    /**
     * 4,000 rows, row 3,000 holding the markers; sealed to a segment file when {@code flush}. Its
     * vectors span several 64 KiB checksum blocks, so the marker's block holds no scalar column.
     */
    private void write(boolean flush) {
        try (Akasha akasha = Akasha.open(dir)) {
            Collection docs = akasha.createCollection("docs", schema());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                float[] v = new float[8];
                v[i % 8] = i == 3000 ? MARKER_FLOAT : i;
                rows.add(Map.of("id", (long) i, "v", v, "n", i == 3000 ? MARKER_LONG : i));
                if (rows.size() == 500) {
                    docs.insert(rows);
                    rows = new ArrayList<>();
                }
            }
            if (flush) {
                docs.flush();
            }
        }
    }

    /** Flips one bit of the first occurrence of {@code pattern} in {@code file}; returns its offset. */
    private static int damage(Path file, byte[] pattern) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                bytes[i + 1] ^= 0x04;
                Files.write(file, bytes);
                return i + 1;
            }
        }
        throw new AssertionError("pattern not found in " + file);
    }

    private static byte[] littleEndian(float value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    }

    private static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private Path only(String name) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> found = walk.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertEquals(1, found.size(), name + ": " + found);
            return found.getFirst();
        }
    }

    @Test
    void aDamagedVectorIsFoundByVerifyAndByTheFirstSearchNeverScored() throws IOException {
        write(true);
        Path data = only("data.aks");
        long offset = damage(data, littleEndian(MARKER_FLOAT));
        long block = offset / (64 << 10) * (64 << 10);
        String problem = data.toAbsolutePath() + ": the block of ";
        try (Akasha akasha = Akasha.open(dir)) {
            Map<String, List<String>> report = akasha.verify();
            assertEquals(List.of("docs"), List.copyOf(report.keySet()));
            assertTrue(report.get("docs").getFirst().startsWith(problem)
                    && report.get("docs").getFirst().contains(" at offset " + block + " fails its checksum"), report.toString());
            Collection docs = akasha.collection("docs");
            AkashaException e = assertThrows(AkashaException.class,
                    () -> docs.search(SearchRequest.builder().vector(new float[8]).limit(3).build()));
            assertEquals(AkashaException.ErrorCode.DATA_LOSS, e.code());
            assertEquals(report.get("docs").getFirst(), e.getMessage());
            AkashaException read = assertThrows(AkashaException.class, () -> docs.get(List.of(3000L)));
            assertEquals(AkashaException.ErrorCode.DATA_LOSS, read.code());
        }
    }

    @Test
    void aDamagedScalarColumnIsRefusedWhenTheSegmentOpens() throws IOException {
        write(true);
        Path data = only("data.aks");
        damage(data, littleEndian(MARKER_LONG));
        AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
        assertEquals(AkashaException.ErrorCode.DATA_LOSS, e.code());
        assertTrue(e.getMessage().contains(data.toAbsolutePath() + ": the block of ")
                && e.getMessage().contains("fails its checksum"), e.getMessage());
    }

    @Test
    void aDamagedRecordInTheMiddleOfTheLogIsRefusedNotTruncated() throws IOException {
        write(false);
        Path log = only(DurableLog.fileName(1));
        long size = Files.size(log);
        int offset = damage(log, littleEndian(MARKER_LONG));
        AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
        assertEquals(AkashaException.ErrorCode.DATA_LOSS, e.code());
        assertTrue(e.getMessage().contains(log.toAbsolutePath() + ": corrupt write-ahead log record at offset ")
                && e.getMessage().contains("a valid record follows"), e.getMessage());
        assertEquals(size, Files.size(log), "nothing was truncated (damaged byte at " + offset + ")");
    }
}
