package io.akasha.core.segment;

import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.FloatVectors;

/** Builds the index of one vector field of a sealed segment, as the field's index spec says. */
@FunctionalInterface
public interface SegmentIndexer {

    /**
     * @param raw     the vectors as inserted, contiguous
     * @param scoring the vectors searches score (normalized for COSINE; the same as {@code raw} otherwise)
     */
    VectorIndex build(Field field, FloatVectors raw, FloatVectors scoring);
}
