package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Records kept in memory so that the first hops of every search read nothing: the medoid and the
 * nodes nearest it in hops (breadth-first), as many as a budget in bytes allows. Every search
 * starts at the medoid and its first hops fan out from there, so these are the records read most.
 * Fixed once loaded; lookups are lock-free.
 */
final class NodeCache implements AutoCloseable {

    /** Per cached node besides its record: two ints in a map at most half full. */
    private static final int MAP_BYTES_PER_NODE = 16;

    private final Arena arena;
    private final MemorySegment records;
    private final int recordBytes;
    private final int[] keys;
    private final int[] slots;
    private final int size;

    private NodeCache(Arena arena, MemorySegment records, int recordBytes, int[] keys, int[] slots, int size) {
        this.arena = arena;
        this.records = records;
        this.recordBytes = recordBytes;
        this.keys = keys;
        this.slots = slots;
        this.size = size;
    }

    /** A cache that holds nothing. */
    static NodeCache empty() {
        return new NodeCache(null, MemorySegment.NULL, 1, new int[] {-1}, new int[1], 0);
    }

    /**
     * Loads the records of the nodes nearest {@code medoid} in hops, breadth-first, until
     * {@code budgetBytes} (records and map) would be exceeded or every node is in.
     */
    static NodeCache load(RecordReader reader, RecordLayout layout, int nodes, int medoid, long budgetBytes)
            throws IOException {
        int capacity = (int) Math.min(nodes, budgetBytes / (layout.recordBytes() + MAP_BYTES_PER_NODE));
        if (capacity <= 0) {
            return empty();
        }
        int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        int[] keys = new int[tableSize];
        int[] slots = new int[tableSize];
        Arrays.fill(keys, -1);
        Arena arena = Arena.ofShared();
        try (RecordReader.Reads reads = reader.reads(1)) {
            MemorySegment records = arena.allocate((long) capacity * layout.recordBytes(), 64);
            int[] queue = new int[capacity];
            long[] offset = new long[1];
            int size = 0;
            queue[size++] = medoid;
            put(keys, slots, medoid, 0);
            for (int head = 0; head < size; head++) {
                int node = queue[head];
                offset[0] = layout.offset(node);
                reads.read(offset, 1);
                MemorySegment.copy(reads.segment(0), reads.offset(0), records, (long) head * layout.recordBytes(),
                        layout.recordBytes());
                long at = (long) head * layout.recordBytes();
                int degree = layout.degree(records, at);
                for (int i = 0; i < degree && size < capacity; i++) {
                    int neighbor = layout.neighbor(records, at, i);
                    if (neighbor >= 0 && neighbor < nodes && find(keys, slots, neighbor) < 0) {
                        put(keys, slots, neighbor, size);
                        queue[size++] = neighbor;
                    }
                }
            }
            return new NodeCache(arena, records, layout.recordBytes(), keys, slots, size);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The slot of {@code node}'s record, or -1 when it is not cached. */
    int slot(int node) {
        return size == 0 ? -1 : find(keys, slots, node);
    }

    /** The memory the cached records lie in. */
    MemorySegment records() {
        return records;
    }

    /** Where the record of {@code slot} starts in {@link #records()}. */
    long offset(int slot) {
        return (long) slot * recordBytes;
    }

    /** Cached nodes. */
    int size() {
        return size;
    }

    long memoryBytes() {
        return records.byteSize() + 8L * keys.length;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    private static int find(int[] keys, int[] slots, int node) {
        int mask = keys.length - 1;
        for (int i = mix(node) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == node) {
                return slots[i];
            }
            if (keys[i] < 0) {
                return -1;
            }
        }
    }

    private static void put(int[] keys, int[] slots, int node, int slot) {
        int mask = keys.length - 1;
        int i = mix(node) & mask;
        while (keys[i] >= 0) {
            i = (i + 1) & mask;
        }
        keys[i] = node;
        slots[i] = slot;
    }

    /** Spreads neighbouring ids over the table (Murmur3's finalizer). */
    private static int mix(int node) {
        int h = node * 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
