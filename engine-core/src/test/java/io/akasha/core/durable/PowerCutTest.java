package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.Durability;
import io.akasha.storage.DurableLog;
import io.akasha.storage.FileHeader;

/**
 * Simulated power cuts ({@link PowerCutFileIo}: every log byte not yet forced is thrown away):
 * under the per-batch policy no acknowledgement comes before the fsync that covers it, and every
 * acknowledged batch survives, whole, while writers race each other (group commit) and
 * checkpoints run.
 */
class PowerCutTest {

    private static final int BATCH = 10;
    /** Batch numbers per round: far more than a round can write before its cut. */
    private static final long ROUND_BATCHES = 100_000;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgementPrecedesTheFsyncThatCoversIt() throws Exception {
        PowerCutFileIo io = new PowerCutFileIo();
        Path file = dir.resolve(DurableLog.fileName(1));
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch(), io)) {
            log.replay(1, record -> { });
            Object appendLock = new Object();
            List<Thread> writers = new ArrayList<>();
            Set<String> violations = ConcurrentHashMap.newKeySet();
            for (int t = 0; t < 4; t++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 300; i++) {
                        try {
                            long ticket;
                            synchronized (appendLock) {
                                ticket = log.append(new byte[1 + i % 50]);
                            }
                            log.awaitDurable(ticket);
                            long forced = io.forcedSize(file) - FileHeader.SIZE;
                            if (forced < ticket) {
                                violations.add("acknowledged up to byte " + ticket + " with only " + forced + " forced");
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertEquals(Set.of(), violations);
            System.out.println("power cut: 1200 acknowledged appends, " + log.fsyncs() + " fsyncs, none acknowledged early");
        }
    }

    @Test
    void everyAcknowledgedBatchSurvivesAPowerCutWhole() throws Exception {
        Random random = new Random();
        CollectionSchema schema = CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 4, Similarity.L2))
                .field(Field.int64("batch"))
                .build();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        List<Long> rowsPerRound = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            PowerCutFileIo io = new PowerCutFileIo();
            AkashaOptions options = AkashaOptions.defaults().withSegmentRows(100).withCheckpointBytes(4 << 10)
                    .withLogIo(io);
            Akasha akasha = Akasha.open(dir, options);
            Collection c = akasha.hasCollection("cut") ? akasha.collection("cut") : akasha.createCollection("cut", schema);
            long firstBatch = round * ROUND_BATCHES;
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long lane = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (long b = firstBatch + lane; b < firstBatch + ROUND_BATCHES; b += 3) {
                        List<Map<String, Object>> rows = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            rows.add(Map.of("id", b * BATCH + i, "v", new float[] {b, i, 0, 1}, "batch", b));
                        }
                        try {
                            c.insert(rows);
                        } catch (RuntimeException e) {
                            return; // the device is gone
                        }
                        if (!io.isOff()) {
                            acked.add(b);
                        }
                    }
                }));
            }
            Thread.sleep(20 + random.nextInt(80));
            io.cut();
            for (Thread writer : writers) {
                writer.join();
            }
            try {
                akasha.close();
            } catch (RuntimeException expected) {
                // closing forces the log, which the dead device refuses
            }
            io.discardUnforcedBytes();
            try (Akasha reopened = Akasha.open(dir, options.withLogIo(new PowerCutFileIo()))) {
                Collection after = reopened.collection("cut");
                Map<Long, Long> perBatch = new java.util.HashMap<>();
                String thisRound = "batch >= " + firstBatch + " and batch < " + (firstBatch + ROUND_BATCHES);
                List<Map<String, Object>> rows = after.query(QueryRequest.builder().filter(thisRound)
                        .outputFields("batch").limit(16_384).build());
                assertTrue(rows.size() < 16_384, "the query saw every row of the round");
                rows.forEach(row -> perBatch.merge((Long) row.get("batch"), 1L, Long::sum));
                for (long b : acked) {
                    if (b >= firstBatch) {
                        assertEquals(BATCH, perBatch.getOrDefault(b, 0L), "round " + round + ": acknowledged batch " + b);
                    }
                }
                perBatch.forEach((b, n) -> assertEquals(BATCH, n, "batch " + b + " is whole or absent"));
                rowsPerRound.add((long) rows.size());
                for (int r = 0; r < round; r++) {
                    assertEquals(rowsPerRound.get(r), count(after, "batch >= " + r * ROUND_BATCHES + " and batch < "
                            + (r + 1) * ROUND_BATCHES), "round " + r + "'s rows are all still there");
                }
            }
        }
        assertTrue(acked.size() > 8, "the writers acknowledged " + acked.size() + " batches");
        System.out.println("power cut: 8 cuts, " + acked.size() + " acknowledged batches all survived");
    }

    private static long count(Collection c, String filter) {
        return (Long) c.query(QueryRequest.builder().filter(filter).outputFields(QueryRequest.COUNT).build())
                .getFirst().get(QueryRequest.COUNT);
    }
}
