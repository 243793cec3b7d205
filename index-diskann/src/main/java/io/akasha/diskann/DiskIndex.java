package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.akasha.core.graph.NodeQueue;
import io.akasha.core.graph.VisitedSet;
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
 * exact score. Records are read from the mapped file (the page cache may hold them); reads that
 * bypass the page cache come with the direct reader.
 */
public final class DiskIndex implements AutoCloseable {

    private final MappedFile file;
    private final MemorySegment data;
    private final int nodes;
    private final int dim;
    private final int maxDegree;
    private final int medoid;
    private final Similarity similarity;
    private final int recordBytes;
    private final int recordsPerSector;
    private final int sectorsPerRecord;
    private final ProductQuantizer quantizer;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment codes;
    private final ConcurrentLinkedQueue<Searcher> searchers = new ConcurrentLinkedQueue<>();

    /** What one search did: the answer and what it cost. */
    public record Found(SearchResult result, int hops, int recordsRead, int pqScores) {
    }

    private DiskIndex(MappedFile file, ProductQuantizer quantizer) throws CorruptFileException {
        this.file = file;
        this.data = file.segment();
        this.quantizer = quantizer;
        this.nodes = data.get(DiskIndexFormat.INT, DiskIndexFormat.NODES_AT);
        this.dim = data.get(DiskIndexFormat.INT, DiskIndexFormat.DIM_AT);
        this.maxDegree = data.get(DiskIndexFormat.INT, DiskIndexFormat.DEGREE_AT);
        this.medoid = data.get(DiskIndexFormat.INT, DiskIndexFormat.MEDOID_AT);
        this.similarity = Similarity.values()[data.get(DiskIndexFormat.INT, DiskIndexFormat.METRIC_AT)];
        this.recordBytes = data.get(DiskIndexFormat.INT, DiskIndexFormat.RECORD_BYTES_AT);
        this.recordsPerSector = data.get(DiskIndexFormat.INT, DiskIndexFormat.RECORDS_PER_SECTOR_AT);
        this.sectorsPerRecord = data.get(DiskIndexFormat.INT, DiskIndexFormat.SECTORS_PER_RECORD_AT);
        long codesAt = data.get(DiskIndexFormat.LONG, DiskIndexFormat.CODES_AT);
        long codeBytes = (long) nodes * quantizer.subspaces();
        if (codesAt + codeBytes > data.byteSize()) {
            throw new CorruptFileException(file.path() + ": ends before its " + nodes + " PQ codes");
        }
        this.codes = arena.allocate(Math.max(1, codeBytes));
        MemorySegment.copy(data, codesAt, codes, 0, codeBytes);
    }

    /**
     * Builds a Vamana graph over {@code scoring} (the vectors as searches score them: unit length
     * for COSINE) with {@code threads} threads, trains a product quantizer of {@code subspaces}
     * bytes per vector, and writes the index to {@code path} durably.
     */
    public static void build(Path path, FloatVectors scoring, Similarity similarity, VamanaParameters parameters,
                             int subspaces, int threads) throws IOException {
        ProductQuantizer quantizer = ProductQuantizer.train(scoring, similarity, subspaces, 10, parameters.seed());
        try (VamanaGraph graph = new VamanaBuilder(scoring, similarity, parameters).build(threads)) {
            write(path, scoring, similarity, graph, quantizer);
        }
    }

    private static void write(Path path, FloatVectors vectors, Similarity similarity, VamanaGraph graph,
                              ProductQuantizer quantizer) throws IOException {
        int n = vectors.count();
        int dim = vectors.dim();
        int degree = graph.maxDegree;
        int recordBytes = DiskIndexFormat.recordBytes(dim, degree);
        int perSector = DiskIndexFormat.recordsPerSector(recordBytes);
        int sectorsPerRecord = DiskIndexFormat.sectorsPerRecord(recordBytes);
        long quantizerAt = DiskIndexFormat.recordsEnd(n, recordBytes, perSector, sectorsPerRecord);
        long codesAt = quantizerAt + quantizer.byteSize();
        long size = codesAt + (long) n * quantizer.subspaces();
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (MappedFile out = MappedFile.create(temporary, size)) {
            MemorySegment file = out.segment();
            MemorySegment.copy(DiskIndexFormat.MAGIC.getBytes(StandardCharsets.US_ASCII), 0, file,
                    ValueLayout.JAVA_BYTE, 0, 8);
            int[] header = {DiskIndexFormat.VERSION, n, dim, degree, graph.medoid(), similarity.ordinal(), recordBytes,
                    perSector, sectorsPerRecord};
            for (int i = 0; i < header.length; i++) {
                file.set(DiskIndexFormat.INT, DiskIndexFormat.VERSION_AT + 4L * i, header[i]);
            }
            file.set(DiskIndexFormat.LONG, DiskIndexFormat.QUANTIZER_AT, quantizerAt);
            file.set(DiskIndexFormat.LONG, DiskIndexFormat.CODES_AT, codesAt);
            float[] row = new float[dim];
            int[] links = new int[degree];
            byte[] code = new byte[quantizer.subspaces()];
            for (int node = 0; node < n; node++) {
                long at = DiskIndexFormat.recordOffset(node, recordBytes, perSector, sectorsPerRecord);
                vectors.get(node, row);
                MemorySegment.copy(row, 0, file, DiskIndexFormat.FLOAT, at, dim);
                int count = graph.neighbors(node, links);
                file.set(DiskIndexFormat.INT, at + 4L * dim, count);
                for (int i = 0; i < degree; i++) {
                    file.set(DiskIndexFormat.INT, at + 4L * (dim + 1 + i), i < count ? links[i] : -1);
                }
                quantizer.encode(row, code);
                MemorySegment.copy(code, 0, file, ValueLayout.JAVA_BYTE, codesAt + (long) node * code.length,
                        code.length);
            }
            quantizer.writeTo(file, quantizerAt);
            out.force();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        DurableFiles.publish(temporary, path);
    }

    /**
     * Maps an index written by {@link #build}: reads the header, the quantizer and the codes, not
     * the records.
     *
     * @throws CorruptFileException if the file is not a DiskANN index this build reads
     */
    public static DiskIndex open(Path path) throws IOException {
        MappedFile file = MappedFile.openReadOnly(path);
        try {
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
            // A search jumps between records: tell the kernel not to read ahead.
            file.advise(Advice.RANDOM);
            return new DiskIndex(file, quantizer);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * The best {@code k} nodes for {@code query}, walking with a list of {@code listSize} nodes
     * ranked by PQ score and reading {@code beamWidth} records per hop.
     */
    public Found search(float[] query, int k, int listSize, int beamWidth) {
        if (query.length != dim) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + dim);
        }
        if (k < 1 || listSize < k || beamWidth < 1) {
            throw new IllegalArgumentException("need k >= 1, list size >= k and beam width >= 1, got k " + k
                    + ", list size " + listSize + ", beam width " + beamWidth);
        }
        Searcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new Searcher();
        }
        try {
            return searcher.search(similarity.prepareQuery(query), k, listSize, beamWidth);
        } finally {
            searchers.offer(searcher);
        }
    }

    public int size() {
        return nodes;
    }

    /** Bytes held in memory: the PQ codes (the records stay on disk). */
    public long memoryBytes() {
        return codes.byteSize() + quantizer.byteSize();
    }

    @Override
    public void close() {
        arena.close();
        file.close();
    }

    /** One thread's search state, reused. */
    private final class Searcher {
        private final VisitedSet visited = new VisitedSet(nodes);
        private final NodeQueue candidates = NodeQueue.bestFirst(128);
        private final NodeQueue list = NodeQueue.worstFirst(128);
        private final float[] table = new float[quantizer.subspaces() * ProductQuantizer.MAX_CENTROIDS];
        private final int[] beam = new int[64];
        private final int subspaces = quantizer.subspaces();

        Found search(float[] query, int k, int listSize, int beamWidth) {
            quantizer.scoreTable(query, table);
            visited.reset(nodes);
            candidates.clear();
            list.clear();
            TopK exact = new TopK(Math.min(k, Math.max(1, nodes)));
            int hops = 0;
            int read = 0;
            int scored = 0;
            if (nodes == 0) {
                return new Found(exact.drain(), 0, 0, 0);
            }
            visited.visit(medoid);
            float entry = pqScore(medoid);
            candidates.push(entry, medoid);
            list.push(entry, medoid);
            int width = Math.min(beamWidth, beam.length);
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
                for (int b = 0; b < taken; b++) {
                    long at = DiskIndexFormat.recordOffset(beam[b], recordBytes, recordsPerSector, sectorsPerRecord);
                    read++;
                    exact.offer(exactScore(query, at), beam[b]);
                    int degree = Math.min(data.get(DiskIndexFormat.INT, at + 4L * dim), maxDegree);
                    for (int i = 0; i < degree; i++) {
                        int neighbor = data.get(DiskIndexFormat.INT, at + 4L * (dim + 1 + i));
                        if (neighbor < 0 || neighbor >= nodes || !visited.visit(neighbor)) {
                            continue;
                        }
                        float score = pqScore(neighbor);
                        scored++;
                        if (list.size() < listSize || score > list.topScore()) {
                            candidates.push(score, neighbor);
                            list.push(score, neighbor);
                            if (list.size() > listSize) {
                                list.popEncoded();
                            }
                        }
                    }
                }
            }
            return new Found(exact.drain(), hops, read, scored);
        }

        private float pqScore(int node) {
            long base = (long) node * subspaces;
            float sum = 0;
            for (int m = 0; m < subspaces; m++) {
                sum += table[m * ProductQuantizer.MAX_CENTROIDS + Byte.toUnsignedInt(codes.get(ValueLayout.JAVA_BYTE, base + m))];
            }
            return sum;
        }

        private float exactScore(float[] query, long at) {
            return similarity == Similarity.L2 ? -VectorUtil.squareDistance(query, data, at)
                    : VectorUtil.dotProduct(query, data, at);
        }
    }
}
