package io.akasha.diskann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.akasha.core.graph.NodeQueue;
import io.akasha.core.graph.VisitedSet;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.ProductQuantizer;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.Advice;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.MappedFile;

/**
 * A DiskANN index ({@link DiskIndexFormat}): the Vamana graph and the full vectors in sector
 * records on disk, the product-quantized codes in memory. A search walks the graph by PQ scores,
 * reading the records of the {@code W} best unexpanded nodes per hop (their full vectors give
 * exact scores, their links the next candidates), and returns the best of the expanded nodes by
 * exact score that the filter and score window accept. Records come from a {@link NodeCache}
 * (the nodes around the medoid) or through a {@link RecordReader}: the mapping (page cache) or
 * direct reads that bypass it ({@link Access}).
 */
public final class DiskIndex implements VectorIndex {

    /** How records are read from the file. */
    public enum Access {
        /** Through the mapping: the page cache keeps what it can. */
        MAPPED,
        /**
         * With {@code O_DIRECT}: every record not in the node cache is read from the device, the
         * reads of one hop submitted together (Linux native AIO; one after another where it is
         * unavailable, said once in the log).
         */
        DIRECT,
        /**
         * With {@code O_DIRECT}, the reads of a hop one after another: the fallback of
         * {@link #DIRECT}, kept selectable so that the batching can be measured against it.
         */
        DIRECT_SERIAL
    }

    /**
     * How an index is opened.
     *
     * @param access     how records are read
     * @param cacheBytes memory for records around the medoid (0: none)
     */
    public record OpenOptions(Access access, long cacheBytes) {
        public static final OpenOptions MAPPED = new OpenOptions(Access.MAPPED, 0);

        public OpenOptions {
            java.util.Objects.requireNonNull(access, "access");
            if (cacheBytes < 0) {
                throw new IllegalArgumentException("the node cache needs a size >= 0 bytes, got " + cacheBytes);
            }
        }
    }

    /**
     * What one search did: the answer and what it cost.
     *
     * @param hops        rounds of (up to W) record reads
     * @param recordsRead records read through the reader (not from the cache)
     * @param sectorsRead 4 KiB sectors those reads covered
     * @param cacheHits   records found in the node cache
     * @param pqScores    PQ distances computed
     */
    public record Found(SearchResult result, int hops, int recordsRead, int sectorsRead, int cacheHits, int pqScores) {
    }

    private final MappedFile file;
    private final int nodes;
    private final int medoid;
    private final Similarity similarity;
    private final RecordLayout layout;
    private final ProductQuantizer quantizer;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment codes;
    private final RecordReader reader;
    private final NodeCache cache;
    private final ConcurrentLinkedQueue<Searcher> searchers = new ConcurrentLinkedQueue<>();

    private DiskIndex(MappedFile file, ProductQuantizer quantizer, OpenOptions options) throws IOException {
        MemorySegment data = file.segment();
        this.file = file;
        this.quantizer = quantizer;
        this.nodes = data.get(DiskIndexFormat.INT, DiskIndexFormat.NODES_AT);
        this.medoid = data.get(DiskIndexFormat.INT, DiskIndexFormat.MEDOID_AT);
        this.similarity = Similarity.values()[data.get(DiskIndexFormat.INT, DiskIndexFormat.METRIC_AT)];
        this.layout = new RecordLayout(data.get(DiskIndexFormat.INT, DiskIndexFormat.DIM_AT),
                data.get(DiskIndexFormat.INT, DiskIndexFormat.DEGREE_AT),
                data.get(DiskIndexFormat.INT, DiskIndexFormat.RECORD_BYTES_AT),
                data.get(DiskIndexFormat.INT, DiskIndexFormat.RECORDS_PER_SECTOR_AT),
                data.get(DiskIndexFormat.INT, DiskIndexFormat.SECTORS_PER_RECORD_AT));
        if (!layout.equals(RecordLayout.of(layout.dim(), layout.maxDegree()))) {
            throw new CorruptFileException(file.path() + ": its record layout " + layout + " does not follow from "
                    + "its dimension and degree");
        }
        long codesAt = data.get(DiskIndexFormat.LONG, DiskIndexFormat.CODES_AT);
        long codeBytes = (long) nodes * quantizer.subspaces();
        if (layout.end(nodes) > data.byteSize() || codesAt < 0 || codesAt + codeBytes > data.byteSize()) {
            throw new CorruptFileException(file.path() + ": ends before its " + nodes + " records and PQ codes");
        }
        this.codes = arena.allocate(Math.max(1, codeBytes));
        MemorySegment.copy(data, codesAt, codes, 0, codeBytes);
        this.reader = switch (options.access()) {
            case MAPPED -> new MappedRecordReader(data);
            case DIRECT -> new DirectRecordReader(file.path(), layout.sectorsPerRecord(), true);
            case DIRECT_SERIAL -> new DirectRecordReader(file.path(), layout.sectorsPerRecord(), false);
        };
        try {
            this.cache = nodes == 0 ? NodeCache.empty()
                    : NodeCache.load(reader, layout, nodes, medoid, options.cacheBytes());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Builds a Vamana graph over {@code scoring} (the vectors as searches score them: unit length
     * for COSINE) with {@code threads} threads, trains a product quantizer of {@code subspaces}
     * bytes per vector, and writes the index to {@code path} durably; the graph is built in memory.
     */
    public static void build(Path path, FloatVectors scoring, Similarity similarity, VamanaParameters parameters,
                             int subspaces, int threads) throws IOException {
        build(path, scoring, similarity, parameters, subspaces, threads, MemoryBudget.UNLIMITED);
    }

    /**
     * Builds an index as {@link #build(Path, FloatVectors, Similarity, VamanaParameters, int, int)}
     * does, holding no more memory for the graph than {@code budget} allows: a graph that does not
     * fit is built over overlapping shards and merged in a scratch file ({@link ShardedVamanaBuild}).
     */
    public static void build(Path path, FloatVectors scoring, Similarity similarity, VamanaParameters parameters,
                             int subspaces, int threads, MemoryBudget budget) throws IOException {
        ProductQuantizer quantizer = ProductQuantizer.train(scoring, similarity, subspaces, 10, parameters.seed());
        try (VamanaGraph graph = ShardedVamanaBuild.build(scoring, similarity, parameters, threads, budget)) {
            DiskIndexWriter.write(path, scoring.count(), RecordLayout.of(scoring.dim(), graph.maxDegree),
                    graph.medoid(), similarity, new DiskIndexWriter.Records() {
                        @Override
                        public void vector(int node, float[] vector) {
                            scoring.get(node, vector);
                        }

                        @Override
                        public int links(int node, int[] links) {
                            return graph.neighbors(node, links);
                        }
                    }, quantizer, null, threads);
        }
    }

    /**
     * Builds an index as {@link #build} does into an unnamed file in {@code directory} and opens
     * it mapped: the file is deleted as soon as it is mapped, so nothing is left behind, even by a
     * crash; {@link #saveCopy} writes it somewhere for keeps.
     */
    public static DiskIndex buildUnnamed(Path directory, FloatVectors scoring, Similarity similarity,
                                         VamanaParameters parameters, int subspaces, int threads) throws IOException {
        Path file = Files.createTempFile(directory, "akasha-diskann-", ".build");
        try {
            build(file, scoring, similarity, parameters, subspaces, threads);
            return open(file, OpenOptions.MAPPED);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes this index's file to {@code path} durably (atomically). */
    public void saveCopy(Path path) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (MappedFile out = MappedFile.create(temporary, file.segment().byteSize())) {
            MemorySegment.copy(file.segment(), 0, out.segment(), 0, file.segment().byteSize());
            out.force();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFiles.publish(temporary, path);
    }

    /**
     * Writes to {@code path} this index with the nodes {@code deleted} accepts consolidated away
     * ({@link DeleteConsolidation}): no live node links to them any more; their ids stay, so
     * searches of the new file still filter them out. Returns how many nodes' lists changed.
     *
     * @param alpha   the prune factor for the lists that change (the build's, usually)
     * @param threads threads the relinking may use
     */
    public int consolidateDeletes(java.util.function.IntPredicate deleted, float alpha, int threads, Path path)
            throws IOException {
        if (!(alpha >= 1) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 1, got " + alpha);
        }
        return DeleteConsolidation.run(file.segment(), layout, nodes, medoid, similarity, quantizer, codes, deleted,
                alpha, threads, path);
    }

    /** Opens an index written by {@link #build}, records read through the mapping, no node cache. */
    public static DiskIndex open(Path path) throws IOException {
        return open(path, OpenOptions.MAPPED);
    }

    /**
     * Maps an index written by {@link #build}: reads the header, the quantizer and the codes (and
     * the records the node cache holds), not the other records.
     *
     * @throws CorruptFileException if the file is not a DiskANN index this build reads
     */
    public static DiskIndex open(Path path, OpenOptions options) throws IOException {
        MappedFile file = MappedFile.openReadOnly(path);
        try {
            // A search jumps between records, and opening reads only the header, the quantizer and
            // the codes: no read-ahead, or the first touches would pull records in around them.
            file.advise(Advice.RANDOM);
            MemorySegment data = file.segment();
            if (data.byteSize() < DiskIndexFormat.SECTOR || !DiskIndexFormat.MAGIC.equals(
                    new String(data.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII))) {
                throw new CorruptFileException(path + ": not a DiskANN index (no " + DiskIndexFormat.MAGIC + " header)");
            }
            int version = data.get(DiskIndexFormat.INT, DiskIndexFormat.VERSION_AT);
            if (version != DiskIndexFormat.VERSION) {
                throw new CorruptFileException(path + ": DiskANN format version " + version
                        + " is not the one this build reads (" + DiskIndexFormat.VERSION + ")");
            }
            ProductQuantizer quantizer;
            try {
                quantizer = ProductQuantizer.readFrom(data, data.get(DiskIndexFormat.LONG, DiskIndexFormat.QUANTIZER_AT));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new CorruptFileException(path + ": " + e.getMessage());
            }
            return new DiskIndex(file, quantizer, options);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * {@code search_list} and {@code beam_width} from the options' parameters; filter and score
     * window applied. A filter that passes a share p of the rows lengthens the list to L / p (up
     * to L / {@link #bitmapPlanBreakEven()}, below which the engine scores the passing rows
     * instead), so that the walk expands about as many passing nodes as an unfiltered one.
     */
    @Override
    public SearchResult search(float[] query, int k, SearchOptions options) {
        int requested = Math.max(k, DiskAnnParameters.searchList(options.parameters()));
        double passing = Math.max(options.passing(), bitmapPlanBreakEven());
        int listSize = (int) Math.min(1 << 16, Math.max(requested, Math.ceil(requested / passing)));
        return search(query, k, listSize, DiskAnnParameters.beamWidth(options.parameters()), options.filter(),
                options.window()).result();
    }

    /**
     * The best {@code k} nodes for {@code query}, walking with a list of {@code listSize} nodes
     * ranked by PQ score and reading {@code beamWidth} records per hop.
     */
    public Found search(float[] query, int k, int listSize, int beamWidth) {
        return search(query, k, listSize, beamWidth, RowFilter.ALL, ScoreWindow.ALL);
    }

    /** As {@link #search(float[], int, int, int)}, returning only nodes {@code filter} and {@code window} accept. */
    public Found search(float[] query, int k, int listSize, int beamWidth, RowFilter filter, ScoreWindow window) {
        if (query.length != layout.dim()) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + layout.dim());
        }
        if (k < 1 || listSize < k || beamWidth < 1 || beamWidth > DiskAnnParameters.MAX_BEAM_WIDTH) {
            throw new IllegalArgumentException("need k >= 1, list size >= k and beam width in 1.."
                    + DiskAnnParameters.MAX_BEAM_WIDTH + ", got k " + k + ", list size " + listSize + ", beam width "
                    + beamWidth);
        }
        Searcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new Searcher();
        }
        try {
            return searcher.search(similarity.prepareQuery(query), k, listSize, beamWidth, filter, window);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            searchers.offer(searcher);
        }
    }

    @Override
    public int size() {
        return nodes;
    }

    @Override
    public int dim() {
        return layout.dim();
    }

    @Override
    public Similarity similarity() {
        return similarity;
    }

    /** The entry point of every search. */
    public int medoid() {
        return medoid;
    }

    /** How records are read, for reports: {@code mapped}, {@code direct (batched)} or {@code direct (one by one)}. */
    public String access() {
        return reader.kind();
    }

    /** Nodes whose records the node cache holds. */
    public int cachedNodes() {
        return cache.size();
    }

    /**
     * The index's own memory: the PQ codes, the quantizer and the node cache. Records read
     * through the mapping may also sit in the page cache, which the kernel gives back under
     * pressure; direct reads leave none there.
     */
    @Override
    public long memoryBytes() {
        return codes.byteSize() + quantizer.byteSize() + cache.memoryBytes();
    }

    /**
     * A filter that passes few rows is best answered by scoring them: the walk reads records in
     * proportion to L / passing share. Not measured yet for this index (HNSW's, measured, is 0.1):
     * 2% keeps the longest filtered list at 50 L.
     */
    @Override
    public double bitmapPlanBreakEven() {
        return 0.02;
    }

    @Override
    public void close() {
        Searcher searcher;
        while ((searcher = searchers.poll()) != null) {
            searcher.reads.close();
        }
        cache.close();
        reader.close();
        arena.close();
        file.close();
    }

    /** One thread's search state, reused. */
    private final class Searcher {
        private final VisitedSet visited = new VisitedSet(nodes);
        private final NodeQueue candidates = NodeQueue.bestFirst(128);
        private final NodeQueue list = NodeQueue.worstFirst(128);
        private final float[] table = new float[quantizer.subspaces() * ProductQuantizer.MAX_CENTROIDS];
        private final int[] beam = new int[DiskAnnParameters.MAX_BEAM_WIDTH];
        private final int[] slotOf = new int[DiskAnnParameters.MAX_BEAM_WIDTH];
        private final long[] offsets = new long[DiskAnnParameters.MAX_BEAM_WIDTH];
        private final RecordReader.Reads reads = reader.reads(DiskAnnParameters.MAX_BEAM_WIDTH);
        private final int subspaces = quantizer.subspaces();
        private final int[] fresh = new int[layout.maxDegree()];
        private final float[] freshScores = new float[layout.maxDegree()];

        Found search(float[] query, int k, int listSize, int width, RowFilter filter, ScoreWindow window)
                throws IOException {
            quantizer.scoreTable(query, table);
            visited.reset(nodes);
            candidates.clear();
            list.clear();
            TopK exact = new TopK(Math.min(k, Math.max(1, nodes)));
            int hops = 0;
            int read = 0;
            int hits = 0;
            int scored = 0;
            if (nodes == 0) {
                return new Found(exact.drain(), 0, 0, 0, 0, 0);
            }
            visited.visit(medoid);
            float entry = pqScore(medoid);
            candidates.push(entry, medoid);
            list.push(entry, medoid);
            while (!candidates.isEmpty()) {
                int taken = 0;
                while (taken < width && !candidates.isEmpty()) {
                    long best = candidates.popEncoded();
                    if (list.size() >= listSize && TopK.decodeScore(best) < list.topScore()) {
                        candidates.clear(); // the rest are worse still
                        break;
                    }
                    beam[taken++] = TopK.decodeId(best);
                }
                if (taken == 0) {
                    break;
                }
                hops++;
                int toRead = 0;
                for (int b = 0; b < taken; b++) {
                    int slot = cache.slot(beam[b]);
                    if (slot >= 0) {
                        slotOf[b] = -1 - slot;
                        hits++;
                    } else {
                        offsets[toRead] = layout.offset(beam[b]);
                        slotOf[b] = toRead++;
                    }
                }
                reads.read(offsets, toRead);
                read += toRead;
                for (int b = 0; b < taken; b++) {
                    boolean cached = slotOf[b] < 0;
                    MemorySegment memory = cached ? cache.records() : reads.segment(slotOf[b]);
                    long at = cached ? cache.offset(-1 - slotOf[b]) : reads.offset(slotOf[b]);
                    if (filter.accept(beam[b])) {
                        float score = exactScore(query, memory, at);
                        if (window.contains(score)) {
                            exact.offer(score, beam[b]);
                        }
                    }
                    scored += expand(memory, at, listSize);
                }
            }
            return new Found(exact.drain(), hops, read, read * layout.sectorsPerRecord(), hits, scored);
        }

        /**
         * Pushes the unvisited links of the record at {@code at} that make the list; returns how
         * many were scored. The unvisited links are scored in one gather call (the PQ kernel).
         */
        private int expand(MemorySegment memory, long at, int listSize) {
            int degree = layout.degree(memory, at);
            int scored = 0;
            for (int i = 0; i < degree; i++) {
                int neighbor = layout.neighbor(memory, at, i);
                if (neighbor >= 0 && neighbor < nodes && visited.visit(neighbor)) {
                    fresh[scored++] = neighbor;
                }
            }
            VectorUtil.pqScoreRows(table, subspaces, codes, 0, fresh, scored, freshScores);
            for (int i = 0; i < scored; i++) {
                float score = freshScores[i];
                if (list.size() < listSize || score > list.topScore()) {
                    candidates.push(score, fresh[i]);
                    list.push(score, fresh[i]);
                    if (list.size() > listSize) {
                        list.popEncoded();
                    }
                }
            }
            return scored;
        }

        private float pqScore(int node) {
            return quantizer.score(table, codes, (long) node * subspaces);
        }

        private float exactScore(float[] query, MemorySegment memory, long at) {
            return similarity == Similarity.L2 ? -VectorUtil.squareDistance(query, memory, at)
                    : VectorUtil.dotProduct(query, memory, at);
        }
    }
}
