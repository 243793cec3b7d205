package io.akasha.core.segment;

import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.FloatVectors;

/** Builds the index of one vector field of a sealed segment, as the field's index spec says. */
@FunctionalInterface
public interface SegmentIndexer {

    /** @param scoring the field's vectors as searches score them (unit length for COSINE), contiguous */
    VectorIndex build(Field field, FloatVectors scoring);
}
