package io.akasha.hnsw;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.akasha.core.index.SearchOptions;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * An HNSW graph over a fixed set of vectors (row ids 0..size-1), searched with per-request
 * {@code ef}. COSINE is inner product over unit vectors: the index normalizes a copy at build
 * (or reads vectors already normalized, as a sealed segment keeps them); IP and L2 read the
 * vectors in place.
 *
 * <p>Searches take a {@link HnswSearcher} from a pool and give it back, so a search allocates
 * only its result arrays; any number of threads may search at once.
 */
public final class HnswIndex implements VectorIndex {

    /** Levels above this are clamped: with M = 2 a level this high needs 2^16 nodes per step. */
    static final int MAX_LEVEL = 16;

    private final HnswGraph graph;
    private final FloatVectors vectors;
    private final boolean ownsVectors;
    private final Similarity similarity;
    private final HnswParameters parameters;
    private final ConcurrentLinkedQueue<HnswSearcher> searchers = new ConcurrentLinkedQueue<>();

    private HnswIndex(HnswGraph graph, FloatVectors vectors, boolean ownsVectors, Similarity similarity,
                      HnswParameters parameters) {
        this.graph = graph;
        this.vectors = vectors;
        this.ownsVectors = ownsVectors;
        this.similarity = similarity;
        this.parameters = parameters;
    }

    /**
     * Builds a graph over {@code vectors} with {@code threads} threads.
     *
     * @param scoringForm whether the vectors are already what searches score (unit length for
     *                    COSINE); if not, COSINE builds over a normalized copy the index owns
     */
    public static HnswIndex build(FloatVectors vectors, boolean scoringForm, Similarity similarity,
                                  HnswParameters parameters, int threads) {
        boolean copy = similarity.normalizesVectors() && !scoringForm;
        FloatVectors scoring = copy ? vectors.normalizedCopy() : vectors;
        HnswGraph graph = new HnswGraph(scoring.count(), parameters.m());
        try {
            new HnswBuilder(graph, scoring, similarity, parameters.efConstruction(), parameters.seed())
                    .insertAll(scoring.count(), threads);
        } catch (RuntimeException | Error e) {
            graph.close();
            if (copy) {
                scoring.close();
            }
            throw e;
        }
        return new HnswIndex(graph, scoring, copy, similarity, parameters);
    }

    @Override
    public SearchResult search(float[] query, int k, SearchOptions options) {
        if (query.length != vectors.dim()) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + vectors.dim());
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        int ef = Math.max(k, HnswParameters.ef(options.parameters()));
        int entry = graph.entryNode();
        if (entry < 0) {
            return new SearchResult(new int[0], new float[0]);
        }
        float[] q = similarity.prepareQuery(query);
        HnswSearcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new HnswSearcher(graph, vectors.segment(), similarity);
        }
        try {
            int node = searcher.descend(q, entry, searcher.score(q, entry), graph.level(entry), 0);
            searcher.searchLevel(q, node, searcher.descentScore, ef, 0, options.filter(), options.window());
            int[] ids = new int[searcher.results.size()];
            float[] scores = new float[ids.length];
            searcher.drainResults(ids, scores);
            if (ids.length > k) {
                ids = Arrays.copyOf(ids, k);
                scores = Arrays.copyOf(scores, k);
            }
            return new SearchResult(ids, scores);
        } finally {
            searchers.offer(searcher);
        }
    }

    @Override
    public int size() {
        return vectors.count();
    }

    @Override
    public int dim() {
        return vectors.dim();
    }

    @Override
    public Similarity similarity() {
        return similarity;
    }

    public HnswParameters parameters() {
        return parameters;
    }

    /** The graph plus the vectors it searches (its own copy, or the ones it reads in place). */
    @Override
    public long memoryBytes() {
        return graph.memoryBytes() + vectors.byteSize();
    }

    @Override
    public void close() {
        graph.close();
        if (ownsVectors) {
            vectors.close();
        }
    }
}
