package io.akasha.core.index;

import java.util.Map;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/** Registers {@link FlatIndex} (exact search) as the index of last resort. */
public final class FlatIndexProvider implements IndexProvider {

    /** The flat index's name in index specs: exact search. */
    public static final String NAME = "flat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public VectorIndex build(FloatVectors vectors, Similarity similarity, Map<String, String> parameters,
                             int threads) {
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException("the flat index takes no parameters, got " + parameters.keySet());
        }
        return new FlatIndex(vectors, similarity);
    }

    /** Reads the segment's scoring vectors in place instead of copying them. */
    @Override
    public VectorIndex buildOverScoringVectors(FloatVectors scoring, Similarity similarity,
                                               Map<String, String> parameters, int threads) {
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException("the flat index takes no parameters, got " + parameters.keySet());
        }
        return FlatIndex.ofScoringVectors(scoring, similarity);
    }
}
