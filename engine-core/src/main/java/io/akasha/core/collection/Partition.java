package io.akasha.core.collection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.akasha.core.segment.Segment;

/**
 * A named part of a collection: its segments (readers iterate a snapshot of the list) and the
 * growing segment new rows go to (writer only).
 */
final class Partition {

    private final String name;
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private Segment growing;

    Partition(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Every segment, sealed and growing, oldest first. */
    List<Segment> segments() {
        return segments;
    }

    /** The segment to append to (writer only): the growing one, or a new one made by {@code factory}. */
    Segment growing(java.util.function.Supplier<Segment> factory) {
        if (growing == null) {
            growing = factory.get();
            segments.add(growing);
        }
        return growing;
    }

    /** Adds a sealed segment read from a checkpoint (writer only, before replay). */
    void addSealed(Segment segment) {
        segments.add(segment);
    }

    /**
     * Puts {@code merged} where the first of {@code sources} was and removes them (writer only);
     * an empty {@code merged} (every source row was deleted) is left out.
     */
    void replace(List<Segment> sources, Segment merged) {
        if (merged.rowCount() > 0) {
            segments.add(segments.indexOf(sources.getFirst()), merged);
        }
        segments.removeAll(sources);
    }

    /** Seals the growing segment (writer only); returns it, or null when there is none with rows. */
    Segment sealGrowing() {
        Segment sealed = growing;
        if (sealed == null || sealed.rowCount() == 0) {
            return null;
        }
        sealed.seal();
        growing = null;
        return sealed;
    }
}
