package io.akasha.core;

import io.akasha.storage.Durability;
import io.akasha.storage.FileIo;

/**
 * Engine-wide settings.
 *
 * @param segmentRows     rows a growing segment takes before it is sealed and indexed
 * @param indexThreads    threads that build indexes of sealed segments in the background
 * @param durability      when a data directory's write-ahead logs are forced to the device:
 *                        per batch (the default: acknowledged after the fsync, shared by concurrent
 *                        writers) or on an interval
 * @param checkpointBytes log bytes after which a collection checkpoints: seals its growing
 *                        segments to files and truncates its log, which bounds reopening time
 * @param logIo           how write-ahead log files are opened: {@link FileIo#DEFAULT}; fault-injection
 *                        tests pass a layer that simulates power cuts
 * @param memoryBudgetBytes the memory rows and indexes of all collections may hold; a write that
 *                        would pass it is refused with RESOURCE_EXHAUSTED. Default: 3/4 of the
 *                        machine's physical memory
 * @param searchThreads   threads that share the queries of a multi-vector search with its
 *                        caller, so that one request of several vectors uses several cores; 0: the
 *                        caller runs them all. Default: one fewer than the cores
 */
public record AkashaOptions(int segmentRows, int indexThreads, Durability durability, long checkpointBytes,
                            FileIo logIo, long memoryBudgetBytes, int searchThreads) {

    /** 262,144 rows: big enough that per-segment overhead vanishes, small enough to index in seconds. */
    public static final int DEFAULT_SEGMENT_ROWS = 1 << 18;
    /** 256 MiB of log: replaying that much takes a few seconds. */
    public static final long DEFAULT_CHECKPOINT_BYTES = 256L << 20;

    public AkashaOptions {
        if (segmentRows < 1) {
            throw AkashaException.invalid("segmentRows must be positive, got " + segmentRows);
        }
        if (indexThreads < 1) {
            throw AkashaException.invalid("indexThreads must be positive, got " + indexThreads);
        }
        if (durability == null) {
            throw AkashaException.invalid("durability must be given (Durability.perBatch() is the default)");
        }
        if (checkpointBytes < 1) {
            throw AkashaException.invalid("checkpointBytes must be positive, got " + checkpointBytes);
        }
        if (logIo == null) {
            throw AkashaException.invalid("logIo must be given (FileIo.DEFAULT is the default)");
        }
        if (memoryBudgetBytes < 1) {
            throw AkashaException.invalid("memoryBudgetBytes must be positive, got " + memoryBudgetBytes);
        }
        if (searchThreads < 0) {
            throw AkashaException.invalid("searchThreads must be 0 or more, got " + searchThreads);
        }
    }

    public static AkashaOptions defaults() {
        return new AkashaOptions(DEFAULT_SEGMENT_ROWS, Runtime.getRuntime().availableProcessors(),
                Durability.perBatch(), DEFAULT_CHECKPOINT_BYTES, FileIo.DEFAULT, defaultMemoryBudget(),
                Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Three quarters of the physical memory (the rest is the JVM's heap, the OS and the page cache). */
    private static long defaultMemoryBudget() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 4 * 3;
        }
        return Long.MAX_VALUE;
    }

    public AkashaOptions withSegmentRows(int rows) {
        return new AkashaOptions(rows, indexThreads, durability, checkpointBytes, logIo, memoryBudgetBytes,
                searchThreads);
    }

    public AkashaOptions withIndexThreads(int threads) {
        return new AkashaOptions(segmentRows, threads, durability, checkpointBytes, logIo, memoryBudgetBytes,
                searchThreads);
    }

    public AkashaOptions withDurability(Durability policy) {
        return new AkashaOptions(segmentRows, indexThreads, policy, checkpointBytes, logIo, memoryBudgetBytes,
                searchThreads);
    }

    public AkashaOptions withMemoryBudgetBytes(long bytes) {
        return new AkashaOptions(segmentRows, indexThreads, durability, checkpointBytes, logIo, bytes,
                searchThreads);
    }

    public AkashaOptions withLogIo(FileIo io) {
        return new AkashaOptions(segmentRows, indexThreads, durability, checkpointBytes, io, memoryBudgetBytes,
                searchThreads);
    }

    public AkashaOptions withCheckpointBytes(long bytes) {
        return new AkashaOptions(segmentRows, indexThreads, durability, bytes, logIo, memoryBudgetBytes,
                searchThreads);
    }

    public AkashaOptions withSearchThreads(int threads) {
        return new AkashaOptions(segmentRows, indexThreads, durability, checkpointBytes, logIo, memoryBudgetBytes,
                threads);
    }
}
