package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * Writers insert and delete while readers get, query and search, with small segments sealing
 * and indexing in the background. Checks the consistency contract: a read sees every write
 * that returned before it started, never a deleted row whose delete returned, and never part
 * of a batch.
 */
class ConcurrentReadWriteTest {

    private static final int BATCH = 25;
    private static final int BATCHES = 1_000;

    @Test
    void readsSeeCompletedWritesAndWholeBatches() throws Exception {
        try (Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(500).withIndexThreads(1))) {
            Collection c = akasha.createCollection("c", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", 8, Similarity.L2))
                    .field(Field.int64("batch"))
                    .build());
            AtomicLong committedBatches = new AtomicLong();
            AtomicLong deletedUpTo = new AtomicLong(-1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch done = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long b = 0; b < BATCHES; b++) {
                        // Pace the writer so that reads interleave with every stretch of writes.
                        while (reads.get() < 2 * b && !stop.get()) {
                            Thread.onSpinWait();
                        }
                        List<Map<String, Object>> rows = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            long id = b * BATCH + i;
                            rows.add(Map.of("id", id, "v", vector(id), "batch", b));
                        }
                        c.insert(rows);
                        committedBatches.set(b + 1);
                        if (b % 10 == 9) {
                            // Delete the first batch of the last ten once it is surely there.
                            long first = (b - 9) * BATCH;
                            c.delete(List.of(first));
                            deletedUpTo.set(b - 9);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    stop.set(true);
                    done.countDown();
                }
            }));
            for (int r = 0; r < 3; r++) {
                int seed = r;
                threads.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(seed);
                    try {
                        while (!stop.get()) {
                            long batches = committedBatches.get();
                            long deleted = deletedUpTo.get();
                            if (batches == 0) {
                                continue;
                            }
                            long b = random.nextLong(batches);
                            long id = b * BATCH + 1 + random.nextInt(BATCH - 1);
                            assertEquals(1, c.get(List.of(id)).size(), "row " + id + " of committed batch " + b);
                            List<Hit> hits = c.search(SearchRequest.builder().vector(vector(id)).limit(1).build()).getFirst();
                            assertEquals(id, hits.getFirst().id(), "the nearest row to row " + id + "'s vector");
                            if (deleted >= 0) {
                                long gone = (deleted - random.nextLong(deleted / 10 + 1) * 10) * BATCH;
                                assertEquals(List.of(), c.get(List.of(gone)), "row " + gone + " was deleted");
                            }
                            long probe = random.nextLong(batches + 2);
                            long count = (Long) c.query(QueryRequest.builder().filter("batch == " + probe)
                                    .outputFields(QueryRequest.COUNT).build()).getFirst().get(QueryRequest.COUNT);
                            long full = probe % 10 == 0 && probe <= deletedUpTo.get() ? BATCH - 1 : BATCH;
                            assertTrue(count == 0 || count == full || count == BATCH,
                                    "batch " + probe + " is partly visible: " + count + " rows");
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                        stop.set(true);
                    } finally {
                        done.countDown();
                    }
                }));
            }
            done.await();
            for (Thread thread : threads) {
                thread.join();
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.peek());
            }
            c.flush();
            assertEquals(BATCHES * BATCH - BATCHES / 10, c.stats().rows());
            assertTrue(reads.get() >= 2 * (BATCHES - 1), "readers ran only " + reads.get() + " rounds");
            assertTrue(c.stats().sealedSegments() >= 9, c.stats().toString());
            assertTrue(c.stats().search().calls() > 0);
        }
    }

    /** Distinct, well separated vectors: row i's nearest row is itself. */
    private static float[] vector(long id) {
        Random random = new Random(id * 7919);
        float[] v = new float[8];
        for (int d = 0; d < v.length; d++) {
            v[d] = random.nextFloat() * 100;
        }
        return v;
    }
}
