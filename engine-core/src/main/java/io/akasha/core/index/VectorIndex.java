package io.akasha.core.index;

import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.Similarity;

/**
 * A searchable index over a fixed set of vectors, row ids 0..size-1. Implementations are
 * thread-safe for concurrent searches.
 */
public interface VectorIndex extends AutoCloseable {

    /** The (approximate, for graph indexes) top {@code k} rows for {@code query}, best first. */
    default SearchResult search(float[] query, int k) {
        return search(query, k, SearchOptions.DEFAULT);
    }

    /**
     * The top {@code k} rows among those {@code options} accept (filter and score window), best
     * first, with the options' per-request parameters.
     */
    SearchResult search(float[] query, int k, SearchOptions options);

    int size();

    /**
     * The fraction of a segment's rows below which a filtered search should score just the
     * passing rows (the bitmap plan) instead of searching this index with the filter. Each index
     * measures its own with {@code ./akasha bench filtered}.
     */
    double bitmapPlanBreakEven();

    /**
     * Whether a search with a filter passing {@code passing} of the rows tests so many rows (exact
     * search tests every one) that the filter is best given as a dense bit array; otherwise a
     * bitmap lookup per tested row is cheaper than building one.
     */
    default boolean testsManyRows(double passing) {
        return false;
    }

    int dim();

    Similarity similarity();

    /** Bytes of memory the index holds (graph and vectors, including vectors it reads in place). */
    long memoryBytes();

    /** Releases memory and files the index owns. */
    @Override
    void close();

    /** Checks the index's file against its checksums, if it has one (reads all of it). */
    default void verify() throws io.akasha.storage.CorruptFileException {
    }
}
