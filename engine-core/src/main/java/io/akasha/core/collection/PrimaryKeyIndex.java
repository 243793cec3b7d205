package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

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
 * <p>Versions: an upsert links the new row in front of the versions it replaces, so that a get
 * whose snapshot predates the upsert still finds the row it should see. Every lookup runs in a
 * session ({@link #reader} for a get, {@link #beginWriterBatch} for a writer call) that shares
 * one catalog read transaction and is registered while it runs: older versions are dropped only
 * once no registered reader's snapshot (and no later one) can see them, and the in-memory
 * entries a commit made redundant are dropped only once no session older than that commit (whose
 * transaction does not see it) is running. A delete removes the key.
 */
final class PrimaryKeyIndex {

    /** Where a version of a key lives, and the older versions a reader may still need. */
    record RowRef(Segment segment, int row, RowRef replaced) {
    }

    /** Where compaction put the rows of a segment: its copy, and per old row the new one (-1: dropped). */
    private record Move(Segment target, int[] rows) {
    }

    /** A running lookup session: the snapshot it reads at and the commits it began after. */
    private static final class Session {
        volatile long snapshot;
        final long commitsAtStart;
        LmdbTxn txn;

        Session(long snapshot, long commitsAtStart) {
            this.snapshot = snapshot;
            this.commitsAtStart = commitsAtStart;
        }
    }

    private final int keyField;
    private final LongSupplier published;
    private final ConcurrentHashMap<Object, RowRef> recent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Segment> segments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Move> moved = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile StoredKeys stored;
    /** Catalog commits so far. */
    private volatile long commits;
    /** The writer's session and how old a deleted version must be to drop (writer's lock held). */
    private Session writer;
    private long writerPrunableAt = Long.MIN_VALUE;
    /** What the last commit made redundant, dropped at the next one. */
    private List<Map.Entry<Object, RowRef>> retiringKeys = List.of();
    private List<Integer> retiringMoves = List.of();

    /** @param published the collection's visible sequence, the snapshot new readers take */
    PrimaryKeyIndex(int keyField, LongSupplier published) {
        this.keyField = keyField;
        this.published = published;
    }

    /** Looks up keys older than the in-memory layer in {@code keys} from now on. */
    void useStore(StoredKeys keys) {
        this.stored = keys;
    }

    StoredKeys store() {
        return stored;
    }

    /** The lookups of one get, at the snapshot it takes now. */
    final class Reader implements AutoCloseable {

        private final Session session;

        private Reader(Session session) {
            this.session = session;
        }

        long snapshot() {
            return session.snapshot;
        }

        /** The version of {@code key} this reader's snapshot sees, or null. */
        RowRef visible(Object key) {
            long snapshot = session.snapshot;
            for (RowRef ref = recent.get(key); ref != null; ref = ref.replaced()) {
                if (ref.segment().visible(ref.row(), snapshot)) {
                    return ref;
                }
            }
            RowRef old = fromStore(key, session.txn);
            return old != null && old.segment().visible(old.row(), snapshot) ? old : null;
        }

        @Override
        public void close() {
            end(session);
        }
    }

    /** Starts a get: registers it, then takes its snapshot (in that order; see {@link #prunableAt}). */
    Reader reader() {
        Session session = begin(Long.MIN_VALUE);
        session.snapshot = published.getAsLong();
        return new Reader(session);
    }

    /**
     * Starts a writer call (under the writer's lock): its lookups share one catalog read
     * transaction until {@link #endWriterBatch}.
     */
    void beginWriterBatch() {
        if (writer == null) {
            writer = begin(Long.MAX_VALUE);
            writerPrunableAt = prunableAt();
        }
    }

    void endWriterBatch() {
        if (writer != null) {
            end(writer);
            writer = null;
            writerPrunableAt = Long.MIN_VALUE;
        }
    }

    private Session begin(long snapshot) {
        Session session = new Session(snapshot, commits);
        sessions.add(session);
        StoredKeys keys = stored;
        if (keys != null) {
            try {
                session.txn = keys.read();
            } catch (RuntimeException e) {
                sessions.remove(session);
                throw e;
            }
        }
        return session;
    }

    private void end(Session session) {
        try {
            if (session.txn != null) {
                session.txn.close();
            }
        } finally {
            sessions.remove(session);
        }
    }

    /**
     * A deletion sequence at or below which no running or future reader sees a version. The
     * published sequence is read before the sessions: a reader registered after the scan takes
     * its snapshot later, so at or above it.
     */
    private long prunableAt() {
        long bound = published.getAsLong();
        for (Session session : sessions) {
            bound = Math.min(bound, session.snapshot);
        }
        return bound;
    }

    /** The live version of {@code key}, for the writer. */
    RowRef live(Object key) {
        RowRef ref = recent.get(key);
        if (ref != null) {
            return ref;
        }
        RowRef old = fromStore(key, writer == null ? null : writer.txn);
        return old != null && old.segment().deletedAt(old.row()) == 0 ? old : null;
    }

    /** Records the new live version of {@code key}, in front of {@code previous} (its live version, or null). */
    void put(Object key, Segment segment, int row, RowRef previous) {
        recent.put(key, new RowRef(segment, row, pruned(previous, writerPrunableAt)));
    }

    /** {@code ref} without the versions deleted at or before {@code prunableAt} (no reader sees them). */
    private static RowRef pruned(RowRef ref, long prunableAt) {
        if (ref == null) {
            return null;
        }
        long deleted = ref.segment().deletedAt(ref.row());
        if (deleted != 0 && deleted <= prunableAt) {
            return null; // and every older version, deleted earlier still
        }
        RowRef older = pruned(ref.replaced(), prunableAt);
        return older == ref.replaced() ? ref : new RowRef(ref.segment(), ref.row(), older);
    }

    /**
     * Compaction moved the row {@code (from, fromRow)} to {@code (to, toRow)}, or dropped it when
     * {@code to} is null (a deleted version): the in-memory links of {@code key} follow.
     */
    void relocate(Object key, Segment from, int fromRow, Segment to, int toRow) {
        recent.computeIfPresent(key, (k, head) -> relocated(head, from, fromRow, to, toRow));
    }

    private static RowRef relocated(RowRef ref, Segment from, int fromRow, Segment to, int toRow) {
        if (ref == null) {
            return null;
        }
        RowRef older = relocated(ref.replaced(), from, fromRow, to, toRow);
        if (ref.segment() == from && ref.row() == fromRow) {
            return to == null ? older : new RowRef(to, toRow, older);
        }
        return older == ref.replaced() ? ref : new RowRef(ref.segment(), ref.row(), older);
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
        long oldestSession = sessions.stream().mapToLong(session -> session.commitsAtStart).min().orElse(Long.MAX_VALUE);
        if (oldestSession >= commits) {
            // Every session running began after the previous commit, so its transaction sees those keys.
            retiringKeys.forEach(entry -> recent.remove(entry.getKey(), entry.getValue()));
            retiringMoves.forEach(id -> {
                if (!storedSegments.contains(id)) {
                    moved.remove(id);
                }
            });
        }
        commits++;
        long prunableAt = prunableAt();
        List<Map.Entry<Object, RowRef>> keys = new ArrayList<>();
        recent.forEach((key, ref) -> {
            // Only an entry no reader needs an older version of: the catalog holds just the live one.
            if (storedSegments.contains(ref.segment().id()) && pruned(ref.replaced(), prunableAt) == null) {
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

    /** The stored version of {@code key} as {@code txn} (the session's) sees the catalog; null without a store. */
    private RowRef fromStore(Object key, LmdbTxn txn) {
        StoredKeys keys = stored;
        if (keys == null) {
            return null;
        }
        if (txn == null) {
            throw new IllegalStateException("a stored key looked up outside a session");
        }
        long location = keys.find(txn, key);
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
