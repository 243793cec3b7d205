package io.akasha.core.collection;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.akasha.storage.CorruptFileException;
import io.akasha.storage.UnsupportedFormatVersionException;

/**
 * What a collection's last checkpoint saved (JSON, in the catalog; {@code manifest.json} in a
 * snapshot's collection folder): the sealed segments and their files, the partitions, the scalar-indexed fields,
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads a manifest; {@code source} names where it came from in errors. */
    static Manifest parse(byte[] json, String source) throws IOException {
        Manifest manifest;
        try {
            manifest = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new CorruptFileException(source + ": not a readable collection manifest: " + e.getMessage());
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new CorruptFileException(source + ": format is '" + manifest.format() + "', expected '" + FORMAT + "'");
        }
        if (manifest.version() != VERSION) {
            throw new UnsupportedFormatVersionException(source + ": manifest version " + manifest.version()
                    + " is not supported by this build, which reads version " + VERSION);
        }
        return manifest;
    }

    byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

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
