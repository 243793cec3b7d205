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
 * segment's and are not repeated here), version 2: a {@link io.akasha.storage.SectionedFileFormat}
 * file (64-byte-aligned sections, a CRC32C per 64 KiB block) with magic "AKHNSWGR" and four
 * sections, id 0:
 * <pre>
 * kind 1 META     M int32, node count n int32, entry node int32 (-1 when empty), dimension int32,
 *                 seed int64, efConstruction int32, metric int32 (0 L2, 1 IP, 2 COSINE)
 * kind 2 LEVEL0   n * stride bytes, exactly as in memory (mapped, never copied)
 * kind 3 LEVELS   the level of each node, one byte each
 * kind 4 UPPER    the upper links of every node with level L > 0, in node order: L * (1 + M) int32 each
 * </pre>
 * A graph whose searches walk int8 codes ({@code quantization=int8}) has two more sections:
 * <pre>
 * kind 5 QUANTIZER center float32, step float32, then n float32 corrections ({@link QuantizedVectors})
 * kind 6 CODES     n * dimension int8 codes, row-major (mapped, never copied)
 * </pre>
 * Version 1 (a plain header and the same data, no checksums) is not read: the engine rebuilds
 * such a graph from the segment's vectors, since a graph is derived data.
 * Opening maps the file and reads only the levels and the upper links (about n/M nodes).
 */
public final class HnswFormat {

    /** Little-endian int32, the encoding of every count and node id. */
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final String MAGIC = "AKHNSWGR";
    public static final int VERSION = 2;
    public static final int MIN_READABLE_VERSION = 2;
    static final int META = 1;
    static final int LEVEL0 = 2;
    static final int LEVELS = 3;
    static final int UPPER = 4;
    static final int QUANTIZER = 5;
    static final int CODES = 6;

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
