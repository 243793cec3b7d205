package io.akasha.core.index;

import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.search.BlockOffers;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Exact search: every vector scored against the query with the bulk SIMD kernels. The
 * ground-truth oracle for every approximate index, and the plan for filters so selective that
 * scanning the few rows that pass beats walking a graph.
 *
 * <p>For {@link Similarity#COSINE} the index keeps its own normalized copy of the vectors (and
 * frees it on {@link #close()}); for L2 and IP it reads the given vectors in place.
 *
 * <p>{@link #search} scans the base once per query, in blocks that keep the scores in L1.
 * {@link #searchBatch} turns the loops around: a block of base rows small enough to stay in the
 * L2 cache is scored against a group of queries before moving on, so the base streams from
 * memory once per group instead of once per query; groups run on several threads.
 */
public final class FlatIndex implements VectorIndex {

    /** Rows scored per kernel call: 1,024 scores fit in L1 with room to spare. */
    private static final int SCAN_BLOCK_ROWS = 1024;
    /** Bytes of base rows per block in batch search: well inside a 512 KiB to 1 MiB L2. */
    private static final long BATCH_BLOCK_BYTES = 256 * 1024;
    /** Queries scored against one cached base block before it is evicted. */
    private static final int BATCH_QUERY_GROUP = 32;

    private final FloatVectors vectors;
    private final boolean ownsVectors;
    private final Similarity similarity;

    public FlatIndex(FloatVectors vectors, Similarity similarity) {
        this(similarity.normalizesVectors() ? vectors.normalizedCopy() : vectors, similarity,
                similarity.normalizesVectors());
    }

    private FlatIndex(FloatVectors vectors, Similarity similarity, boolean ownsVectors) {
        this.vectors = vectors;
        this.similarity = similarity;
        this.ownsVectors = ownsVectors;
    }

    /**
     * An index that reads {@code vectors} in place because they are already what it scores
     * (unit length for COSINE), as a sealed segment keeps them; the caller keeps them open.
     */
    public static FlatIndex ofScoringVectors(FloatVectors vectors, Similarity similarity) {
        return new FlatIndex(vectors, similarity, false);
    }

    @Override
    public int size() {
        return vectors.count();
    }

    /**
     * Measured on glove100 (bench/RESULTS.md): scoring the passing rows with the gather kernel beats
     * the full scan below 25% to 40% of the rows.
     */
    @Override
    public double bitmapPlanBreakEven() {
        return 0.3;
    }

    @Override
    public boolean testsManyRows(double passing) {
        return true;
    }

    @Override
    public int dim() {
        return vectors.dim();
    }

    @Override
    public Similarity similarity() {
        return similarity;
    }

    @Override
    public long memoryBytes() {
        return vectors.byteSize();
    }

    /**
     * The exact top {@code k} (or all accepted rows, if fewer), best first; ties go to the lower
     * row id. The flat index takes no search parameters and ignores any it is given: requests are
     * checked against the field's current index spec, and after an index change some segments
     * still have their flat index until they are rebuilt.
     */
    @Override
    public SearchResult search(float[] query, int k, SearchOptions options) {
        checkQuery(query, k);
        float[] q = similarity.prepareQuery(query);
        // Two small allocations per query are noise next to a scan of the whole base.
        TopK top = new TopK(Math.min(k, vectors.count()));
        float[] scores = new float[SCAN_BLOCK_ROWS];
        scan(q, 0, vectors.count(), SCAN_BLOCK_ROWS, scores, top, options);
        return top.drain();
    }

    /**
     * The exact top {@code k} of every query, using {@code threads} threads (base-blocked, see the
     * class comment). Results are identical to {@link #search} one query at a time.
     */
    public SearchResult[] searchBatch(FloatVectors queries, int k, int threads) {
        if (queries.dim() != vectors.dim()) {
            throw new IllegalArgumentException("queries have dimension " + queries.dim() + ", the index "
                    + vectors.dim());
        }
        checkK(k);
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        SearchResult[] results = new SearchResult[queries.count()];
        int groups = (queries.count() + BATCH_QUERY_GROUP - 1) / BATCH_QUERY_GROUP;
        AtomicInteger nextGroup = new AtomicInteger();
        Runnable worker = () -> {
            for (int g; (g = nextGroup.getAndIncrement()) < groups; ) {
                int from = g * BATCH_QUERY_GROUP;
                searchGroup(queries, from, Math.min(queries.count(), from + BATCH_QUERY_GROUP), k, results);
            }
        };
        Workers.run(threads, "akasha-flat", "exact search", worker);
        return results;
    }

    private void searchGroup(FloatVectors queries, int from, int to, int k, SearchResult[] results) {
        int n = to - from;
        float[][] q = new float[n][];
        TopK[] tops = new TopK[n];
        for (int i = 0; i < n; i++) {
            float[] query = queries.get(from + i);
            checkQuery(query, k);
            q[i] = similarity.prepareQuery(query);
            tops[i] = new TopK(Math.min(k, vectors.count()));
        }
        int blockRows = (int) Math.max(1, BATCH_BLOCK_BYTES / ((long) vectors.dim() * Float.BYTES));
        float[] scores = new float[blockRows];
        for (int start = 0; start < vectors.count(); start += blockRows) {
            int end = Math.min(vectors.count(), start + blockRows);
            for (int i = 0; i < n; i++) {
                scan(q[i], start, end, blockRows, scores, tops[i], SearchOptions.DEFAULT);
            }
        }
        for (int i = 0; i < n; i++) {
            results[from + i] = tops[i].drain();
        }
    }

    /** Scores rows [start, end) in blocks of {@code blockRows} and offers those the options accept. */
    private void scan(float[] q, int start, int end, int blockRows, float[] scores, TopK top,
                      SearchOptions options) {
        var data = vectors.segment();
        for (int block = start; block < end; block += blockRows) {
            int count = Math.min(blockRows, end - block);
            similarity.scoreBulk(q, data, vectors.offset(block), count, scores);
            BlockOffers.offer(scores, count, block, top, options.window(), options.filter());
        }
    }

    private void checkQuery(float[] query, int k) {
        if (query.length != vectors.dim()) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index "
                    + vectors.dim());
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new IllegalArgumentException("query component " + i + " is " + query[i]
                        + ": vectors must be finite");
            }
        }
        checkK(k);
    }

    private static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }


    /** Frees the normalized copy kept for cosine; given vectors are left to their owner. */
    @Override
    public void close() {
        if (ownsVectors) {
            vectors.close();
        }
    }
}
