package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.vector.Similarity;

/**
 * A durable collection's primary keys move into the catalog (LMDB) at each checkpoint: memory
 * then holds only the keys written since, and get / insert / upsert / delete keep answering by
 * key exactly as a model map says, across checkpoints, compaction and reopening.
 */
class PrimaryKeyCatalogTest {

    private static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(400);
    /** Longer than LMDB's 511-byte key limit, so stored by prefix and hash. */
    private static final String LONG_KEY = "x".repeat(700);

    @TempDir
    Path dir;

    private static CollectionSchema schema() {
        return CollectionSchema.builder()
                .field(Field.varchar("key", 1000).asPrimaryKey())
                .field(Field.floatVector("v", 2, Similarity.L2).withIndex(IndexSpec.of("FLAT", Map.of())))
                .field(Field.float32("price"))
                .build();
    }

    private static Map<String, Object> row(String key, float price) {
        return Map.of("key", key, "v", new float[] {price, 1}, "price", price);
    }

    /** Checks every key the model knows, and some it does not, against the collection. */
    private static void assertMatches(Map<String, Float> model, Collection docs, int keyRange) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keyRange; i++) {
            keys.add("k" + i);
        }
        keys.add(LONG_KEY);
        keys.add(LONG_KEY + "y"); // same stored prefix, different hash: never inserted
        Map<String, Float> found = new TreeMap<>();
        for (int from = 0; from < keys.size(); from += 1_000) {
            for (Map<String, Object> row : docs.get(keys.subList(from, Math.min(keys.size(), from + 1_000)), "price")) {
                found.put((String) row.get("key"), (Float) row.get("price"));
            }
        }
        assertEquals(new TreeMap<>(model), found);
        assertEquals(model.size(), docs.stats().rows());
    }

    @Test
    void keysMoveToTheCatalogAndEveryKeyCallStillAgreesWithTheModel() {
        Random random = new Random(11);
        Map<String, Float> model = new HashMap<>();
        int keyRange = 3_000;
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", schema());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                rows.add(row("k" + i, i));
                model.put("k" + i, (float) i);
            }
            rows.add(row(LONG_KEY, -1));
            model.put(LONG_KEY, -1f);
            docs.insert(rows);
            assertEquals(2_001, docs.stats().keysInMemory(), "before a checkpoint every key is in memory");
            docs.flush();
            docs.flush(); // the first commit's in-memory entries are dropped at the next one
            assertEquals(0, docs.stats().keysInMemory(), "after checkpoints the catalog holds the keys");
            assertMatches(model, docs, keyRange);

            AkashaException taken = assertThrows(AkashaException.class, () -> docs.insert(List.of(row("k7", 1))));
            assertEquals(AkashaException.ErrorCode.ALREADY_EXISTS, taken.code());
            assertThrows(AkashaException.class, () -> docs.insert(List.of(row(LONG_KEY, 1))));
            docs.insert(List.of(row(LONG_KEY + "y", 5)));
            model.put(LONG_KEY + "y", 5f);

            mutate(random, docs, model, keyRange);
            assertMatches(model, docs, keyRange);
            docs.flush(); // starts compaction of the segments the deletes left holey
            docs.awaitIndexing();
            mutate(random, docs, model, keyRange);
            assertMatches(model, docs, keyRange); // stored keys of compacted segments resolve through their copy
            docs.flush();
            docs.awaitIndexing();
            docs.flush();
            assertMatches(model, docs, keyRange);
            mutate(random, docs, model, keyRange); // left in the log only
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.collection("docs");
            assertMatches(model, docs, keyRange);
            assertTrue(docs.stats().keysInMemory() <= 600, "only the keys replayed from the log are in memory: "
                    + docs.stats().keysInMemory());
            mutate(random, docs, model, keyRange);
            docs.flush();
            assertMatches(model, docs, keyRange);
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            assertMatches(model, akasha.collection("docs"), keyRange);
        }
    }

    /** Random upserts (new and existing keys), inserts of new keys and deletes, applied to both. */
    private static void mutate(Random random, Collection docs, Map<String, Float> model, int keyRange) {
        for (int batch = 0; batch < 5; batch++) {
            Map<String, Map<String, Object>> upserts = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                String key = "k" + random.nextInt(keyRange);
                float price = random.nextInt(10_000);
                upserts.put(key, row(key, price));
            }
            docs.upsert(new ArrayList<>(upserts.values()));
            upserts.forEach((key, row) -> model.put(key, (Float) row.get("price")));
            List<String> deletes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                deletes.add("k" + random.nextInt(keyRange));
            }
            long existed = deletes.stream().distinct().filter(model::containsKey).count();
            assertEquals(existed, docs.delete(deletes));
            deletes.forEach(model::remove);
        }
    }

    @Test
    void droppingACollectionDropsItsKeys() {
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", schema());
            docs.insert(List.of(row("a", 1), row("b", 2)));
            docs.flush();
            akasha.dropCollection("docs");
            Collection again = akasha.createCollection("docs", schema());
            assertEquals(List.of(), again.get(List.of("a", "b")));
            again.insert(List.of(row("a", 3))); // not refused as a duplicate
            assertEquals(3f, again.get(List.of("a"), "price").getFirst().get("price"));
        }
    }
}
