package io.akasha.core.collection;

import java.util.Map;

/**
 * What a collection holds and how it has been used.
 *
 * @param rows             live rows (inserted, not deleted)
 * @param growingSegments  segments still taking rows
 * @param sealedSegments   segments that are full and indexed (or being indexed)
 * @param memoryBytes      memory held by the collection: columns, vectors, indexes
 * @param segmentRows      rows stored in segments, deleted ones included
 * @param indexedRows      of those, rows in segments whose vector indexes are built (index build
 *                         progress: {@code indexedRows / segmentRows})
 * @param keysInMemory     primary keys held in memory: all of them in memory, those written since
 *                         the last checkpoint in a data directory (the others are in the catalog, on disk)
 * @param walFsyncs        write-ahead log fsyncs so far (0 in memory)
 * @param walFsyncNanos    time spent in the fsyncs that acknowledged writes
 * @param indexMemoryBytes memory of each field's indexes over all segments: scalar indexes, and vector
 *                         indexes as they report it (counting vectors they read in place)
 * @param search           search latencies and rate (rate in query vectors per second)
 * @param insert           insert and upsert latencies and rate (rate in rows per second)
 * @param query            query and get latencies and rate
 * @param delete           delete latencies and rate (rate in rows per second)
 */
public record CollectionStats(long rows, int growingSegments, int sealedSegments, long memoryBytes,
                              long segmentRows, long indexedRows, long keysInMemory, long walFsyncs, long walFsyncNanos, Map<String, Long> indexMemoryBytes, LatencySummary search, LatencySummary insert,
                              LatencySummary query, LatencySummary delete) {
}
