package io.akasha.core.collection;

import java.io.IOException;
import java.util.ArrayList;
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
    private final Consumer<Segment> onSealed;
    private final BiConsumer<Segment, Integer> onChunkFilled;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong nextAutoId = new AtomicLong(1);
    private long lastSequence;

    CollectionWriter(CollectionState state, Journal journal, Consumer<Segment> onSealed,
                     BiConsumer<Segment, Integer> onChunkFilled) {
        this.state = state;
        this.preparer = new RowPreparer(state.schema);
        this.journal = journal;
        this.onSealed = onSealed;
        this.onChunkFilled = onChunkFilled;
    }

    RowPreparer preparer() {
        return preparer;
    }

    /** Applies the records the journal holds, as on the first run, without logging them again. */
    void replay() throws IOException {
        journal.replay(bytes -> {
            lock.lock();
            try {
                apply(RecordCodec.decode(bytes));
            } finally {
                lock.unlock();
            }
        });
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
        int keyField = preparer.keyField();
        lock.lock();
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
            List<Object> ids = new ArrayList<>(prepared.size());
            for (PreparedRow row : prepared) {
                if (row.values()[keyField] == null) {
                    row.values()[keyField] = nextAutoId.getAndIncrement();
                }
                ids.add(row.values()[keyField]);
            }
            logAndApply(new JournalRecord.Write(upsert, prepared));
            return new WriteResult(prepared.size(), Collections.unmodifiableList(ids));
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            List<Object> live = keys.stream().filter(key -> state.keys.live(key) != null).toList();
            if (!live.isEmpty()) {
                logAndApply(new JournalRecord.Delete(live));
            }
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every row {@code filter} selects; returns how many. */
    long deleteWhere(Filter filter) {
        int keyField = preparer.keyField();
        lock.lock();
        try {
            List<Object> keys = new ArrayList<>();
            for (Segment segment : state.segments(List.of())) {
                RoaringBitmap rows = filter.evaluate(segment, segment.visibleRows(lastSequence));
                for (int row : rows) {
                    keys.add(segment.column(keyField).get(row));
                }
            }
            if (!keys.isEmpty()) {
                logAndApply(new JournalRecord.Delete(keys));
            }
            return keys.size();
        } finally {
            lock.unlock();
        }
    }

    void createPartition(String name) {
        Names.check("partition", name);
        if (state.schema.partitionKey().isPresent()) {
            throw AkashaException.invalid("collection '" + state.name
                    + "' has a partition key, which manages its partitions itself");
        }
        lock.lock();
        try {
            if (state.partitions().containsKey(name)) {
                throw AkashaException.alreadyExists("collection '" + state.name + "' already has partition '" + name + "'");
            }
            if (state.partitions().size() >= Limits.MAX_PARTITIONS) {
                throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "collection '" + state.name
                        + "' already has " + Limits.MAX_PARTITIONS + " partitions, the limit");
            }
            logAndApply(new JournalRecord.CreatePartition(name));
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            List<Segment> segments = List.copyOf(state.partition(name).segments());
            logAndApply(new JournalRecord.DropPartition(name));
            return segments;
        } finally {
            lock.unlock();
        }
    }

    /** Records that {@code field} has a scalar index and builds it in every sealed segment. */
    void createScalarIndex(String fieldName) {
        Field field = state.schema.field(fieldName).orElseThrow(() -> AkashaException.notFound(
                "collection '" + state.name + "' has no field '" + fieldName + "'"));
        if (!(field.type().isNumeric() || field.type() == DataType.BOOL || field.type() == DataType.VARCHAR)) {
            throw AkashaException.invalid("field '" + fieldName + "' is " + field.type()
                    + "; scalar indexes cover BOOL, integer, FLOAT, DOUBLE and VARCHAR fields");
        }
        lock.lock();
        try {
            if (state.scalarIndexedFields.contains(state.schema.fields().indexOf(field))) {
                throw AkashaException.alreadyExists("field '" + fieldName + "' already has a scalar index");
            }
            logAndApply(new JournalRecord.CreateScalarIndex(fieldName));
        } finally {
            lock.unlock();
        }
    }

    /** Seals every growing segment that has rows (for flush); returns them. */
    List<Segment> sealAll() {
        lock.lock();
        try {
            List<Segment> sealed = new ArrayList<>();
            for (Partition partition : state.partitions().values()) {
                Segment segment = partition.sealGrowing();
                if (segment != null) {
                    sealed.add(segment);
                }
            }
            return sealed;
        } finally {
            lock.unlock();
        }
    }

    private void logAndApply(JournalRecord record) {
        try {
            journal.append(RecordCodec.encode(record));
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': the change could not be logged, so it was not applied: " + e.getMessage(), e);
        }
        apply(record);
    }

    /** Applies a logged record under a new sequence number and publishes it (lock held). */
    private void apply(JournalRecord record) {
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
        state.publish(seq);
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
        }
        Map<String, Partition> partitions = new LinkedHashMap<>(state.partitions());
        partitions.remove(name);
        state.setPartitions(partitions);
        state.liveRows.addAndGet(-removed);
    }
}
