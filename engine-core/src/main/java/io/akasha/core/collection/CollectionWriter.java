package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.Names;
import io.akasha.core.segment.Segment;

/**
 * The write path of one collection. Each call validates its whole batch first (outside the
 * lock), then, holding the collection's write lock, applies it under one new sequence number
 * and publishes that number: readers see all of a batch or none of it, and a rejected batch
 * changes nothing. Segments that fill up are sealed and handed to {@code onSealed} for indexing.
 */
final class CollectionWriter {

    private final CollectionState state;
    private final RowPreparer preparer;
    private final Consumer<Segment> onSealed;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong nextAutoId = new AtomicLong(1);
    private long lastSequence;

    CollectionWriter(CollectionState state, Consumer<Segment> onSealed) {
        this.state = state;
        this.preparer = new RowPreparer(state.schema);
        this.onSealed = onSealed;
    }

    RowPreparer preparer() {
        return preparer;
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
        Field key = state.schema.primaryKey();
        List<Segment> sealed = new ArrayList<>();
        List<Object> ids = new ArrayList<>(prepared.size());
        lock.lock();
        try {
            if (!upsert) {
                for (int i = 0; i < prepared.size(); i++) {
                    Object id = prepared.get(i).values()[keyField];
                    if (id != null && state.keys.live(id) != null) {
                        throw AkashaException.alreadyExists("row " + i + ": primary key " + id
                                + " already exists; use upsert to replace it");
                    }
                }
            }
            long seq = lastSequence + 1;
            long replaced = 0;
            for (PreparedRow row : prepared) {
                Partition target = state.partition(row.partition());
                Object[] values = row.values();
                if (values[keyField] == null) {
                    values[keyField] = nextAutoId.getAndIncrement();
                } else if (key.autoId() && values[keyField] instanceof Long id) {
                    // An upserted key may be one the engine never assigned: keep assigned ids ahead of it.
                    nextAutoId.accumulateAndGet(id + 1, Math::max);
                }
                Object id = values[keyField];
                PrimaryKeyIndex.RowRef previous = upsert ? state.keys.live(id) : null;
                if (previous != null) {
                    previous.segment().delete(previous.row(), seq);
                    replaced++;
                }
                Segment segment = target.growing(() -> state.newSegment(target.name()));
                int r = segment.append(values, row.dynamic(), seq);
                state.keys.put(id, segment, r, previous);
                if (segment.isFull()) {
                    sealed.add(target.sealGrowing());
                }
                ids.add(id);
            }
            state.liveRows.addAndGet(prepared.size() - replaced);
            publish(seq);
        } finally {
            lock.unlock();
        }
        sealed.forEach(onSealed);
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
        Set<Object> keys = new HashSet<>();
        for (Object id : ids) {
            keys.add(preparer.normalizeKey(id));
        }
        lock.lock();
        try {
            long seq = lastSequence + 1;
            long deleted = 0;
            for (Object id : keys) {
                PrimaryKeyIndex.RowRef live = state.keys.live(id);
                if (live != null) {
                    live.segment().delete(live.row(), seq);
                    state.keys.remove(id);
                    deleted++;
                }
            }
            state.liveRows.addAndGet(-deleted);
            publish(seq);
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every row {@code filter} selects; returns how many. */
    long deleteWhere(Filter filter) {
        int keyField = preparer.keyField();
        lock.lock();
        try {
            long seq = lastSequence + 1;
            long deleted = 0;
            for (Segment segment : state.segments(List.of())) {
                RoaringBitmap rows = filter.evaluate(segment, segment.visibleRows(lastSequence));
                for (int row : rows) {
                    segment.delete(row, seq);
                    state.keys.remove(segment.column(keyField).get(row));
                }
                deleted += rows.getLongCardinality();
            }
            state.liveRows.addAndGet(-deleted);
            publish(seq);
            return deleted;
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

    void createPartition(String name) {
        Names.check("partition", name);
        if (state.schema.partitionKey().isPresent()) {
            throw AkashaException.invalid("collection '" + state.name
                    + "' has a partition key, which manages its partitions itself");
        }
        lock.lock();
        try {
            Map<String, Partition> partitions = new java.util.LinkedHashMap<>(state.partitions());
            if (partitions.containsKey(name)) {
                throw AkashaException.alreadyExists("collection '" + state.name + "' already has partition '" + name + "'");
            }
            if (partitions.size() >= Limits.MAX_PARTITIONS) {
                throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "collection '" + state.name
                        + "' already has " + Limits.MAX_PARTITIONS + " partitions, the limit");
            }
            partitions.put(name, new Partition(name));
            state.setPartitions(partitions);
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
            Partition partition = state.partition(name);
            int keyField = preparer.keyField();
            long seq = lastSequence + 1;
            long removed = 0;
            for (Segment segment : partition.segments()) {
                for (int row : segment.visibleRows(lastSequence)) {
                    segment.delete(row, seq);
                    state.keys.remove(segment.column(keyField).get(row));
                    removed++;
                }
            }
            Map<String, Partition> partitions = new java.util.LinkedHashMap<>(state.partitions());
            partitions.remove(name);
            state.setPartitions(partitions);
            state.liveRows.addAndGet(-removed);
            publish(seq);
            return List.copyOf(partition.segments());
        } finally {
            lock.unlock();
        }
    }

    private void publish(long seq) {
        lastSequence = seq;
        state.publish(seq);
    }
}
