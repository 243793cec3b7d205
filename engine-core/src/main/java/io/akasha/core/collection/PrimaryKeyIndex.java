package io.akasha.core.collection;

import java.util.concurrent.ConcurrentHashMap;

import io.akasha.core.segment.Segment;

/**
 * Primary key → the row holding its live version, so that upsert, delete and get never scan.
 * Changed only by the collection's writer; read by any thread.
 *
 * <p>An upsert links the new row to the one it replaces, so that a reader whose snapshot
 * predates the upsert (the new row not yet visible to it) still finds the old row. Only one
 * older version is kept: a reader older than two consecutive upserts of the same key, still
 * running, may miss the key, which is a state that existed while it ran. A delete removes the
 * key. (The durable storage issue moves this map into the catalog.)
 */
final class PrimaryKeyIndex {

    /** Where a version of a key lives, and the version it replaced. */
    record RowRef(Segment segment, int row, RowRef replaced) {
    }

    private final ConcurrentHashMap<Object, RowRef> rows = new ConcurrentHashMap<>();

    /** The live version of {@code key}, for the writer. */
    RowRef live(Object key) {
        return rows.get(key);
    }

    /** The version of {@code key} a reader at {@code snapshot} sees, or null. */
    RowRef visible(Object key, long snapshot) {
        for (RowRef ref = rows.get(key); ref != null; ref = ref.replaced()) {
            if (ref.segment().visible(ref.row(), snapshot)) {
                return ref;
            }
        }
        return null;
    }

    /** Records the new live version of {@code key}, replacing {@code previous} (or null). */
    void put(Object key, Segment segment, int row, RowRef previous) {
        RowRef replaced = previous == null ? null : new RowRef(previous.segment(), previous.row(), null);
        rows.put(key, new RowRef(segment, row, replaced));
    }

    /**
     * Compaction moved the row {@code (from, fromRow)} to {@code (to, toRow)}, or dropped it when
     * {@code to} is null (a deleted version): the links of {@code key} follow.
     */
    void relocate(Object key, Segment from, int fromRow, Segment to, int toRow) {
        rows.computeIfPresent(key, (k, live) -> {
            RowRef replaced = live.replaced();
            if (replaced != null && replaced.segment() == from && replaced.row() == fromRow) {
                replaced = to == null ? null : new RowRef(to, toRow, null);
            }
            if (live.segment() == from && live.row() == fromRow) {
                return to == null ? null : new RowRef(to, toRow, replaced);
            }
            return replaced == live.replaced() ? live : new RowRef(live.segment(), live.row(), replaced);
        });
    }

    void remove(Object key) {
        rows.remove(key);
    }
}
