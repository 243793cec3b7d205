package io.akasha.core.collection;

import java.util.List;
import java.util.Map;

/**
 * What a collection's last checkpoint saved ({@code manifest.json} in its folder, replaced
 * atomically): the sealed segments and their files, the partitions, the scalar-indexed fields,
 * the counters, and the first write-ahead log generation whose records are not in those
 * segments. Opening a collection opens the listed segments and replays the log from there.
 *
 * @param walGeneration first log generation to replay
 * @param nextAutoId    the next auto-assigned primary key
 * @param nextSegmentId the next segment number
 */
record Manifest(String format, int version, long walGeneration, long nextAutoId, int nextSegmentId,
                List<String> partitions, List<String> scalarIndexes, List<SegmentEntry> segments) {

    static final String FORMAT = "akasha-collection-manifest";
    static final int VERSION = 1;

    /**
     * One sealed segment.
     *
     * @param deletions the deletions file of the latest checkpoint that changed them, or null (none deleted)
     * @param indexes   saved vector index files by field name (fields whose index kind is not saved are rebuilt)
     */
    record SegmentEntry(int id, String partition, int rows, String deletions, Map<String, String> indexes) {

        SegmentEntry withIndexes(Map<String, String> files) {
            return new SegmentEntry(id, partition, rows, deletions, Map.copyOf(files));
        }
    }
}
