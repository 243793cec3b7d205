package io.akasha.core.collection;

/**
 * Request sizes the engine accepts, Milvus's where Milvus has one. A larger request is refused
 * with {@link io.akasha.core.AkashaException.ErrorCode#RESOURCE_EXHAUSTED} before any work.
 */
public final class Limits {

    /** Largest {@code limit} (top-k) of a search, and largest {@code limit + offset}. */
    public static final int MAX_TOP_K = 16_384;
    /** Most query vectors in one search. */
    public static final int MAX_QUERY_VECTORS = 16_384;
    /** Most rows one query returns ({@code limit + offset}, or all matches without a limit). */
    public static final int MAX_QUERY_RESULT = 16_384;
    /** Most rows in one insert, upsert or delete batch. */
    public static final int MAX_BATCH_ROWS = 100_000;
    /** Most partitions in a collection (Milvus's default limit). */
    public static final int MAX_PARTITIONS = 1_024;

    private Limits() {
    }
}
