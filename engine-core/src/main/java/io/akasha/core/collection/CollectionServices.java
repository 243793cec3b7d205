package io.akasha.core.collection;

import java.util.concurrent.ExecutorService;

import io.akasha.storage.Durability;
import io.akasha.storage.FileIo;

/**
 * What the engine gives each collection: sizes, and the shared background threads.
 *
 * @param segmentRows     rows a growing segment takes before it is sealed
 * @param indexThreads    threads one index build may use
 * @param checkpointBytes log bytes after which a durable collection checkpoints (seals its
 *                        growing segments to files and truncates its log)
 * @param indexing        where index builds run
 * @param checkpoints     where checkpoints run (separate, so that they do not queue behind builds)
 * @param durability      when logs are forced
 * @param logIo           how log files are opened
 * @param memoryBudget    the engine-wide memory limit writes are checked against
 * @param catalog         the data directory's catalog (manifests and primary keys), null in memory
 * @param searches        the threads that share a multi-vector search's queries with its caller,
 *                        null for none
 * @param searchThreads   how many threads {@code searches} has
 */
public record CollectionServices(int segmentRows, int indexThreads, long checkpointBytes, ExecutorService indexing,
                                 ExecutorService checkpoints, Durability durability, FileIo logIo,
                                 MemoryBudget memoryBudget, CatalogStore catalog, ExecutorService searches,
                                 int searchThreads) {
}
