package io.akasha.core.collection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.Names;
import io.akasha.core.segment.Segment;

/**
 * The write path of one collection. Each call validates its whole request first (outside the
 * lock); then, holding the collection's write lock, it checks what depends on the current state
 * (key conflicts, partition names), logs one {@link JournalRecord} to the journal, applies it
 * under one new sequence number and publishes that number. Readers see all of a change or none
 * of it; a rejected or unlogged change applies nothing; replay applies the same records the
 * same way. Segments that fill up are sealed and handed to {@code onSealed} for indexing; each
 * filled chunk of a growing segment is handed to {@code onChunkFilled}.
 */
final class CollectionWriter {

    private final CollectionState state;
    private final RowPreparer preparer;
    private final Journal journal;
    private final MemoryBudget budget;
    private final Consumer<Segment> onSealed;
    private final BiConsumer<Segment, Integer> onChunkFilled;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong nextAutoId = new AtomicLong(1);
    private long lastSequence;

    CollectionWriter(CollectionState state, Journal journal, MemoryBudget budget, Consumer<Segment> onSealed,
                     BiConsumer<Segment, Integer> onChunkFilled) {
        this.state = state;
        this.preparer = new RowPreparer(state.schema);
        this.journal = journal;
        this.budget = budget;
        this.onSealed = onSealed;
        this.onChunkFilled = onChunkFilled;
    }

    RowPreparer preparer() {
        return preparer;
    }

    /**
     * Applies the records the journal holds from {@code fromGeneration} on, as on the first run,
     * without logging them again.
     */
    void replay(long fromGeneration) throws IOException {
        journal.replay(fromGeneration, bytes -> {
            lockForKeys();
            try {
                state.publishAtLeast(apply(RecordCodec.decode(bytes)));
            } finally {
                unlockForKeys();
            }
        });
    }

    /**
     * Installs the sealed segments of a checkpoint (before replay): partitions, segments (whose
     * primary keys the catalog holds), counters. Their rows count as inserted, and their deleted
     * rows as deleted, at sequence 1.
     */
    void load(Manifest manifest, List<Segment> segments) {
        lock.lock();
        try {
            Map<String, Partition> partitions = new LinkedHashMap<>();
            manifest.partitions().forEach(name -> partitions.put(name, new Partition(name)));
            for (Segment segment : segments) {
                partitions.get(segment.partition()).addSealed(segment);
                state.keys.track(segment);
                state.liveRows.addAndGet(segment.visibleRows(1).getLongCardinality());
            }
            state.setPartitions(partitions);
            for (String field : manifest.scalarIndexes()) {
                state.scalarIndexedFields.add(state.schema.fields().indexOf(state.schema.field(field).orElseThrow()));
            }
            nextAutoId.set(manifest.nextAutoId());
            state.setNextSegmentId(manifest.nextSegmentId());
            lastSequence = 1;
            state.publishAtLeast(1);
        } finally {
            lock.unlock();
        }
    }

    /** What a checkpoint saves, taken at one instant under the write lock. */
    record Capture(long walGeneration, long nextAutoId, int nextSegmentId, List<String> partitions,
                   List<String> scalarIndexes, List<Segment> segments, Map<Integer, RoaringBitmap> deletedRows,
                   List<Segment> newlySealed) {
    }

    /**
     * Seals every growing segment with rows and starts a new log generation, under the write
     * lock: every change logged before that generation is in the returned segments, their
     * deleted rows, the partitions and the counters.
     */
    Capture capture() throws IOException {
        lock.lock();
        try {
            List<Segment> newlySealed = sealGrowing();
            long generation = journal.rotate();
            List<Segment> segments = new ArrayList<>();
            Map<Integer, RoaringBitmap> deleted = new LinkedHashMap<>();
            for (Segment segment : state.segments(List.of())) {
                if (segment.isSealed()) {
                    segments.add(segment);
                    deleted.put(segment.id(), segment.deletedRows(lastSequence));
                }
            }
            List<String> scalar = state.scalarIndexedFields.stream().sorted()
                    .map(f -> state.schema.fields().get(f).name()).toList();
            return new Capture(generation, nextAutoId.get(), state.nextSegmentId(),
                    List.copyOf(state.partitions().keySet()), scalar, segments, deleted, newlySealed);
        } finally {
            lock.unlock();
        }
    }

    WriteResult write(String partition, List<Map<String, Object>> rows, boolean upsert) {
        if (partition != null) {
            if (state.schema.partitionKey().isPresent()) {
                throw AkashaException.invalid("collection '" + state.name + "' routes rows by its partition key '"
                        + state.schema.partitionKey().get().name() + "'; do not name a partition");
            }
            state.partition(partition);
        }
        List<PreparedRow> prepared = preparer.prepare(rows, upsert, partition);
        budget.check(state.name, prepared);
        int keyField = preparer.keyField();
        Pending pending;
        List<Object> ids = new ArrayList<>(prepared.size());
        lockForKeys();
        try {
            for (int i = 0; i < prepared.size(); i++) {
                PreparedRow row = prepared.get(i);
                state.partition(row.partition());
                Object id = row.values()[keyField];
                if (!upsert && id != null && state.keys.live(id) != null) {
                    throw AkashaException.alreadyExists("row " + i + ": primary key " + id
                            + " already exists; use upsert to replace it");
                }
            }
            for (PreparedRow row : prepared) {
                if (row.values()[keyField] == null) {
                    row.values()[keyField] = nextAutoId.getAndIncrement();
                }
                ids.add(row.values()[keyField]);
            }
            pending = logAndApply(new JournalRecord.Write(upsert, prepared));
        } finally {
            unlockForKeys();
        }
        commit(pending);
        return new WriteResult(prepared.size(), Collections.unmodifiableList(ids));
    }

    /** Deletes the rows with these primary keys; returns how many existed. */
    long delete(List<?> ids) {
        if (ids == null || ids.isEmpty()) {
            throw AkashaException.invalid("no primary keys given to delete");
        }
        if (ids.size() > Limits.MAX_BATCH_ROWS) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "the batch has " + ids.size()
                    + " keys; the limit is " + Limits.MAX_BATCH_ROWS + " per call");
        }
        Set<Object> keys = new LinkedHashSet<>();
        for (Object id : ids) {
            keys.add(preparer.normalizeKey(id));
        }
        List<Object> live;
        Pending pending = null;
        lockForKeys();
        try {
            live = keys.stream().filter(key -> state.keys.live(key) != null).toList();
            if (!live.isEmpty()) {
                pending = logAndApply(new JournalRecord.Delete(live));
            }
        } finally {
            unlockForKeys();
        }
        commit(pending);
        return live.size();
    }

    /** Deletes every row {@code filter} selects; returns how many. */
    long deleteWhere(Filter filter) {
        int keyField = preparer.keyField();
        List<Object> keys = new ArrayList<>();
        Pending pending = null;
        lockForKeys();
        try {
            for (Segment segment : state.segments(List.of())) {
                RoaringBitmap rows = filter.evaluate(segment, segment.visibleRows(lastSequence));
                for (int row : rows) {
                    keys.add(segment.column(keyField).get(row));
                }
            }
            if (!keys.isEmpty()) {
                pending = logAndApply(new JournalRecord.Delete(keys));
            }
        } finally {
            unlockForKeys();
        }
        commit(pending);
        return keys.size();
    }

    void createPartition(String name) {
        Names.check("partition", name);
        if (state.schema.partitionKey().isPresent()) {
            throw AkashaException.invalid("collection '" + state.name
                    + "' has a partition key, which manages its partitions itself");
        }
        Pending pending;
        lock.lock();
        try {
            if (state.partitions().containsKey(name)) {
                throw AkashaException.alreadyExists("collection '" + state.name + "' already has partition '" + name + "'");
            }
            if (state.partitions().size() >= Limits.MAX_PARTITIONS) {
                throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "collection '" + state.name
                        + "' already has " + Limits.MAX_PARTITIONS + " partitions, the limit");
            }
            pending = logAndApply(new JournalRecord.CreatePartition(name));
        } finally {
            lock.unlock();
        }
        commit(pending);
    }

    /**
     * Removes a partition and its rows from the collection and returns its segments, which the
     * caller closes once no reader can be using them.
     */
    List<Segment> dropPartition(String name) {
        if (Partitions.DEFAULT.equals(name) || state.schema.partitionKey().isPresent()) {
            throw AkashaException.invalid("partition '" + name + "' cannot be dropped"
                    + (Partitions.DEFAULT.equals(name) ? ": every collection keeps its default partition"
                    : ": the partition key manages the partitions"));
        }
        List<Segment> segments;
        Pending pending;
        lock.lock();
        try {
            segments = List.copyOf(state.partition(name).segments());
            pending = logAndApply(new JournalRecord.DropPartition(name));
        } finally {
            lock.unlock();
        }
        commit(pending);
        return segments;
    }

    /** Records that {@code field} has a scalar index and builds it in every sealed segment. */
    void createScalarIndex(String fieldName) {
        Field field = state.schema.field(fieldName).orElseThrow(() -> AkashaException.notFound(
                "collection '" + state.name + "' has no field '" + fieldName + "'"));
        if (!(field.type().isNumeric() || field.type() == DataType.BOOL || field.type() == DataType.VARCHAR)) {
            throw AkashaException.invalid("field '" + fieldName + "' is " + field.type()
                    + "; scalar indexes cover BOOL, integer, FLOAT, DOUBLE and VARCHAR fields");
        }
        Pending pending;
        lock.lock();
        try {
            if (state.scalarIndexedFields.contains(state.schema.fields().indexOf(field))) {
                throw AkashaException.alreadyExists("field '" + fieldName + "' already has a scalar index");
            }
            pending = logAndApply(new JournalRecord.CreateScalarIndex(fieldName));
        } finally {
            lock.unlock();
        }
        commit(pending);
    }

    /** The writer's sequence: every applied change, published or not (for compaction's copy). */
    long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps a compacted segment in for its sources (caller holds the collection exclusively, so
     * no read is running): rows deleted since the copy are deleted in it with the same sequence,
     * primary keys point at its rows, and the sources leave their partition (the caller closes them).
     */
    void replace(Compactor.Merged merged) {
        int keyField = preparer.keyField();
        lock.lock();
        try {
            Segment target = merged.segment();
            int[][] rowMaps = new int[merged.sources().size()][];
            for (int s = 0; s < rowMaps.length; s++) {
                rowMaps[s] = new int[merged.sources().get(s).rowCount()];
                Arrays.fill(rowMaps[s], -1);
            }
            for (int r = 0; r < target.rowCount(); r++) {
                Segment source = merged.sources().get(merged.sourceOf()[r]);
                int row = merged.rowOf()[r];
                rowMaps[merged.sourceOf()[r]][row] = r;
                long deleted = source.deletedAt(row);
                if (deleted != 0) {
                    target.delete(r, deleted);
                }
                state.keys.relocate(source.column(keyField).get(row), source, row, target, r);
            }
            // Versions left out of the copy (deleted by its snapshot) may still be linked as replaced ones.
            for (Segment source : merged.sources()) {
                for (int row = 0; row < source.rowCount(); row++) {
                    long deleted = source.deletedAt(row);
                    if (deleted != 0 && deleted <= merged.copiedAt()) {
                        state.keys.relocate(source.column(keyField).get(row), source, row, null, -1);
                    }
                }
            }
            for (int s = 0; s < rowMaps.length; s++) {
                state.keys.moved(merged.sources().get(s), target, rowMaps[s]);
            }
            state.partition(target.partition()).replace(merged.sources(), target);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps {@code mapped} (the same rows, read from the files a checkpoint saved) in for the
     * in-memory {@code segment} (caller holds the collection exclusively): deletes are copied with
     * their sequence numbers and primary keys follow; the caller closes {@code segment}.
     */
    void swapForSaved(Segment segment, Segment mapped) {
        int keyField = preparer.keyField();
        lock.lock();
        try {
            for (int row = 0; row < segment.rowCount(); row++) {
                long deleted = segment.deletedAt(row);
                if (deleted != 0) {
                    mapped.delete(row, deleted);
                }
                state.keys.relocate(segment.column(keyField).get(row), segment, row, mapped, row);
            }
            state.keys.track(mapped);
            state.partition(segment.partition()).replace(List.of(segment), mapped);
        } finally {
            lock.unlock();
        }
    }

    /** Seals every growing segment that has rows (for flush); returns them. */
    List<Segment> sealAll() {
        lock.lock();
        try {
            return sealGrowing();
        } finally {
            lock.unlock();
        }
    }

    private List<Segment> sealGrowing() {
        List<Segment> sealed = new ArrayList<>();
        for (Partition partition : state.partitions().values()) {
            Segment segment = partition.sealGrowing();
            if (segment != null) {
                sealed.add(segment);
            }
        }
        return sealed;
    }

    /** Takes the writer's lock for a call that looks keys up: its lookups share one catalog transaction. */
    private void lockForKeys() {
        lock.lock();
        try {
            state.keys.beginWriterBatch();
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    private void unlockForKeys() {
        try {
            state.keys.endWriterBatch();
        } finally {
            lock.unlock();
        }
    }

    /** A change applied under the lock but not yet acknowledged: its log ticket and sequence number. */
    private record Pending(long ticket, long seq) {
    }

    private Pending logAndApply(JournalRecord record) {
        long ticket;
        try {
            ticket = journal.append(RecordCodec.encode(record));
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': the change could not be logged, so it was not applied: " + e.getMessage(), e);
        }
        return new Pending(ticket, apply(record));
    }

    /**
     * Waits (outside the lock, so that concurrent writers share one fsync) until the change is
     * durable, then makes it visible: readers never see a change that a crash could take back.
     */
    private void commit(Pending pending) {
        if (pending == null) {
            return;
        }
        try {
            journal.awaitDurable(pending.ticket());
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': the change was logged but could not be forced to the device, so it is not acknowledged "
                    + "and the collection accepts no more writes until it is reopened: " + e.getMessage(), e);
        }
        state.publishAtLeast(pending.seq());
    }

    /** Applies a logged record under a new sequence number (lock held); returns the number. */
    private long apply(JournalRecord record) {
        long seq = lastSequence + 1;
        switch (record) {
            case JournalRecord.Write write -> applyWrite(write, seq);
            case JournalRecord.Delete delete -> {
                for (Object key : delete.keys()) {
                    PrimaryKeyIndex.RowRef live = state.keys.live(key);
                    if (live != null) {
                        live.segment().delete(live.row(), seq);
                        state.keys.remove(key);
                        state.liveRows.decrementAndGet();
                    }
                }
            }
            case JournalRecord.CreatePartition create -> {
                Map<String, Partition> partitions = new LinkedHashMap<>(state.partitions());
                partitions.put(create.name(), new Partition(create.name()));
                state.setPartitions(partitions);
            }
            case JournalRecord.DropPartition drop -> applyDropPartition(drop.name(), seq);
            case JournalRecord.CreateScalarIndex index -> {
                int field = state.schema.fields().indexOf(state.schema.field(index.field()).orElseThrow());
                state.scalarIndexedFields.add(field);
                for (Segment segment : state.segments(List.of())) {
                    if (segment.isSealed()) {
                        segment.buildScalarIndex(field);
                    }
                }
            }
        }
        lastSequence = seq;
        return seq;
    }

    private void applyWrite(JournalRecord.Write write, long seq) {
        int keyField = preparer.keyField();
        boolean autoId = state.schema.primaryKey().autoId();
        long replaced = 0;
        for (PreparedRow row : write.rows()) {
            Partition target = state.partition(row.partition());
            Object id = row.values()[keyField];
            if (autoId) {
                // Keep assigned ids ahead of every key seen, upserted or replayed.
                nextAutoId.accumulateAndGet((Long) id + 1, Math::max);
            }
            PrimaryKeyIndex.RowRef previous = write.upsert() ? state.keys.live(id) : null;
            if (previous != null) {
                previous.segment().delete(previous.row(), seq);
                replaced++;
            }
            Segment segment = target.growing(() -> state.newSegment(target.name()));
            int r = segment.append(row.values(), row.dynamic(), seq);
            state.keys.put(id, segment, r, previous);
            if (segment.isFull()) {
                onSealed.accept(target.sealGrowing());
            } else if ((r + 1) % Segment.CHUNK_ROWS == 0) {
                onChunkFilled.accept(segment, r / Segment.CHUNK_ROWS);
            }
        }
        state.liveRows.addAndGet(write.rows().size() - replaced);
    }

    private void applyDropPartition(String name, long seq) {
        Partition partition = state.partition(name);
        int keyField = preparer.keyField();
        long removed = 0;
        for (Segment segment : partition.segments()) {
            for (int row : segment.visibleRows(lastSequence)) {
                segment.delete(row, seq);
                state.keys.remove(segment.column(keyField).get(row));
                removed++;
            }
            state.keys.untrack(segment);
        }
        Map<String, Partition> partitions = new LinkedHashMap<>(state.partitions());
        partitions.remove(name);
        state.setPartitions(partitions);
        state.liveRows.addAndGet(-removed);
    }
}
