package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.segment.DeletionsFile;
import io.akasha.core.segment.Segment;
import io.akasha.core.segment.SegmentFile;
import io.akasha.core.segment.SegmentIndexer;
import io.akasha.storage.UnsupportedFormatVersionException;

/** Opens the sealed segments a checkpoint saved, when a durable collection opens. */
final class SavedSegments {

    private static final System.Logger LOG = System.getLogger(SavedSegments.class.getName());

    private SavedSegments() {
    }

    /**
     * Opens every segment {@code manifest} lists (mapped, with its deleted rows) and the indexes
     * saved for it; a segment whose index kinds are not all saved, or whose index file is in a
     * format this build does not read, is returned without indexes, for the caller to build.
     *
     * @param deletions    filled with each segment's deleted-row count
     * @param staleIndexes filled with the segments whose listed index files are not used
     */
    static List<Segment> open(CollectionFiles files, Manifest manifest, CollectionState state,
                              SegmentIndexer indexer, Map<Integer, Long> deletions, List<Integer> staleIndexes)
            throws IOException {
        List<Segment> segments = new ArrayList<>();
        try {
            for (Manifest.SegmentEntry entry : manifest.segments()) {
                RoaringBitmap deleted = entry.deletions() == null ? new RoaringBitmap()
                        : DeletionsFile.read(files.segmentFolder(entry.id()).resolve(entry.deletions()), entry.rows());
                deletions.put(entry.id(), deleted.getLongCardinality());
                segments.add(openOne(files, entry, deleted, state, indexer, staleIndexes));
            }
            return segments;
        } catch (IOException | RuntimeException e) {
            segments.forEach(Segment::close);
            throw e;
        }
    }

    /**
     * Opens one listed segment with {@code deleted} rows and, when every index kind it needs is
     * saved, its indexes; adds its id to {@code staleIndexes} when its listed index files were
     * built under another index spec, or one is in a format this build does not read (the segment
     * is then returned without indexes).
     */
    static Segment openOne(CollectionFiles files, Manifest.SegmentEntry entry, Iterable<Integer> deleted,
                           CollectionState state, SegmentIndexer indexer, List<Integer> staleIndexes)
            throws IOException {
        Path folder = files.segmentFolder(entry.id());
        Segment segment = SegmentFile.open(files.data(entry.id()), entry.id(), entry.partition(), state.schema, deleted);
        try {
            if (!indexesSaved(entry, state, indexer)) {
                if (!entry.indexes().isEmpty()) {
                    staleIndexes.add(entry.id()); // built under an earlier spec: the new ones get saved
                }
            } else {
                segment.openIndexes(indexer, (field, f, scoring) -> {
                    String file = indexer.indexFileName(field);
                    return file == null ? null : indexer.open(field, folder.resolve(file), scoring);
                });
            }
        } catch (UnsupportedFormatVersionException e) {
            // An index is derived data: one in a format this build does not read is rebuilt.
            LOG.log(System.Logger.Level.WARNING, "{0}; rebuilding it from the segment''s vectors in the background",
                    e.getMessage());
            staleIndexes.add(entry.id());
        } catch (IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
        return segment;
    }

    /**
     * Whether every vector field whose index kind is saved has its file listed, under the name
     * of the field's current index spec (a file saved under an earlier spec is not used).
     */
    static boolean indexesSaved(Manifest.SegmentEntry entry, CollectionState state, SegmentIndexer indexer) {
        return state.schema.vectorFields().stream().allMatch(field -> {
            String file = indexer.indexFileName(field);
            return file == null || file.equals(entry.indexes().get(field.name()));
        });
    }
}
