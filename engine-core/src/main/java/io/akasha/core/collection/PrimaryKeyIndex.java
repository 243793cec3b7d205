package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.akasha.core.segment.Segment;
import io.akasha.storage.lmdb.LmdbTxn;

/**
 * Primary key → the row holding its live version, so that upsert, delete and get never scan.
 * Changed only by the collection's writer; read by any thread.
 *
 * <p>Two layers. A durable collection's keys as of its last checkpoint are in the catalog
 * ({@link StoredKeys}, on disk, by segment id and row); the keys written since are in memory
 * ({@code recent}), and a lookup tries them first. A checkpoint's commit stores the keys of the
 * segments it saved, and the in-memory entries it covers are dropped one commit later (so that
 * a lookup that read the catalog just before that commit still finds them). An in-memory
 * collection has only the second layer.
 *
 * <p>A stored location is resolved through the segments by id; a segment compaction replaced
 * is followed to its copy through the row map compaction left ({@code moved}), until a
 * checkpoint stores the copy's keys. A stored entry is only a candidate: the row must hold the
 * key and be visible, so entries of deleted rows (purged when their segment leaves the
 * manifest) are never returned.
 *
 * <p>The writer makes its lookups of one call in one catalog read transaction
 * ({@link #beginWriterBatch}); the in-memory entries a commit made redundant are kept while a
 * batch that began before that commit is running, since its transaction does not see it.
 *
 * <p>An upsert links the new row to the one it replaces, so that a reader whose snapshot
 * predates the upsert (the new row not yet visible to it) still finds the old row. Only one
 * older version is kept: a reader older than two consecutive upserts of the same key, still
 * running, may miss the key, which is a state that existed while it ran. A delete removes the
 * key.
 */
final class PrimaryKeyIndex {

    /** Where a version of a key lives, and the version it replaced. */
    record RowRef(Segment segment, int row, RowRef replaced) {
    }

    /** Where compaction put the rows of a segment: its copy, and per old row the new one (-1: dropped). */
    private record Move(Segment target, int[] rows) {
    }

    private final int keyField;
    private final ConcurrentHashMap<Object, RowRef> recent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Segment> segments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Move> moved = new ConcurrentHashMap<>();
    private volatile StoredKeys stored;
    /** Commits seen so far; a writer batch notes the count it began at. */
    private volatile long commits;
    private static final long NO_BATCH = -1;
    private volatile long writerBatchCommits = NO_BATCH;
    private LmdbTxn writerTxn;
    /** What the last commit made redundant, dropped at the next one. */
    private List<Map.Entry<Object, RowRef>> retiringKeys = List.of();
    private List<Integer> retiringMoves = List.of();

    PrimaryKeyIndex(int keyField) {
        this.keyField = keyField;
    }

    /** Looks up keys older than the in-memory layer in {@code keys} from now on. */
    void useStore(StoredKeys keys) {
        this.stored = keys;
    }

    StoredKeys store() {
        return stored;
    }

    /**
     * Starts a writer call (under the writer's lock): its lookups share one catalog read
     * transaction until {@link #endWriterBatch}.
     */
    void beginWriterBatch() {
        StoredKeys keys = stored;
        if (keys != null && writerTxn == null) {
            writerBatchCommits = commits;
            writerTxn = keys.read();
        }
    }

    void endWriterBatch() {
        if (writerTxn != null) {
            writerTxn.close();
            writerTxn = null;
            writerBatchCommits = NO_BATCH;
        }
    }

    /** The live version of {@code key}, for the writer. */
    RowRef live(Object key) {
        RowRef ref = recent.get(key);
        if (ref != null) {
            return ref;
        }
        RowRef old = fromStore(key, writerTxn);
        return old != null && old.segment().deletedAt(old.row()) == 0 ? old : null;
    }

    /** The version of {@code key} a reader at {@code snapshot} sees, or null. */
    RowRef visible(Object key, long snapshot) {
        for (RowRef ref = recent.get(key); ref != null; ref = ref.replaced()) {
            if (ref.segment().visible(ref.row(), snapshot)) {
                return ref;
            }
        }
        RowRef old = fromStore(key, null);
        return old != null && old.segment().visible(old.row(), snapshot) ? old : null;
    }

    /** Records the new live version of {@code key}, replacing {@code previous} (or null). */
    void put(Object key, Segment segment, int row, RowRef previous) {
        RowRef replaced = previous == null ? null : new RowRef(previous.segment(), previous.row(), null);
        recent.put(key, new RowRef(segment, row, replaced));
    }

    /**
     * Compaction moved the row {@code (from, fromRow)} to {@code (to, toRow)}, or dropped it when
     * {@code to} is null (a deleted version): the in-memory links of {@code key} follow.
     */
    void relocate(Object key, Segment from, int fromRow, Segment to, int toRow) {
        recent.computeIfPresent(key, (k, live) -> {
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
        recent.remove(key);
    }

    /** {@code segment} may hold stored keys' rows (it was created, loaded, or read from its files). */
    void track(Segment segment) {
        segments.put(segment.id(), segment);
    }

    /** {@code segment} is gone (its partition dropped): stored entries pointing at it find nothing. */
    void untrack(Segment segment) {
        segments.remove(segment.id(), segment);
    }

    /** Compaction copied {@code source}'s rows into {@code target}: row {@code r} is now {@code rows[r]} (-1: dropped). */
    void moved(Segment source, Segment target, int[] rows) {
        moved.put(source.id(), new Move(target, rows));
        segments.remove(source.id(), source);
    }

    /**
     * A checkpoint committed a manifest listing {@code storedSegments}, whose live rows' keys are
     * now stored: the in-memory entries pointing into them, and the moves of segments no longer
     * listed, are dropped at the next commit. Called by the one checkpointer, never concurrently.
     */
    void committed(Set<Integer> storedSegments) {
        long batch = writerBatchCommits;
        if (batch == NO_BATCH || batch >= commits) {
            // Every transaction in use began after the previous commit, so it sees those keys.
            retiringKeys.forEach(entry -> recent.remove(entry.getKey(), entry.getValue()));
            retiringMoves.forEach(id -> {
                if (!storedSegments.contains(id)) {
                    moved.remove(id);
                }
            });
        }
        commits++;
        List<Map.Entry<Object, RowRef>> keys = new ArrayList<>();
        recent.forEach((key, ref) -> {
            if (storedSegments.contains(ref.segment().id())) {
                keys.add(Map.entry(key, ref));
            }
        });
        retiringKeys = keys;
        retiringMoves = moved.keySet().stream().filter(id -> !storedSegments.contains(id)).toList();
    }

    /** Keys held in memory (the catalog holds the others). */
    int recentSize() {
        return recent.size();
    }

    /** The stored version of {@code key}, looked up in {@code txn} (or a transaction of its own when null). */
    private RowRef fromStore(Object key, LmdbTxn txn) {
        StoredKeys keys = stored;
        if (keys == null) {
            return null;
        }
        long location = txn == null ? keys.find(key) : keys.find(txn, key);
        if (location == StoredKeys.NONE) {
            return null;
        }
        int id = StoredKeys.segmentOf(location);
        int row = StoredKeys.rowOf(location);
        Segment segment = segments.get(id);
        while (segment == null) {
            Move move = moved.get(id);
            if (move == null || row >= move.rows().length || move.rows()[row] < 0) {
                return null;
            }
            row = move.rows()[row];
            id = move.target().id();
            segment = segments.get(id);
        }
        if (row >= segment.rowCount() || !key.equals(segment.column(keyField).get(row))) {
            return null;
        }
        return new RowRef(segment, row, null);
    }
}
