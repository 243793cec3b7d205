package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/** A search with a deadline that has passed ends with DEADLINE_EXCEEDED; one with time left answers. */
class SearchDeadlineTest {

    @Test
    void aPassedDeadlineStopsTheSearch() {
        try (Akasha akasha = Akasha.inMemory()) {
            Collection docs = akasha.createCollection("docs", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", 2, Similarity.L2))
                    .build());
            docs.insert(List.of(Map.of("id", 1L, "v", new float[] {1, 0}), Map.of("id", 2L, "v", new float[] {0, 1})));
            AkashaException late = assertThrows(AkashaException.class, () -> docs.search(SearchRequest.builder()
                    .vector(new float[] {1, 0}).deadline(Instant.now().minusMillis(1)).build()));
            assertEquals(AkashaException.ErrorCode.DEADLINE_EXCEEDED, late.code());
            assertEquals(1L, docs.search(SearchRequest.builder().vector(new float[] {1, 0})
                    .deadline(Instant.now().plus(Duration.ofMinutes(1))).build()).getFirst().getFirst().id());
        }
    }
}
