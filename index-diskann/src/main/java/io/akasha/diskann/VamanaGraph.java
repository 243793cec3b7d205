package io.akasha.diskann;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The links of a Vamana graph while it is built: one off-heap block with a fixed stride of
 * {@code 1 + R} little-endian int32 per node (link count, then up to R node ids), the layout the
 * disk records will copy. Changes go through {@link #lock(int)} (striped); reads take no lock: a
 * reader may see a list being replaced, whose ids are all valid nodes, which a build search
 * tolerates as HNSW's does.
 */
final class VamanaGraph implements AutoCloseable {

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int STRIPES = 4096;

    final int nodes;
    final int maxDegree;
    private final long stride;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment links;
    private final Object[] locks = new Object[STRIPES];
    private volatile int medoid;

    VamanaGraph(int nodes, int maxDegree) {
        this.nodes = nodes;
        this.maxDegree = maxDegree;
        this.stride = (1L + maxDegree) * Integer.BYTES;
        this.links = arena.allocate(Math.max(1, nodes) * stride, 64);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The lock that guards changes to the links of {@code node}. */
    Object lock(int node) {
        return locks[node & (STRIPES - 1)];
    }

    /** Copies the links of {@code node} into {@code out} (at least R long); returns how many. */
    int neighbors(int node, int[] out) {
        long base = node * stride;
        int count = Math.min(links.get(INT, base), maxDegree);
        MemorySegment.copy(links, INT, base + Integer.BYTES, out, 0, count);
        return count;
    }

    /** Replaces the links of {@code node} (caller holds its lock): ids first, then the count. */
    void setNeighbors(int node, int[] ids, int count) {
        long base = node * stride;
        MemorySegment.copy(ids, 0, links, INT, base + Integer.BYTES, count);
        links.set(INT, base, count);
    }

    /** The entry point of every search: the node nearest the mean of the vectors. */
    int medoid() {
        return medoid;
    }

    void setMedoid(int node) {
        medoid = node;
    }

    /** Bytes of the link block. */
    long memoryBytes() {
        return links.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
