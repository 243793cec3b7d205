package io.akasha.core.index;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A kind of index, found with {@link ServiceLoader}: index modules (HNSW, DiskANN) register one
 * in {@code META-INF/services/io.akasha.core.index.IndexProvider}, so engine-core never names them.
 */
public interface IndexProvider {

    /** A short unique name, for example {@code flat} or {@code hnsw}. */
    String name();

    /** Which provider to use when none is named: the highest preference wins. */
    int preference();

    /**
     * Builds an index over {@code vectors}, which the index may read in place (the caller keeps
     * them open while the index is in use).
     *
     * @param parameters build parameters by name; unknown names are rejected with the known ones
     * @param threads    threads the build may use
     */
    VectorIndex build(FloatVectors vectors, Similarity similarity, Map<String, String> parameters, int threads);

    /** Whether the index is exact search, so that building one over a block of rows buys nothing over scanning it. */
    default boolean exact() {
        return false;
    }

    /** The build parameters this index understands, for example {@code M}. */
    default java.util.Set<String> buildParameters() {
        return java.util.Set.of();
    }

    /**
     * The per-request search parameters this index understands, for example {@code ef}; the
     * engine rejects others before a search starts.
     */
    default java.util.Set<String> searchParameters() {
        return java.util.Set.of();
    }

    /**
     * Builds an index over vectors already in the form searches score (unit length for COSINE),
     * as a sealed segment keeps them; the index may read them in place. By default, {@link #build}.
     */
    default VectorIndex buildOverScoringVectors(FloatVectors scoring, Similarity similarity,
                                                Map<String, String> parameters, int threads) {
        return build(scoring, similarity, parameters, threads);
    }

    /**
     * Whether a built index is worth saving with its sealed segment ({@link #save}, {@link #open}).
     * False for an index that costs nothing to rebuild over the segment's vectors, as exact search.
     */
    default boolean savesToFile() {
        return false;
    }

    /** Writes a built index to {@code path} durably (atomically), without the vectors it reads. */
    default void save(VectorIndex index, java.nio.file.Path path) throws java.io.IOException {
        throw new UnsupportedOperationException("the " + name() + " index is rebuilt when its segment opens, not saved");
    }

    /**
     * Opens an index saved by {@link #save} over {@code scoring}, the vectors it was built over in
     * scoring form, which the caller keeps open.
     */
    default VectorIndex open(java.nio.file.Path path, FloatVectors scoring) throws java.io.IOException {
        throw new UnsupportedOperationException("the " + name() + " index is rebuilt when its segment opens, not saved");
    }

    /**
     * Checks build parameters before anything is built (a collection checks its index spec when
     * it is created). By default, only the names.
     *
     * @throws IllegalArgumentException naming the parameter and what it accepts
     */
    default void checkBuildParameters(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!buildParameters().contains(name)) {
                throw new IllegalArgumentException("the " + name() + " index has no build parameter '" + name
                        + "'; it takes " + (buildParameters().isEmpty() ? "none" : new java.util.TreeSet<>(buildParameters())));
            }
        }
    }

    /**
     * Checks per-request search parameters before a search starts.
     *
     * @throws IllegalArgumentException naming the parameter and what it accepts
     */
    default void checkSearchParameters(Map<String, Object> parameters) {
        for (String name : parameters.keySet()) {
            if (!searchParameters().contains(name)) {
                throw new IllegalArgumentException("unknown search parameter '" + name + "' for the " + name()
                        + " index; it takes " + (searchParameters().isEmpty() ? "none" : new java.util.TreeSet<>(searchParameters())));
            }
        }
    }

    /** Every provider on the class path, most preferred first. */
    static List<IndexProvider> available() {
        return ServiceLoader.load(IndexProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(IndexProvider::preference).reversed())
                .toList();
    }

    /** The most preferred provider, or the one called {@code name} when it is not null. */
    static IndexProvider select(String name) {
        List<IndexProvider> providers = available();
        if (name == null) {
            return providers.getFirst();
        }
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no index named '" + name + "'; available: "
                        + providers.stream().map(IndexProvider::name).collect(Collectors.joining(", "))));
    }
}
