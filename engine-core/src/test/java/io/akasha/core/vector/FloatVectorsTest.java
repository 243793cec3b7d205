package io.akasha.core.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatVectorsTest {

    @Test
    void floatVectorsOfManyRowsLiveInABlockThatReadsBackWhatWasWritten() {
        try (FloatVectors vectors = FloatVectors.allocate(128, 10_000)) {
            vectors.set(9_999, new float[128]);
            float[] row = new float[128];
            row[127] = 3.5f;
            vectors.set(5_000, row);
            assertEquals(3.5f, vectors.get(5_000)[127]);
            assertTrue(vectors.get(9_999)[0] == 0f);
        }
    }
}
