package io.akasha.hnsw;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How an HNSW graph lies in memory (and, for sealed segments, later on disk).
 *
 * <p><b>Level 0</b>, which every node has and every search spends nearly all its time in, is one
 * contiguous block with a fixed stride per node, so a node's links are found by multiplication:
 * <pre>
 * node i at byte i * stride, stride = (1 + M0) * 4:
 *   0      4  link count c, int32 little-endian, 0..M0
 *   4   4*M0  c neighbour node ids, int32 little-endian, then unused slots
 * </pre>
 * {@code M0 = 2 * M}, as in hnswlib, so {@code M = 16} gives up to 32 links on level 0.
 *
 * <p><b>Vectors</b> are not interleaved with the links: they are the segment's own contiguous
 * row-major block (unit-length for COSINE), read in place. Measured reason: the links of a node
 * are read once per expansion, while the vectors of its neighbours are read in a batch by the
 * gather kernel; keeping the block that the kernels scan dense in vectors avoids pulling link bytes
 * into the cache lines the kernel streams.
 *
 * <p><b>Upper levels</b> hold about one node in {@code M}: each such node has an {@code int[]}
 * with, per level 1..L, {@code 1 + M} ints laid out like a level-0 record.
 *
 * <p><b>File</b> (a sealed segment's graph, written once, mapped on open; the vectors are the
 * segment's and are not repeated here):
 * <pre>
 * offset            size         field
 *      0              16         {@link io.akasha.storage.FileHeader}: magic "AKHNSWGR", version
 *     16               4         M
 *     20               4         node count n
 *     24               4         entry node, -1 for an empty graph
 *     28               4         dimension of the vectors the graph was built over
 *     32               8         seed
 *     40               4         efConstruction
 *     44               4         metric: 0 L2, 1 IP, 2 COSINE
 *     48              16         reserved, zero
 *     64      n * stride         level 0, exactly as in memory (mapped, never copied)
 *      …               n         level of each node, one byte each
 *      …               …         upper links of every node with level L > 0, in node order:
 *                                L * (1 + M) int32 each
 * </pre>
 * Opening maps the file and reads only the levels and the upper links (about n/M nodes).
 */
public final class HnswFormat {

    /** Little-endian int32, the encoding of every count and node id. */
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final String MAGIC = "AKHNSWGR";
    public static final int VERSION = 1;
    public static final int MIN_READABLE_VERSION = 1;
    public static final long M_OFFSET = 16;
    public static final long COUNT_OFFSET = 20;
    public static final long ENTRY_OFFSET = 24;
    public static final long DIMENSION_OFFSET = 28;
    public static final long SEED_OFFSET = 32;
    public static final long EF_CONSTRUCTION_OFFSET = 40;
    public static final long METRIC_OFFSET = 44;
    public static final long LEVEL0_OFFSET = 64;

    private HnswFormat() {
    }

    /** Links a node may keep on level 0. */
    public static int maxLevel0Links(int m) {
        return 2 * m;
    }

    /** Bytes per node on level 0. */
    public static long level0Stride(int m) {
        return (1L + maxLevel0Links(m)) * Integer.BYTES;
    }
}
