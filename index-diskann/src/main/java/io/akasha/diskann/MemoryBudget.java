package io.akasha.diskann;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The memory a DiskANN build may hold for its graph: when the whole graph does not fit, it is
 * built over overlapping shards of the data, one at a time, and merged in a scratch file
 * ({@link ShardedVamanaBuild}). The vectors themselves are the caller's (a mapped file does not
 * count: the page cache holds it).
 *
 * @param bytes   memory for the graph under construction and the working copies of a shard
 * @param scratch where the merged graph's scratch file goes (deleted as soon as it is mapped)
 */
public record MemoryBudget(long bytes, Path scratch) {

    /** No limit: the whole graph is built in memory. */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE, Path.of(System.getProperty("java.io.tmpdir")));

    public MemoryBudget {
        Objects.requireNonNull(scratch, "scratch");
        if (bytes < 1 << 20) {
            throw new IllegalArgumentException("a DiskANN build needs a memory budget of at least 1 MiB, got " + bytes
                    + " bytes");
        }
    }
}
