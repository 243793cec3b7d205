package io.akasha.core.segment;

import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.FloatVectors;

/** Builds the index of one vector field of a sealed segment, as the field's index spec says. */
public interface SegmentIndexer {

    /** @param scoring the field's vectors as searches score them (unit length for COSINE), contiguous */
    VectorIndex build(Field field, FloatVectors scoring);

    /**
     * Whether the field's index is worth building per filled chunk of a growing segment: true
     * for graph indexes, false for exact search, which a chunk scan already is.
     */
    boolean indexesChunks(Field field);

    /**
     * The file name under which the field's index is saved with its segment, or null when its
     * kind is not saved (it is rebuilt over the segment's vectors when the segment opens).
     */
    String indexFileName(Field field);

    /** Saves a built index of {@code field} to {@code path}. */
    void save(Field field, VectorIndex index, java.nio.file.Path path) throws java.io.IOException;

    /** Opens the index of {@code field} saved at {@code path}, over the segment's scoring vectors. */
    VectorIndex open(Field field, java.nio.file.Path path, FloatVectors scoring) throws java.io.IOException;
}
