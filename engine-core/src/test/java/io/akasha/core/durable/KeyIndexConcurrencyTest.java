package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.vector.Similarity;

/**
 * Keys moving from memory to the catalog while they are used: a writer upserts random keys of a
 * fixed set with checkpoints committing all the time (tiny segments and log threshold), readers
 * get random keys, and another thread keeps trying to insert keys that exist. Every get finds
 * every key exactly once (however many times it was upserted while the get ran), and no insert
 * of an existing key ever succeeds.
 */
class KeyIndexConcurrencyTest {

    private static final int KEYS = 2_000;
    private static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(256)
            .withCheckpointBytes(16 << 10);

    @TempDir
    Path dir;

    private static Map<String, Object> row(long key, long version) {
        return Map.of("id", key, "v", new float[] {key, version}, "version", version);
    }

    @Test
    void everyKeyIsFoundOnceWhileCheckpointsMoveKeysIntoTheCatalog() throws Exception {
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            upsertWhileReading(akasha);
            Collection docs = akasha.collection("docs");
        }
    }

    @Test
    void everyKeyIsFoundOnceInMemoryToo() throws Exception {
        try (Akasha akasha = Akasha.inMemory(OPTIONS)) {
            upsertWhileReading(akasha);
        }
    }

    private void upsertWhileReading(Akasha akasha) throws InterruptedException {
        Collection docs = akasha.createCollection("docs", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 2, Similarity.L2).withIndex(IndexSpec.of("FLAT", Map.of())))
                .field(Field.int64("version"))
                .build());
        List<Map<String, Object>> initial = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            initial.add(row(key, 0));
        }
        docs.insert(initial);

        AtomicBoolean stop = new AtomicBoolean();
        Set<String> problems = ConcurrentHashMap.newKeySet();
        AtomicLong gets = new AtomicLong();
        AtomicLong refusedInserts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int seed = r;
            threads.add(Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (!stop.get()) {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        ids.add((long) random.nextInt(KEYS));
                    }
                    List<Long> found = docs.get(ids, "version").stream().map(row -> (Long) row.get("id")).toList();
                    if (!found.equals(ids)) {
                        problems.add("get of " + ids.size() + " keys returned " + found.size() + ": "
                                + ids.stream().filter(id -> !found.contains(id)).toList() + " missing");
                    }
                    gets.incrementAndGet();
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            SplittableRandom random = new SplittableRandom(9);
            while (!stop.get()) {
                long key = random.nextInt(KEYS);
                try {
                    docs.insert(List.of(row(key, -1)));
                    problems.add("inserting existing key " + key + " succeeded");
                } catch (AkashaException e) {
                    if (e.code() != AkashaException.ErrorCode.ALREADY_EXISTS) {
                        problems.add("insert of " + key + ": " + e);
                    }
                    refusedInserts.incrementAndGet();
                }
            }
        }));
        SplittableRandom random = new SplittableRandom(3);
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (long version = 1; System.nanoTime() < deadline; version++) {
            Map<Long, Map<String, Object>> batch = new java.util.HashMap<>();
            for (int i = 0; i < 50; i++) {
                long key = random.nextInt(KEYS);
                batch.put(key, row(key, version));
            }
            docs.upsert(new ArrayList<>(batch.values()));
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(Set.of(), problems);
        assertTrue(gets.get() > 10 && refusedInserts.get() > 10, gets + " gets, " + refusedInserts + " refused inserts");
        assertEquals((long) KEYS, docs.query(QueryRequest.builder().outputFields(QueryRequest.COUNT).build())
                .getFirst().get(QueryRequest.COUNT));
    }
}
