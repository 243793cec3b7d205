package io.akasha.hnsw;

import io.akasha.core.AkashaException;
import io.akasha.core.graph.LinkedGraph;
import io.akasha.core.graph.VisitedSet;
import io.akasha.core.search.RowFilter;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.HugePageBlocks;
import io.akasha.storage.SectionedFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The links of an HNSW graph ({@link HnswFormat}): level 0 in one off-heap block, upper levels
 * in small arrays for the few nodes that have them, the level of each node and the entry point.
 *
 * <p>Link lists are changed under the node's lock ({@link #lock}); searches read them without
 * locks. A writer fills the ids before it publishes a larger count, so a reader may miss a link
 * being added but never reads one that was not written.
 */
final class HnswGraph implements AutoCloseable {

    private static final int LOCK_STRIPES = 1 << 12;

    final int m;
    final int m0;
    private final long stride;
    private final AutoCloseable owner;
    private final MemorySegment level0;
    private final int[][] upper;
    private final byte[] levels;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private volatile long entry = -1;

    /** An empty graph with room for {@code capacity} nodes, level 0 allocated off-heap. */
    HnswGraph(int capacity, int m) {
        this(m, Arena.ofShared(), capacity);
    }

    private HnswGraph(int m, Arena arena, int capacity) {
        this(m, arena, HugePageBlocks.allocate(arena, Math.max(1, capacity) * HnswFormat.level0Stride(m), 64),
                new int[capacity][],
                new byte[capacity], -1);
    }

    /** Whether a mapped level 0 has been checked against its file's checksums. */
    private volatile boolean level0Checked;

    /**
     * A graph over links that already exist, for example mapped from a file; {@code owner}
     * releases them on {@link #close()}.
     */
    HnswGraph(int m, AutoCloseable owner, MemorySegment level0, int[][] upper, byte[] levels, int entry) {
        this.m = m;
        this.m0 = HnswFormat.maxLevel0Links(m);
        this.stride = HnswFormat.level0Stride(m);
        this.owner = owner;
        this.level0 = level0;
        this.upper = upper;
        this.levels = levels;
        this.entry = entry;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * For a graph mapped from a file: checks level 0 (and the int8 codes, if any) against their
     * block checksums the first time a search uses them (once; the other sections were checked
     * when the file was opened).
     *
     * @throws AkashaException DATA_LOSS naming the file and the damaged block's offset
     */
    void checkStored() {
        if (level0Checked || !(owner instanceof SectionedFile file)) {
            return;
        }
        try {
            file.checkedSection(0, HnswFormat.LEVEL0);
            if (file.hasSection(0, HnswFormat.CODES)) {
                file.checkedSection(0, HnswFormat.CODES);
            }
            level0Checked = true;
        } catch (CorruptFileException e) {
            throw new AkashaException(AkashaException.ErrorCode.DATA_LOSS, e.getMessage(), e);
        }
    }

    /** Checks every block of the graph's file (nothing for a graph in memory). */
    void verify() throws CorruptFileException {
        if (owner instanceof SectionedFile file) {
            file.verify();
        }
    }

    /** Level 0 as stored ({@link HnswFormat}), for writing it to a file. */
    MemorySegment level0() {
        return level0;
    }

    /** The upper links of {@code node} (null if its level is 0), for writing them to a file. */
    int[] upperLinks(int node) {
        return upper[node];
    }

    int capacity() {
        return levels.length;
    }

    /** The entry node, or -1 while the graph is empty. */
    int entryNode() {
        return (int) entry;
    }

    /** The top level, or -1 while the graph is empty. */
    int topLevel() {
        long e = entry;
        return e < 0 ? -1 : levels[(int) e];
    }

    /** Makes {@code node} the entry if it reaches higher than the current one (or the graph is empty). */
    synchronized boolean offerEntry(int node) {
        if (entry < 0 || levels[node] > levels[(int) entry]) {
            entry = node;
            return true;
        }
        return false;
    }

    int level(int node) {
        return levels[node];
    }

    /** Gives {@code node} its level and room for its upper links; before it is linked anywhere. */
    void initNode(int node, int level) {
        levels[node] = (byte) level;
        if (level > 0) {
            upper[node] = new int[level * (m + 1)];
        }
    }

    Object lock(int node) {
        return locks[node & (LOCK_STRIPES - 1)];
    }

    /**
     * Adds the level-0 neighbours of {@code node} that {@code visited} has not seen to
     * {@code out} (marking them seen) and returns how many; reads the links in place.
     */
    int unvisitedLevel0Neighbors(int node, VisitedSet visited, int[] out) {
        long base = node * stride;
        int count = level0.get(HnswFormat.INT, base);
        int fresh = 0;
        for (int i = 0; i < count; i++) {
            int neighbor = level0.get(HnswFormat.INT, base + Integer.BYTES + (long) i * Integer.BYTES);
            if (visited.visit(neighbor)) {
                out[fresh++] = neighbor;
            }
        }
        return fresh;
    }

    /**
     * The filter-aware gathering of ACORN's search for selective filters: the unvisited level-0
     * neighbours of {@code node} that {@code filter} accepts and, in place of each neighbour it
     * rejects, that neighbour's unvisited accepted neighbours (two hops), until {@code 2 * M0}
     * are gathered. Rejected neighbours are marked visited, so each is looked through once; the
     * gathered nodes are marked visited. {@code out} holds at least {@code 3 * M0} ids and
     * {@code hop} at least {@code M0}.
     */
    int unvisitedAcceptedWithinTwoHops(int node, VisitedSet visited, RowFilter filter, int[] out, int[] hop) {
        int count = neighbors(node, 0, hop);
        int fresh = 0;
        int enough = 2 * m0;
        // The direct neighbours first, so that they are never crowded out by second hops.
        for (int i = 0; i < count; i++) {
            int neighbor = hop[i];
            if (!visited.visited(neighbor) && filter.accept(neighbor)) {
                visited.visit(neighbor);
                out[fresh++] = neighbor;
            }
        }
        for (int i = 0; i < count && fresh < enough; i++) {
            int rejected = hop[i];
            if (!visited.visit(rejected)) {
                continue; // accepted above, or looked through before
            }
            long base = rejected * stride;
            int links = level0.get(HnswFormat.INT, base);
            for (int j = 0; j < links; j++) {
                int second = level0.get(HnswFormat.INT, base + Integer.BYTES + (long) j * Integer.BYTES);
                if (!visited.visited(second) && filter.accept(second)) {
                    visited.visit(second);
                    out[fresh++] = second;
                }
            }
        }
        return fresh;
    }

    /** Copies the links of {@code node} on {@code level} into {@code out}; returns how many. */
    int neighbors(int node, int level, int[] out) {
        if (level == 0) {
            long base = node * stride;
            int count = level0.get(HnswFormat.INT, base);
            MemorySegment.copy(level0, HnswFormat.INT, base + Integer.BYTES, out, 0, count);
            return count;
        }
        int[] links = upper[node];
        int base = (level - 1) * (m + 1);
        int count = links[base];
        System.arraycopy(links, base + 1, out, 0, count);
        return count;
    }

    /** Replaces the links of {@code node} on {@code level} (caller holds the node's lock). */
    void setNeighbors(int node, int level, int[] ids, int count) {
        if (level == 0) {
            long base = node * stride;
            MemorySegment.copy(ids, 0, level0, HnswFormat.INT, base + Integer.BYTES, count);
            level0.set(HnswFormat.INT, base, count);
            return;
        }
        int[] links = upper[node];
        int base = (level - 1) * (m + 1);
        System.arraycopy(ids, 0, links, base + 1, count);
        links[base] = count;
    }

    /** Whether {@code node} links to {@code target} on {@code level}. */
    boolean linksTo(int node, int level, int target) {
        if (level == 0) {
            long base = node * stride;
            int count = level0.get(HnswFormat.INT, base);
            for (int i = 0; i < count; i++) {
                if (level0.get(HnswFormat.INT, base + Integer.BYTES + (long) i * Integer.BYTES) == target) {
                    return true;
                }
            }
            return false;
        }
        int[] links = upper[node];
        int base = (level - 1) * (m + 1);
        for (int i = 0; i < links[base]; i++) {
            if (links[base + 1 + i] == target) {
                return true;
            }
        }
        return false;
    }

    /** Appends one link if there is room (caller holds the lock); returns whether it did. */
    boolean addNeighbor(int node, int level, int neighbor) {
        if (level == 0) {
            long base = node * stride;
            int count = level0.get(HnswFormat.INT, base);
            if (count >= m0) {
                return false;
            }
            level0.set(HnswFormat.INT, base + Integer.BYTES + (long) count * Integer.BYTES, neighbor);
            level0.set(HnswFormat.INT, base, count + 1);
            return true;
        }
        int[] links = upper[node];
        int base = (level - 1) * (m + 1);
        if (links[base] >= m) {
            return false;
        }
        links[base + 1 + links[base]] = neighbor;
        links[base]++;
        return true;
    }

    /** Level 0 of nodes {@code 0..nodes-1} as a {@link LinkedGraph}, for repairs by one thread after a build. */
    LinkedGraph level0Links(int nodes) {
        return new LinkedGraph() {
            @Override
            public int nodes() {
                return nodes;
            }

            @Override
            public int maxDegree() {
                return m0;
            }

            @Override
            public int neighbors(int node, int[] out) {
                return HnswGraph.this.neighbors(node, 0, out);
            }

            @Override
            public void setNeighbors(int node, int[] ids, int count) {
                HnswGraph.this.setNeighbors(node, 0, ids, count);
            }
        };
    }

    /** The most links a node keeps on {@code level}. */
    int maxLinks(int level) {
        return level == 0 ? m0 : m;
    }

    /** Bytes held: level 0, the upper levels and the levels array. */
    long memoryBytes() {
        long bytes = level0.byteSize() + levels.length + (long) upper.length * 8;
        for (int[] links : upper) {
            bytes += links == null ? 0 : 16 + links.length * 4L;
        }
        return bytes;
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the graph's memory", e);
        }
    }
}
