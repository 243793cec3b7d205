package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.graph.LinkedGraph;
import io.akasha.storage.MappedFile;

/**
 * The links of a Vamana graph while it is built: one block with a fixed stride of
 * {@code 1 + capacity} little-endian int32 per node (link count, then the node ids), off-heap or,
 * for a graph larger than memory should hold, in a scratch file ({@link #inFile}). A list may hold
 * more than R links while the graph is built ({@code capacity}, the slack that spares a prune per
 * back link); a finished graph has at most R per node. Changes go through {@link #lock(int)}
 * (striped); reads take no lock: a reader may see a list being replaced, whose ids are all valid
 * nodes, which a build search tolerates as HNSW's does.
 */
final class VamanaGraph implements LinkedGraph, AutoCloseable {

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int STRIPES = 4096;

    final int nodes;
    /** R: the most links a node of the finished graph has. */
    final int maxDegree;
    /** The most links a list holds while the graph is built (at least R). */
    final int capacity;
    private final long stride;
    private final Runnable release;
    private final MemorySegment links;
    private final Object[] locks = new Object[STRIPES];
    private volatile int medoid;

    private VamanaGraph(int nodes, int maxDegree, int capacity, MemorySegment links, Runnable release) {
        this.nodes = nodes;
        this.maxDegree = maxDegree;
        this.capacity = capacity;
        this.stride = bytesPerNode(capacity);
        this.links = links;
        this.release = release;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** A graph off-heap, every list empty. */
    VamanaGraph(int nodes, int maxDegree, int capacity) {
        this(nodes, maxDegree, capacity, Arena.ofShared());
    }

    private VamanaGraph(int nodes, int maxDegree, int capacity, Arena arena) {
        this(nodes, maxDegree, capacity, arena.allocate(Math.max(1, nodes) * bytesPerNode(capacity), 64), arena::close);
    }

    /**
     * A graph in an unnamed scratch file in {@code directory} (deleted as soon as it is mapped, so
     * nothing is left behind), every list empty: its pages are the page cache's to keep or write
     * back, not the process's memory.
     */
    static VamanaGraph inFile(Path directory, int nodes, int maxDegree, int capacity) throws IOException {
        Path path = Files.createTempFile(directory, "akasha-vamana-", ".graph");
        Files.delete(path); // a unique name; the mapping creates the file
        try {
            MappedFile file = MappedFile.create(path, Math.max(1, nodes) * bytesPerNode(capacity));
            return new VamanaGraph(nodes, maxDegree, capacity, file.segment(), file::close);
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Bytes a node takes: its link count and {@code capacity} slots. */
    static long bytesPerNode(int capacity) {
        return (1L + capacity) * Integer.BYTES;
    }

    /** The lock that guards changes to the links of {@code node}. */
    Object lock(int node) {
        return locks[node & (STRIPES - 1)];
    }

    @Override
    public int nodes() {
        return nodes;
    }

    @Override
    public int maxDegree() {
        return maxDegree;
    }

    /** Copies the links of {@code node} into {@code out} (as long as they are); returns how many. */
    @Override
    public int neighbors(int node, int[] out) {
        long base = node * stride;
        int count = Math.min(links.get(INT, base), capacity);
        MemorySegment.copy(links, INT, base + Integer.BYTES, out, 0, count);
        return count;
    }

    /** Replaces the links of {@code node} (caller holds its lock): ids first, then the count. */
    @Override
    public void setNeighbors(int node, int[] ids, int count) {
        long base = node * stride;
        MemorySegment.copy(ids, 0, links, INT, base + Integer.BYTES, count);
        links.set(INT, base, count);
    }

    /**
     * Appends {@code ids[0..count)} to the links of {@code node}, as many as fit its capacity
     * (the caller holds its lock, or is the only writer).
     */
    void addNeighbors(int node, int[] ids, int count) {
        long base = node * stride;
        int have = Math.min(links.get(INT, base), capacity);
        int added = Math.min(count, capacity - have);
        MemorySegment.copy(ids, 0, links, INT, base + Integer.BYTES * (1L + have), added);
        links.set(INT, base, have + added);
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
        release.run();
    }
}
