package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/** A write that would take the engine past its memory budget is refused whole, with the numbers. */
class MemoryBudgetTest {

    private static List<Map<String, Object>> rows(int first, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            rows.add(Map.of("id", (long) i, "v", new float[128]));
        }
        return rows;
    }

    @Test
    void aWriteThatWouldPassTheBudgetIsRefusedAndChangesNothing() {
        try (Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withMemoryBudgetBytes(12 << 20))) {
            Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", 128, Similarity.L2))
                    .build());
            AkashaException refused = null;
            int inserted = 0;
            while (refused == null) {
                try {
                    c.insert(rows(inserted, 500));
                    inserted += 500;
                } catch (AkashaException e) {
                    refused = e;
                }
            }
            assertEquals(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, refused.code());
            assertTrue(refused.getMessage().startsWith("collection 'docs': 500 rows (about 4,607 KiB) would take the "
                    + "engine's memory from "), refused.getMessage());
            assertTrue(refused.getMessage().contains("past its budget of 12,288 KiB (AkashaOptions.memoryBudgetBytes); "
                    + "nothing was written"), refused.getMessage());
            assertTrue(inserted > 0 && akasha.residentBytes() <= 12 << 20, inserted + " rows, " + akasha.residentBytes());
            assertEquals(inserted, c.stats().rows(), "the refused batch left nothing");
        }
    }
}
