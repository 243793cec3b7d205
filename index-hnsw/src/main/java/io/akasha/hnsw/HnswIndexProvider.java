package io.akasha.hnsw;

import java.io.IOException;
import java.nio.file.Path;

import java.util.Map;
import java.util.Set;

import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/** Registers {@link HnswIndex} as {@code hnsw}, preferred over exact search when both are present. */
public final class HnswIndexProvider implements IndexProvider {

    @Override
    public String name() {
        return "hnsw";
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public Set<String> buildParameters() {
        return HnswParameters.BUILD;
    }

    @Override
    public Set<String> searchParameters() {
        return HnswParameters.SEARCH;
    }

    @Override
    public void checkBuildParameters(Map<String, String> parameters) {
        HnswParameters.parse(parameters);
    }

    @Override
    public void checkSearchParameters(Map<String, Object> parameters) {
        IndexProvider.super.checkSearchParameters(parameters);
        HnswParameters.ef(parameters);
    }

    @Override
    public VectorIndex build(FloatVectors vectors, Similarity similarity, Map<String, String> parameters, int threads) {
        return HnswIndex.build(vectors, false, similarity, HnswParameters.parse(parameters), threads);
    }

    @Override
    public VectorIndex buildOverScoringVectors(FloatVectors scoring, Similarity similarity,
                                               Map<String, String> parameters, int threads) {
        return HnswIndex.build(scoring, true, similarity, HnswParameters.parse(parameters), threads);
    }

    @Override
    public boolean savesToFile() {
        return true;
    }

    @Override
    public void save(VectorIndex index, Path path) throws IOException {
        ((HnswIndex) index).write(path);
    }

    @Override
    public VectorIndex open(Path path, FloatVectors scoring) throws IOException {
        return HnswIndex.open(path, scoring);
    }
}
