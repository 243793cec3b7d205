package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.akasha.core.schema.Field;
import io.akasha.core.segment.Segment;
import io.akasha.core.segment.SegmentIndexer;

/**
 * Picks sealed segments worth rewriting and copies their live rows into a new, indexed segment.
 *
 * <p>Worth rewriting, per partition: segments under half the segment size (checkpoints seal
 * every growing segment, so many partitions make small segments), merged together up to the
 * segment size; segments where at least {@value #DELETED_SHARE} of the rows are deleted,
 * whose space and graph detours the rewrite drops; and segments indexed under an index spec the
 * schema no longer has ({@link Collection#createIndex}), which the rewrite indexes anew. Only
 * indexed segments are taken.
 *
 * <p>{@link #copy} reads the sources without any lock (sealed segments never change but for
 * deletes) and builds the new segment's index; {@link CollectionWriter#replace} then swaps it in
 * under the write lock, carrying over the deletes that happened meanwhile.
 */
final class Compactor {

    /** Share of deleted rows that makes a segment worth rewriting on its own. */
    static final double DELETED_SHARE = 0.2;

    private final CollectionState state;
    private final SegmentIndexer indexer;

    Compactor(CollectionState state, SegmentIndexer indexer) {
        this.state = state;
        this.indexer = indexer;
    }

    /** A compacted segment and, per row, where it came from. */
    record Merged(Segment segment, List<Segment> sources, int[] sourceOf, int[] rowOf, long copiedAt) {
    }

    /** Groups of segments to rewrite, each within one partition, in segment order (so rows keep their order). */
    List<List<Segment>> plan(long snapshot) {
        List<List<Segment>> groups = new ArrayList<>();
        for (Partition partition : state.partitions().values()) {
            List<Segment> group = new ArrayList<>();
            long groupRows = 0;
            boolean groupChangesRows = false;
            for (Segment segment : partition.segments()) {
                if (!segment.isSealed() || !segment.isIndexed()) {
                    continue;
                }
                long live = segment.visibleRows(snapshot).getLongCardinality();
                boolean small = segment.rowCount() < state.segmentRows / 2;
                boolean holey = segment.rowCount() - live >= DELETED_SHARE * segment.rowCount();
                boolean outdated = state.indexOutdated(segment);
                if (!small && !holey && !outdated) {
                    continue;
                }
                if (!group.isEmpty() && groupRows + live > state.segmentRows) {
                    addIfWorthIt(groups, group, groupChangesRows);
                    group = new ArrayList<>();
                    groupRows = 0;
                    groupChangesRows = false;
                }
                group.add(segment);
                groupRows += live;
                groupChangesRows |= live < segment.rowCount() || outdated;
            }
            addIfWorthIt(groups, group, groupChangesRows);
        }
        return groups;
    }

    /** A merge of two or more, or a rewrite of one with deleted rows to drop or an outdated index. */
    private static void addIfWorthIt(List<List<Segment>> groups, List<Segment> group, boolean changesRows) {
        if (group.size() > 1 || (group.size() == 1 && changesRows)) {
            groups.add(group);
        }
    }

    /**
     * Copies the rows of {@code sources} live at {@code snapshot} into a new sealed segment
     * (insert sequences kept, so every reader sees each row once whichever list it holds) and
     * builds its indexes.
     */
    Merged copy(List<Segment> sources, long snapshot) {
        List<Field> fields = state.schema.fields();
        int live = 0;
        for (Segment source : sources) {
            live += (int) source.visibleRows(snapshot).getLongCardinality();
        }
        Segment merged = state.newSegment(sources.getFirst().partition(), Math.max(live, 1));
        int[] sourceOf = new int[live];
        int[] rowOf = new int[live];
        Object[] values = new Object[fields.size()];
        for (int s = 0; s < sources.size(); s++) {
            Segment source = sources.get(s);
            for (int row : source.visibleRows(snapshot)) {
                for (int f = 0; f < values.length; f++) {
                    values[f] = fields.get(f).isVector() ? source.vector(f, row) : source.column(f).get(row);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> dynamic = source.dynamicColumn() == null ? null
                        : (Map<String, Object>) source.dynamicColumn().get(row);
                int r = merged.append(values, dynamic, source.insertedAt(row));
                sourceOf[r] = s;
                rowOf[r] = row;
            }
        }
        merged.seal();
        if (live > 0) {
            merged.buildIndexes(indexer);
            state.scalarIndexedFields.forEach(merged::buildScalarIndex);
        }
        return new Merged(merged, List.copyOf(sources), sourceOf, rowOf, snapshot);
    }
}
