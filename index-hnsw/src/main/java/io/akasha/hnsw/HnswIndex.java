package io.akasha.hnsw;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.index.SearchOptions;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.CorruptFileException;

/**
 * An HNSW graph over a fixed set of vectors (row ids 0..size-1), searched with per-request
 * {@code ef}. COSINE is inner product over unit vectors: the index normalizes a copy at build
 * (or reads vectors already normalized, as a sealed segment keeps them); IP and L2 read the
 * vectors in place.
 *
 * <p>With {@link HnswParameters.Quantization#INT8}, searches walk the graph scoring int8 codes of
 * the vectors ({@link QuantizedVectors}) and rerank the {@code ef} best nodes they found with the
 * float vectors.
 *
 * <p>Searches take a {@link HnswSearcher} from a pool and give it back, so a search allocates
 * only its result arrays; any number of threads may search at once. A {@linkplain #growable
 * growable} index also takes inserts and deletes while it is searched.
 */
public final class HnswIndex implements VectorIndex {

    /** Levels above this are clamped: with M = 2 a level this high needs 2^16 nodes per step. */
    static final int MAX_LEVEL = 16;
    /** Below this fraction of passing rows the bitmap plan beats a filtered graph search. */
    private static final double BITMAP_PLAN_BREAK_EVEN = 0.1;
    /**
     * Below this fraction of passing rows a filtered search looks through rejected nodes to their
     * accepted neighbours (two hops, ACORN) instead of walking through them; system property
     * {@code akasha.hnsw.twoHopBelow} (0 turns it off). Measured on glove100 (bench/RESULTS.md,
     * "Filtered search plans"): 1.5x-4x faster from 2% to 10%, slower from 20% on.
     */
    static final double TWO_HOP_BELOW = Double.parseDouble(System.getProperty("akasha.hnsw.twoHopBelow", "0.15"));
    /**
     * ...and not below this one: at 1% the accepted nodes within two hops of each other no longer
     * form one connected graph, and recall stopped short of 0.95 even at ef 1000 (the walk through
     * rejected nodes reaches 1.0 there; the engine's bitmap plan is faster anyway).
     */
    static final double TWO_HOP_FROM = 0.02;

    private final HnswGraph graph;
    private final FloatVectors vectors;
    private final boolean ownsVectors;
    private final Similarity similarity;
    private final HnswParameters parameters;
    private final ConcurrentLinkedQueue<HnswSearcher> searchers = new ConcurrentLinkedQueue<>();
    /** Null for a built index; for a growing one, which nodes' inserts returned and which are deleted. */
    private final NodeStates states;
    private final HnswBuilder builder;
    private final ConcurrentLinkedQueue<HnswBuilder.Worker> inserters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextNode;
    /** The int8 codes searches walk with ({@link HnswParameters.Quantization#INT8}); null otherwise. */
    private final QuantizedVectors quantized;

    private HnswIndex(HnswGraph graph, FloatVectors vectors, boolean ownsVectors, Similarity similarity,
                      HnswParameters parameters, NodeStates states, int size, QuantizedVectors quantized) {
        this.graph = graph;
        this.quantized = quantized;
        this.vectors = vectors;
        this.ownsVectors = ownsVectors;
        this.similarity = similarity;
        this.parameters = parameters;
        this.states = states;
        this.nextNode = new AtomicInteger(size);
        this.builder = states == null ? null
                : new HnswBuilder(graph, vectors, similarity, parameters.efConstruction(), parameters.seed());
    }

    /**
     * An empty index with room for {@code capacity} vectors that grows by {@link #add} while it
     * is searched: searches never wait for inserts, and never return a node whose insert has not
     * returned or whose delete has. Unlike a {@linkplain #build built} graph, it is not
     * {@linkplain HnswBuilder#repairReachability repaired}: an insert can strand an earlier node.
     */
    public static HnswIndex growable(int dim, int capacity, Similarity similarity, HnswParameters parameters) {
        if (parameters.quantization() != HnswParameters.Quantization.NONE) {
            throw new IllegalArgumentException("a growable index walks its float vectors; quantization "
                    + parameters.quantization() + " is for built graphs");
        }
        FloatVectors vectors = FloatVectors.allocate(dim, capacity);
        return new HnswIndex(new HnswGraph(capacity, parameters.m()), vectors, true, similarity, parameters,
                new NodeStates(capacity), 0, null);
    }

    /**
     * Writes the graph to {@code path} ({@link HnswFormat}), durably; the vectors are not
     * written (they are the segment's). For a built index, which no longer changes.
     */
    public void write(Path path) throws IOException {
        if (states != null) {
            throw new IllegalStateException("a growable index is still changing; seal it (build one) to write it");
        }
        HnswFile.write(path, graph, size(), vectors.dim(), parameters, similarity, quantized);
    }

    /**
     * Maps a graph written by {@link #write} and searches it in place, over {@code scoring}: the
     * vectors it was built over, in scoring form (unit length for COSINE), which the caller keeps
     * open. Nothing is rebuilt and level 0 is not read until searches touch it.
     */
    public static HnswIndex open(Path path, FloatVectors scoring) throws IOException {
        HnswFile.Opened opened = HnswFile.open(path);
        if (opened.nodes() != scoring.count() || opened.dim() != scoring.dim()) {
            opened.graph().close();
            throw new IllegalArgumentException(path + " holds a graph of " + opened.nodes() + " vectors of dimension "
                    + opened.dim() + ", but " + scoring.count() + " of dimension " + scoring.dim() + " were given");
        }
        return new HnswIndex(opened.graph(), scoring, false, opened.metric(), opened.parameters(), null,
                opened.nodes(), opened.quantized());
    }

    /** Inserts a vector (any thread; several at once) and returns its node id. */
    public int add(float[] vector) {
        int node = link(vector);
        states.markLive(node);
        return node;
    }

    /** Stores and links a vector without publishing it: searches walk through it but do not return it. */
    int link(float[] vector) {
        if (states == null) {
            throw new IllegalStateException("a built index is fixed; create one with growable() to add to it");
        }
        if (vector.length != vectors.dim()) {
            throw new IllegalArgumentException("vector has dimension " + vector.length + ", the index " + vectors.dim());
        }
        int node = nextNode.getAndIncrement();
        if (node >= vectors.count()) {
            nextNode.decrementAndGet();
            throw new IllegalStateException("the index is full: capacity " + vectors.count());
        }
        vectors.set(node, similarity.prepareQuery(vector));
        HnswBuilder.Worker worker = inserters.poll();
        if (worker == null) {
            worker = builder.new Worker();
        }
        try {
            worker.insert(node);
        } finally {
            inserters.offer(worker);
        }
        return node;
    }

    /** Keeps {@code node} out of results from now on; it still guides searches through the graph. */
    public void delete(int node) {
        if (states == null) {
            throw new IllegalStateException("a built index is fixed; deletes of its rows are the segment's");
        }
        states.markDeleted(node);
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
        QuantizedVectors quantized = null;
        try {
            HnswBuilder builder = new HnswBuilder(graph, scoring, similarity, parameters.efConstruction(),
                    parameters.seed());
            builder.insertAll(scoring.count(), threads);
            builder.repairReachability(scoring.count());
            if (parameters.quantization() == HnswParameters.Quantization.INT8) {
                quantized = QuantizedVectors.encode(scoring, similarity);
            }
        } catch (RuntimeException | Error e) {
            graph.close();
            if (copy) {
                scoring.close();
            }
            throw e;
        }
        return new HnswIndex(graph, scoring, copy, similarity, parameters, null, scoring.count(), quantized);
    }

    @Override
    public SearchResult search(float[] query, int k, SearchOptions options) {
        if (query.length != vectors.dim()) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + vectors.dim());
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        graph.checkStored();
        int ef = Math.max(k, HnswParameters.ef(options.parameters()));
        int entry = graph.entryNode();
        if (entry < 0) {
            return new SearchResult(new int[0], new float[0]);
        }
        float[] q = similarity.prepareQuery(query);
        HnswSearcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new HnswSearcher(graph, vectors.segment(), vectors.dim(), similarity, quantized);
        }
        try {
            RowFilter filter = options.filter();
            if (states != null) {
                RowFilter requested = filter;
                filter = row -> states.isLive(row) && requested.accept(row);
            }
            searcher.prepare(q);
            int node = searcher.descend(q, entry, searcher.score(q, entry), graph.level(entry), 0);
            // Approximate scores cannot decide a score window: the rerank applies it.
            boolean twoHop = twoHop(options.passing());
            searcher.searchLevel(q, node, searcher.descentScore, ef, 0, filter,
                    quantized == null ? options.window() : ScoreWindow.ALL, twoHop);
            int[] ids = new int[searcher.results.size()];
            float[] scores = new float[ids.length];
            searcher.drainResults(ids, scores);
            if (quantized != null) {
                return rerank(q, ids, k, options.window());
            }
            if (ids.length > k) {
                ids = Arrays.copyOf(ids, k);
                scores = Arrays.copyOf(scores, k);
            }
            return new SearchResult(ids, scores);
        } finally {
            searchers.offer(searcher);
        }
    }

    /** The best {@code k} of {@code ids} (found over int8 codes) by their exact scores, within {@code window}. */
    private SearchResult rerank(float[] query, int[] ids, int k, ScoreWindow window) {
        if (ids.length == 0) {
            return new SearchResult(ids, new float[0]);
        }
        float[] exact = new float[ids.length];
        similarity.scoreRows(query, vectors.segment(), 0, ids, ids.length, exact);
        TopK top = new TopK(Math.min(k, ids.length));
        for (int i = 0; i < ids.length; i++) {
            if (window.contains(exact[i])) {
                top.offer(exact[i], ids[i]);
            }
        }
        return top.drain();
    }

    /** Nodes inserted (for a growable index, including ones being inserted). */
    @Override
    public int size() {
        return Math.min(nextNode.get(), vectors.count());
    }

    /** A two-hop search tests a node's neighbours' neighbours: a dense filter pays for itself. */
    @Override
    public boolean testsManyRows(double passing) {
        return twoHop(passing);
    }

    private static boolean twoHop(double passing) {
        return passing >= TWO_HOP_FROM && passing < TWO_HOP_BELOW;
    }

    /** Measured on glove100 with ef 64 (bench/RESULTS.md, "Filtered search plans"). */
    @Override
    public double bitmapPlanBreakEven() {
        return BITMAP_PLAN_BREAK_EVEN;
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

    /**
     * The graph plus what searches walk with: the float vectors (its own copy, or the ones it
     * reads in place); with int8 codes, the codes, and the float vectors only if the index owns
     * them (otherwise they are the segment's, read for the rerank of {@code ef} rows per search,
     * and may stay on disk).
     */
    @Override
    public long memoryBytes() {
        if (quantized == null) {
            return graph.memoryBytes() + vectors.byteSize();
        }
        return graph.memoryBytes() + quantized.memoryBytes() + (ownsVectors ? vectors.byteSize() : 0);
    }

    @Override
    public void verify() throws CorruptFileException {
        graph.verify();
    }

    @Override
    public void close() {
        graph.close();
        if (quantized != null) {
            quantized.close();
        }
        if (ownsVectors) {
            vectors.close();
        }
    }
}
