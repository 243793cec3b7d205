package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.akasha.core.AkashaException;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.Segment;

/**
 * What the writer and the readers of one collection share: its partitions, primary-key index,
 * the write sequence that defines snapshots, the current schema and the fields with scalar indexes.
 *
 * <p>{@link #visibleSequence()} is the last write whose effects are complete; a reader takes it
 * once at the start of a call and sees exactly the writes up to it (read-your-writes: a write
 * call publishes its sequence number before it returns).
 */
final class CollectionState {

    final String name;
    /**
     * The current schema. Replaced only when a vector field's index spec changes, which changes
     * no field's position or values; segments keep the schema they were made with, so a segment
     * whose index spec differs from this one is rebuilt ({@link Compactor}).
     */
    volatile CollectionSchema schema;
    final int segmentRows;
    final PrimaryKeyIndex keys;
    final LatencyRecorder searchLatency = new LatencyRecorder();
    final LatencyRecorder insertLatency = new LatencyRecorder();
    final LatencyRecorder queryLatency = new LatencyRecorder();
    final LatencyRecorder deleteLatency = new LatencyRecorder();
    final Set<Integer> scalarIndexedFields = ConcurrentHashMap.newKeySet();
    final AtomicLong liveRows = new AtomicLong();
    private final AtomicInteger nextSegmentId = new AtomicInteger();
    private volatile Map<String, Partition> partitions;
    private volatile long visibleSequence;

    CollectionState(String name, CollectionSchema schema, int segmentRows) {
        this.name = name;
        this.schema = schema;
        this.segmentRows = segmentRows;
        this.keys = new PrimaryKeyIndex(schema.fields().indexOf(schema.primaryKey()), this::visibleSequence);
        Map<String, Partition> initial = new LinkedHashMap<>();
        if (schema.partitionKey().isPresent()) {
            for (int i = 0; i < schema.partitionKeyPartitions(); i++) {
                String partition = Partitions.DEFAULT + "_" + i;
                initial.put(partition, new Partition(partition));
            }
        } else {
            initial.put(Partitions.DEFAULT, new Partition(Partitions.DEFAULT));
        }
        this.partitions = Collections.unmodifiableMap(initial);
    }

    /** Whether {@code segment}'s vector indexes follow another index spec than the current schema's. */
    boolean indexOutdated(Segment segment) {
        return schema.vectorFields().stream().anyMatch(field -> indexOutdated(segment, field));
    }

    /** Whether {@code segment} indexes {@code field} under another spec than {@code field}'s. */
    static boolean indexOutdated(Segment segment, Field field) {
        return !segment.schema().vectorField(field.name()).index().equals(field.index());
    }

    long visibleSequence() {
        return visibleSequence;
    }

    /**
     * Makes every write up to {@code seq} visible, unless a later one already is (writers
     * publish after their fsync, which may finish out of order).
     */
    synchronized void publishAtLeast(long seq) {
        if (seq > visibleSequence) {
            visibleSequence = seq;
        }
    }

    int nextSegmentId() {
        return nextSegmentId.get();
    }

    void setNextSegmentId(int next) {
        nextSegmentId.set(next);
    }

    Map<String, Partition> partitions() {
        return partitions;
    }

    /** Replaces the partition map (writer only, under the collection's exclusive lock for drops). */
    void setPartitions(Map<String, Partition> updated) {
        partitions = Collections.unmodifiableMap(new LinkedHashMap<>(updated));
    }

    Partition partition(String partitionName) {
        Partition partition = partitions.get(partitionName);
        if (partition == null) {
            throw AkashaException.notFound("collection '" + name + "' has no partition '" + partitionName + "'");
        }
        return partition;
    }

    Segment newSegment(String partition) {
        return newSegment(partition, segmentRows);
    }

    Segment newSegment(String partition, int capacity) {
        Segment segment = new Segment(nextSegmentId.getAndIncrement(), partition, schema, capacity);
        keys.track(segment);
        return segment;
    }

    /**
     * The segments of the named partitions (all partitions when {@code names} is empty). A
     * partition-key collection's partitions are internal, so naming them is refused.
     */
    List<Segment> segments(List<String> names) {
        List<Segment> segments = new ArrayList<>();
        if (names.isEmpty()) {
            partitions.values().forEach(p -> segments.addAll(p.segments()));
            return segments;
        }
        if (schema.partitionKey().isPresent()) {
            throw AkashaException.invalid("collection '" + name + "' spreads rows by its partition key '"
                    + schema.partitionKey().get().name() + "', so requests cannot name partitions; filter on the key");
        }
        for (String partitionName : new java.util.LinkedHashSet<>(names)) {
            segments.addAll(partition(partitionName).segments());
        }
        return segments;
    }
}
